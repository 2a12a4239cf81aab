/**
 * One line comparing a run's wall time with the sum of its tasks' own durations: what the
 * lessons print under each graph and what the HTML timeline shows above each chart.
 */
import type { RunTrace } from "./run-trace.js";

/**
 * Wall time against the sequential sum of node times.
 *
 * @param trace - A run trace.
 * @returns e.g. `wall 212 ms vs 400 ms one node at a time (1.9× from parallelism)`.
 * @example
 * ```ts
 * formatTiming(trace); // "wall 212 ms vs 400 ms one node at a time (1.9× from parallelism)"
 * ```
 */
export function formatTiming(trace: Pick<RunTrace<unknown>, "wallMs" | "sequentialMs">): string {
  const wall = Math.round(trace.wallMs);
  const sequential = Math.round(trace.sequentialMs);
  const speedUp = wall > 0 ? ` (${(sequential / wall).toFixed(1)}× from parallelism)` : "";
  return `wall ${wall} ms vs ${sequential} ms one node at a time${speedUp}`;
}
