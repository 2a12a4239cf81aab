/**
 * A promise pool: run a worker over items with at most `concurrency` in flight, results in input
 * order. It is the execution core of the fan-out patterns: one LangGraph task can drive many
 * concurrent jobs at the cost of a promise each, instead of a scheduler task each.
 */
import { setMaxListeners } from "node:events";
import { ConfigurationError, LanggraphParallelError } from "../errors.js";

/** Options of {@link runPool}. */
export interface PoolOptions<Output> {
  /** Most jobs in flight at once: a whole number ≥ 1, or `Infinity`. Default `Infinity`. */
  concurrency?: number;
  /**
   * Aborting it stops starting new jobs and is passed on to running ones; once they have settled
   * the pool rejects with `signal.reason`, as it is. Already aborted: no job starts.
   */
  signal?: AbortSignal;
  /** Called as each job succeeds, in completion order. */
  onResult?: (index: number, output: Output) => void;
}

/**
 * Thrown by {@link runPool}: job `index` failed (the first failure; the others were aborted).
 * The original error is `cause`.
 *
 * @example
 * ```ts
 * import { PoolJobError, runPool } from "langgraph-parallel";
 *
 * const urls = ["https://example.com/", "https://unreachable.invalid/"];
 * try {
 *   await runPool(urls, (url, _i, signal) => fetch(url, { signal }).then((r) => r.text()));
 * } catch (e) {
 *   if (!(e instanceof PoolJobError)) throw e;
 *   console.error(`${urls[e.index]} failed:`, e.cause); // https://unreachable.invalid/ failed: TypeError: fetch failed
 * }
 * ```
 */
export class PoolJobError extends LanggraphParallelError {
  constructor(
    readonly index: number,
    cause: unknown,
  ) {
    super(`Job ${index} failed: ${cause instanceof Error ? cause.message : String(cause)}`, undefined, { cause });
  }
}

/**
 * Checks a concurrency option: a whole number ≥ 1, or `Infinity`.
 *
 * @param value - The option value.
 * @param name - Option name for the message. Default `"concurrency"`.
 * @returns The value.
 * @throws {ConfigurationError} for 0, negatives, fractions and NaN.
 * @example
 * ```ts
 * import { checkConcurrency } from "langgraph-parallel";
 *
 * checkConcurrency(8); // 8
 * checkConcurrency(Infinity); // Infinity
 * // checkConcurrency(0, "workers") throws a ConfigurationError: "workers must be a whole number ≥ 1 (or Infinity), not 0."
 * ```
 */
export function checkConcurrency(value: number, name = "concurrency"): number {
  if (value === Infinity || (Number.isInteger(value) && value >= 1)) return value;
  throw new ConfigurationError(`${name} must be a whole number ≥ 1 (or Infinity), not ${value}.`, `Pass e.g. { ${name}: 8 }.`);
}

/**
 * Runs `worker` over `items` with bounded concurrency and returns outputs in input order.
 * Fail-fast: on the first error no new job starts, running jobs see their signal abort, and once
 * they have settled the pool rejects with a {@link PoolJobError} naming the failed index.
 *
 * @param items - Inputs.
 * @param worker - `(item, index, signal) => output`; should honour `signal`.
 * @param options - `concurrency` (default Infinity), `signal`, `onResult`.
 * @returns Outputs, `outputs[i]` for `items[i]`.
 * @example
 * ```ts
 * import { runPool } from "langgraph-parallel";
 *
 * const urls = ["https://example.com/", "https://example.org/", "https://example.net/"];
 * const pages = await runPool(urls, (url, _i, signal) => fetch(url, { signal }).then((r) => r.text()), { concurrency: 2 });
 * // pages[i] is the text of urls[i], whichever finished first
 * ```
 */
export async function runPool<Input, Output>(
  items: readonly Input[],
  worker: (item: Input, index: number, signal: AbortSignal) => Output | Promise<Output>,
  options: PoolOptions<Output> = {},
): Promise<Output[]> {
  const concurrency = checkConcurrency(options.concurrency ?? Infinity);
  const controller = new AbortController();
  // Many jobs may listen to one signal; that is expected here, not a leak.
  setMaxListeners(0, controller.signal);
  const abort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener("abort", abort, { once: true });

  const outputs = new Array<Output>(items.length);
  let next = 0;
  let failure: PoolJobError | undefined;
  const lane = async () => {
    while (next < items.length && !controller.signal.aborted) {
      const index = next++;
      try {
        const output = await worker(items[index] as Input, index, controller.signal);
        outputs[index] = output;
        options.onResult?.(index, output);
      } catch (error) {
        // A job failing because the caller aborted is not that job's fault.
        if (!options.signal?.aborted) failure ??= new PoolJobError(index, error);
        controller.abort(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  } finally {
    options.signal?.removeEventListener("abort", abort);
  }
  if (failure) throw failure;
  if (controller.signal.aborted) throw controller.signal.reason ?? new Error("Aborted");
  return outputs;
}
