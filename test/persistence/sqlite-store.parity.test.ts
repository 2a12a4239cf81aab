import fc from "fast-check";
import { InMemoryStore } from "@langchain/langgraph";
import type { BaseStore, Operation } from "@langchain/langgraph";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteStore } from "../../src/persistence/sqlite-store.js";

/** One step of a scenario, run the same way against both stores. */
type Step =
  | ["put", string[], string, Record<string, unknown>]
  | ["delete", string[], string]
  | ["get", string[], string]
  | ["search", string[], Parameters<BaseStore["search"]>[1]?]
  | ["list", Parameters<BaseStore["listNamespaces"]>[0]?]
  | ["batch", Operation[]];

/** Drops timestamps (they differ between stores by construction) and keeps what must agree. */
function normalise(result: unknown): unknown {
  if (Array.isArray(result)) return result.map(normalise);
  if (result && typeof result === "object" && "createdAt" in result) {
    const { createdAt, updatedAt, ...rest } = result as Record<string, unknown>;
    expect(createdAt).toBeInstanceOf(Date);
    expect(updatedAt).toBeInstanceOf(Date);
    return rest;
  }
  return result;
}

async function run(store: BaseStore, step: Step): Promise<unknown> {
  switch (step[0]) {
    case "put":
      return store.put(step[1], step[2], step[3]);
    case "delete":
      return store.delete(step[1], step[2]);
    case "get":
      return store.get(step[1], step[2]);
    case "search":
      return store.search(step[1], step[2]);
    case "list":
      return store.listNamespaces(step[1]);
    case "batch":
      return store.batch(step[1]);
  }
}

const opened: SqliteStore[] = [];
function sqlite(): SqliteStore {
  const store = new SqliteStore(":memory:");
  opened.push(store);
  return store;
}
afterEach(() => {
  for (const store of opened.splice(0)) store.stop();
});

/** Runs `steps` on a fresh InMemoryStore and a fresh SqliteStore; returns both result lists. */
async function both(steps: Step[]): Promise<{ memory: unknown[]; sqlite: unknown[] }> {
  const stores = { memory: new InMemoryStore() as BaseStore, sqlite: sqlite() as BaseStore };
  const out = { memory: [] as unknown[], sqlite: [] as unknown[] };
  for (const step of steps) {
    for (const name of ["memory", "sqlite"] as const) out[name].push(normalise(await run(stores[name], step)));
  }
  return out;
}

// Namespaces are written interleaved, an item is updated in place and another deleted and
// re-added, so result order (namespace first written, then item insertion) is exercised.
const seed: Step[] = [
  ["put", ["docs", "a"], "k1", { type: "report", score: 3, title: "Alpha" }],
  ["put", ["docs", "b"], "k2", { type: "memo", score: 7, title: "Beta" }],
  ["put", ["docs", "a"], "k3", { type: "memo", score: 5, title: "Gamma" }],
  ["put", ["users", "u1"], "prefs", { theme: "dark", score: 1 }],
  ["put", ["docs", "a", "v1"], "k4", { type: "report", score: 9, tags: ["x"] }],
  ["put", ["Zeta"], "z", { type: "memo", score: 0, done: true }],
  ["put", ["docs", "b"], "k2", { type: "memo", score: 8, title: "Beta 2" }],
  ["delete", ["docs", "a"], "k1"],
  ["put", ["docs", "a"], "k1", { type: "report", score: 4, title: "Alpha 2" }],
];

const k1 = { namespace: ["docs", "a"], key: "k1", value: { type: "report", score: 4, title: "Alpha 2" } };
const k2 = { namespace: ["docs", "b"], key: "k2", value: { type: "memo", score: 8, title: "Beta 2" } };
const k3 = { namespace: ["docs", "a"], key: "k3", value: { type: "memo", score: 5, title: "Gamma" } };
const k4 = { namespace: ["docs", "a", "v1"], key: "k4", value: { type: "report", score: 9, tags: ["x"] } };
const prefs = { namespace: ["users", "u1"], key: "prefs", value: { theme: "dark", score: 1 } };
const zeta = { namespace: ["Zeta"], key: "z", value: { type: "memo", score: 0, done: true } };
const hit = (item: object) => ({ ...item, score: undefined });

