/**
 * Opening a SQLite file for LangGraph persistence: create the parent folder, open it with
 * `better-sqlite3`, and set the pragmas a long-running writer wants (WAL, `synchronous = NORMAL`,
 * a busy timeout). Failures become a {@link ConfigurationError} that names the path.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { ConfigurationError } from "../errors.js";

/** Options of `openSqliteDatabase` and `applySqlitePragmas`. */
export interface SqliteOpenOptions {
  /** How long a statement waits for another connection's lock before `SQLITE_BUSY`, in ms. Default `5000`. */
  busyTimeoutMs?: number;
}

/** Default of {@link SqliteOpenOptions.busyTimeoutMs}. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** The checked busy timeout: a whole number of milliseconds ≥ 0. */
function busyTimeout(options: SqliteOpenOptions): number {
  const timeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  if (Number.isInteger(timeout) && timeout >= 0 && timeout <= 0x7fffffff) return timeout;
  throw new ConfigurationError(`busyTimeoutMs must be a whole number of milliseconds ≥ 0, not ${timeout}.`, "Pass e.g. { busyTimeoutMs: 5000 }.");
}

/**
 * Whether `path` names an in-memory or temporary database (nothing on disk to create):
 * `":memory:"`, `""`, or a `file:` URI (left to SQLite as given).
 *
 * @param path - A database path.
 * @returns `true` when no folder should be created for it.
 * @example
 * ```ts
 * isVirtualSqlitePath(":memory:"); // true
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
 * applySqlitePragmas(new Database("runs.sqlite"), { busyTimeoutMs: 10_000 });
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
 * @param path - File path (relative paths resolve from `process.cwd()`), or `":memory:"`.
 * @param options - `busyTimeoutMs` (default `5000`).
 * @returns The open connection; the caller closes it.
 * @throws {ConfigurationError} naming the path when the folder cannot be created or the file
 *   cannot be opened as a database.
 * @example
 * ```ts
 * const db = openSqliteDatabase("data/memo.sqlite");
 * ```
 */
export function openSqliteDatabase(path: string, options: SqliteOpenOptions = {}): Database.Database {
  const timeout = busyTimeout(options);
  const target = isVirtualSqlitePath(path) ? path : resolve(path);
  let db: Database.Database | undefined;
  try {
    if (!isVirtualSqlitePath(path)) mkdirSync(dirname(target), { recursive: true });
    db = new Database(target, { timeout });
    applySqlitePragmas(db, options);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof ConfigurationError) throw error;
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
    throw new ConfigurationError(
      `Cannot open the SQLite database at "${target}": ${reason}.`,
      'Pass a file path in a folder you can write to (it is created if missing), or ":memory:".',
      { cause: error },
    );
  }
}
