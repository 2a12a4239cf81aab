/**
 * The durable persistence of a run, chosen from the environment: PostgreSQL
 * (`createPostgresPersistence`) when `DATABASE_URL` is set, for runs shared across processes and
 * machines; otherwise SQLite in one file (`createSqlitePersistence`). It needs both optional
 * backends installed, so it serves the course (lessons, fixtures) and is not a public entry.
 */
import type { BaseCheckpointSaver, BaseStore } from "@langchain/langgraph";
import { createPostgresPersistence } from "./postgres-persistence.js";
import { createSqlitePersistence } from "./sqlite-persistence.js";

/** A checkpointer and a store, and how to close them. */
export interface Persistence {
  kind: "sqlite" | "postgres";
  checkpointer: BaseCheckpointSaver;
  store: BaseStore;
  /** Where the data lives: a file path, `:memory:`, or the database URL without its password. */
  location: string;
  close(): Promise<void>;
}

/** Options of {@link createPersistence}. */
export interface PersistenceOptions {
  /** Read `DATABASE_URL` from here. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** SQLite file when `DATABASE_URL` is not set (`:memory:` allowed). Default `data/langgraph.sqlite` under the working directory. */
  sqlitePath?: string;
}

/**
 * Opens the persistence for durable runs: PostgreSQL when `DATABASE_URL` is set, else SQLite.
 * Tables are created on first use.
 *
 * @param options - `env` (default `process.env`), `sqlitePath` (default `data/langgraph.sqlite`
 *   under the working directory: the repository's `data/` for a lesson run by `npm run lesson`).
 * @returns The checkpointer and store; `close()` when done.
 * @throws {ConfigurationError} for a `DATABASE_URL` that is not a postgres URL or cannot be reached.
 * @throws {DatabaseDamagedError} when the SQLite file (or its `-wal`) is damaged, as `createSqlitePersistence`.
 * @example
 * ```ts
 * const { checkpointer, store, close } = await createPersistence(); // DATABASE_URL → Postgres
 * const graph = builder.compile({ checkpointer, store });
 * ```
 */
export async function createPersistence({ env = process.env, sqlitePath }: PersistenceOptions = {}): Promise<Persistence> {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: "postgres", ...(await createPostgresPersistence(url)) };
  const sqlite = createSqlitePersistence(sqlitePath ? { path: sqlitePath } : {});
  return { kind: "sqlite", checkpointer: sqlite.checkpointer, store: sqlite.store, location: sqlite.path, close: async () => sqlite.close() };
}