/** [name, step, expected result] — each row runs after the seed on both stores. */
const cases: [string, Step, unknown][] = [
  ["get an item", ["get", ["docs", "a"], "k3"], k3],
  ["get an updated item", ["get", ["docs", "b"], "k2"], k2],
  ["get a missing key", ["get", ["docs", "a"], "nope"], null],
  ["get in a missing namespace", ["get", ["nowhere"], "k1"], null],
  ["search everything (default limit 10)", ["search", []], [k3, k1, k2, prefs, k4, zeta].map(hit)],
  ["search a prefix: its namespace and below, in write order", ["search", ["docs"]], [k3, k1, k2, k4].map(hit)],
  ["search a deeper prefix", ["search", ["docs", "a"]], [k3, k1, k4].map(hit)],
  ["a prefix matches whole labels only", ["search", ["doc"]], []],
  ["a leaf namespace", ["search", ["docs", "a", "v1"]], [hit(k4)]],
  ["filter by equality", ["search", ["docs"], { filter: { type: "memo" } }], [k3, k2].map(hit)],
  ["filter by two fields", ["search", [], { filter: { type: "report", score: 9 } }], [hit(k4)]],
  ["filter by boolean", ["search", [], { filter: { done: true } }], [hit(zeta)]],
  ["a boolean does not equal 1", ["search", [], { filter: { score: true } }], []],
  ["a string does not equal a number", ["search", [], { filter: { score: "5" } }], []],
  ["an array filter never matches a stored copy", ["search", [], { filter: { tags: ["x"] } }], []],
  ["$gte", ["search", ["docs"], { filter: { score: { $gte: 5 } } }], [k3, k2, k4].map(hit)],
  ["$gt and $lt together", ["search", ["docs"], { filter: { score: { $gt: 3, $lt: 9 } } }], [k3, k1, k2].map(hit)],
  ["$lte", ["search", [], { filter: { score: { $lte: 1 } } }], [prefs, zeta].map(hit)],
  ["$ne (missing fields count as not equal)", ["search", [], { filter: { type: { $ne: "memo" } } }], [k1, prefs, k4].map(hit)],
  ["$eq", ["search", [], { filter: { title: { $eq: "Beta 2" } } }], [hit(k2)]],
  ["$in", ["search", [], { filter: { score: { $in: [0, 4, 99] } } }], [k1, zeta].map(hit)],
  ["$nin", ["search", ["docs"], { filter: { score: { $nin: [4, 5] } } }], [k2, k4].map(hit)],
  ["limit", ["search", [], { limit: 2 }], [k3, k1].map(hit)],
  ["limit and offset", ["search", [], { limit: 2, offset: 3 }], [prefs, k4].map(hit)],
  ["offset past the end", ["search", [], { offset: 10 }], []],
  ["limit 0", ["search", [], { limit: 0 }], []],
  ["filter, then page", ["search", [], { filter: { type: "memo" }, limit: 2, offset: 1 }], [k2, zeta].map(hit)],
  ["list all namespaces (locale order)", ["list"], [["docs", "a"], ["docs", "a", "v1"], ["docs", "b"], ["users", "u1"], ["Zeta"]]],
  ["list by prefix", ["list", { prefix: ["docs"] }], [["docs", "a"], ["docs", "a", "v1"], ["docs", "b"]]],
  ["list by prefix with a wildcard", ["list", { prefix: ["*", "a"] }], [["docs", "a"], ["docs", "a", "v1"]]],
  ["list by suffix", ["list", { suffix: ["v1"] }], [["docs", "a", "v1"]]],
  ["list by suffix with a wildcard", ["list", { suffix: ["*", "b"] }], [["docs", "b"]]],
  ["list by prefix and suffix", ["list", { prefix: ["docs"], suffix: ["a"] }], [["docs", "a"]]],
  ["a longer prefix than any namespace", ["list", { prefix: ["docs", "a", "v1", "x"] }], []],
  ["maxDepth 1 folds namespaces", ["list", { maxDepth: 1 }], [["docs"], ["users"], ["Zeta"]]],
  ["maxDepth 2 under a prefix", ["list", { prefix: ["docs"], maxDepth: 2 }], [["docs", "a"], ["docs", "b"]]],
  ["list limit and offset", ["list", { limit: 2, offset: 1 }], [["docs", "a", "v1"], ["docs", "b"]]],
  [
    "a batch: reads see the state before its writes",
    [
      "batch",
      [
        { namespace: ["new"], key: "n", value: { v: 1 } },
        { namespace: ["new"], key: "n" },
        { namespacePrefix: ["new"], limit: 10, offset: 0 },
        { matchConditions: [{ matchType: "prefix", path: ["new"] }], limit: 10, offset: 0 },
      ],
    ],
    [null, null, [], []],
  ],
];

