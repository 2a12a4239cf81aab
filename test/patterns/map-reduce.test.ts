import { END, InMemoryStore, MemorySaver, START, StateGraph, StateSchema, type ProtocolEvent } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigurationError } from "../../src/errors.js";
import { isProgressEvent, type ProgressEvent } from "../../src/observe/progress.js";
import { MapItemError, type ItemContext } from "../../src/patterns/map-items.js";
import { clearMapMemo } from "../../src/patterns/item-memo.js";
import { MAP_RESULTS_KEY, mapReduce, mapReduceNode } from "../../src/patterns/map-reduce.js";
import { createSqlitePersistence } from "../../src/persistence/sqlite-persistence.js";
import { listField } from "../../src/reducers/fields.js";
import { barrier, latch } from "../support/barrier.js";
import { memoisedKeys } from "../support/memo-rows.js";

const State = new StateSchema({
  words: z.array(z.string()),
  lengths: z.array(z.number()).default(() => []),
  failures: z.array(z.string()).default(() => []),
  total: z.number().default(0),
  log: z.array(z.string()).default(() => []),
});

// A worker that stalls until its signal aborts: nothing but the abort ends it.
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));

// Sixty words for the resume tests, and what each item's call count is after one crash and resume.
const WORDS_60 = Array.from({ length: 60 }, (_, i) => `word-${i}`);
const RESUMED_CALLS = Array.from({ length: 60 }, (_, i) => (i >= 30 && i <= 33 ? 2 : 1));

/**
 * A worker (for concurrency 4) whose item 30 crashes the run once items 31–33 have started on the
 * other three lanes. A lane takes its next item only after the last one finished (memo saved),
 * and items start in order, so at the crash items 0–29 have finished; 31–33 stall until the
 * crash aborts them. After `stop()` every item just returns its length.
 */
function crashAtItem30() {
  const calls = new Map<number, number>();
  const atCrash = barrier(4);
  let crashing = true;
  return {
    worker: async (w: string, { index, signal }: ItemContext) => {
      calls.set(index, (calls.get(index) ?? 0) + 1);
      if (crashing && index >= 30) {
        await atCrash.arrive();
        if (index === 30) throw new Error("process crashed");
        return untilAborted(signal);
      }
      return w.length;
    },
    stop: () => {
      crashing = false;
    },
    callsPerItem: () => Array.from({ length: 60 }, (_, i) => calls.get(i) ?? 0),
  };
}

