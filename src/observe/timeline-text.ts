/**
 * A run's timeline as a compact terminal chart: one row per node, one column per slice of the
 * run, `█` where the node was running (`▒` for a task that failed), superstep numbers underneath.
 */
import type { Timeline } from "./timeline.js";

/**
 * Draws a timeline as text.
 *
 * @param timeline - From `timelineOf`.
 * @param width - Chart columns (default 48).
 * @returns Lines without a trailing newline; empty string for a run with no tasks.
 * @example
 * ```ts
 * import { renderTimelineText, timelineOf, traceRun } from "langgraph-parallel";
 * import { buildFanOutGraph } from "langgraph-parallel/graphs";
 * const trace = await traceRun(buildFanOutGraph({ workMs: 20 }), { state: [] });
 * console.log(renderTimelineText(timelineOf(trace)));
 * // a  ██████████████
 * // b                  ██████████████
 * // c                  ████████████████
 * // d                                     █████████████
 * //    1               2                  3  (supersteps; one column ≈ 1.7 ms)
 * ```
 */
export function renderTimelineText(timeline: Timeline, width = 48): string {
  if (timeline.bars.length === 0) return "";
  const span = Math.max(...timeline.bars.map((bar) => bar.endMs), 1e-9);
  const column = (ms: number) => Math.min(width - 1, Math.floor((ms / span) * width));
  const labels = timeline.lanes.map((lane) => (lane.length > 18 ? `${lane.slice(0, 17)}…` : lane));
  const labelWidth = Math.max(...labels.map((label) => label.length));
  const rows = timeline.lanes.map((lane, index) => {
    const cells = Array.from({ length: width }, () => " ");
    for (const bar of timeline.bars.filter((b) => b.lane === lane)) {
      for (let c = column(bar.startMs); c <= column(Math.max(bar.startMs, bar.endMs - 1e-9)); c++) cells[c] = bar.failed ? "▒" : "█";
    }
    return `${labels[index]!.padEnd(labelWidth)}  ${cells.join("").trimEnd()}`;
  });
  const marks = Array.from({ length: width + 8 }, () => " ");
  for (const step of timeline.steps) {
    const text = String(step.step);
    const at = column(step.startMs);
    if (marks.slice(at, at + text.length).every((cell) => cell === " ")) [...text].forEach((char, i) => (marks[at + i] = char));
  }
  const scale = `(supersteps; one column ≈ ${formatMs(span / width)})`;
  rows.push(`${" ".repeat(labelWidth)}  ${marks.join("").trimEnd()}  ${scale}`);
  return rows.join("\n");
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}
