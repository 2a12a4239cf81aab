import { setTimeout as sleep } from "node:timers/promises";
import { END, interrupt, MemorySaver, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildFanOutGraph, buildLinearGraph } from "../../src/graphs/parallelization.js";
import { nodesBySuperstep, traceRun } from "../../src/observe/run-trace.js";
import { listField } from "../../src/reducers/fields.js";

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe("traceRun", () => {
  it("holds the next superstep until onSuperstep returns: a real pause, not a delayed print", async () => {
    const events: string[] = [];
    const State = new StateSchema({ log: listField(z.string()) });
    const node = (name: string) => () => (events.push(`run ${name}`), { log: [name] });
    const graph = new StateGraph(State)
      .addNode("a", node("a"))
      .addNode("b", node("b"))
      .addNode("c", node("c"))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .addEdge("b", "c")
      .addEdge("c", END)
      .compile();
    let pausedMs = 0;
    const trace = await traceRun(graph, {}, {
      onSuperstep: async (s) => {
        events.push(`pause after ${s.tasks.map((t) => t.node).join(",")}`);
        const start = performance.now();
        await sleep(150);
        pausedMs += performance.now() - start;
        events.push("resume");
      },
    });
    expect(events).toEqual(["run a", "pause after a", "resume", "run b", "pause after b", "resume", "run c", "pause after c", "resume"]);
    // Time spent paused is not counted as run time (three trivial nodes take far less than 450 ms).
    expect(trace.wallMs).toBeLessThan(pausedMs);
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
    const State = new StateSchema({ log: listField(z.string()) });
    const sequential = new StateGraph(State)
      .addNode("x", () => (busy(25), { log: ["x"] }))
      .addNode("y", () => (busy(25), { log: ["y"] }))
      .addEdge(START, "x")
      .addEdge("x", "y")
      .addEdge("y", END)
      .compile();
    const seq = await traceRun(sequential, {});
    const [x, y] = seq.supersteps.map((s) => s.tasks[0]!);
    expect(y!.startedAt).toBeGreaterThanOrEqual(x!.endedAt!);
    expect(seq.sequentialMs).toBeLessThanOrEqual(seq.wallMs);

    const parallel = await traceRun(buildFanOutGraph({ workMs: 40 }), { state: [] });
    const [b, c] = parallel.supersteps[1]!.tasks;
    expect(c!.startedAt).toBeLessThan(b!.endedAt!);
    expect(b!.startedAt).toBeLessThan(c!.endedAt!);
    expect(parallel.sequentialMs).toBeGreaterThan(parallel.wallMs);
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