describe("mapReduce", () => {
  it("maps in input order and reduces into the state; internal keys stay internal", async () => {
    // Each item waits for the next one to finish, so they finish last to first.
    const done = Array.from({ length: 4 }, () => latch());
    const finished: string[] = [];
    const graph = mapReduce(State, {
      items: (s) => s.words,
      worker: async (w, { index }) => {
        if (index < 3) await done[index + 1]!.wait();
        finished.push(w);
        done[index]!.open();
        return w.length;
      },
      reduce: (lengths) => ({ lengths, total: lengths.reduce((a, b) => a + b, 0) }),
    });
    expect(await graph.invoke({ words: ["pregel", "superstep", "send", "a"] })).toEqual({
      words: ["pregel", "superstep", "send", "a"],
      lengths: [6, 9, 4, 1],
      failures: [],
      total: 20,
      log: [],
    });
    expect(finished).toEqual(["a", "send", "superstep", "pregel"]);
  });

  it("settled mode hands reduce the failure records next to the successes", async () => {
    const graph = mapReduce(State, {
      failure: "settled",
      retry: false,
      items: (s) => s.words,
      worker: (w) => {
        if (w.startsWith("x")) throw new Error(`rejected ${w}`);
        return w.length;
      },
      reduce: (outcomes) => ({
        lengths: outcomes.flatMap((o) => (o.ok ? [o.value] : [])),
        failures: outcomes.flatMap((o) => (o.ok ? [] : [o.error.message])),
      }),
    });
    const out = await graph.invoke({ words: ["ab", "xy", "abc", "xz"] });
    expect(out.lengths).toEqual([2, 3]);
    expect(out.failures).toEqual(["rejected xy", "rejected xz"]);
  });

  it("composes as a node of a bigger graph and streams per-item progress on the custom stream", async () => {
    const summarise = mapReduce(State, {
      name: "lengths",
      items: (s) => s.words,
      worker: (w) => w.length,
      reduce: (lengths) => ({ lengths }),
    });
    const parent = new StateGraph(State)
      .addNode("prepare", (s) => ({ words: s.words.map((w) => w.toUpperCase()), log: ["prepared"] }))
      .addNode("summarise", summarise)
      .addNode("report", (s) => ({ log: [...s.log, `total ${s.lengths.reduce((a, b) => a + b, 0)}`] }))
      .addEdge(START, "prepare")
      .addEdge("prepare", "summarise")
      .addEdge("summarise", "report")
      .addEdge("report", END)
      .compile();
    const progress: ProgressEvent[] = [];
    let final: unknown;
    const words = Array.from({ length: 40 }, (_, i) => "w".repeat((i % 5) + 1));
    for await (const [, mode, chunk] of await parent.stream({ words }, { streamMode: ["custom", "values"], subgraphs: true })) {
      if (mode === "custom" && isProgressEvent(chunk)) progress.push(chunk);
      if (mode === "values") final = chunk;
    }
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: 41 }, (_, i) => i));
    expect(progress.every((p) => p.name === "lengths" && p.total === 40)).toBe(true);
    expect(final).toMatchObject({ log: ["prepared", "total 120"] });
  });

  it("fail-fast stops the run with an error naming the item", async () => {
    const graph = mapReduce(State, {
      items: (s) => s.words,
      worker: (w) => {
        if (w === "boom") throw new Error("model refused");
        return w.length;
      },
      reduce: (lengths) => ({ lengths }),
    });
    await expect(graph.invoke({ words: ["ok", "boom"] })).rejects.toThrow(new MapItemError("map", 1, 'item 1 ("boom")', 1, new Error("model refused")).message);
  });

  it("after a crash, resuming the thread runs only the items that had not finished", async () => {
    const checkpointer = new MemorySaver();
    const store = new InMemoryStore();
    const crash = crashAtItem30();
    const graph = new StateGraph(State)
      .addNode("summarise", mapReduce(State, { concurrency: 4, retry: false, items: (s) => s.words, worker: crash.worker, reduce: (lengths) => ({ lengths }) }))
      .addEdge(START, "summarise")
      .addEdge("summarise", END)
      .compile({ checkpointer, store });
    const config = { configurable: { thread_id: "resume-test" } };

    await expect(graph.invoke({ words: WORDS_60 }, config)).rejects.toThrow("process crashed");
    expect(crash.callsPerItem()).toEqual(Array.from({ length: 60 }, (_, i) => (i <= 33 ? 1 : 0)));
    crash.stop();
    const out = await graph.invoke(null, config);

    expect(out.lengths).toEqual(WORDS_60.map((w) => w.length));
    // 0–29 had finished and are not run again; 30 (crashed) and 31–33 (aborted) run a second time.
    expect(crash.callsPerItem()).toEqual(RESUMED_CALLS);
    // The memo stays in the store (namespaced by thread and task) until the thread is cleared.
    expect(await memoisedKeys(store, ["langgraph-parallel", "map-memo", "resume-test"])).toHaveLength(60);
    expect(await clearMapMemo(store, "other-thread")).toBe(0);
    // The store items holding the 60 results, and the step's record (name, size: what readMapProgress reads).
    expect(await clearMapMemo(store, "resume-test")).toBeGreaterThan(1);
    expect(await store.search(["langgraph-parallel"], { limit: 100 })).toEqual([]);
  });

  it("rejects impossible options when the graph is built", () => {
    const base = { items: (s: typeof State.State) => s.words, worker: (w: string) => w.length, reduce: () => ({}) };
    expect(() => mapReduce(State, { ...base, concurrency: 0 })).toThrow(ConfigurationError);
    expect(() => mapReduce(State, { ...base, retry: { maxAttempts: 0 } })).toThrow("retry.maxAttempts must be a whole number ≥ 1");
  });
});

