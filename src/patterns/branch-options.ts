/**
 * The options every fan-out pattern takes, with the same names and meanings everywhere
 * (`mapReduce`, `mapItems`, `foreach`, `fanOut`, `concurrent`, `race`).
 */
import type { RetryOptions } from "./retry.js";

/** `fail-fast`: the first failure stops the step. `settled`: every branch is attempted. */
export type FailurePolicy = "fail-fast" | "settled";

/**
 * How branches run: how many at once, how each is retried and timed out, and what a failure does.
 *
 * @example
 * ```ts
 * import type { BranchOptions } from "langgraph-parallel";
 *
 * const options: BranchOptions = { concurrency: 8, retry: { maxAttempts: 4 }, timeoutMs: 30_000, failure: "settled" };
 * ```
 */
export interface BranchOptions {
  /** Branches running at once (whole number ≥ 1, or Infinity). The default depends on the pattern. */
  concurrency?: number;
  /** Per-branch retry (default: 3 attempts, transient errors only: 429, 5xx, timeouts, dropped connections), or `false`. */
  retry?: RetryOptions | false;
  /** Per-attempt time limit, ms; the branch's signal aborts at the deadline. Default none. */
  timeoutMs?: number;
  /** Default `"fail-fast"`. */
  failure?: FailurePolicy;
}
