import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sortedMerge } from "../../src/reducers/sorted-merge.js";

interface Item {
  key: number;
  tag: string;
}
const item = fc.record({ key: fc.integer({ min: 0, max: 5 }), tag: fc.string({ maxLength: 3 }) });
const batches = fc.array(fc.array(item, { maxLength: 6 }), { maxLength: 6 });
const byKey = sortedMerge<Item>({ by: (i) => i.key });
// Reference: a stable sort of everything held and written, in write order.
const reference = (current: Item[], writes: Item[][]) =>
  [...current, ...writes.flat()].map((x, i) => [x, i] as const).sort((a, b) => a[0].key - b[0].key || a[1] - b[1]).map(([x]) => x);

describe("sortedMerge", () => {
  it("sorts strings naturally by default (the academy's sorting reducer)", () => {
    const sorted = sortedMerge<string>();
    expect(sorted(["I'm A", "I'm B"], [["I'm C"], ["I'm B2"]])).toEqual(["I'm A", "I'm B", "I'm B2", "I'm C"]);
  });

  it("is a stable sort of held items followed by the writes", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 10 }), batches, (current, writes) => {
        const held = byKey([], [current]);
        expect(byKey(held, writes)).toEqual(reference(held, writes));
      }),
    );
  });

  it("keeps equal keys in write order, held items first", () => {
    const held = [{ key: 1, tag: "held" }];
    expect(byKey(held, [[{ key: 1, tag: "w1" }], [{ key: 0, tag: "w2" }, { key: 1, tag: "w3" }]])).toEqual([
      { key: 0, tag: "w2" },
      { key: 1, tag: "held" },
      { key: 1, tag: "w1" },
      { key: 1, tag: "w3" },
    ]);
  });

  it("is batching-invariant", () => {
    fc.assert(
      fc.property(batches, batches, (xs, ys) => {
        expect(byKey(byKey([], xs), ys)).toEqual(byKey([], [...xs, ...ys]));
      }),
    );
  });

  it("supports a comparator and descending order", () => {
    const desc = sortedMerge<number>({ order: "desc" });
    expect(desc([9, 3], [[5, 10]])).toEqual([10, 9, 5, 3]);
    const byLength = sortedMerge<string>({ compare: (a, b) => a.length - b.length });
    expect(byLength(["aa"], [["bbb", "c"]])).toEqual(["c", "aa", "bbb"]);
  });

  it("repairs a held list that was overwritten out of order", () => {
    const sorted = sortedMerge<number>();
    expect(sorted([3, 1], [[2]])).toEqual([1, 2, 3]);
  });
});
