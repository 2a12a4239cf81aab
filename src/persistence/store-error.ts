/**
 * The error {@link SqliteStore} throws on purpose: a bad namespace, a value that is not JSON,
 * an unknown operation, or use after `stop()`.
 */
import { LanggraphParallelError } from "../errors.js";

/**
 * A store operation that cannot be carried out. Namespace messages are worded exactly like
 * LangGraph's own `InvalidNamespaceError`, so code matching on them keeps working.
 *
 * @param message - What went wrong, in one sentence.
 * @param hint - What to do next, in one sentence.
 * @example
 * ```ts
 * import { StoreError } from "langgraph-parallel";
 * import { SqliteStore } from "langgraph-parallel/sqlite";
 * const store = new SqliteStore();
 * store.stop();
 * await store.get(["memo"], "item-7").catch((error: unknown) => {
 *   if (error instanceof StoreError) console.error(error.describe()); // "This SqliteStore is closed. Create a new …"
 * });
 * ```
 */
export class StoreError extends LanggraphParallelError {}
