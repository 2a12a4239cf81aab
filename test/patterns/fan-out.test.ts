import { setTimeout as sleep } from "node:timers/promises";
import { Command, END, InvalidUpdateError, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BranchError, fanOut } from "../../src/patterns/fan-out.js";
import { listField } from "../../src/reducers/fields.js";
import { nodesBySuperstep, traceRun } from "../../src/observe/run-trace.js";

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
    const graph = graphWith(
      fanOut<S, typeof State.Update>({
        b: async () => (await sleep(30), { state: ["I'm B"] }),
        c: async () => ({ state: ["I'm C"] }),
      }),
    );
    const trace = await traceRun(graph, { state: [] });
    expect(nodesBySuperstep(trace)).toEqual([["a"], ["fan"], ["d"]]);
    expect(trace.finalState).toEqual({ state: ["I'm A", "I'm B", "I'm C", "I'm D"] });
  });

  it("runs branches concurrently: 20 branches of 40 ms all overlap", async () => {
    let running = 0;
    let peak = 0;
    const branches = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [
        `b${i}`,
        async () => {
          peak = Math.max(peak, ++running);
          await sleep(40);
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
    let running = 0;
    let peak = 0;
    const branch = async () => {
      peak = Math.max(peak, ++running);
      await sleep(5);
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
    let siblingTicks = 0;
    const graph = graphWith(
      fanOut<S, typeof State.Update>({
        slow: async (_s, config) => {
          for (let i = 0; i < 50; i++) {
            await sleep(10, undefined, { signal: config.signal });
            siblingTicks++;
          }
          return { state: ["slow"] };
        },
        broken: async () => {
          await sleep(25);
          throw new Error("search backend returned 500");
        },
      }),
    );
    const error = await graph.invoke({ state: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BranchError);
    expect((error as BranchError).branch).toBe("broken");
    expect((error as BranchError).message).toBe('Branch "broken" failed: search backend returned 500');
    const ticksAtFailure = siblingTicks;
    await sleep(60);
    expect(siblingTicks).toBe(ticksAtFailure);
    expect(siblingTicks).toBeLessThan(10);
  });
});
