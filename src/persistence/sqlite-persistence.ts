/**
 * One SQLite file for everything a long LangGraph run should keep: the checkpointer
 * ({@link GuardedSqliteSaver}, a `SqliteSaver`: thread state, resumable after a crash) and the
 * store ({@link SqliteStore}: cross-thread memo data), on one shared connection.
 */
import { join, resolve } from "node:path";
import { withMapMemoCleanup } from "../patterns/memo-cleanup.js";
import { GuardedSqliteSaver } from "./guarded-sqlite-saver.js";
import { isVirtualSqlitePath, openSqliteDatabase, type SqliteOpenOptions } from "./open-sqlite-database.js";
import { SqliteStore } from "./sqlite-store.js";

/**
 * The folder of the default database: `"data"`, a relative path. `createSqlitePersistence`
 * resolves it against the working directory when it is called (its `cwd` option, default
 * `process.cwd()` at that moment, not when this module is imported), so with no options the file
 * is `<cwd>/data/langgraph.sqlite`: in your project when you run your program from its folder,
 * never inside the installed package. The course's lessons run with the repository as working
 * directory (`npm run lesson`), so theirs is the repository's git-ignored `data/`.
 *
 * @example
 * ```ts
 * import { resolve } from "node:path";
 * import { DEFAULT_DATA_DIR, DEFAULT_DATABASE_FILE } from "langgraph-parallel/sqlite";
 * DEFAULT_DATA_DIR; // "data"
 * resolve(DEFAULT_DATA_DIR, DEFAULT_DATABASE_FILE); // "<process.cwd()>/data/langgraph.sqlite": where createSqlitePersistence() opens its file
 * ```
 */
export const DEFAULT_DATA_DIR = "data";

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
   * The database file, or `":memory:"` for a throwaway one. A relative path resolves from `cwd`;
   * missing folders are created. Wins over `dataDir`.
   * Default `<dataDir>/langgraph.sqlite`.
   */
  path?: string;
  /** Folder for the default file; a relative one resolves from `cwd`. Default {@link DEFAULT_DATA_DIR} (`"data"`). */
  dataDir?: string;
  /** The folder that relative `path` and `dataDir` resolve from. Default `process.cwd()`, read at each call. */
  cwd?: string;
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
 * @param options - `path` (default `<dataDir>/langgraph.sqlite`, so `<cwd>/data/langgraph.sqlite`;
 *   `":memory:"` for none), `dataDir` (default `"data"`), `cwd` (what relative paths resolve
 *   from; default `process.cwd()` at the call), `busyTimeoutMs` (default `5000`),
 *   `quickCheckMaxBytes` (default 64 MiB).
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
  // Resolved now, from the caller's working directory: never from where this module is installed.
  const path = isVirtualSqlitePath(requested) ? requested : resolve(options.cwd ?? process.cwd(), requested);
  const db = openSqliteDatabase(path, options);
  try {
    const store = new SqliteStore(db, options);
    return {
      // Map steps' memo rows go once a later checkpoint is saved.
      checkpointer: withMapMemoCleanup(new GuardedSqliteSaver(db), store),
      store,
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
