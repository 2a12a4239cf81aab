/**
 * A per-attempt time limit. The work gets an AbortSignal that fires at the deadline, and the
 * caller stops waiting at the deadline even if the work ignores its signal.
 */
import { setMaxListeners } from "node:events";
import { LanggraphParallelError } from "../errors.js";

/**
 * An attempt ran past its time limit. Transient: retried by the default retry policy.
 *
 * @example
 * ```ts
 * import { ItemTimeoutError, withTimeout } from "langgraph-parallel";
 *
 * try {
 *   await withTimeout((signal) => model.invoke("Write a long essay on rivers.", { signal }), 5_000);
 * } catch (e) {
 *   if (!(e instanceof ItemTimeoutError)) throw e;
 *   console.error(`gave up after ${e.timeoutMs} ms`); // gave up after 5000 ms
 * }
 * ```
 */
export class ItemTimeoutError extends LanggraphParallelError {
  constructor(readonly timeoutMs: number) {
    super(`Timed out after ${timeoutMs} ms.`, "Raise timeoutMs, or make the work faster.");
  }
}

/**
 * Runs `work` with a deadline.
 *
 * @param work - Receives a signal that aborts at the deadline or when `signal` aborts.
 * @param timeoutMs - Limit in ms; `undefined` or `Infinity` for none.
 * @param signal - An outer signal (e.g. the run's).
 * @returns What `work` returned.
 * @throws {ItemTimeoutError} at the deadline.
 * @example
 * ```ts
 * import { withTimeout } from "langgraph-parallel";
 *
 * // In a node: a 30 s limit per call, and cancelled with the run (config.signal).
 * const text = await withTimeout((signal) => model.invoke("Summarise LangGraph in one line.", { signal }).then((m) => m.text), 30_000, config.signal);
 * ```
 */
export async function withTimeout<T>(
  work: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number | undefined,
  signal?: AbortSignal,
): Promise<T> {
  if (timeoutMs === undefined || timeoutMs === Infinity) return work(signal ?? new AbortController().signal);
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const onOuterAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener("abort", onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new ItemTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onOuterAbort);
  }
}