describe("mapReduce compile options (StateGraph.compile's)", () => {
  const lengthsOf = (worker: (w: string, context: ItemContext) => number | Promise<number> = (w) => w.length) => ({
    items: (s: typeof State.State) => s.words,
    worker,
    reduce: (lengths: number[]) => ({ lengths, total: lengths.reduce((a, b) => a + b, 0) }),
  });

  it("with SQLite's checkpointer and store, the graph alone resumes a crashed thread and skips the items the memo holds", async () => {
    const persistence = createSqlitePersistence({ path: ":memory:" });
    try {
      const crash = crashAtItem30();
      const graph = mapReduce(
        State,
        { concurrency: 4, retry: false, items: (s) => s.words, worker: crash.worker, reduce: (lengths) => ({ lengths }) },
        { checkpointer: persistence.checkpointer, store: persistence.store },
      );
      const config = { configurable: { thread_id: "alone" } };

      await expect(graph.invoke({ words: WORDS_60 }, config)).rejects.toThrow("process crashed");
      expect((await graph.getState(config)).next).toEqual(["map"]);
      expect(await memoisedKeys(persistence.store, ["langgraph-parallel", "map-memo", "alone"])).toHaveLength(30);
      crash.stop();
      const out = await graph.invoke(null, config);

      expect(out.lengths).toEqual(WORDS_60.map((w) => w.length));
      expect(crash.callsPerItem()).toEqual(RESUMED_CALLS);
      // Once the checkpoint holding the results was saved, the memo was deleted (createSqlitePersistence's cleanup).
      expect(await persistence.store.search(["langgraph-parallel"], { limit: 100 })).toEqual([]);
      expect(await clearMapMemo(persistence.store, "alone")).toBe(0);
    } finally {
      persistence.close();
    }
  });

  it("memo: false keeps the store unused: a resumed run maps every item again", async () => {
    const store = new InMemoryStore();
    let failing = true;
    const calls: string[] = [];
    const graph = mapReduce(
      State,
      {
        ...lengthsOf((w) => {
          calls.push(w);
          if (failing && w === "boom") throw new Error("model refused");
          return w.length;
        }),
        memo: false,
        retry: false,
        concurrency: 1,
      },
      { checkpointer: new MemorySaver(), store },
    );
    const config = { configurable: { thread_id: "no-memo" } };
    await expect(graph.invoke({ words: ["ab", "boom"] }, config)).rejects.toThrow("model refused");
    failing = false;
    expect((await graph.invoke(null, config)).lengths).toEqual([2, 4]);
    expect(calls).toEqual(["ab", "boom", "ab", "boom"]);
    expect(await store.search(["langgraph-parallel"], { limit: 10 })).toEqual([]);
  });

  it("interruptBefore: [\"reduce\"] pauses with the map results checkpointed; getState shows them; resuming runs reduce only", async () => {
    const calls: string[] = [];
    const graph = mapReduce(State, lengthsOf((w) => (calls.push(w), w.length)), { checkpointer: new MemorySaver(), interruptBefore: ["reduce"] });
    const config = { configurable: { thread_id: "paused" } };

    expect(await graph.invoke({ words: ["pregel", "send"] }, config)).toEqual({ words: ["pregel", "send"], lengths: [], failures: [], total: 0, log: [], __interrupt__: [] });
    const paused = await graph.getState(config);
    expect(paused.next).toEqual(["reduce"]);
    expect(paused.values).toEqual({
      words: ["pregel", "send"],
      lengths: [],
      failures: [],
      total: 0,
      log: [],
      [MAP_RESULTS_KEY]: { outcomes: [{ ok: true, value: 6 }, { ok: true, value: 4 }] },
    });

    expect(await graph.invoke(null, config)).toEqual({ words: ["pregel", "send"], lengths: [6, 4], failures: [], total: 10, log: [] });
    expect(calls).toEqual(["pregel", "send"]);
    const done = await graph.getState(config);
    expect(done.next).toEqual([]);
    expect(done.values).toEqual({ words: ["pregel", "send"], lengths: [6, 4], failures: [], total: 10, log: [], [MAP_RESULTS_KEY]: null });
  });

  it("interruptAfter: [\"map\"] pauses at the same point", async () => {
    const graph = mapReduce(State, lengthsOf(), { checkpointer: new MemorySaver(), interruptAfter: ["map"] });
    const config = { configurable: { thread_id: "after-map" } };
    await graph.invoke({ words: ["a", "bc"] }, config);
    expect((await graph.getState(config)).next).toEqual(["reduce"]);
    expect((await graph.invoke(null, config)).lengths).toEqual([1, 2]);
  });

  it("name: compile's names the graph; without it the graph takes options.name, which still names the progress and the memo", async () => {
    expect(mapReduce(State, lengthsOf()).name).toBe("map");
    expect(mapReduce(State, { ...lengthsOf(), name: "lengths" }).name).toBe("lengths");
    expect(mapReduce(State, { ...lengthsOf(), name: "lengths" }, {}).name).toBe("lengths");

    const store = new InMemoryStore();
    const graph = mapReduce(State, { ...lengthsOf(), name: "lengths" }, { name: "digest", description: "word lengths", checkpointer: new MemorySaver(), store });
    expect(graph.name).toBe("digest");
    expect(graph.description).toBe("word lengths");
    const names = new Set<string>();
    for await (const chunk of await graph.stream({ words: ["a", "bc"] }, { streamMode: "custom", configurable: { thread_id: "named" } })) {
      if (isProgressEvent(chunk)) names.add(chunk.name);
    }
    expect([...names]).toEqual(["lengths"]);
    const memo = await memoisedKeys(store, ["langgraph-parallel", "map-memo", "named"]);
    expect(memo.map(([step]) => step)).toEqual(["lengths", "lengths"]);
  });

  it("transformers are baked into the graph: streamEvents v3 runs them and types their projection", async () => {
    const progressDone = () => {
      const done: number[] = [];
      return {
        init: () => ({ done }),
        process: (event: ProtocolEvent) => {
          if (event.method === "custom" && isProgressEvent(event.params.data)) done.push(event.params.data.done);
          return true;
        },
      };
    };
    const graph = mapReduce(State, lengthsOf(), { transformers: [progressDone] });
    const run = await graph.streamEvents({ words: ["a", "bc"] }, { version: "v3" });
    for await (const event of run) void event;
    expect(run.extensions.done).toEqual([0, 1, 2]);
  });

  it("the store alone (no checkpointer) still memoises per item for a run with a thread_id", async () => {
    const store = new InMemoryStore();
    const graph = mapReduce(State, lengthsOf(), { store });
    expect((await graph.invoke({ words: ["a", "bc", "def"] }, { configurable: { thread_id: "store-only" } })).lengths).toEqual([1, 2, 3]);
    expect(await memoisedKeys(store, ["langgraph-parallel", "map-memo", "store-only"])).toHaveLength(3);
  });
});

