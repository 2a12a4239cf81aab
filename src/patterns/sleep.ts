/**
 * An abortable wait on the global timers. Everything in the library that waits (retry backoff,
 * rate-limit slots and pauses, launch polling, simulated model latency) waits through this one
 * function, on `globalThis.setTimeout`, so that a test can drive all of it with fake timers
 * (`vi.useFakeTimers()`), which do not reach a named import from `node:timers/promises`.
 */

/** The abort reason as an error (a DOMException "AbortError" when the signal carries none). */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/**
 * Waits `ms` milliseconds, or rejects with the signal's reason as soon as it aborts (also when it
 * is already aborted). `0` resolves on the next microtask without a timer.
 *
 * @param ms - Milliseconds to wait.
 * @param signal - Optional abort signal.
 * @returns A promise that resolves after the delay.
 * @example
 * ```ts
 * import { sleepWithSignal } from "langgraph-parallel";
 *
 * await sleepWithSignal(250); // resolves after 250 ms
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 50);
 * await sleepWithSignal(10_000, controller.signal).catch((e) => console.log(e.name)); // "AbortError", after 50 ms
 * ```
 */
export function sleepWithSignal(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
