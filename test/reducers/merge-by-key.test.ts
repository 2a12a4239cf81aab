import { END, MemorySaver, Send, START, StateGraph, StateSchema } from "@langchain/langgraph";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { listField } from "../../src/reducers/fields.js";
import { mergeByKey, mergeRecords } from "../../src/reducers/merge-by-key.js";
import { latch } from "../support/barrier.js";

interface Row {
  id: string;
  v: number;
}
const row = fc.record({ id: fc.constantFrom("a", "b", "c", "d"), v: fc.integer() });
const batches = fc.array(fc.array(row, { maxLength: 5 }), { maxLength: 5 });

describe("mergeByKey", () => {
  const upsert = mergeByKey<Row>();

  it("replaces records with the same id (last write wins) and appends new ids", () => {
    const held = [{ id: "a", v: 1 }, { id: "b", v: 1 }];
    expect(upsert(held, [[{ id: "b", v: 2 }, { id: "c", v: 1 }], [{ id: "b", v: 3 }]])).toEqual([
      { id: "a", v: 1 },
      { id: "b", v: 3 },
      { id: "c", v: 1 },
    ]);
    expect(held).toEqual([{ id: "a", v: 1 }, { id: "b", v: 1 }]);
  });

  it("accepts a key function", () => {
    const byLower = mergeByKey<{ name: string }>({ key: (r) => r.name.toLowerCase() });
    expect(byLower([{ name: "Ada" }], [[{ name: "ADA" }]])).toEqual([{ name: "ADA" }]);
  });

  it("has one record per id, holding the last write, in first-seen order", () => {
    fc.assert(
      fc.property(batches, (writes) => {
        const merged = upsert([], writes);
        const all = writes.flat();
        const firstSeen = [...new Set(all.map((r) => r.id))];
        expect(merged.map((r) => r.id)).toEqual(firstSeen);
        for (const r of merged) expect(r).toEqual(all.filter((x) => x.id === r.id).at(-1));
      }),
    );
  });

  it("is batching-invariant", () => {
    fc.assert(
      fc.property(batches, batches, (xs, ys) => {
        expect(upsert(upsert([], xs), ys)).toEqual(upsert([], [...xs, ...ys]));
      }),
    );
  });
});

describe("mergeByKey: merge(old, next)", () => {
  // Records every call as "old.v>next.v" and keeps the later write (the default's behaviour).
  const recording = () => {
    const calls: string[] = [];
    const upsert = mergeByKey<Row>({ merge: (old, next) => (calls.push(`${old.id}: ${old.v}>${next.v}`), next) });
    return { calls, upsert };
  };
  const sum = mergeByKey<Row>({ merge: (old, next) => ({ id: old.id, v: old.v + next.v }) });

  it("is called for each repeated id, in write order, with the result of the previous merge", () => {
    const { calls, upsert } = recording();
    const held = [{ id: "a", v: 1 }, { id: "b", v: 1 }];
    // b is held; c first appears in this batch; a and d are written once (d is new: no call).
    const writes = [[{ id: "b", v: 2 }, { id: "c", v: 1 }], [{ id: "c", v: 2 }, { id: "b", v: 3 }], [{ id: "d", v: 1 }, { id: "c", v: 3 }]];
    upsert(held, writes);
    expect(calls).toEqual(["b: 1>2", "c: 1>2", "b: 2>3", "c: 2>3"]);
    expect(sum(held, writes)).toEqual([{ id: "a", v: 1 }, { id: "b", v: 6 }, { id: "c", v: 6 }, { id: "d", v: 1 }]);
    expect(held).toEqual([{ id: "a", v: 1 }, { id: "b", v: 1 }]);
  });

  it("is called for an id repeated inside one write, and never for ids written once", () => {
    const { calls, upsert } = recording();
    expect(upsert([], [[{ id: "a", v: 1 }, { id: "a", v: 2 }], [{ id: "b", v: 1 }]])).toEqual([{ id: "a", v: 2 }, { id: "b", v: 1 }]);
    expect(calls).toEqual(["a: 1>2"]);
    const fresh = recording();
    fresh.upsert([{ id: "x", v: 0 }], [[{ id: "a", v: 1 }], [{ id: "b", v: 1 }]]);
    expect(fresh.calls).toEqual([]);
  });

  it("without merge the later write replaces, exactly as a merge returning `next` does", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 4 }), batches, (held, writes) => {
        const start = mergeByKey<Row>()([], [held]); // one record per id
        expect(mergeByKey<Row>()(start, writes)).toEqual(recording().upsert(start, writes));
      }),
    );
  });

  it("folds every write of an id into its first position (a summing merge)", () => {
    fc.assert(
      fc.property(batches, (writes) => {
        const all = writes.flat();
        const merged = sum([], writes);
        expect(merged.map((r) => r.id)).toEqual([...new Set(all.map((r) => r.id))]);
        for (const r of merged) expect(r.v).toBe(all.filter((x) => x.id === r.id).reduce((n, x) => n + x.v, 0));
      }),
    );
  });

  it("is batching-invariant", () => {
    fc.assert(
      fc.property(batches, batches, (xs, ys) => {
        expect(sum(sum([], xs), ys)).toEqual(sum([], [...xs, ...ys]));
        const one = recording();
        const split = recording();
        split.upsert(split.upsert([], xs), ys);
        one.upsert([], [...xs, ...ys]);
        expect(split.calls).toEqual(one.calls);
      }),
    );
  });
});

