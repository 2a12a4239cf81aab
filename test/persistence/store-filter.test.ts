import fc from "fast-check";
import { InMemoryStore } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { SqliteStore } from "../../src/persistence/sqlite-store.js";
import { filterToSql, matchesFilter } from "../../src/persistence/store-filter.js";

describe("matchesFilter", () => {
  it.each([
    [{ s: "done" }, { s: "done" }, true],
    [{ s: "done" }, { s: "Done" }, false],
    [{ n: 5 }, { n: { $gte: 5, $lt: 6 } }, true],
    [{ n: "7" }, { n: { $gt: 6 } }, true], // numeric operators coerce with Number()
    [{ n: 5 }, { n: { $in: [1, 5] }, m: { $nin: [5] } }, true],
    [{ n: 5 }, { n: { $in: 5 } }, false],
    [{ tags: ["x"] }, { tags: ["x"] }, false],
    [{ n: 5 }, { n: {} }, true], // an empty operator object matches anything, as in InMemoryStore
    [{ n: 5 }, {}, true],
  ])("%j against %j → %s", (value, filter, expected) => {
    expect(matchesFilter(value, filter)).toBe(expected);
  });
});

describe("filterToSql", () => {
  it("pushes down strings, booleans, safe integers and lone $eq; leaves the rest to matchesFilter", () => {
    expect(
      filterToSql({ s: "x", b: false, n: 3, e: { $eq: "y" }, f: 0.5, big: 2 ** 60, o: { $gt: 1 }, z: null, 'q"': "x", nul: "a\0" }, "v"),
    ).toEqual({
      clauses: ["json_extract(v, ?) = ?", "json_type(v, ?) = ?", "json_extract(v, ?) = ?", "json_extract(v, ?) = ?"],
      params: ['$."s"', "x", '$."b"', "false", '$."n"', 3, '$."e"', "y"],
    });
  });

  // The SQL is only a pre-filter, so it must never drop a row that matchesFilter would keep:
  // compare SqliteStore with InMemoryStore over awkward values.
  it("never drops a match: SqliteStore agrees with InMemoryStore on awkward values", async () => {
    const field = fc.constantFrom("a", "b", "dot.ted", 'q"uote', "back\\slash", "", "__proto__", "ünï");
    const scalar = fc.oneof(
      fc.constantFrom("", "x", "X", "é", "😀", "\0", "a\0b", "\ud800", "\n", '"', "\\", "5", "1", "true", "null"),
      fc.string(),
      fc.constantFrom(0, -0, 1, 5, -1, 0.1, 0.30000000000000004, 1e21, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const json = fc.oneof(scalar, fc.constant({ x: 1 }), fc.constant([1]));
    const operand = fc.oneof(
      scalar,
      scalar.map(($eq) => ({ $eq })),
      scalar.map(($ne) => ({ $ne })),
      fc.integer({ min: -2, max: 6 }).map(($gte) => ({ $gte })),
      fc.array(scalar, { maxLength: 3 }).map(($in) => ({ $in })),
    );
    const items = fc.array(fc.dictionary(field, json, { maxKeys: 3 }), { minLength: 1, maxLength: 8 });
    const filter = fc.dictionary(field, operand, { minKeys: 1, maxKeys: 2 });

    await fc.assert(
      fc.asyncProperty(items, fc.array(filter, { minLength: 1, maxLength: 4 }), async (values, filters) => {
        const memory = new InMemoryStore();
        const sqlite = new SqliteStore();
        try {
          for (const [i, value] of values.entries()) {
            await memory.put(["t"], `k${i}`, value);
            await sqlite.put(["t"], `k${i}`, value);
          }
          // Filters copied from the stored values make matches common (copies: memory compares by reference).
          for (const f of [...filters, ...values.map((v) => structuredClone(v))]) {
            const expected = (await memory.search(["t"], { filter: f, limit: 100 })).map((item) => item.key);
            const got = (await sqlite.search(["t"], { filter: f, limit: 100 })).map((item) => item.key);
            expect(got).toEqual(expected);
          }
        } finally {
          sqlite.stop();
        }
      }),
      { numRuns: 300 },
    );
  });
});
