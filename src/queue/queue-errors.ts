/**
 * The errors of the queue executor: what cannot cross from the graph process to a queue worker,
 * a worker running other code than the graph expects, and a queue server that stays away.
 */
import { LanggraphParallelError } from "../errors.js";

/** Which graph-process feature a queue worker reached for. */
export type BoundaryKind = "interrupt" | "command" | "store" | "version";

/**
 * A worker running on the queue used something that only exists inside the graph process:
 * LangGraph's `interrupt()` or `context.interrupt` (`kind: "interrupt"`), a `Command` or
 * `Command.PARENT` (`"command"`), or `config.store` / `getStore()` (`"store"`). The step fails
 * with this error whatever its failure policy: it is a design problem, not an item's bad luck.
 *
 * @param kind - What was reached for.
 * @param message - What happened, naming the step, the item and the worker.
 * @param hint - What to do instead.
 * @example
 * ```ts
 * import { QueueBoundaryError } from "langgraph-parallel/queue";
 *
 * try {
 *   await builder.compile({ checkpointer }).invoke({ passages: ["…"] }, runConfig);
 * } catch (e) {
 *   if (e instanceof QueueBoundaryError) console.error(e.kind, e.describe()); // "interrupt", "summarise: item 0 (…) called interrupt() on queue worker …"
 * }
 * ```
 */
export class QueueBoundaryError extends LanggraphParallelError {
  constructor(
    readonly kind: BoundaryKind,
    message: string,
    hint?: string,
  ) {
    super(message, hint);
  }
}

/**
 * A queue worker runs another version of the worker code than the graph expects (the `version`
 * of `queueExecutor` against the one the worker was registered with). The worker refuses the job,
 * and the step fails with this error, naming both versions and the worker.
 *
 * @example
 * ```ts
 * import { QueueWorkerVersionError } from "langgraph-parallel/queue";
 *
 * const error = new QueueWorkerVersionError("summarise", "2", "1", "build-7:4121");
 * error.message; // 'Queue worker build-7:4121 runs "summarise" version 1, but the graph expects version 2.'
 * ```
 */
export class QueueWorkerVersionError extends QueueBoundaryError {
  constructor(
    readonly worker: string,
    readonly expected: string,
    readonly found: string,
    readonly workerId: string,
  ) {
    super(
      "version",
      `Queue worker ${workerId} runs "${worker}" version ${found || "(none)"}, but the graph expects version ${expected || "(none)"}.`,
      "Deploy the same worker code to the graph and the workers (and the same version string to queueExecutor and startMapWorker), then resume the thread.",
    );
  }
}

/**
 * The queue server (Redis or PostgreSQL) could not be reached for longer than the executor's
 * `unavailableMs`: enqueueing or reading results failed for that long in a row.
 *
 * @example
 * ```ts
 * import { QueueUnavailableError } from "langgraph-parallel/queue";
 *
 * const error = new QueueUnavailableError("summarise", 60_000, new Error("connect ECONNREFUSED 127.0.0.1:6379"));
 * error.message; // "summarise: the queue was unreachable for 60000 ms: connect ECONNREFUSED 127.0.0.1:6379"
 * ```
 */
export class QueueUnavailableError extends LanggraphParallelError {
  constructor(step: string, unavailableMs: number, cause: unknown) {
    super(
      `${step}: the queue was unreachable for ${unavailableMs} ms: ${cause instanceof Error ? cause.message : String(cause)}`,
      "Check that the queue server is running and that REDIS_URL (or the connection you gave) points at it; the thread can be resumed once it is back: finished items are not run again.",
      { cause },
    );
  }
}