describe("SqliteStore matches InMemoryStore", () => {
  it.each(cases)("%s", async (_name, step, expected) => {
    const { memory, sqlite: got } = await both([...seed, step]);
    expect(got).toEqual(memory);
    expect(got.at(-1)).toEqual(expected);
  });

  it("a batch's writes are visible afterwards; several puts to one key keep the last and the first's place", async () => {
    const steps: Step[] = [
      [
        "batch",
        [
          { namespace: ["b"], key: "x", value: null },
          { namespace: ["b"], key: "y", value: { n: 1 } },
          { namespace: ["b"], key: "x", value: { n: 2 } },
          { namespace: ["a"], key: "z", value: { n: 3 } },
        ],
      ],
      ["search", []],
      ["get", ["b"], "x"],
    ];
    const { memory, sqlite: got } = await both(steps);
    expect(got).toEqual(memory);
    expect(got[0]).toEqual([null, null, null, null]);
    expect((got[1] as { key: string }[]).map((i) => i.key)).toEqual(["x", "y", "z"]);
    expect(got[2]).toEqual({ namespace: ["b"], key: "x", value: { n: 2 } });
  });

  it("a namespace keeps its place after all its items are deleted (as InMemoryStore's Map does)", async () => {
    const steps: Step[] = [
      ["put", ["a"], "1", { n: 1 }],
      ["put", ["b"], "2", { n: 2 }],
      ["delete", ["a"], "1"],
      ["put", ["a"], "3", { n: 3 }],
      ["search", []],
    ];
    const { memory, sqlite: got } = await both(steps);
    expect(got).toEqual(memory);
    expect((got[4] as { key: string }[]).map((i) => i.key)).toEqual(["3", "2"]);
  });

  it.each([
    ["an empty namespace", ["put", [], "k", { v: 1 }]],
    ["a label with a period", ["put", ["a.b"], "k", { v: 1 }]],
    ["a label with a colon", ["get", ["a:b"], "k"]],
    ["an empty label", ["get", ["a", ""], "k"]],
    ["a NUL byte", ["search", ["a\0"]]],
    ['the reserved root "langgraph" on put', ["put", ["langgraph", "x"], "k", { v: 1 }]],
    ["an empty namespace in a batched get", ["batch", [{ namespace: [], key: "k" }]]],
    ["a colon in a batched put", ["batch", [{ namespace: ["a:b"], key: "k", value: { v: 1 } }]]],
    ["a period in a batched search prefix", ["batch", [{ namespacePrefix: ["a.b"], limit: 10, offset: 0 }]]],
  ] as [string, Step][])("rejects %s with the same message", async (_name, step) => {
    const memoryError = await run(new InMemoryStore(), step).catch((e: Error) => e);
    const sqliteError = await run(sqlite(), step).catch((e: Error) => e);
    expect(memoryError).toBeInstanceOf(Error);
    expect((sqliteError as Error).message).toBe((memoryError as Error).message);
  });

  it("rejects a whole batch when one operation is invalid, writing nothing", async () => {
    const ops: Operation[] = [
      { namespace: ["ok"], key: "a", value: { v: 1 } },
      { namespace: ["bad.label"], key: "b", value: { v: 2 } },
    ];
    for (const store of [new InMemoryStore(), sqlite()]) {
      await expect(store.batch(ops)).rejects.toThrow("cannot contain periods");
      expect(await store.search([])).toEqual([]);
    }
  });
});

