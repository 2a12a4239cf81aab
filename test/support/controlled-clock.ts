/**
 * A clock the test controls, for timing assertions that load cannot break: `performance.now()`
 * (what the run tracer and the timeline measure with) stands still unless the test advances it,
 * while real timers, promises and I/O run as usual. Durations then come out exact.
 */
import { onTestFinished, vi } from "vitest";
import { barrier } from "./barrier.js";

/** Freezes `performance.now()` for the rest of the current test (real timers come back after it). */
export function freezePerformanceClock(): { advance(ms: number): void } {
  vi.useFakeTimers({ toFake: ["performance"] });
  onTestFinished(() => void vi.useRealTimers());
  return { advance: (ms) => void vi.advanceTimersByTime(ms) };
}

/**
 * Work for the toy graphs (`ToyGraphOptions.work`) under a frozen clock: the named branches meet
 * at a barrier, so none can finish before all have started, and the last to arrive advances the
 * clock by `ms`, so each of them runs exactly `ms` of clock time, side by side. Other nodes take
 * no time at all.
 *
 * @param values - The node values that run in parallel, e.g. `["I'm B", "I'm C"]`.
 * @param ms - Clock time each of them takes.
 * @param clock - From {@link freezePerformanceClock}.
 * @example
 * ```ts
 * const clock = freezePerformanceClock();
 * buildFanOutGraph({ work: sideBySide(["I'm B", "I'm C"], 40, clock) }); // b and c: 40 ms each, together
 * ```
 */
export function sideBySide(values: string[], ms: number, clock: { advance(ms: number): void }) {
  const all = barrier(values.length);
  return async (value: string): Promise<void> => {
    if (!values.includes(value)) return;
    if (all.arrived === values.length - 1) clock.advance(ms);
    await all.arrive();
  };
}