describe("mapReduce inside a parent graph", () => {
  const Parent = new StateSchema({
    items: z.array(z.number()),
    squares: z.array(z.number()).default(() => []),
    log: listField(z.string()),
  });
  type P = typeof Parent.State;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any node shape: a function or a compiled graph
  const parentWith = (node: any) =>
    new StateGraph(Parent)
      .addNode("start", () => ({ log: ["started"] }))
      .addNode("square", node as never)
      .addEdge(START, "start")
      .addEdge("start", "square")
      .addEdge("square", END)
      .compile();
  const base = { items: (s: P) => s.items, worker: (n: number) => n * n };

  it("mapReduceNode returns exactly reduce's update: a reducer key is appended to once", async () => {
    const node = mapReduceNode(Parent, { items: (s) => s.items, worker: (n) => n * n, reduce: (values) => ({ squares: values, log: ["squared"] }) });
    expect(await parentWith(node).invoke({ items: [1, 2, 3] })).toEqual({ items: [1, 2, 3], squares: [1, 4, 9], log: ["started", "squared"] });
  });

  it("the form without a schema (type arguments spelled out) is the same node", async () => {
    const node = mapReduceNode<P, typeof Parent.Update, number, number>({ ...base, reduce: (values) => ({ squares: values, log: ["squared"] }) });
    expect(await parentWith(node).invoke({ items: [1, 2, 3] })).toEqual({ items: [1, 2, 3], squares: [1, 4, 9], log: ["started", "squared"] });
  });

  it("the mapReduce graph as a sub-graph returns only its `outputs`", async () => {
    const graph = mapReduce(Parent, { ...base, outputs: ["squares"], reduce: (values) => ({ squares: values }) });
    expect(await parentWith(graph).invoke({ items: [2, 3] })).toEqual({ items: [2, 3], squares: [4, 9], log: ["started"] });
  });

  it("refuses to run as a sub-graph that would return a reducer key (the parent would append it twice)", async () => {
    const graph = mapReduce(Parent, { ...base, reduce: (values) => ({ squares: values, log: ["squared"] }) });
    await expect(parentWith(graph).invoke({ items: [1] })).rejects.toThrow(
      'mapReduce "map" runs as a sub-graph that returns log, which has a reducer: the parent would append the whole list again.',
    );
    // Standalone the same graph is fine.
    expect(await graph.invoke({ items: [2] })).toEqual({ items: [2], squares: [4], log: ["squared"] });
  });

  it("invoked by a node that picks its own return value, the graph may hold reducer keys (invokedFromNode)", async () => {
    const graph = mapReduce(Parent, { ...base, invokedFromNode: true, reduce: (values) => ({ squares: values, log: ["squared"] }) });
    const node = async (s: P) => ({ squares: (await graph.invoke({ items: s.items })).squares });
    expect(await parentWith(node).invoke({ items: [3] })).toEqual({ items: [3], squares: [9], log: ["started"] });
  });

  it("rejects outputs that are not state keys", () => {
    expect(() => mapReduce(Parent, { ...base, outputs: ["nope" as "log"], reduce: () => ({}) })).toThrow(
      "mapReduce outputs nope are not keys of the state.",
    );
  });
});
