import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concat } from "../../src/reducers/concat.js";
import { toBinaryReducer } from "../../src/reducers/batch-reducer.js";

const lists = fc.array(fc.array(fc.integer(), { maxLength: 8 }), { maxLength: 8 });

describe("concat", () => {
  it("appends every write in write order", () => {
    expect(concat(["I'm A"], [["I'm B"], ["I'm C", "I'm C2"], []])).toEqual(["I'm A", "I'm B", "I'm C", "I'm C2"]);
    expect(concat([], [])).toEqual([]);
  });

  it("never mutates the held list or the writes", () => {
    const held = Object.freeze([1, 2]);
    const write = Object.freeze([3]);
    expect(concat(held, [write])).toEqual([1, 2, 3]);
    expect(held).toEqual([1, 2]);
  });

  it("equals a flat spread of current and writes", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), lists, (current, writes) => {
        expect(concat(current, writes)).toEqual([...current, ...writes.flat()]);
      }),
    );
  });

  it("is batching-invariant: r(r(s, xs), ys) = r(s, xs ++ ys)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), lists, lists, (s, xs, ys) => {
        expect(concat(concat(s, xs), ys)).toEqual(concat(s, [...xs, ...ys]));
      }),
    );
  });

  it("is associative as a binary reducer", () => {
    const add = toBinaryReducer(concat<number>);
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.array(fc.integer()), fc.array(fc.integer()), (a, b, c) => {
        expect(add(add(a, b), c)).toEqual(add(a, add(b, c)));
      }),
    );
  });
});
