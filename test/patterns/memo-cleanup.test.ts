import { Command, END, InMemoryStore, MemorySaver, START, StateGraph, StateSchema } from "@langchain/langgraph";
import type { Operation } from "@langchain/langgraph-checkpoint";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ItemQuestion } from "../../src/patterns/item-interrupts.js";
import { mapReduceNode } from "../../src/patterns/map-reduce.js";
import { withMapMemoCleanup } from "../../src/patterns/memo-cleanup.js";
import { listField } from "../../src/reducers/fields.js";

const State = new StateSchema({ items: z.array(z.number()), out: listField(z.string()) });

/** Everything the map steps keep in the store: memo rows, answers, step records. */
const leftovers = async (store: InMemoryStore) => (await store.search(["langgraph-parallel"], { limit: 10_000 })).length;

function step(name: string, calls: string[], options: { crashAt?: { value: number; armed: boolean }; ask?: (n: number) => boolean } = {}) {
  return mapReduceNode(State, {
    name,
    items: (s) => s.items,
    worker: async (n, { interrupt }) => {
      calls.push(`${name} ${n}`);
      if (options.crashAt?.armed && n === options.crashAt.value) throw new TypeError(`${name} crashed at ${n}`);
      if (options.ask?.(n)) return `${name} ${n} ${await interrupt<string>(`${name}: ok ${n}?`)}`;
      return `${name} ${n}`;
    },
    reduce: (results) => ({ out: results }),
    concurrency: 1,
  });
}

describe("withMapMemoCleanup: memo rows of finished steps do not pile up", () => {
  it("keeps the checkpointer's class and methods, and leaves nothing once a run completes", async () => {
    const store = new InMemoryStore();
    const saver = new MemorySaver();
    const checkpointer = withMapMemoCleanup(saver, store);
    expect(checkpointer).toBeInstanceOf(MemorySaver);
    const calls: string[] = [];
    const graph = new StateGraph(State)
      .addNode("first", step("first", calls))
      .addNode("second", step("second", calls))
      .addEdge(START, "first")
      .addEdge("first", "second")
      .addEdge("second", END)
      .compile({ checkpointer, store });
    const config = { configurable: { thread_id: "done" } };
    const out = await graph.invoke({ items: [1, 2] }, config);
    expect(out.out).toEqual(["first 1", "first 2", "second 1", "second 2"]);
    expect(await leftovers(store)).toBe(0);
    expect((await checkpointer.getTuple(config))?.checkpoint.id).toBe((await saver.getTuple(config))?.checkpoint.id);
  });

  it("a crashed step keeps its memo until the resumed run saves a later checkpoint; finished items are not re-run", async () => {
    const store = new InMemoryStore();
    const calls: string[] = [];
    const crashAt = { value: 3, armed: true };
    const graph = new StateGraph(State)
      .addNode("map", step("map", calls, { crashAt }))
      .addEdge(START, "map")
      .addEdge("map", END)
      .compile({ checkpointer: withMapMemoCleanup(new MemorySaver(), store), store });
    const config = { configurable: { thread_id: "crash" } };
    await expect(graph.invoke({ items: [1, 2, 3, 4] }, config)).rejects.toThrow("map crashed at 3");
    expect(await leftovers(store)).toBe(3); // items 1 and 2, and the step's record
    crashAt.armed = false;
    calls.length = 0;
    const out = await graph.invoke(null, config);
    expect(out.out).toEqual(["map 1", "map 2", "map 3", "map 4"]);
    expect(calls).toEqual(["map 3", "map 4"]);
    expect(await leftovers(store)).toBe(0);
  });

  it("a step paused at per-item questions keeps its memo and answers until it finishes", async () => {
    const store = new InMemoryStore();
    const calls: string[] = [];
    const graph = new StateGraph(State)
      .addNode("map", step("map", calls, { ask: (n) => n % 2 === 0 }))
      .addEdge(START, "map")
      .addEdge("map", END)
      .compile({ checkpointer: withMapMemoCleanup(new MemorySaver(), store), store });
    const config = { configurable: { thread_id: "paused" } };
    const first = (await graph.invoke({ items: [1, 2, 3, 4] }, config)) as unknown as { __interrupt__: { id: string; value: ItemQuestion }[] };
    expect(await leftovers(store)).toBe(4); // items 1 and 3, the questions it stopped with, the record
    const [two, four] = first.__interrupt__;
    await graph.invoke(new Command({ resume: { [two!.id]: "yes" } }), config); // item 4 still waits
    expect(await leftovers(store)).toBe(6); // and item 2, and item 2's answer
    const out = await graph.invoke(new Command({ resume: { [four!.id]: "no" } }), config);
    expect(out.out).toEqual(["map 1", "map 2 yes", "map 3", "map 4 no"]);
    expect(calls.filter((c) => c === "map 1" || c === "map 3")).toEqual(["map 1", "map 3"]);
    expect(await leftovers(store)).toBe(0);
  });

  it("sibling steps of one superstep keep their memos while it runs: one crashes, the other's items are not re-run either", async () => {
    const store = new InMemoryStore();
    const calls: string[] = [];
    const crashAt = { value: 2, armed: true };
    const graph = new StateGraph(State)
      .addNode("left", step("left", calls))
      .addNode("right", step("right", calls, { crashAt }))
      .addEdge(START, "left")
      .addEdge(START, "right")
      .addEdge("left", END)
      .addEdge("right", END)
      .compile({ checkpointer: withMapMemoCleanup(new MemorySaver(), store), store });
    const config = { configurable: { thread_id: "siblings" } };
    await expect(graph.invoke({ items: [1, 2] }, config)).rejects.toThrow("right crashed at 2");
    crashAt.armed = false;
    calls.length = 0;
    const out = await graph.invoke(null, config);
    expect(out.out).toEqual(["left 1", "left 2", "right 1", "right 2"]);
    expect(calls).toEqual(["right 2"]);
    expect(await leftovers(store)).toBe(0);
  });

  it("with durability \"exit\" (one checkpoint, at the end) the memo goes with that checkpoint", async () => {
    const store = new InMemoryStore();
    const graph = new StateGraph(State)
      .addNode("map", step("map", []))
      .addEdge(START, "map")
      .addEdge("map", END)
      .compile({ checkpointer: withMapMemoCleanup(new MemorySaver(), store), store });
    await graph.invoke({ items: [1, 2, 3] }, { configurable: { thread_id: "exit" }, durability: "exit" });
    expect(await leftovers(store)).toBe(0);
  });
});

describe("withMapMemoCleanup when the store fails", () => {
  it("the run still succeeds (its checkpoint is saved); the rows go at a later save", async () => {
    class FlakyStore extends InMemoryStore {
      failDeletes = true;
      override async batch<Op extends readonly Operation[]>(operations: Op) {
        if (this.failDeletes && operations.some((op) => "value" in op && op.value === null)) throw new Error("SQLITE_BUSY");
        return super.batch(operations);
      }
    }
    const store = new FlakyStore();
    const graph = new StateGraph(State)
      .addNode("map", step("map", []))
      .addEdge(START, "map")
      .addEdge("map", END)
      .compile({ checkpointer: withMapMemoCleanup(new MemorySaver(), store), store });
    const config = { configurable: { thread_id: "flaky" } };
    expect((await graph.invoke({ items: [1, 2] }, config)).out).toEqual(["map 1", "map 2"]);
    expect(await leftovers(store)).toBeGreaterThan(0);
    store.failDeletes = false;
    await graph.invoke({ items: [3] }, config); // a later run of the thread saves checkpoints again
    expect(await leftovers(store)).toBe(0);
  });
});
