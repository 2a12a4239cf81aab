/**
 * PostgreSQL persistence for runs shared across processes and machines: LangGraph's
 * `PostgresSaver` (checkpoints) and `PostgresStore` (the per-item memo, launch outboxes) from the
 * optional peer `@langchain/langgraph-checkpoint-postgres`, on one connection string, with their
 * tables created before the first run. The `langgraph-parallel/postgres` entry.
 */
import { withMapMemoCleanup } from "../patterns/memo-cleanup.js";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { ConfigurationError } from "../errors.js";
import { BulkPostgresStore } from "./bulk-postgres-store.js";

/** What {@link createPostgresPersistence} returns. */
export interface PostgresPersistence {
  /** Checkpointer for `compile({ checkpointer })`. */
  checkpointer: PostgresSaver;
  /** Store for `compile({ store })`: LangGraph's `PostgresStore`, writing in bulk. */
  store: BulkPostgresStore;
  /** The database URL with its password masked, for messages. */
  location: string;
  /** Closes both connection pools. */
  close(): Promise<void>;
}

/**
 * Connects a checkpointer and a store to PostgreSQL and creates their tables if needed.
 *
 * @param url - A `postgres://` or `postgresql://` connection string (e.g. `process.env.DATABASE_URL`).
 * @returns `{ checkpointer, store, location, close }`.
 * @throws {ConfigurationError} for a URL that is not a postgres URL, or a server that cannot be
 *   reached or refuses the setup; the message names the URL without its password.
 * @example
 * ```ts
 * import { createPostgresPersistence } from "langgraph-parallel/postgres";
 * const { checkpointer, store, close } = await createPostgresPersistence(process.env.DATABASE_URL!);
 * const graph = builder.compile({ checkpointer, store });
 * ```
 */
export async function createPostgresPersistence(url: string): Promise<PostgresPersistence> {
  const location = redact(url);
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigurationError(`DATABASE_URL must be a postgres:// URL, not "${location}".`, "Unset it to use SQLite, or point it at PostgreSQL.");
  }
  const checkpointer = PostgresSaver.fromConnString(url);
  const store = new BulkPostgresStore(url);
  try {
    await checkpointer.setup();
    await store.setup();
  } catch (error) {
    await Promise.allSettled([checkpointer.end(), store.stop()]);
    throw new ConfigurationError(`Cannot use the database at ${location}: ${(error as Error).message}`, "Check DATABASE_URL and that PostgreSQL is running.");
  }
  return {
    // Map steps' memo rows go once a later checkpoint is saved.
    checkpointer: withMapMemoCleanup(checkpointer, store),
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
