/**
 * Where a map step runs its items. By default `mapItems` runs them in its own process, in a
 * promise pool; a {@link MapExecutor} runs them somewhere else (another process, another machine)
 * and reports each item's outcome back. `mapItems` keeps what is the step's: the memo, the
 * results in input order, the failure policy and the progress events.
 */
import type { RetryOptions } from "./retry.js";

/** One item, finished elsewhere: its value, or the plain-data failure the worker reported. */
export type ExecutorOutcome<Result> =
  | { index: number; ok: true; value: Result; attempts: number; durationMs: number; worker?: string }
  | { index: number; ok: false; error: { name: string; message: string; transient: boolean }; attempts: number; durationMs: number; worker?: string };

/** What `mapItems` hands an executor: the step, the items still to run, and how to run them. */
export interface MapExecutorTask<Item> {
  /** The step's name (`"map"` unless given). */
  step: string;
  /** The whole list, as `mapItems` got it. */
  items: readonly Item[];
  /** Positions still to run (not restored from the memo), ascending. */
  pending: readonly number[];
  /** The item key of every position (the `itemKey` option, default index + hash). */
  keys: readonly string[];
  /** The step's `retry` option as given (not resolved): the executor maps it onto its own retry. */
  retry: RetryOptions | false | undefined;
  /** Per-attempt time limit, ms, or undefined. */
  timeoutMs: number | undefined;
  /** True with `failure: "settled"`. */
  settled: boolean;
  /** The step's cancellation signal. */
  signal: AbortSignal | undefined;
  /** How errors name the item at a position. */
  label(index: number): string;
}

/**
 * Runs a map step's items somewhere other than the calling process. `run` yields one outcome
 * per pending item, in completion order; `mapItems` stops iterating (which must release what the
 * executor holds) on a fail-fast failure. A configuration or process-boundary problem is thrown
 * from the iteration and fails the step whatever its failure policy. Cancellation: once
 * `task.signal` aborts, the iteration rejects with its reason.
 *
 * The queue executor of `langgraph-parallel/queue` (`queueExecutor`) is one; pass it as the
 * `executor` option of `mapItems`, `mapReduce` or `mapReduceNode`.
 *
 * @example
 * ```ts
 * import { mapItems, type MapExecutor } from "langgraph-parallel";
 *
 * // A toy executor: runs every item here, one at a time, as if it were remote.
 * const serial: MapExecutor = {
 *   name: "serial",
 *   async *run(task) {
 *     for (const index of task.pending) {
 *       yield { index, ok: true, value: String(task.items[index]).toUpperCase(), attempts: 1, durationMs: 0 };
 *     }
 *   },
 * };
 * const outcomes = await mapItems(["a", "b"], (s) => s.toUpperCase(), { executor: serial });
 * // [{ ok: true, value: "A" }, { ok: true, value: "B" }]
 * ```
 */
export interface MapExecutor {
  /** Names the executor in errors and progress. */
  readonly name: string;
  /** Runs the pending items; yields each one's outcome as it finishes. */
  run(task: MapExecutorTask<unknown>): AsyncIterable<ExecutorOutcome<unknown>>;
}
