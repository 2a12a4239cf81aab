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
 * const controller = new AbortController();
 * const wait = sleepWithSignal(300, controller.signal);
 * controller.abort(); // wait rejects now, not after 300 ms
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
