/**
 * Timelines as one self-contained HTML page (inline SVG and CSS, no scripts, no network): a Gantt
 * chart per graph run with one lane per node, shaded superstep bands, a tooltip on every bar, and
 * the run's wall time against the sum of its tasks' durations.
 */
import { formatTiming } from "./format-timing.js";
import type { Timeline } from "./timeline.js";

/** One chart of the page. */
export interface TimelineSection {
  /** Heading, e.g. the graph's name. */
  title: string;
  timeline: Timeline;
}

const LABEL_WIDTH = 160;
const CHART_WIDTH = 720;
const LANE_HEIGHT = 24;
const AXIS_HEIGHT = 28;

/**
 * Renders timelines as a complete HTML document. Each task is an SVG `rect` with class `bar`
 * (`bar failed` for a failed task); each superstep a `rect` with class `step`.
 *
 * @param sections - Charts in order.
 * @param title - Page title (default "Execution timeline").
 * @returns The HTML text.
 * @example
 * ```ts
 * import { writeFile } from "node:fs/promises";
 * import { renderTimelineHtml, timelineOf, traceRun } from "langgraph-parallel";
 * import { buildFanOutGraph } from "langgraph-parallel/graphs";
 * const timeline = timelineOf(await traceRun(buildFanOutGraph({ workMs: 20 }), { state: [] }));
 * await writeFile("timeline.html", renderTimelineHtml([{ title: "fan-out", timeline }]));
 * ```
 */
export function renderTimelineHtml(sections: readonly TimelineSection[], title = "Execution timeline"): string {
  const body = sections.map((section) => renderSection(section)).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 24px; color: #1f2328; }
  h1 { font-size: 20px; } h2 { font-size: 16px; margin: 28px 0 4px; }
  p.timing { margin: 0 0 8px; color: #57606a; }
  svg text { font: 12px system-ui, sans-serif; fill: #1f2328; }
  rect.step { fill: #f6f8fa; stroke: #d0d7de; }
  rect.step.odd { fill: #eef1f4; }
  rect.bar { fill: #2f81f7; rx: 3px; }
  rect.bar.failed { fill: #cf222e; }
  text.axis { fill: #57606a; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

function renderSection({ title, timeline }: TimelineSection): string {
  const span = Math.max(1e-9, ...timeline.bars.map((bar) => bar.endMs));
  const x = (ms: number) => LABEL_WIDTH + (ms / span) * CHART_WIDTH;
  const laneY = new Map(timeline.lanes.map((lane, index) => [lane, AXIS_HEIGHT + index * LANE_HEIGHT]));
  const height = AXIS_HEIGHT + timeline.lanes.length * LANE_HEIGHT + 4;
  const steps = timeline.steps.map((step, index) => {
    const width = Math.max(1, x(step.endMs) - x(step.startMs));
    return (
      `<rect class="step${index % 2 ? " odd" : ""}" x="${round(x(step.startMs))}" y="${AXIS_HEIGHT - 20}" width="${round(width)}" height="${height - AXIS_HEIGHT + 16}"/>` +
      `<text class="axis" x="${round(x(step.startMs) + 3)}" y="${AXIS_HEIGHT - 6}">step ${step.step}</text>`
    );
  });
  const labels = timeline.lanes.map((lane) => `<text x="4" y="${laneY.get(lane)! + 16}">${escapeHtml(lane)}</text>`);
  const bars = timeline.bars.map((bar) => {
    const width = Math.max(2, x(bar.endMs) - x(bar.startMs));
    const tip = `${bar.lane} · step ${bar.step} · ${(bar.endMs - bar.startMs).toFixed(1)} ms${bar.failed ? " · failed" : ""}`;
    return `<rect class="bar${bar.failed ? " failed" : ""}" x="${round(x(bar.startMs))}" y="${laneY.get(bar.lane)! + 4}" width="${round(width)}" height="${LANE_HEIGHT - 8}"><title>${escapeHtml(tip)}</title></rect>`;
  });
  return `<section>
<h2>${escapeHtml(title)}</h2>
<p class="timing">${formatTiming(timeline)} · ${timeline.bars.length} tasks in ${timeline.steps.length} supersteps</p>
<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_WIDTH + CHART_WIDTH + 8}" height="${height}" role="img" aria-label="${escapeHtml(title)}">
${[...steps, ...labels, ...bars].join("\n")}
</svg>
</section>`;
}

function round(value: number): string {
  return value.toFixed(1);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
