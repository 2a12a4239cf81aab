import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InMemoryStore } from "@langchain/langgraph";
import type { PutOperation } from "@langchain/langgraph";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConfigurationError } from "../../src/errors.js";
import { SqliteStore } from "../../src/persistence/sqlite-store.js";
import { StoreError } from "../../src/persistence/store-error.js";

let dir: string;
const opened: { stop(): void }[] = [];
function open(...args: ConstructorParameters<typeof SqliteStore>): SqliteStore {
  const store = new SqliteStore(...args);
  opened.push(store);
  return store;
}
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sqlite-store-"));
});
afterEach(() => {
  vi.useRealTimers();
  for (const store of opened.splice(0)) store.stop();
  rmSync(dir, { recursive: true, force: true });
});

const keysOf = (items: { key: string }[]) => items.map((i) => i.key);

describe("SqliteStore on a file", () => {
  it("uses WAL, synchronous = NORMAL and a busy timeout (default 5000 ms)", () => {
    const store = open(join(dir, "a.sqlite"));
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.db.pragma("synchronous", { simple: true })).toBe(1);
    expect(store.db.pragma("busy_timeout", { simple: true })).toBe(5000);
    expect(open(join(dir, "b.sqlite"), { busyTimeoutMs: 250 }).db.pragma("busy_timeout", { simple: true })).toBe(250);
  });

  it("creates missing folders for the file", async () => {
    const store = open(join(dir, "nested", "deeper", "store.sqlite"));
    await store.put(["a"], "k", { v: 1 });
    expect((await store.get(["a"], "k"))?.value).toEqual({ v: 1 });
  });

  it("keeps values, timestamps, order and namespaces across close and reopen", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const file = join(dir, "durable.sqlite");
    const first = new SqliteStore(file);
    vi.setSystemTime(new Date("2025-01-01T00:00:00.000Z"));
    await first.put(["memo", "run-1"], "b", { status: "done", n: 1 });
    await first.put(["memo", "run-2"], "a", { status: "todo", n: 2 });
    vi.setSystemTime(new Date("2025-01-02T00:00:00.000Z"));
    await first.put(["memo", "run-1"], "c", { status: "done", n: 3 });
    await first.put(["memo", "run-1"], "b", { status: "done", n: 4 });
    first.stop();
    expect(first.db.open).toBe(false);

    const second = open(file);
    expect(await second.get(["memo", "run-1"], "b")).toEqual({
      value: { status: "done", n: 4 },
      key: "b",
      namespace: ["memo", "run-1"],
      createdAt: new Date("2025-01-01T00:00:00.000Z"),
      updatedAt: new Date("2025-01-02T00:00:00.000Z"),
    });
    expect(keysOf(await second.search(["memo"]))).toEqual(["b", "c", "a"]);
    expect(keysOf(await second.search(["memo"], { filter: { status: "done" } }))).toEqual(["b", "c"]);
    expect(await second.listNamespaces()).toEqual([
      ["memo", "run-1"],
      ["memo", "run-2"],
    ]);
  });

  it("writes a 2,000-item batch in one call and one transaction", async () => {
    const store = open(join(dir, "bulk.sqlite"));
    const ops: PutOperation[] = Array.from({ length: 2000 }, (_, i) => ({
      namespace: ["bulk", `shard-${i % 4}`],
      key: `item-${i}`,
      value: { i, group: i % 10, text: `row ${i}` },
    }));
    const results = await store.batch(ops);
    expect(results).toHaveLength(2000);
    expect(results.every((r) => r === null)).toBe(true);
    expect(store.db.prepare("SELECT count(*) FROM store_items").pluck().get()).toBe(2000);
    expect(await store.get(["bulk", "shard-3"], "item-1999")).toMatchObject({ value: { i: 1999, group: 9, text: "row 1999" } });
    const groupSeven = await store.search(["bulk"], { filter: { group: 7 }, limit: 1000 });
    expect(groupSeven).toHaveLength(200);
    // Namespaces in first-write order (group 7 is odd, so shard-1 comes first), then insertion order.
    expect(groupSeven.slice(0, 3).map((item) => item.value.i)).toEqual([17, 37, 57]);
    expect(groupSeven.at(-1)?.value.i).toBe(1987);
    expect(await store.listNamespaces({ prefix: ["bulk"] })).toEqual([0, 1, 2, 3].map((s) => ["bulk", `shard-${s}`]));

    // One transaction: a failure on the last row rolls back the other 1,999.
    store.db.exec(`CREATE TRIGGER fail_last BEFORE INSERT ON store_items WHEN NEW.key = 'again-1999'
                   BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END;`);
    const again = ops.map((op) => ({ ...op, namespace: ["again"], key: op.key.replace("item", "again") }));
    await expect(store.batch(again)).rejects.toThrow("refused by trigger");
    expect(await store.search(["again"])).toEqual([]);
    expect(store.db.inTransaction).toBe(false);
  });
});

