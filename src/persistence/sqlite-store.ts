/**
 * A durable LangGraph `BaseStore` on SQLite (`better-sqlite3`), with the semantics of
 * `InMemoryStore`: same validation, same filter rules, same result order, reads in a batch see
 * the state before the batch's writes. Each `batch()` is one SQLite transaction.
 */
import { BaseStore } from "@langchain/langgraph";
import type { Item, ListNamespacesOperation, Operation, OperationResults, PutOperation, SearchOperation } from "@langchain/langgraph";
import type BetterSqlite3 from "better-sqlite3";
import { openSqliteDatabase, applySqlitePragmas, type SqliteOpenOptions } from "./open-sqlite-database.js";
import { guardSqlite } from "./sqlite-failure.js";
import { StoreError } from "./store-error.js";
import { filterToSql, matchesFilter } from "./store-filter.js";
import { decodeNamespace, encodeNamespace, matchesCondition, namespacePrefixSql, validateStoreNamespace } from "./store-namespace.js";

/** A search hit: a store `Item` with `score` (always `undefined` here: no vector search). */
export type SearchItem = Awaited<ReturnType<BaseStore["search"]>>[number];

/** Options of {@link SqliteStore}. */
export type SqliteStoreOptions = SqliteOpenOptions;

/** One row of `store_items` as read back. */
interface ItemRow {
  namespace: string;
  key: string;
  value: string;
  created_at: string;
  updated_at: string;
}

/** A validated put, with its value already serialised (`null` deletes). */
interface PreparedPut {
  namespace: string;
  key: string;
  json: string | null;
}