describe("mergeByKey in a graph: what 'later' means", () => {
  const Count = z.object({ id: z.string(), count: z.number(), by: z.array(z.string()) });
  type Count = z.infer<typeof Count>;
  // Sums counts and notes which writers were merged, in the order merge saw them.
  const tallyState = (calls: string[]) =>
    new StateSchema({
      counts: listField(
        Count,
        mergeByKey<Count>({
          merge: (old, next) => (calls.push(`${old.by.join("+")} < ${next.by.join("+")}`), { id: old.id, count: old.count + next.count, by: [...old.by, ...next.by] }),
        }),
      ),
    });
  const write = (by: string, count = 1) => ({ counts: [{ id: "web", count, by: [by] }] });

  it("two parallel nodes: a summing merge adds their counts, in node-name order whatever finished first", async () => {
    const calls: string[] = [];
    const cWrote = latch(); // b finishes only after c has finished
    const graph = new StateGraph(tallyState(calls))
      .addNode("c", async () => (cWrote.open(), write("c", 2)))
      .addNode("b", async () => (await cWrote.wait(), write("b", 3)))
      .addEdge(START, "b")
      .addEdge(START, "c")
      .addEdge("b", END)
      .addEdge("c", END)
      .compile();
    const final = await graph.invoke({ counts: [{ id: "web", count: 10, by: ["input"] }, { id: "wiki", count: 1, by: ["input"] }] });
    expect(final.counts).toEqual([
      { id: "web", count: 15, by: ["input", "b", "c"] },
      { id: "wiki", count: 1, by: ["input"] },
    ]);
    expect(calls).toEqual(["input < b", "input+b < c"]);
  });

  it("the default keeps the write of the node whose name sorts last, not the one that finished last", async () => {
    const zWrote = latch(); // a finishes after z
    const State = new StateSchema({ counts: listField(Count, mergeByKey<Count>()) });
    const graph = new StateGraph(State)
      .addNode("z", async () => (zWrote.open(), write("z")))
      .addNode("a", async () => (await zWrote.wait(), write("a")))
      .addEdge(START, "z")
      .addEdge(START, "a")
      .addEdge("z", END)
      .addEdge("a", END)
      .compile();
    expect((await graph.invoke({})).counts).toEqual([{ id: "web", count: 1, by: ["z"] }]);
  });

  it("Send tasks: merged in the order of the Sends, after the nodes reached by edges, whatever their names", async () => {
    const calls: string[] = [];
    const graph = new StateGraph(tallyState(calls))
      .addNode("worker", async (s: { by: string }) => write(`worker(${s.by})`))
      .addNode("zeta", async () => write("zeta"))
      .addNode("alpha", async () => write("alpha"))
      .addConditionalEdges(START, () => [new Send("worker", { by: "z" }), new Send("worker", { by: "a" }), "zeta", "alpha", new Send("worker", { by: "m" })], [
        "worker",
        "zeta",
        "alpha",
      ])
      .addEdge("worker", END)
      .addEdge("zeta", END)
      .addEdge("alpha", END)
      .compile();
    expect((await graph.invoke({})).counts).toEqual([{ id: "web", count: 5, by: ["alpha", "zeta", "worker(z)", "worker(a)", "worker(m)"] }]);
    expect(calls).toEqual(["alpha < zeta", "alpha+zeta < worker(z)", "alpha+zeta+worker(z) < worker(a)", "alpha+zeta+worker(z)+worker(a) < worker(m)"]);
  });

  it("across supersteps the later superstep's write comes after; a checkpoint replay merges the same pair again", async () => {
    const calls: string[] = [];
    const graph = new StateGraph(tallyState(calls))
      .addNode("z", async () => write("z"))
      .addNode("a", async () => write("a"))
      .addEdge(START, "z")
      .addEdge("z", "a")
      .addEdge("a", END)
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "t" } };
    expect((await graph.invoke({}, config)).counts).toEqual([{ id: "web", count: 2, by: ["z", "a"] }]);
    expect(calls).toEqual(["z < a"]);
    // Reading the thread back rebuilds the value by replaying its writes through the reducer:
    // merge runs again, on the same pair in the same order (why it must be pure).
    calls.length = 0;
    expect((await graph.getState(config)).values.counts).toEqual([{ id: "web", count: 2, by: ["z", "a"] }]);
    expect(calls).toEqual(["z < a"]);
  });
});

describe("mergeRecords", () => {
  it("merges keys, later writes win, without mutating", () => {
    const held = { web: 2 };
    expect(mergeRecords(held, [{ encyclopedia: 1 }, { web: 3 }])).toEqual({ web: 3, encyclopedia: 1 });
    expect(held).toEqual({ web: 2 });
  });

  it("is batching-invariant", () => {
    const rec = fc.dictionary(fc.constantFrom("a", "b", "c"), fc.integer());
    fc.assert(
      fc.property(fc.array(rec), fc.array(rec), (xs, ys) => {
        expect(mergeRecords(mergeRecords({}, xs), ys)).toEqual(mergeRecords({}, [...xs, ...ys]));
      }),
    );
  });
});