describe("SqliteStore values", () => {
  it("stores a JSON copy: later changes do not leak in; Dates become strings, NaN null", async () => {
    const store = open();
    const value = { list: [1, 2], when: new Date("2025-03-04T05:06:07.000Z"), n: NaN, gone: undefined };
    await store.put(["a"], "k", value);
    value.list.push(3);
    expect((await store.get(["a"], "k"))?.value).toStrictEqual({ list: [1, 2], when: "2025-03-04T05:06:07.000Z", n: null });
  });

  it("keeps createdAt and moves updatedAt on update", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const store = open();
    vi.setSystemTime(new Date("2025-05-01T00:00:00.000Z"));
    await store.put(["a"], "k", { v: 1 });
    vi.setSystemTime(new Date("2025-05-02T00:00:00.000Z"));
    await store.put(["a"], "k", { v: 2 });
    const item = await store.get(["a"], "k");
    expect([item?.createdAt.toISOString(), item?.updatedAt.toISOString()]).toEqual([
      "2025-05-01T00:00:00.000Z",
      "2025-05-02T00:00:00.000Z",
    ]);
  });

  it.each([
    ["an array", [1, 2], "must be a JSON object, got [1,2]"],
    ["a string", "text", 'must be a JSON object, got "text"'],
    ["a BigInt inside", { n: 1n }, "is not JSON-serialisable: Do not know how to serialize a BigInt"],
    ["a function", () => 1, "must be a JSON object, got function"],
  ])("rejects %s as a value, writing nothing", async (_name, value, message) => {
    const store = open();
    const ops = [
      { namespace: ["a"], key: "ok", value: { v: 1 } },
      { namespace: ["a"], key: "bad", value: value as unknown as Record<string, unknown> },
    ];
    const error = await store.batch(ops).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toBe(`The value for key "bad" in [a] ${message}.`);
    expect(await store.search([])).toEqual([]);
  });
});

describe("SqliteStore differences from InMemoryStore (documented)", () => {
  it("search `query` is a case-insensitive substring match on the JSON text; InMemoryStore ignores it", async () => {
    const sqlite = open();
    const memory = new InMemoryStore();
    for (const store of [sqlite, memory]) {
      await store.put(["docs"], "1", { title: "Parallel Map-Reduce", lang: "ts" });
      await store.put(["docs"], "2", { title: "Checkpoints", lang: "py" });
      await store.put(["docs"], "3", { title: "map over items", lang: "ts" });
    }
    expect(keysOf(await sqlite.search(["docs"], { query: "MAP" }))).toEqual(["1", "3"]);
    expect(keysOf(await sqlite.search(["docs"], { query: "map", filter: { lang: "ts" }, offset: 1 }))).toEqual(["3"]);
    expect(keysOf(await sqlite.search(["docs"], { query: '"lang":"py"' }))).toEqual(["2"]); // keys and JSON syntax count
    expect(keysOf(await sqlite.search(["docs"], { query: "nothing like it" }))).toEqual([]);
    expect((await sqlite.search(["docs"], { query: "map" }))[0]?.score).toBeUndefined();
    expect(keysOf(await memory.search(["docs"], { query: "MAP" }))).toEqual(["1", "2", "3"]);
  });

  it("results are snapshots: a get batched with a put to the same key returns the old value", async () => {
    const sqlite = open();
    const memory = new InMemoryStore();
    const results = [];
    for (const store of [sqlite, memory]) {
      await store.put(["a"], "k", { v: "old" });
      const [, item] = await store.batch([
        { namespace: ["a"], key: "k", value: { v: "new" } },
        { namespace: ["a"], key: "k" },
      ]);
      results.push(item?.value);
    }
    // InMemoryStore hands out its live item, which the batch's put then overwrites.
    expect(results).toEqual([{ v: "old" }, { v: "new" }]);
  });

  it("listNamespaces lists only namespaces that still hold items", async () => {
    const sqlite = open();
    const memory = new InMemoryStore();
    for (const store of [sqlite, memory]) {
      await store.put(["kept"], "k", { v: 1 });
      await store.put(["emptied"], "k", { v: 1 });
      await store.delete(["emptied"], "k");
      await store.delete(["never-written"], "k");
    }
    expect(await sqlite.listNamespaces()).toEqual([["kept"]]);
    expect(await memory.listNamespaces()).toEqual([["emptied"], ["kept"], ["never-written"]]);
  });
});

describe("SqliteStore lifecycle", () => {
  it("stop() closes a database it opened; later calls throw a StoreError", async () => {
    const store = new SqliteStore(join(dir, "s.sqlite"));
    store.start();
    store.stop();
    store.stop();
    expect(store.db.open).toBe(false);
    await expect(store.get(["a"], "k")).rejects.toThrow(StoreError);
    await expect(store.get(["a"], "k")).rejects.toThrow("This SqliteStore is closed.");
    expect(() => store.start()).toThrow(StoreError);
  });

  it("stop() leaves a connection it was given open", async () => {
    const db = new Database(":memory:");
    const store = new SqliteStore(db);
    await store.put(["a"], "k", { v: 1 });
    store.stop();
    expect(db.open).toBe(true);
    expect(db.prepare("SELECT value FROM store_items").pluck().get()).toBe('{"v":1}');
    db.close();
  });

  it("rejects a path it cannot open with a ConfigurationError naming it", () => {
    const error = (() => {
      try {
        return new SqliteStore(dir); // a folder, not a database file
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(`Cannot open the SQLite database at "${dir}"`);
  });

  it("rejects a bad busy timeout", () => {
    expect(() => new SqliteStore(":memory:", { busyTimeoutMs: -1 })).toThrow(
      "busyTimeoutMs must be a whole number of milliseconds ≥ 0, not -1.",
    );
  });
});