// seq columns record insertion order: results come back namespace by namespace in the order each
// namespace was first written, then item by item in insertion order, as InMemoryStore's Maps do.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS store_items (
  seq INTEGER PRIMARY KEY,
  namespace TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (namespace, key)
);
CREATE TABLE IF NOT EXISTS store_namespaces (
  seq INTEGER PRIMARY KEY,
  namespace TEXT NOT NULL UNIQUE
);`;

/**
 * LangGraph store kept in a SQLite file: pass it as `compile({ store })` and nodes read and write
 * `config.store` durably. One table `store_items` keyed by `(namespace, key)` holds the JSON value,
 * `created_at` and `updated_at` (ISO 8601); a small `store_namespaces` table remembers the order
 * namespaces were first written in. WAL journaling, `synchronous = NORMAL`, a busy timeout.
 * Search results come in `InMemoryStore`'s order: by namespace (first written first), then by
 * item (first inserted first; an update keeps the place, a delete and re-put moves to the end).
 *
 * Differences from `InMemoryStore`:
 * - values are stored as JSON: you get a copy, not the object you passed (`Date`s come back as
 *   strings, `NaN` as `null`), and a value must serialise to a JSON object;
 * - results are snapshots: `InMemoryStore.get` returns its live item, which a later put (even one
 *   later in the same batch) overwrites;
 * - `search({ query })` keeps items whose stored JSON text (keys included) contains `query`,
 *   case-insensitively; there is no vector search, `score` is `undefined`. (`InMemoryStore`
 *   without embeddings ignores `query`.)
 * - `listNamespaces` lists only namespaces that hold items (`InMemoryStore` also lists those whose
 *   items were all deleted, or that only ever saw a delete);
 * - the `index` option of a put is ignored.
 *
 * @param database - A file path (folders are created; relative to `process.cwd()`), `":memory:"`,
 *   or an open `better-sqlite3` connection (which `stop()` then leaves open). Default `":memory:"`.
 * @param options - `busyTimeoutMs`: wait for another connection's lock, in ms. Default `5000`.
 * @throws {DatabaseDamagedError} naming the file when it is damaged (then, or in any later call;
 *   after that the store writes nothing more to it).
 * @throws {DatabaseBusyError} when another connection holds the lock past the busy timeout.
 * @throws {ConfigurationError} when the file cannot be opened.
 * @example
 * ```ts
 * import { SqliteStore } from "langgraph-parallel/sqlite";
 * const store = new SqliteStore("data/memo.sqlite");
 * await store.put(["memo", "run-1"], "item-7", { status: "done", score: 9 });
 * await store.search(["memo"], { filter: { score: { $gte: 5 } } });
 * store.stop();
 * ```
 */
export class SqliteStore extends BaseStore {
  /** The connection (shared with a checkpointer by `createSqlitePersistence`). */
  readonly db: BetterSqlite3.Database;
  /** Whether `stop()` closes {@link db} (the store opened it). */
  private readonly ownsDb: boolean;
  private readonly selectItem: BetterSqlite3.Statement<[string, string], Omit<ItemRow, "namespace" | "key">>;
  private readonly upsertItem: BetterSqlite3.Statement<[string, string, string, string, string]>;
  private readonly deleteItem: BetterSqlite3.Statement<[string, string]>;
  private readonly touchNamespace: BetterSqlite3.Statement<[string]>;
  /** Prepared search / list statements by SQL text (their shape varies with the filter). */
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(database: string | BetterSqlite3.Database = ":memory:", options: SqliteStoreOptions = {}) {
    super();
    this.ownsDb = typeof database === "string";
    this.db = typeof database === "string" ? openSqliteDatabase(database, options) : database;
    try {
      const db = this.db;
      [this.selectItem, this.upsertItem, this.deleteItem, this.touchNamespace] = guardSqlite(db, () => {
        if (!this.ownsDb) applySqlitePragmas(db, options);
        db.exec(SCHEMA);
        return [
          db.prepare<[string, string], Omit<ItemRow, "namespace" | "key">>("SELECT value, created_at, updated_at FROM store_items WHERE namespace = ? AND key = ?"),
          db.prepare<[string, string, string, string, string]>(
            `INSERT INTO store_items (namespace, key, value, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
          ),
          db.prepare<[string, string]>("DELETE FROM store_items WHERE namespace = ? AND key = ?"),
          db.prepare<[string]>("INSERT OR IGNORE INTO store_namespaces (namespace) VALUES (?)"),
        ] as const;
      });
    } catch (error) {
      if (this.ownsDb) this.db.close();
      throw error;
    }
  }

  /**
   * Runs get, put (value `null` deletes), search and listNamespaces operations in one transaction
   * and returns their results in order (`null` for puts). As in `InMemoryStore`, reads see the
   * state before this batch's writes, and several puts to one key keep only the last (in the
   * first one's place). Everything is validated before anything is written.
   *
   * @param operations - The operations.
   * @returns One result per operation.
   * @throws {StoreError} on an invalid namespace, a value that is not a JSON object, an unknown
   *   operation, or after `stop()`.
   * @throws {DatabaseDamagedError} when SQLite reports the file damaged (nothing of the batch is written).
   * @throws {DatabaseBusyError} when another connection holds the lock past the busy timeout.
   * @example
   * ```ts
   * const [, item] = await store.batch([
   *   { namespace: ["memo"], key: "a", value: { n: 1 } },
   *   { namespace: ["memo"], key: "a" }, // null: reads see the state before the batch
   * ]);
   * ```
   */
  async batch<Op extends readonly Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    this.assertOpen();
    const reads: (() => unknown)[] = [];
    const puts = new Map<string, PreparedPut>();
    for (const op of operations) {
      if ("namespace" in op) validateStoreNamespace(op.namespace, { allowReservedRoot: true });
      if ("key" in op && "namespace" in op && !("value" in op)) {
        const { namespace, key } = op;
        reads.push(() => this.getItem(namespace, key));
      } else if ("namespacePrefix" in op) {
        if (op.namespacePrefix.length > 0) validateStoreNamespace(op.namespacePrefix, { allowReservedRoot: true });
        reads.push(() => this.searchItems(op));
      } else if ("value" in op) {
        // Last write per key wins but keeps the first one's place, like InMemoryStore's Map.
        const put = preparePut(op);
        puts.set(`${put.namespace}\0${put.key}`, put);
        reads.push(() => null);
      } else if ("matchConditions" in op || "maxDepth" in op || "limit" in op) {
        reads.push(() => this.listNamespacesOp(op));
      } else {
        throw new StoreError(
          `Unknown store operation with fields: ${Object.keys(op).join(", ") || "(none)"}.`,
          "Pass get, put, search or listNamespaces operations.",
        );
      }
    }
    const run = this.db.transaction(() => {
      const results = reads.map((read) => read());
      const now = new Date().toISOString();
      // Each namespace once per batch: a map's memo puts thousands of items into one.
      for (const namespace of new Set(Array.from(puts.values(), (put) => put.namespace))) this.touchNamespace.run(namespace);
      for (const put of puts.values()) {
        if (put.json === null) this.deleteItem.run(put.namespace, put.key);
        else this.upsertItem.run(put.namespace, put.key, put.json, now, now);
      }
      return results;
    });
    // IMMEDIATE takes the write lock up front, so a read-then-write batch never dead-ends on BUSY.
    // A damaged file or a lock held too long becomes a library error naming the file.
    return guardSqlite(this.db, () => (puts.size > 0 ? run.immediate() : run.deferred())) as OperationResults<Op>;
  }

  /**
   * Deletes every item directly in `namespace` (not in namespaces below it) in one statement:
   * what `search` + a `batch` of deletes would do, without reading the values. The map patterns'
   * memo cleanup uses it when the store offers it.
   *
   * @param namespace - The namespace.
   * @returns How many items were deleted.
   * @throws {StoreError} on an invalid namespace, or after `stop()`.
   * @example
   * ```ts
   * import { SqliteStore } from "langgraph-parallel/sqlite";
   *
   * const store = new SqliteStore(":memory:");
   * await store.put(["memo", "run-1"], "a", { v: 1 });
   * await store.deleteNamespace(["memo", "run-1"]); // 1
   * ```
   */
  async deleteNamespace(namespace: string[]): Promise<number> {
    this.assertOpen();
    validateStoreNamespace(namespace, { allowReservedRoot: true });
    const encoded = encodeNamespace(namespace);
    return guardSqlite(this.db, () => this.statement("DELETE FROM store_items WHERE namespace = ?").run(encoded).changes);
  }

  /** Checks the store is usable (the schema is created by the constructor); throws after `stop()`. */
  override start(): void {
    this.assertOpen();
  }

  /** Closes the database if this store opened it (a connection passed in stays open). Idempotent. */
  override stop(): void {
    if (this.ownsDb && this.db.open) this.db.close();
  }

  /** Throws a {@link StoreError} after the connection was closed. */
  private assertOpen(): void {
    if (!this.db.open) {
      throw new StoreError("This SqliteStore is closed.", "Create a new SqliteStore (or createSqlitePersistence) after stop().");
    }
  }

  /** One item by namespace and key, or `null`. */
  private getItem(namespace: string[], key: string): Item | null {
    const row = this.selectItem.get(encodeNamespace(namespace), key);
    return row ? toItem({ ...row, namespace: encodeNamespace(namespace), key }) : null;
  }

  /** Items under a prefix in store order, narrowed in SQL, then filtered and paged exactly in JS. */
  private searchItems(op: SearchOperation): SearchItem[] {
    const prefix = namespacePrefixSql("i.namespace", op.namespacePrefix);
    const pushed = filterToSql(op.filter, "i.value");
    const sql = `SELECT i.namespace, i.key, i.value, i.created_at, i.updated_at
      FROM store_items i JOIN store_namespaces n ON n.namespace = i.namespace
      WHERE ${[prefix.sql, ...pushed.clauses].join(" AND ")} ORDER BY n.seq, i.seq`;
    const rows = this.statement<ItemRow>(sql).iterate(...prefix.params, ...pushed.params);
    const offset = op.offset ?? 0;
    const limit = op.limit ?? 10;
    const needle = op.query?.toLowerCase();
    const hits: SearchItem[] = [];
    // Stream and stop early for ordinary paging; odd offsets/limits fall back to Array#slice.
    const streaming = Number.isInteger(offset) && offset >= 0 && Number.isInteger(limit) && limit >= 0;
    let skipped = 0;
    for (const row of rows) {
      if (streaming && hits.length >= limit) break;
      if (needle && !row.value.toLowerCase().includes(needle)) continue;
      const item = toItem(row);
      if (!matchesFilter(item.value, op.filter)) continue;
      if (streaming && skipped < offset) skipped += 1;
      else hits.push({ ...item, score: undefined });
    }
    return streaming ? hits : hits.slice(offset, offset + limit);
  }

  /** Namespaces holding items, matched, folded to `maxDepth`, sorted and paged like InMemoryStore. */
  private listNamespacesOp(op: ListNamespacesOperation): string[][] {
    const conditions = op.matchConditions ?? [];
    // Narrow in SQL by the literal labels a prefix condition starts with; match exactly in JS.
    const firstPrefix = conditions.find((c) => c.matchType === "prefix")?.path ?? [];
    const wildcard = firstPrefix.indexOf("*");
    const literal = namespacePrefixSql("namespace", wildcard < 0 ? firstPrefix : firstPrefix.slice(0, wildcard));
    const encoded = this.statement<string>(`SELECT DISTINCT namespace FROM store_items WHERE ${literal.sql}`)
      .pluck()
      .all(...literal.params);
    let namespaces = encoded.map(decodeNamespace).filter((ns) => conditions.every((c) => matchesCondition(c, ns)));
    if (op.maxDepth !== undefined) {
      const depth = op.maxDepth;
      namespaces = [...new Set(namespaces.map((ns) => ns.slice(0, depth).join(":")))].map((ns) => ns.split(":"));
    }
    // Same order as InMemoryStore: locale comparison of the ":"-joined labels.
    namespaces.sort((a, b) => a.join(":").localeCompare(b.join(":")));
    const offset = op.offset ?? 0;
    return namespaces.slice(offset, offset + (op.limit ?? namespaces.length));
  }

  /** A prepared statement for `sql`, prepared once. */
  private statement<Row>(sql: string): BetterSqlite3.Statement<unknown[], Row> {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
    return stmt as BetterSqlite3.Statement<unknown[], Row>;
  }
}

/** Serialises a put's value (the namespace is already validated); throws unless it is a JSON object. */
function preparePut(op: PutOperation): PreparedPut {
  const namespace = encodeNamespace(op.namespace);
  if (op.value === null) return { namespace, key: op.key, json: null };
  let json: string | undefined;
  try {
    json = JSON.stringify(op.value);
  } catch (error) {
    throw new StoreError(
      `The value for key "${op.key}" in [${op.namespace.join(", ")}] is not JSON-serialisable: ${(error as Error).message}.`,
      "Store plain data (objects, arrays, strings, numbers, booleans, null).",
      { cause: error },
    );
  }
  if (json === undefined || !json.startsWith("{")) {
    throw new StoreError(
      `The value for key "${op.key}" in [${op.namespace.join(", ")}] must be a JSON object, got ${json ?? typeof op.value}.`,
      "Wrap it in an object, e.g. { value: … }; pass null to delete.",
    );
  }
  return { namespace, key: op.key, json };
}

/** A stored row as an {@link Item} (property order as InMemoryStore's). */
function toItem(row: ItemRow): Item {
  return {
    value: JSON.parse(row.value) as Record<string, unknown>,
    key: row.key,
    namespace: decodeNamespace(row.namespace),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
