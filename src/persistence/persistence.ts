/**
 * The durable persistence of a run, chosen from the environment: PostgreSQL
 * (`@langchain/langgraph-checkpoint-postgres`: `PostgresSaver` + `PostgresStore`) when
 * `DATABASE_URL` is set, for runs shared across processes and machines; otherwise SQLite in one
 * file (the embedded default, see `createSqlitePersistence`).
 */
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { PostgresStore } from "@langchain/langgraph-checkpoint-postgres/store";
import type { BaseCheckpointSaver, BaseStore } from "@langchain/langgraph";
import { ConfigurationError } from "../errors.js";
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
  /** SQLite file when `DATABASE_URL` is not set (`:memory:` allowed). Default `data/langgraph.sqlite`. */
  sqlitePath?: string;
}

/**
 * Opens the persistence for durable runs: PostgreSQL when `DATABASE_URL` is set, else SQLite.
 * Tables are created on first use.
 *
 * @param options - `env` (default `process.env`), `sqlitePath` (default `data/langgraph.sqlite`).
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
  if (!url) {
    const sqlite = createSqlitePersistence(sqlitePath ? { path: sqlitePath } : {});
    return { kind: "sqlite", checkpointer: sqlite.checkpointer, store: sqlite.store, location: sqlite.path, close: async () => sqlite.close() };
  }
  const location = redact(url);
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigurationError(`DATABASE_URL must be a postgres:// URL, not "${location}".`, "Unset it to use SQLite, or point it at PostgreSQL.");
  }
  const checkpointer = PostgresSaver.fromConnString(url);
  const store = PostgresStore.fromConnString(url);
  try {
    await checkpointer.setup();
    await store.setup();
  } catch (error) {
    await Promise.allSettled([checkpointer.end(), store.stop()]);
    throw new ConfigurationError(`Cannot use the database at ${location}: ${(error as Error).message}`, "Check DATABASE_URL and that PostgreSQL is running.");
  }
  return {
    kind: "postgres",
    checkpointer,
    store,
    location,
    close: async () => {
      await store.stop();
      await checkpointer.end();
    },
  };
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
