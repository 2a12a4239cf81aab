/**
 * Turns run traces into the short narrated text the lessons print: one line per superstep
 * (nodes that ran side by side joined by ∥), the final state, and wall time against the
 * sequential sum. Pure functions returning strings, so tests can assert them exactly.
 */
import type { RunTrace, Superstep } from "../observe/run-trace.js";

/**
 * Compact JSON for print-outs: strings longer than `maxString` are cut with a note of their size.
 *
 * @param value - Any JSON-serialisable value.
 * @param maxString - Longest string shown in full. Default 100.
 * @returns One line of JSON-like text.
 * @example
 * ```ts
 * formatValue({ state: ["I'm A"] }); // '{"state":["I\'m A"]}'
 * ```
 */
export function formatValue(value: unknown, maxString = 100): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "string" && v.length > maxString) return `${v.slice(0, maxString)}… (${v.length} chars)`;
    if (v && typeof v === "object" && "lc_kwargs" in v && "content" in v) return `${(v as { content: unknown }).content}`;
    return v;
  }) ?? "undefined";
}

/**
 * One superstep as text: `superstep 2: b ∥ c   (2 nodes in parallel)`; with `detail`, one more
 * line per node with its duration and what it wrote.
 *
 * @param superstep - A superstep from a run trace.
 * @param detail - Include each node's writes and duration. Default false.
 * @returns One or more lines.
 * @example
 * ```ts
 * formatSuperstep({ step: 2, tasks: [b, c] }); // "superstep 2: b ∥ c   (2 nodes in parallel)"
 * ```
 */
export function formatSuperstep(superstep: Superstep, detail = false): string {
  const names = superstep.tasks.map((t) => t.node);
  const together = names.length > 1 ? `   (${names.length} nodes in parallel)` : "";
  const lines = [`superstep ${superstep.step}: ${names.join(" ∥ ")}${together}`];
  if (detail) {
    for (const task of superstep.tasks) {
      const took = task.endedAt === undefined ? "did not finish" : `${task.endedAt - task.startedAt} ms`;
      const wrote = task.error ? `failed: ${task.error}` : `wrote ${formatValue(task.writes ?? {})}`;
      lines.push(`    ${task.node} (${took}) ${wrote}`);
    }
  }
  return lines.join("\n");
}

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
