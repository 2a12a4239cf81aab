/**
 * One SQLite file for everything a long LangGraph run should keep: the checkpointer
 * ({@link GuardedSqliteSaver}, a `SqliteSaver`: thread state, resumable after a crash) and the
 * store ({@link SqliteStore}: cross-thread memo data), on one shared connection.
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GuardedSqliteSaver } from "./guarded-sqlite-saver.js";
import { isVirtualSqlitePath, openSqliteDatabase, type SqliteOpenOptions } from "./open-sqlite-database.js";
import { SqliteStore } from "./sqlite-store.js";

/**
 * The repository's `data/` folder (git-ignored), where the default database lives. It is found
 * relative to this module, so in an installed package it is `data/` inside the package's own
 * folder (under `node_modules`): pass `path` or `dataDir` to `createSqlitePersistence` there.
 *
 * @example
 * ```ts
 * import { DEFAULT_DATA_DIR } from "langgraph-parallel/sqlite";
 * DEFAULT_DATA_DIR; // "<package root>/data/"
 * ```
 */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

/**
 * File name of the database inside the data folder.
 *
 * @example
 * ```ts
 * import { DEFAULT_DATABASE_FILE } from "langgraph-parallel/sqlite";
 * DEFAULT_DATABASE_FILE; // "langgraph.sqlite"
 * ```
 */
export const DEFAULT_DATABASE_FILE = "langgraph.sqlite";

/** Options of {@link createSqlitePersistence}. */
export interface SqlitePersistenceOptions extends SqliteOpenOptions {
  /**
   * The database file, or `":memory:"` for a throwaway one. Relative paths resolve from
   * `process.cwd()`; missing folders are created. Wins over `dataDir`.
   * Default `<dataDir>/langgraph.sqlite`.
   */
  path?: string;
  /** Folder for the default file. Default: the repository's `data/` folder. */
  dataDir?: string;
}

/** What {@link createSqlitePersistence} returns. */
export interface SqlitePersistence {
  /** Checkpointer for `compile({ checkpointer })` (a `SqliteSaver` whose errors name the file). */
  checkpointer: GuardedSqliteSaver;
  /** Store for `compile({ store })`; nodes see it as `config.store`. */
  store: SqliteStore;
  /** Absolute path of the database file, or `":memory:"`. */
  path: string;
  /** Closes the shared connection (both objects are unusable afterwards). Idempotent. */
  close(): void;
}

/**
 * Opens (creating if needed) one SQLite database and returns a checkpointer and a store on it,
 * with WAL journaling, `synchronous = NORMAL` and a busy timeout. An existing file is checked
 * first (its `-wal` header, and `PRAGMA quick_check` up to `quickCheckMaxBytes`); damage found
 * then, or later by any read or write of the checkpointer or the store, is one
 * {@link DatabaseDamagedError} naming the file, and nothing more is written to it.
 *
 * @param options - `path` (default `data/langgraph.sqlite` in the repository, or
 *   `<dataDir>/langgraph.sqlite`; `":memory:"` for none), `dataDir` (default the repository's
 *   `data/`), `busyTimeoutMs` (default `5000`), `quickCheckMaxBytes` (default 64 MiB).
 * @returns `{ checkpointer, store, path, close }`.
 * @throws {DatabaseDamagedError} naming the file when it (or its `-wal`) is damaged.
 * @throws {DatabaseBusyError} when another process holds the file's lock past the busy timeout.
 * @throws {ConfigurationError} naming the path when the folder cannot be created or the file
 *   cannot be opened.
 * @example
 * ```ts
 * import { createSqlitePersistence } from "langgraph-parallel/sqlite";
 * const { checkpointer, store, close } = createSqlitePersistence({ path: "data/runs.sqlite" });
 * const graph = builder.compile({ checkpointer, store });
 * await graph.invoke({}, { configurable: { thread_id: "run-1" } });
 * close();
 * ```
 */
export function createSqlitePersistence(options: SqlitePersistenceOptions = {}): SqlitePersistence {
  const requested = options.path ?? join(options.dataDir ?? DEFAULT_DATA_DIR, DEFAULT_DATABASE_FILE);
  const path = isVirtualSqlitePath(requested) ? requested : resolve(requested);
  const db = openSqliteDatabase(path, options);
  try {
    return {
      checkpointer: new GuardedSqliteSaver(db),
      store: new SqliteStore(db, options),
      path,
      close: () => {
        if (db.open) db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
