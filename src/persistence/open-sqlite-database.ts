/**
 * Opening a SQLite file for LangGraph persistence: create the parent folder, check an existing
 * file for damage before anything can write to it, open it with `better-sqlite3`, and set the
 * pragmas a long-running writer wants (WAL, `synchronous = NORMAL`, a busy timeout). A damaged
 * file is a {@link DatabaseDamagedError}, a lock held past the busy timeout a
 * {@link DatabaseBusyError}, anything else a {@link ConfigurationError}; all name the path.
 */
import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { ConfigurationError, LanggraphParallelError } from "../errors.js";
import { checkWriteAheadLog, quickCheck } from "./check-sqlite-file.js";
import { guardSqlite } from "./sqlite-failure.js";

/** Options of `openSqliteDatabase` and `applySqlitePragmas`. */
export interface SqliteOpenOptions {
  /** How long a statement waits for another connection's lock before `SQLITE_BUSY`, in ms. Default `5000`. */
  busyTimeoutMs?: number;
  /**
   * Run `PRAGMA quick_check` when an existing file is opened, if the file and its `-wal` are at
   * most this many bytes together (the check reads every page: about 1 ms per MB once cached).
   * Larger files skip it: damage in them is reported at the first read or write that meets it,
   * as the same `DatabaseDamagedError`. `0` never checks; `Infinity` always does.
   * Default 64 MiB.
   */
  quickCheckMaxBytes?: number;
}

/**
 * Default of {@link SqliteOpenOptions.busyTimeoutMs}.
 *
 * @example
 * ```ts
 * import { DEFAULT_BUSY_TIMEOUT_MS } from "langgraph-parallel/sqlite";
 * DEFAULT_BUSY_TIMEOUT_MS; // 5000
 * ```
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Default of {@link SqliteOpenOptions.quickCheckMaxBytes}: 64 MiB.
 *
 * @example
 * ```ts
 * import { DEFAULT_QUICK_CHECK_MAX_BYTES } from "langgraph-parallel/sqlite";
 * DEFAULT_QUICK_CHECK_MAX_BYTES; // 67108864
 * ```
 */
export const DEFAULT_QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024;

/** The checked busy timeout: a whole number of milliseconds ≥ 0. */
function busyTimeout(options: SqliteOpenOptions): number {
  const timeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  if (Number.isInteger(timeout) && timeout >= 0 && timeout <= 0x7fffffff) return timeout;
  throw new ConfigurationError(`busyTimeoutMs must be a whole number of milliseconds ≥ 0, not ${timeout}.`, "Pass e.g. { busyTimeoutMs: 5000 }.");
}

/** The checked quick-check limit: a number of bytes ≥ 0 (or `Infinity`). */
function quickCheckLimit(options: SqliteOpenOptions): number {
  const limit = options.quickCheckMaxBytes ?? DEFAULT_QUICK_CHECK_MAX_BYTES;
  if (typeof limit === "number" && limit >= 0) return limit;
  throw new ConfigurationError(`quickCheckMaxBytes must be a number of bytes ≥ 0, not ${limit}.`, "Pass e.g. { quickCheckMaxBytes: 0 } to skip the check.");
}

/** The size of a file in bytes, or 0 when it does not exist. */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Whether `path` names an in-memory or temporary database (nothing on disk to create):
 * `":memory:"`, `""`, or a `file:` URI (left to SQLite as given).
 *
 * @param path - A database path.
 * @returns `true` when no folder should be created for it.
 * @example
 * ```ts
 * import { isVirtualSqlitePath } from "langgraph-parallel/sqlite";
 * isVirtualSqlitePath(":memory:"); // true
 * isVirtualSqlitePath("data/runs.sqlite"); // false
 * ```
 */
export function isVirtualSqlitePath(path: string): boolean {
  const trimmed = path.trim();
  return trimmed === "" || trimmed === ":memory:" || trimmed.startsWith("file:");
}

/**
 * Sets WAL journaling (file databases only; in-memory ones keep `memory`), `synchronous = NORMAL`
 * (durable at each checkpoint of the WAL, far fewer fsyncs than `FULL`) and the busy timeout.
 * Idempotent, so it is safe on a connection someone else configured.
 *
 * @param db - An open connection.
 * @param options - `busyTimeoutMs` (default `5000`).
 * @example
 * ```ts
 * import Database from "better-sqlite3";
 * import { applySqlitePragmas } from "langgraph-parallel/sqlite";
 * const db = new Database("runs.sqlite");
 * applySqlitePragmas(db, { busyTimeoutMs: 10_000 });
 * db.pragma("journal_mode", { simple: true }); // "wal"
 * ```
 */
export function applySqlitePragmas(db: Database.Database, options: SqliteOpenOptions = {}): void {
  const timeout = busyTimeout(options);
  if (!db.memory) db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma(`busy_timeout = ${timeout}`);
}

/**
 * Opens (creating if needed) a SQLite database file and its parent folders, with
 * {@link applySqlitePragmas} applied. `":memory:"` opens a private in-memory database.
 *
 * An existing file is checked first, and nothing is written to it when the check fails: a
 * `-wal` file with content must start with a sound WAL header, and `PRAGMA quick_check` must
 * pass (files up to `quickCheckMaxBytes`). When the `-wal` holds data the check runs on a
 * read-only connection, because closing a read-write one copies the log into the main file.
 *
 * @param path - File path (relative paths resolve from `process.cwd()`), or `":memory:"`.
 * @param options - `busyTimeoutMs` (default `5000`), `quickCheckMaxBytes` (default 64 MiB).
 * @returns The open connection; the caller closes it.
 * @throws {DatabaseDamagedError} naming the file when it (or its `-wal`) is damaged or is not a
 *   SQLite database.
 * @throws {DatabaseBusyError} when another connection holds a lock past the busy timeout.
 * @throws {ConfigurationError} naming the path when the folder cannot be created or the file
 *   cannot be opened.
 * @example
 * ```ts
 * import { openSqliteDatabase, SqliteStore } from "langgraph-parallel/sqlite";
 * const db = openSqliteDatabase("data/memo.sqlite"); // creates data/ if missing
 * const store = new SqliteStore(db);
 * ```
 */
export function openSqliteDatabase(path: string, options: SqliteOpenOptions = {}): Database.Database {
  const timeout = busyTimeout(options);
  const limit = quickCheckLimit(options);
  const virtual = isVirtualSqlitePath(path);
  const target = virtual ? path : resolve(path);
  let db: Database.Database | undefined;
  try {
    if (!virtual) mkdirSync(dirname(target), { recursive: true });
    const walHasData = !virtual && checkWriteAheadLog(target);
    const size = virtual ? 0 : fileSize(target);
    const check = size > 0 && size + fileSize(`${target}-wal`) <= limit;
    if (check && walHasData) {
      const probe = new Database(target, { timeout, readonly: true, fileMustExist: true });
      try {
        guardSqlite(probe, () => quickCheck(probe));
      } finally {
        probe.close();
      }
    }
    const open = (db = new Database(target, { timeout }));
    guardSqlite(open, () => {
      if (check && !walHasData) quickCheck(open);
      applySqlitePragmas(open, options);
    });
    return open;
  } catch (error) {
    db?.close();
    if (error instanceof LanggraphParallelError) throw error;
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
    throw new ConfigurationError(
      `Cannot open the SQLite database at "${target}": ${reason}.`,
      'Pass a file path in a folder you can write to (it is created if missing), or ":memory:".',
      { cause: error },
    );
  }
}
