import { END, InMemoryStore, MemorySaver, START, StateGraph, StateSchema } from "@langchain/langgraph";
import type { Operation, OperationResults } from "@langchain/langgraph-checkpoint";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { storeMemo } from "../../src/patterns/item-memo.js";
import { mapItems } from "../../src/patterns/map-items.js";
import { mapReduceNode } from "../../src/patterns/map-reduce.js";
import { latch } from "../support/barrier.js";

/** An in-memory store that records what reaches it: the kind and count of each batch's operations. */
class RecordingStore extends InMemoryStore {
  readonly batches: { gets: number; puts: number; searches: number }[] = [];
  /** How many results each memo write held (a memo item holds `{ keys, values }`). */
  readonly memoWrites: number[] = [];
  failPuts = false;
  hold: Promise<void> | undefined;

  override async batch<Op extends readonly Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const puts = operations.filter((op) => "value" in op).length;
    const searches = operations.filter((op) => "namespacePrefix" in op).length;
    this.batches.push({ gets: operations.length - puts - searches, puts, searches });
    for (const op of operations) {
      const keys = "value" in op ? (op.value as { keys?: unknown } | null)?.keys : undefined;
      if (Array.isArray(keys)) this.memoWrites.push(keys.length);
    }
    if (puts > 0 && this.hold) await this.hold;
    if (puts > 0 && this.failPuts) throw new Error("disk full");
    return super.batch(operations);
  }
}

const State = new StateSchema({ items: z.array(z.number()), doubled: z.array(z.number()).default(() => []) });

function graphOn(store: RecordingStore, calls: number[]) {
  return new StateGraph(State)
    .addNode("map", mapReduceNode(State, { items: (s) => s.items, worker: (n) => (calls.push(n), n * 2), reduce: (doubled) => ({ doubled }), concurrency: 2_000 }))
    .addEdge(START, "map")
    .addEdge("map", END)
    .compile({ checkpointer: new MemorySaver(), store });
}

describe("the per-item memo's store traffic", () => {
  it("2,000 items finishing at once reach the store as a few writes of at most 512 results each, and read back in a fixed number of queries", async () => {
    const store = new RecordingStore();
    const calls: number[] = [];
    const items = Array.from({ length: 2_000 }, (_, i) => i);
    const out = await graphOn(store, calls).invoke({ items }, { configurable: { thread_id: "batched" } });

    expect(out.doubled).toEqual(items.map((n) => n * 2));
    // Every result saved once, in store items of at most 512 results: ⌈2000 / 512⌉ = 4 of them.
    expect(store.memoWrites).toEqual([512, 512, 512, 464]);
    // One put per memo write, and the step's record: nothing per item.
    expect(store.batches.reduce((a, b) => a + b.puts, 0)).toBe(5);
    expect(calls).toHaveLength(2_000);
    // Reading back: one search for the memo, one for saved answers, one get for the questions it last stopped with; nothing per item.
    expect(store.batches.reduce((a, b) => a + b.gets, 0)).toBe(1);
    expect(store.batches.reduce((a, b) => a + b.searches, 0)).toBe(2);
  });

  it("an item counts as finished (progress event, its result) only once its memo write is done", async () => {
    const store = new RecordingStore();
    const released = latch();
    store.hold = released.wait();
    const events: number[] = [];
    const memo = storeMemo<number>(store, ["memo", "held"]);
    const run = mapItems([1, 2, 3], (n) => n * 10, { memo, onProgress: (e) => events.push(e.done) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events).toEqual([0]); // the start event only: the writes are not through
    released.open();
    expect((await run).map((o) => o.ok && o.value)).toEqual([10, 20, 30]);
    expect(events).toEqual([0, 1, 2, 3]);
  });

  it("a lane goes on while its item's result is being saved: with one lane, every item runs before the first write is through", async () => {
    const store = new RecordingStore();
    const released = latch();
    store.hold = released.wait();
    const calls: number[] = [];
    const events: number[] = [];
    const memo = storeMemo<number>(store, ["memo", "lanes"]);
    const run = mapItems([1, 2, 3], (n) => (calls.push(n), n * 10), { memo, concurrency: 1, onProgress: (e) => events.push(e.done) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toEqual([1, 2, 3]);
    expect(events).toEqual([0]); // none counts as finished before its write
    released.open();
    expect((await run).map((o) => o.ok && o.value)).toEqual([10, 20, 30]);
    expect(events).toEqual([0, 1, 2, 3]);
  });

  it("at most 256 finished items wait for their write: then the lanes wait too (the at-least-once window of a crash)", async () => {
    const store = new RecordingStore();
    const released = latch();
    store.hold = released.wait();
    const calls: number[] = [];
    const memo = storeMemo<number>(store, ["memo", "window"]);
    const items = Array.from({ length: 300 }, (_, i) => i);
    const run = mapItems(items, (n) => (calls.push(n), n), { memo, concurrency: 4 });
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    // 256 unsaved, and the four lanes each holding one more finished item.
    expect(calls).toHaveLength(260);
    released.open();
    expect((await run).map((o) => o.ok && o.value)).toEqual(items);
    expect(calls).toHaveLength(300);
  });

  it("a failed memo write fails the item: nothing is reported finished that was not saved", async () => {
    const store = new RecordingStore();
    store.failPuts = true;
    const memo = storeMemo<number>(store, ["memo", "failing"]);
    await expect(mapItems([1, 2], (n) => n, { memo, retry: false })).rejects.toThrow("map: item 0 (1) failed after 1 attempt: disk full");
    const settled = await mapItems([1, 2], (n) => n, { memo, retry: false, failure: "settled" });
    expect(settled).toEqual([
      { ok: false, error: { name: "Error", message: "disk full", attempts: 1, transient: false } },
      { ok: false, error: { name: "Error", message: "disk full", attempts: 1, transient: false } },
    ]);
  });

  it("a resumed step skips every saved item, whatever the size of the store's namespace", async () => {
    const store = new RecordingStore();
    const memo = storeMemo<number>(store, ["memo", "resume"]);
    await mapItems([1, 2, 3, 4], (n) => n, { memo });
    const calls: number[] = [];
    const again = await mapItems([1, 2, 3, 4, 5], (n) => (calls.push(n), n), { memo });
    expect(again.map((o) => o.ok && o.value)).toEqual([1, 2, 3, 4, 5]);
    expect(calls).toEqual([5]);
  });
});

describe("the memo's layout in the store", () => {
  it("one store item holds the keys and results of a write batch; a memo kept one result per item (0.1.x) still loads", async () => {
    const store = new RecordingStore();
    const memo = storeMemo<number>(store, ["memo", "layout"], { batchSize: 2 });
    await mapItems([1, 2, 3], (n) => n * 10, { memo, concurrency: 3, itemKey: (n) => `k${n}` });
    const written = await store.search(["memo", "layout"]);
    expect(written.map((item) => item.value)).toEqual([
      { keys: ["k1", "k2"], values: [10, 20] },
      { keys: ["k3"], values: [30] },
    ]);
    await store.put(["memo", "layout"], "k4", { v: 40 }); // as 0.1.x wrote a result
    expect(await memo.load(["k1", "k2", "k3", "k4", "k5"])).toEqual(new Map([["k1", 10], ["k2", 20], ["k3", 30], ["k4", 40]]));
  });
});
