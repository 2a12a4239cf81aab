import { setTimeout as sleep } from "node:timers/promises";
import { END, interrupt, MemorySaver, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildFanOutGraph, buildLinearGraph } from "../../src/graphs/parallelization.js";
import { nodesBySuperstep, traceRun } from "../../src/observe/run-trace.js";
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
    expect(trace.finalState ?? {}).not.toHaveProperty("__interrupt__");
    expect(nodesBySuperstep(trace)).toEqual([["ask"]]);
  });
});
