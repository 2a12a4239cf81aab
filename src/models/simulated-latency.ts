/**
 * Simulated model latency: a validated `[min, max]` range, a delay chosen from it by the seeded
 * generator; the wait itself is `sleepWithSignal` (patterns/sleep.ts).
 */
import { ConfigurationError } from "../errors.js";
import type { SeededRandom } from "./seeded-random.js";

/** Latency option: a fixed number of milliseconds, or an inclusive `[min, max]` range. */
export type LatencyOption = number | readonly [number, number];

/**
 * The offline model's default latency range, in milliseconds.
 *
 * @example
 * ```ts
 * import { DEFAULT_LATENCY_MS } from "langgraph-parallel/models";
 * DEFAULT_LATENCY_MS; // [100, 400]
 * ```
 */
export const DEFAULT_LATENCY_MS: readonly [number, number] = [100, 400];

/**
 * Validates a latency option and returns it as an inclusive `[min, max]` range.
 *
 * @param latency - Milliseconds or `[min, max]` (default {@link DEFAULT_LATENCY_MS}).
 * @returns `[min, max]` with `0 ≤ min ≤ max`, both finite.
 * @throws ConfigurationError for negative, non-finite or reversed values.
 * @example
 * ```ts
 * import { latencyRange } from "langgraph-parallel/models";
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
