import { setTimeout as sleep } from "node:timers/promises";
import { END, interrupt, MemorySaver, Overwrite, Send, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildFanOutGraph, buildLinearGraph, buildOrderedFanInGraph, buildWaitingEdgeGraph } from "../../src/graphs/parallelization.js";
import { nodesBySuperstep, traceRun, type SubgraphTaskRecord } from "../../src/observe/run-trace.js";
import { listField } from "../../src/reducers/fields.js";
import { freezePerformanceClock, sideBySide } from "../support/controlled-clock.js";

// Durations are measured on a frozen performance clock that only the test advances, so they are
// exact however busy the machine is.

describe("traceRun", () => {
  it("holds the next superstep until onSuperstep returns: a real pause, not a delayed print", async () => {
    const clock = freezePerformanceClock();
    const events: string[] = [];
    const State = new StateSchema({ log: listField(z.string()) });
    const node = (name: string) => () => (events.push(`run ${name}`), clock.advance(1), { log: [name] });
    const graph = new StateGraph(State)
      .addNode("a", node("a"))
      .addNode("b", node("b"))
      .addNode("c", node("c"))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .addEdge("b", "c")
      .addEdge("c", END)
      .compile();
    const trace = await traceRun(graph, {}, {
      onSuperstep: async (s) => {
        events.push(`pause after ${s.tasks.map((t) => t.node).join(",")}`);
        await sleep(20); // a real wait: the next node must not run meanwhile
        clock.advance(150); // and 150 ms of clock time spent at the prompt
        events.push("resume");
      },
    });
    expect(events).toEqual(["run a", "pause after a", "resume", "run b", "pause after b", "resume", "run c", "pause after c", "resume"]);
    // The 450 ms spent paused are not run time: the run is its three 1 ms nodes.
    expect(trace.wallMs).toBe(3);
    expect(trace.sequentialMs).toBe(3);
  });

  it("stops the run and rethrows when onSuperstep throws (e.g. Ctrl-C at the prompt), calling it once per step", async () => {
    const seen: number[] = [];
    const ran: string[] = [];
    const graph = buildLinearGraph();
    const stop = new Error("Aborted with Ctrl+C");
    const result = traceRun(graph, { state: [] }, {
      onSuperstep: (s) => {
        seen.push(s.step);
        ran.push(...s.tasks.map((t) => t.node));
        if (s.step === 2) throw stop;
      },
    });
    await expect(result).rejects.toBe(stop);
    expect(seen).toEqual([1, 2]);
    expect(ran).toEqual(["a", "b"]);
  });

  it("times each task from its real start: nodes in sequence never overlap, parallel ones do", async () => {
    const clock = freezePerformanceClock();
    const State = new StateSchema({ log: listField(z.string()) });
    const sequential = new StateGraph(State)
      .addNode("x", () => (clock.advance(25), { log: ["x"] }))
      .addNode("y", () => (clock.advance(25), { log: ["y"] }))
      .addEdge(START, "x")
      .addEdge("x", "y")
      .addEdge("y", END)
      .compile();
    const seq = await traceRun(sequential, {});
    const [x, y] = seq.supersteps.map((s) => s.tasks[0]!);
    expect(y!.startedAt - x!.startedAt).toBe(25);
    expect(y!.startedAt).toBe(x!.endedAt);
    expect([seq.sequentialMs, seq.wallMs]).toEqual([50, 50]);

    // b and c meet at a barrier (neither ends before both started), then take 40 ms side by side.
    const parallel = await traceRun(buildFanOutGraph({ work: sideBySide(["I'm B", "I'm C"], 40, clock) }), { state: [] });
    const [b, c] = parallel.supersteps[1]!.tasks;
    expect([b!.startedAt, b!.endedAt! - b!.startedAt]).toEqual([c!.startedAt, 40]);
    expect(c!.endedAt! - c!.startedAt).toBe(40);
    expect([parallel.sequentialMs, parallel.wallMs]).toEqual([80, 40]);
  });

  it("reports interrupts separately from the state", async () => {
    const State = new StateSchema({ answer: z.string().default("") });
    const graph = new StateGraph(State)
      .addNode("ask", () => ({ answer: interrupt("Approve?") as string }))
      .addEdge(START, "ask")
      .addEdge("ask", END)
      .compile({ checkpointer: new MemorySaver() });
    const trace = await traceRun(graph, {}, { config: { configurable: { thread_id: "t" } } });
    expect(trace.error).toBeUndefined();
    expect(trace.interrupts).toHaveLength(1);
    expect(trace.interrupts[0]).toMatchObject({ value: "Approve?" });
    expect(trace.paused).toBe(true);
    expect(trace.supersteps[0]!.state).toBeUndefined();
    expect(trace.finalState ?? {}).not.toHaveProperty("__interrupt__");
    expect(nodesBySuperstep(trace)).toEqual([["ask"]]);
  });

  it("records what each task read and the state the reducers made of each superstep's writes", async () => {
    const trace = await traceRun(buildWaitingEdgeGraph(), { state: [] });
    const steps = trace.supersteps.map((s) => ({
      tasks: s.tasks.map((t) => ({ node: t.node, read: t.input, wrote: t.writes, viaSend: t.viaSend })),
      merged: s.state,
    }));
    const A = "I'm A", B = "I'm B", C = "I'm C", B2 = "I'm B2", D = "I'm D";
    expect(steps).toEqual([
      { tasks: [{ node: "a", read: { state: [] }, wrote: { state: [A] }, viaSend: false }], merged: { state: [A] } },
      {
        tasks: [
          { node: "b", read: { state: [A] }, wrote: { state: [B] }, viaSend: false },
          { node: "c", read: { state: [A] }, wrote: { state: [C] }, viaSend: false },
        ],
        merged: { state: [A, B, C] },
      },
      // b2 runs a superstep after c: it saw c's write.
      { tasks: [{ node: "b2", read: { state: [A, B, C] }, wrote: { state: [B2] }, viaSend: false }], merged: { state: [A, B, C, B2] } },
      { tasks: [{ node: "d", read: { state: [A, B, C, B2] }, wrote: { state: [D] }, viaSend: false }], merged: { state: [A, B, C, B2, D] } },
    ]);
  });

  it("keeps an Overwrite as written (LangGraph streams its wire form), and the merged state shows what it did", async () => {
    const trace = await traceRun(buildOrderedFanInGraph(), { state: [] });
    const sink = trace.supersteps[3]!;
    expect(sink.tasks[0]!.writes!.bPath).toEqual({ __overwrite__: [] });
    expect(Overwrite.isInstance(sink.tasks[0]!.writes!.bPath)).toBe(true);
    expect(sink.state).toEqual({ state: ["I'm A", "I'm B", "I'm B2", "I'm C"], bPath: [], cPath: [] });
  });

  it("leaves the merged state out of a superstep whose writes were refused", async () => {
    const trace = await traceRun(buildFanOutGraph({ reducer: false }), { state: [] });
    expect(trace.error).toBeDefined();
    expect(trace.supersteps.map((s) => s.state)).toEqual([{ state: ["I'm A"] }, undefined]);
    expect(trace.supersteps[1]!.tasks.map((t) => t.writes)).toEqual([{ state: ["I'm B"] }, { state: ["I'm C"] }]);
  });

  it("marks tasks started by Send, with the Send's argument as what they read", async () => {
    const State = new StateSchema({ items: z.array(z.string()), out: listField(z.string()) });
    const graph = new StateGraph(State)
      .addNode("fan", () => ({}))
      .addNode("work", (s: { item: string }) => ({ out: [s.item.toUpperCase()] }))
      .addEdge(START, "fan")
      .addConditionalEdges("fan", (s) => s.items.map((item) => new Send("work", { item })), ["work"])
      .addEdge("work", END)
      .compile();
    const trace = await traceRun(graph, { items: ["x", "y", "z"] });
    const sent = trace.supersteps[1]!.tasks.map((t) => [t.node, t.viaSend, t.input, t.writes]);
    expect(sent).toEqual([
      ["work", true, { item: "x" }, { out: ["X"] }],
      ["work", true, { item: "y" }, { out: ["Y"] }],
      ["work", true, { item: "z" }, { out: ["Z"] }],
    ]);
    expect(trace.supersteps[1]!.state).toEqual({ items: ["x", "y", "z"], out: ["X", "Y", "Z"] });
  });

  it("reports each sub-graph task as it finishes, with its namespace and the root task it runs in", async () => {
    const Inner = new StateSchema({ item: z.string(), log: listField(z.string()) });
    const inner = new StateGraph(Inner)
      .addNode("first", (s) => ({ log: [`${s.item}:1`] }))
      .addNode("second", (s) => ({ log: [`${s.item}:2`] }))
      .addEdge(START, "first")
      .addEdge("first", "second")
      .addEdge("second", END)
      .compile();
    const Outer = new StateSchema({ items: z.array(z.string()), log: listField(z.string()) });
    const graph = new StateGraph(Outer)
      .addNode("worker", inner)
      .addConditionalEdges(START, (s) => s.items.map((item) => new Send("worker", { item })), ["worker"])
      .addEdge("worker", END)
      .compile();
    const seen: SubgraphTaskRecord[] = [];
    const trace = await traceRun(graph, { items: ["p", "q"] }, { onSubgraphTaskResult: (t) => seen.push(t) });
    const workers = trace.supersteps[0]!.tasks;
    expect(workers.map((t) => t.input)).toEqual([{ item: "p" }, { item: "q" }]);
    // Each inner task names its sub-graph run: "worker:<root task id>", and carries that root task.
    for (const task of seen) {
      expect(task.namespace).toEqual([`worker:${task.parent!.id}`]);
      expect(workers).toContain(task.parent);
    }
    const byItem = (item: string) =>
      seen.filter((t) => (t.parent!.input as { item: string }).item === item).map((t) => [t.node, t.input && (t.input as { log: string[] }).log, t.writes]);
    expect(byItem("p")).toEqual([
      ["first", [], { log: ["p:1"] }],
      ["second", ["p:1"], { log: ["p:2"] }],
    ]);
    expect(byItem("q")).toEqual([
      ["first", [], { log: ["q:1"] }],
      ["second", ["q:1"], { log: ["q:2"] }],
    ]);
    expect(trace.finalState).toEqual({ items: ["p", "q"], log: ["p:1", "p:2", "q:1", "q:2"] });
  });

  it("a static breakpoint (interruptBefore) pauses the run with no interrupt values", async () => {
    const State = new StateSchema({ n: z.number().default(0) });
    const graph = new StateGraph(State)
      .addNode("count", (s) => ({ n: s.n + 1 }))
      .addNode("review", () => ({}))
      .addEdge(START, "count")
      .addEdge("count", "review")
      .addEdge("review", END)
      .compile({ checkpointer: new MemorySaver(), interruptBefore: ["review"] });
    const config = { configurable: { thread_id: "b" } };
    const trace = await traceRun(graph, {}, { config });
    expect([trace.paused, trace.interrupts, trace.error]).toEqual([true, [], undefined]);
    expect(nodesBySuperstep(trace)).toEqual([["count"]]);
    expect(trace.finalState).toEqual({ n: 1 });
    expect((await graph.getState(config)).next).toEqual(["review"]);
    const done = await traceRun(graph, null, { config });
    expect([done.paused, nodesBySuperstep(done)]).toEqual([false, [["review"]]]);
  });
});