describe("SqliteStore matches InMemoryStore on random operation sequences", () => {
  const namespace = fc.constantFrom<string[]>(["a"], ["a", "b"], ["a", "b", "c"], ["b"], ["B"], ["c", "b"]);
  const key = fc.constantFrom("k1", "k2", "k3");
  const value = fc.record({ n: fc.integer({ min: 0, max: 4 }), tag: fc.constantFrom("x", "y", "X"), ok: fc.boolean() });
  const filter = fc.oneof(
    fc.constant(undefined),
    fc.record({ tag: fc.constantFrom("x", "y") }),
    fc.record({ n: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.record({ $gte: fc.integer({ min: 0, max: 4 }) })) }),
    fc.record({ ok: fc.boolean(), tag: fc.record({ $ne: fc.constantFrom("x", "y") }) }),
  );
  const page = { limit: fc.integer({ min: 0, max: 6 }), offset: fc.integer({ min: 0, max: 4 }) };
  const search = fc
    .record({ prefix: fc.oneof(fc.constant([] as string[]), namespace), filter, ...page })
    .map(({ prefix, ...options }): Step => ["search", prefix, options]);
  const put = fc.tuple(namespace, key, value).map(([ns, k, v]): Step => ["put", ns, k, v]);
  const del = fc.tuple(namespace, key).map(([ns, k]): Step => ["delete", ns, k]);
  const get = fc.tuple(namespace, key).map(([ns, k]): Step => ["get", ns, k]);
  // Reads and writes go in separate batches: a get batched with a put to the same existing key
  // differs on purpose (InMemoryStore returns the live item, which the put then mutates).
  const batchedPut = fc.tuple(namespace, key, fc.oneof(value, fc.constant(null))).map(([ns, k, v]): Operation => ({ namespace: ns, key: k, value: v }));
  const batchedRead = fc.oneof(
    fc.tuple(namespace, key).map(([ns, k]): Operation => ({ namespace: ns, key: k })),
    fc.record({ namespacePrefix: namespace, filter, ...page }),
  );
  const batch = fc
    .oneof(fc.array(batchedPut, { maxLength: 6 }), fc.array(batchedRead, { maxLength: 4 }))
    .map((ops): Step => ["batch", ops]);
  const list = fc
    .record(
      {
        prefix: fc.constantFrom<string[]>(["a"], ["*", "b"], ["c"]),
        suffix: fc.constantFrom<string[]>(["b"], ["*"], ["b", "c"]),
        maxDepth: fc.integer({ min: 1, max: 3 }),
        ...page,
      },
      { requiredKeys: [] },
    )
    .map((options): Step => ["list", options]);

  it("puts, deletes, gets, searches and batches", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(put, put, del, get, search, batch), { maxLength: 30 }), async (steps) => {
        const { memory, sqlite: got } = await both(steps);
        expect(got).toEqual(memory);
      }),
      { numRuns: 400 },
    );
  });

  // No deletes here: InMemoryStore keeps listing namespaces whose items are all deleted.
  it("puts and namespace listings", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(put, put, list), { maxLength: 20 }), async (steps) => {
        const { memory, sqlite: got } = await both(steps);
        expect(got).toEqual(memory);
      }),
      { numRuns: 400 },
    );
  });
});
