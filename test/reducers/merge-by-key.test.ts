import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeByKey, mergeRecords } from "../../src/reducers/merge-by-key.js";

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
