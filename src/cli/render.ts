/**
 * Turns run traces into the short narrated text the lessons print: one line per superstep
 * (nodes that ran side by side joined by ∥), the final state, and wall time against the
 * sequential sum. Pure functions returning strings, so tests can assert them exactly.
 */
import type { CostLine } from "../observe/cost-tracker.js";
import type { ProgressEvent } from "../observe/progress.js";
import type { Superstep } from "../observe/run-trace.js";

// Also used by the HTML timeline, so it lives with the trace types.
export { formatTiming } from "../observe/format-timing.js";

/**
 * Compact JSON for print-outs: strings longer than `maxString` are cut with a note of their size,
 * and lists longer than `maxItems` show their first items and a count of the rest.
 *
 * @param value - Any JSON-serialisable value.
 * @param maxString - Longest string shown in full. Default 100.
 * @param maxItems - Longest list shown in full. Default 6.
 * @returns One line of JSON-like text.
 * @example
 * ```ts
 * formatValue({ state: ["I'm A"] }); // '{"state":["I\'m A"]}'
 * ```
 */
export function formatValue(value: unknown, maxString = 100, maxItems = 6): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "string" && v.length > maxString) return `${v.slice(0, maxString)}… (${v.length} chars)`;
    if (Array.isArray(v) && v.length > maxItems) return [...v.slice(0, 3), `… ${v.length - 3} more`];
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
      const took = task.endedAt === undefined ? "did not finish" : `${Math.round(task.endedAt - task.startedAt)} ms`;
      const wrote = task.error ? `failed: ${task.error}` : `wrote ${formatValue(task.writes ?? {})}`;
      lines.push(`    ${task.node} (${took}) ${wrote}`);
    }
  }
  return lines.join("\n");
}

/**
 * Item timing of a map step: wall time against the sum of the items' own durations.
 *
 * @param event - The step's last progress event.
 * @returns e.g. `map: 126 items in 4.1 s; 31.2 s of item time (7.6× from parallelism)`.
 * @example
 * ```ts
 * formatItemTiming(lastProgressEvent);
 * ```
 */
export function formatItemTiming(event: ProgressEvent): string {
  const wall = event.elapsedMs / 1000;
  const busy = event.busyMs / 1000;
  const speedUp = wall > 0 ? ` (${(busy / wall).toFixed(1)}× from parallelism)` : "";
  const failed = event.failed ? `, ${event.failed} failed` : "";
  const cached = event.cached ? `, ${event.cached} restored from memo` : "";
  return `${event.name}: ${event.done} items in ${wall.toFixed(1)} s${failed}${cached}; ${busy.toFixed(1)} s of item time${speedUp}`;
}

/**
 * A cost table: one row per branch, then the total.
 *
 * @param lines - Branch lines (e.g. `CostTracker.lines()`).
 * @param total - The total line (e.g. `CostTracker.total()`).
 * @returns Aligned text rows.
 * @example
 * ```ts
 * formatCostTable(costs.lines(), costs.total()).forEach((row) => console.log(row));
 * ```
 */
export function formatCostTable(lines: readonly CostLine[], total: CostLine): string[] {
  const rows = [...lines, total].map((l) => [l.branch, String(l.calls), String(l.inputTokens), String(l.outputTokens), `$${l.usd.toFixed(6)}`]);
  const header = ["branch", "calls", "input tokens", "output tokens", "cost"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [format(header), ...rows.slice(0, -1).map(format), widths.map((w) => "─".repeat(w)).join("  "), format(rows.at(-1)!)];
}
