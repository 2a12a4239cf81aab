/**
 * One SQLite file for everything a long LangGraph run should keep: the checkpointer
 * (`SqliteSaver`: thread state, resumable after a crash) and the store ({@link SqliteStore}:
 * cross-thread memo data), on one shared connection.
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { isVirtualSqlitePath, openSqliteDatabase, type SqliteOpenOptions } from "./open-sqlite-database.js";
import { SqliteStore } from "./sqlite-store.js";

/** The repository's `data/` folder (git-ignored), where the default database lives. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

/** File name of the database inside the data folder. */
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
  /** Checkpointer for `compile({ checkpointer })`. */
  checkpointer: SqliteSaver;
  /** Store for `compile({ store })`; nodes see it as `config.store`. */
  store: SqliteStore;
  /** Absolute path of the database file, or `":memory:"`. */
  path: string;
  /** Closes the shared connection (both objects are unusable afterwards). Idempotent. */
  close(): void;
}

/**
 * Opens (creating if needed) one SQLite database and returns a checkpointer and a store on it,
 * with WAL journaling, `synchronous = NORMAL` and a busy timeout.
 *
 * @param options - `path` (default `data/langgraph.sqlite` in the repository, or
 *   `<dataDir>/langgraph.sqlite`; `":memory:"` for none), `dataDir` (default the repository's
 *   `data/`), `busyTimeoutMs` (default `5000`).
 * @returns `{ checkpointer, store, path, close }`.
 * @throws {ConfigurationError} naming the path when the folder cannot be created or the file
 *   cannot be opened as a database.
 * @example
 * ```ts
 * const { checkpointer, store, close } = createSqlitePersistence();
 * const graph = builder.compile({ checkpointer, store });
 * await graph.invoke(input, { configurable: { thread_id: "run-1" } });
 * close();
 * ```
 */
export function createSqlitePersistence(options: SqlitePersistenceOptions = {}): SqlitePersistence {
  const requested = options.path ?? join(options.dataDir ?? DEFAULT_DATA_DIR, DEFAULT_DATABASE_FILE);
  const path = isVirtualSqlitePath(requested) ? requested : resolve(requested);
  const db = openSqliteDatabase(path, options);
  try {
    return {
      checkpointer: new SqliteSaver(db),
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
