/**
 * Turns run traces into the short narrated text the lessons print: one line per superstep
 * (nodes that ran side by side joined by ∥) and, for `--step`, what each task read and wrote and
 * the state the reducers made of it; the final state, and wall time against the sequential sum.
 * Pure functions returning strings, so tests can assert them exactly.
 */
import type { CostLine } from "../observe/cost-tracker.js";
import type { ProgressEvent } from "../observe/progress.js";
import type { Superstep, TaskRecord } from "../observe/run-trace.js";
import { formatValue } from "./format-value.js";

// Also used by the HTML timeline, so it lives with the trace types.
export { formatTiming } from "../observe/format-timing.js";
export { formatValue } from "./format-value.js";

/**
 * One superstep as text: `superstep 2: b ∥ c   (2 nodes in parallel)`. With `detail` (`--step`),
 * under it each task with its duration, what it read (a task started by `Send` shows the Send and
 * its argument instead) and what it wrote, then the keys this superstep wrote as the reducers
 * merged them (`merged state`), the other keys named as unchanged.
 *
 * @param superstep - A superstep from a run trace.
 * @param detail - Include each task's input, writes and duration, and the merged state. Default false.
 * @returns One or more lines.
 * @example
 * ```ts
 * formatSuperstep({ step: 2, tasks: [b, c] }); // "superstep 2: b ∥ c   (2 nodes in parallel)"
 * formatSuperstep(superstep, true);
 * // superstep 2: b ∥ c   (2 nodes in parallel)
 * //     b (2 ms)
 * //       read  {"state":["I'm A"]}
 * //       wrote {"state":["I'm B"]}
 * //     …
 * //     merged state: {"state":["I'm A","I'm B","I'm C"]}
 * ```
 */
export function formatSuperstep(superstep: Superstep, detail = false): string {
  const names = superstep.tasks.map((t) => t.node);
  const together = names.length > 1 ? `   (${names.length} nodes in parallel)` : "";
  const lines = [`superstep ${superstep.step}: ${names.join(" ∥ ")}${together}`];
  if (detail) {
    for (const task of superstep.tasks) lines.push(...formatTask(task).map((l) => `    ${l}`));
    lines.push(`    ${formatMergedState(superstep)}`);
  }
  return lines.join("\n");
}

// "b (2 ms)", "  read  {…}", "  wrote {…}"; a Send task: "generate_joke ← Send({…}) (2 ms)".
function formatTask(task: TaskRecord): string[] {
  const took = task.endedAt === undefined ? "did not finish" : `${Math.round(task.endedAt - task.startedAt)} ms`;
  const head = task.viaSend ? `${task.node} ← Send(${formatValue(task.input)}) (${took})` : `${task.node} (${took})`;
  const lines = [head];
  if (!task.viaSend && task.input !== undefined) lines.push(`  read  ${formatValue(task.input)}`);
  if (task.error !== undefined) lines.push(`  failed: ${task.error}`);
  else if (task.writes !== undefined) lines.push(`  wrote ${formatValue(task.writes)}`);
  else if (task.endedAt !== undefined) lines.push("  paused at interrupt(): nothing written yet");
  return lines;
}

// The keys written in this superstep, after the reducers; the rest named as unchanged.
function formatMergedState(superstep: Superstep): string {
  const { state } = superstep;
  if (state === undefined) {
    const paused = superstep.tasks.some((t) => t.endedAt !== undefined && t.writes === undefined && t.error === undefined);
    return paused
      ? "merged state: none yet (the run paused at an interrupt in this superstep)"
      : "merged state: none (this superstep's writes were not applied)";
  }
  const written = new Set(superstep.tasks.flatMap((t) => Object.keys(t.writes ?? {})));
  const merged = Object.fromEntries(Object.entries(state).filter(([key]) => written.has(key)));
  const unchanged = Object.keys(state).filter((key) => !written.has(key));
  return `merged state: ${formatValue(merged)}${unchanged.length ? `   (unchanged: ${unchanged.join(", ")})` : ""}`;
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
