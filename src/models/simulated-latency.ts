/**
 * Simulated model latency: a validated `[min, max]` range, a delay chosen from it by the seeded
 * generator, and a sleep that an `AbortSignal` cancels promptly (the timer is cleared).
 */
import { ConfigurationError } from "../errors.js";
import type { SeededRandom } from "./seeded-random.js";

/** Latency option: a fixed number of milliseconds, or an inclusive `[min, max]` range. */
export type LatencyOption = number | readonly [number, number];

/** The offline model's default latency range, in milliseconds. */
export const DEFAULT_LATENCY_MS: readonly [number, number] = [100, 400];

/**
 * Validates a latency option and returns it as an inclusive `[min, max]` range.
 *
 * @param latency - Milliseconds or `[min, max]` (default {@link DEFAULT_LATENCY_MS}).
 * @returns `[min, max]` with `0 ≤ min ≤ max`, both finite.
 * @throws ConfigurationError for negative, non-finite or reversed values.
 * @example
 * ```ts
 * latencyRange(0); // [0, 0]
 * latencyRange([50, 80]); // [50, 80]
 * ```
 */
export function latencyRange(latency: LatencyOption = DEFAULT_LATENCY_MS): [number, number] {
  const [min, max] = typeof latency === "number" ? [latency, latency] : [latency[0], latency[1]];
  if (!Number.isFinite(min) || !Number.isFinite(max) || min < 0 || max < min) {
    throw new ConfigurationError(
      `Invalid offline model latency ${typeof latency === "number" ? latency : `[${latency.join(", ")}]`} ms.`,
      "Pass a number of milliseconds ≥ 0 (0 = no delay) or a [min, max] range such as [100, 400].",
    );
  }
  return [min, max];
}

/**
 * A delay within the range, chosen by the seeded generator (whole milliseconds).
 *
 * @param range - From {@link latencyRange}.
 * @param rng - Seeded from the model's input, so the same input waits the same time.
 * @returns Milliseconds in `[min, max]`.
 * @example
 * ```ts
 * pickLatency([100, 400], seededRandomFor("hi")); // e.g. 237, every time
 * ```
 */
export function pickLatency(range: readonly [number, number], rng: SeededRandom): number {
  const [min, max] = range;
  return min === max ? min : rng.int(Math.ceil(min), Math.floor(max));
}

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
