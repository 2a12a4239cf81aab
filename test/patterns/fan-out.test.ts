import { Command, END, InvalidUpdateError, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BranchError, fanOut } from "../../src/patterns/fan-out.js";
import { listField } from "../../src/reducers/fields.js";
import { nodesBySuperstep, traceRun } from "../../src/observe/run-trace.js";
import { barrier, latch } from "../support/barrier.js";

const State = new StateSchema({ state: listField(z.string()), winner: z.string().optional() });
type S = typeof State.State;

function graphWith(fan: ReturnType<typeof fanOut<S, typeof State.Update>>) {
  return new StateGraph(State)
    .addNode("a", () => ({ state: ["I'm A"] }))
    .addNode("fan", fan)
    .addNode("d", () => ({ state: ["I'm D"] }))
    .addEdge(START, "a")
    .addEdge("a", "fan")
    .addEdge("fan", "d")
    .addEdge("d", END)
    .compile();
}

describe("fanOut", () => {
  it("writes every branch's update through the reducer, in branch order, not finish order", async () => {
    const cDone = latch(); // b cannot finish before c
    const finished: string[] = [];
    const graph = graphWith(
      fanOut<S, typeof State.Update>({
        b: async () => (await cDone.wait(), finished.push("b"), { state: ["I'm B"] }),
        c: async () => (finished.push("c"), cDone.open(), { state: ["I'm C"] }),
      }),
    );
    const trace = await traceRun(graph, { state: [] });
    expect(nodesBySuperstep(trace)).toEqual([["a"], ["fan"], ["d"]]);
    expect(trace.finalState).toEqual({ state: ["I'm A", "I'm B", "I'm C", "I'm D"] });
    expect(finished).toEqual(["c", "b"]);
  });

  it("runs branches concurrently: 20 branches all in flight at once", async () => {
    // No branch can finish before all 20 have started: run one at a time, this would never end.
    const all = barrier(20);
    let running = 0;
    let peak = 0;
    const branches = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [
        `b${i}`,
        async () => {
          peak = Math.max(peak, ++running);
          await all.arrive();
          running--;
          return { state: [`b${i}`] };
        },
      ]),
    );
    const result = await graphWith(fanOut<S, typeof State.Update>(branches)).invoke({ state: [] });
    expect(peak).toBe(20);
    expect(result.state).toEqual(["I'm A", ...Array.from({ length: 20 }, (_, i) => `b${i}`), "I'm D"]);
  });

  it("honours a concurrency limit", async () => {
    // The first two branches meet at a barrier, so two do run at once; a third start before one
    // of them ends would show in the peak.
    const firstTwo = barrier(2);
    let running = 0;
    let peak = 0;
    const branch = async () => {
      peak = Math.max(peak, ++running);
      await firstTwo.arrive();
      running--;
      return { state: ["x"] };
    };
    await graphWith(fanOut<S, typeof State.Update>({ a: branch, b: branch, c: branch, d: branch }, { concurrency: 2 })).invoke({
      state: [],
    });
    expect(peak).toBe(2);
  });

  it("no branches is a no-op, and a branch may return its own Command", async () => {
    expect(await graphWith(fanOut<S, typeof State.Update>({})).invoke({ state: [] })).toEqual({ state: ["I'm A", "I'm D"] });
    const withCommand = graphWith(
      fanOut<S, typeof State.Update | Command>({ b: () => new Command({ update: { state: ["I'm B"] } }), c: () => ({ state: ["I'm C"] }) }),
    );
    expect((await withCommand.invoke({ state: [] })).state).toEqual(["I'm A", "I'm B", "I'm C", "I'm D"]);
  });

  it("two branches writing a key without a reducer fail exactly as parallel nodes do", async () => {
    const graph = graphWith(fanOut<S, typeof State.Update>({ b: () => ({ winner: "b" }), c: () => ({ winner: "c" }) }));
    await expect(graph.invoke({ state: [] })).rejects.toBeInstanceOf(InvalidUpdateError);
  });

  it("a failing branch stops the node with an error naming it; its siblings are aborted", async () => {
    const slowStarted = latch();
    const events: string[] = [];
    const graph = graphWith(
      fanOut<S, typeof State.Update>({
        // Works until it is aborted, and only an abort ends it.
        slow: async (_s, config) => {
          const signal = config.signal!;
          events.push("slow started");
          slowStarted.open();
          await new Promise((_, reject) =>
            signal.addEventListener("abort", () => (events.push("slow aborted"), reject(signal.reason)), { once: true }),
          );
          events.push("slow finished"); // never reached
          return { state: ["slow"] };
        },
        broken: async () => {
          await slowStarted.wait();
          events.push("broken fails");
          throw new Error("search backend returned 500");
        },
      }),
    );
    const error = await graph.invoke({ state: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BranchError);
    expect((error as BranchError).branch).toBe("broken");
    expect((error as BranchError).message).toBe('Branch "broken" failed: search backend returned 500');
    expect(events).toEqual(["slow started", "broken fails", "slow aborted"]);
  });
});
