/**
 * What a failing SQLite call means for the file behind it. `better-sqlite3` throws `SqliteError`s
 * with a result code (`SQLITE_CORRUPT`, `SQLITE_BUSY`, …) but no file name; these helpers turn
 * a damaged file into a {@link DatabaseDamagedError} and a lock held too long into a
 * {@link DatabaseBusyError}, both naming the file, remember a damaged connection so that nothing
 * more is written through it, and let a connection that waited out its busy timeout fail fast
 * while the other writer still holds the lock.
 */
import type BetterSqlite3 from "better-sqlite3";
import { DatabaseBusyError, DatabaseDamagedError } from "../errors.js";

/** Connections that have reported damage: every later call fails with the same error, before SQLite runs. */
const damaged = new WeakMap<BetterSqlite3.Database, DatabaseDamagedError>();
/**
 * Connections on which a statement waited the whole busy timeout: while the lock is still held,
 * later calls fail at once with the same error instead of each blocking the process again
 * (`better-sqlite3` waits synchronously; a graph run makes dozens of calls).
 */
const busy = new WeakMap<BetterSqlite3.Database, DatabaseBusyError>();

/** The SQLite result code of an error (`"SQLITE_CORRUPT"`, …), or `undefined`. */
function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_") ? code : undefined;
}

/**
 * Whether an error is SQLite reporting a damaged file: `SQLITE_CORRUPT` and its extended codes
 * (`SQLITE_CORRUPT_INDEX`, …) or `SQLITE_NOTADB`.
 *
 * @param error - Anything thrown.
 * @returns `true` for damage.
 * @example
 * ```ts
 * isSqliteDamage(Object.assign(new Error("database disk image is malformed"), { code: "SQLITE_CORRUPT" })); // true
 * ```
 */
export function isSqliteDamage(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT" || code.startsWith("SQLITE_CORRUPT_"));
}

/**
 * Whether an error is SQLite giving up on another connection's lock (`SQLITE_BUSY` and its
 * extended codes).
 *
 * @param error - Anything thrown.
 * @returns `true` for a busy file.
 * @example
 * ```ts
 * isSqliteBusy(Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" })); // true
 * ```
 */
export function isSqliteBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_"));
}

/** `SQLite's message (CODE)`, without a final period. */
function problemOf(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
  const code = sqliteCode(error);
  return code ? `${message} (${code})` : message;
}

/**
 * The library error for a SQLite failure on `db`: a {@link DatabaseDamagedError} or a
 * {@link DatabaseBusyError} (each remembered for the connection), both naming `db.name`; any
 * other error unchanged.
 *
 * @param error - What a call on `db` threw.
 * @param db - The connection it was thrown by.
 * @returns The error to throw instead.
 * @example
 * ```ts
 * try { db.prepare("SELECT * FROM checkpoints").all(); } catch (e) { throw sqliteFailure(e, db); }
 * ```
 */
export function sqliteFailure(error: unknown, db: BetterSqlite3.Database): unknown {
  if (error instanceof DatabaseDamagedError) {
    damaged.set(db, error);
    return error;
  }
  if (isSqliteDamage(error)) {
    const failure = new DatabaseDamagedError(db.name, problemOf(error), { cause: error });
    damaged.set(db, failure);
    return failure;
  }
  if (error instanceof DatabaseBusyError) return error;
  if (isSqliteBusy(error)) {
    const failure = new DatabaseBusyError(db.name, busyTimeoutOf(db), { cause: error });
    busy.set(db, failure);
    return failure;
  }
  return error;
}

// Whether the lock that made `failure` give up is still held, tried without waiting.
function stillLocked(db: BetterSqlite3.Database, failure: DatabaseBusyError): boolean {
  if (!db.open || db.inTransaction || db.readonly) return false;
  db.pragma("busy_timeout = 0");
  try {
    db.exec("BEGIN IMMEDIATE");
    db.exec("ROLLBACK");
    return false;
  } catch (error) {
    return isSqliteBusy(error);
  } finally {
    db.pragma(`busy_timeout = ${failure.waitedMs}`);
  }
}

// The connection's busy timeout in ms (reading it takes no lock).
function busyTimeoutOf(db: BetterSqlite3.Database): number {
  try {
    return Number(db.pragma("busy_timeout", { simple: true }));
  } catch {
    return 0;
  }
}

/**
 * Runs `work` on `db`, first failing with the connection's remembered damage, and maps what it
 * throws through {@link sqliteFailure}. Works for synchronous and asynchronous `work`. After a
 * statement gave up on another connection's lock, each call first tries the lock without waiting:
 * still held, the call fails at once with the same {@link DatabaseBusyError}; free, it runs.
 *
 * @param db - The connection `work` uses.
 * @param work - The calls to make.
 * @returns What `work` returns.
 * @throws {DatabaseDamagedError} when the file is (or was found) damaged.
 * @throws {DatabaseBusyError} when another connection held the lock past the busy timeout.
 * @example
 * ```ts
 * const rows = guardSqlite(db, () => db.prepare("SELECT * FROM writes").all());
 * ```
 */
export function guardSqlite<T>(db: BetterSqlite3.Database, work: () => T): T {
  const known = damaged.get(db);
  if (known) throw known;
  const locked = busy.get(db);
  if (locked) {
    if (stillLocked(db, locked)) throw locked;
    busy.delete(db);
  }
  let result: T;
  try {
    result = work();
  } catch (error) {
    throw sqliteFailure(error, db);
  }
  if (result instanceof Promise) {
    return result.catch((error: unknown) => {
      throw sqliteFailure(error, db);
    }) as T;
  }
  return result;
}

/**
 * An async iterable whose every step runs through {@link guardSqlite} (for a saver's `list`).
 *
 * @param db - The connection the iterable reads.
 * @param items - The iterable.
 * @returns The same items, with SQLite failures mapped.
 * @example
 * ```ts
 * yield* guardSqliteIterable(this.db, super.list(config, options));
 * ```
 */
export async function* guardSqliteIterable<T>(db: BetterSqlite3.Database, items: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = guardSqlite(db, () => items[Symbol.asyncIterator]());
  try {
    for (;;) {
      const step = await guardSqlite(db, () => iterator.next());
      if (step.done) return;
      yield step.value;
    }
  } finally {
    await iterator.return?.();
  }
}
