/**
 * A run's execution timeline: one bar per task (node execution) with its start and end relative
 * to the run's first task, lanes per node, and each superstep's span. Built from a
 * {@link RunTrace}; drawn by `renderTimelineText` (terminal) and `renderTimelineHtml` (SVG).
 */
import type { RunTrace } from "./run-trace.js";

/** One task drawn as a bar. */
export interface TimelineBar {
  /** The lane (node name) the bar is drawn in. */
  lane: string;
  step: number;
  /** Start and end, ms after the run's first task started. */
  startMs: number;
  endMs: number;
  failed: boolean;
}

/** The span of one superstep: from its first task's start to its last task's end. */
export interface TimelineStep {
  step: number;
  startMs: number;
  endMs: number;
}

/** Everything needed to draw a run. */
export interface Timeline {
  /** Lanes in first-start order. */
  lanes: string[];
  bars: TimelineBar[];
  steps: TimelineStep[];
  /** The run's wall time and the sum of its tasks' own durations, ms. */
  wallMs: number;
  sequentialMs: number;
}

/**
 * Turns a trace into a timeline. Tasks that never finished (the run stopped first) end where the
 * last finished task ended.
 *
 * @param trace - A {@link RunTrace} from `traceRun`.
 * @returns Lanes, bars and superstep spans, times relative to the first task.
 * @example
 * ```ts
 * import { timelineOf, traceRun } from "langgraph-parallel";
 * import { buildFanOutGraph } from "langgraph-parallel/graphs";
 * const timeline = timelineOf(await traceRun(buildFanOutGraph(), { state: [] }));
 * timeline.lanes; // ["a", "b", "c", "d"]
 * ```
 */
export function timelineOf(trace: Pick<RunTrace<unknown>, "supersteps" | "wallMs" | "sequentialMs">): Timeline {
  const tasks = trace.supersteps.flatMap((superstep) => superstep.tasks.map((task) => ({ ...task, step: superstep.step })));
  const origin = Math.min(...tasks.map((task) => task.startedAt));
  const lastEnd = Math.max(origin, ...tasks.map((task) => task.endedAt ?? -Infinity));
  const bars = tasks
    .map((task) => ({
      lane: task.node,
      step: task.step,
      startMs: task.startedAt - origin,
      endMs: (task.endedAt ?? lastEnd) - origin,
      failed: task.error !== undefined,
    }))
    .sort((a, b) => a.startMs - b.startMs);
  const lanes = [...new Set(bars.map((bar) => bar.lane))];
  const steps = trace.supersteps
    .map((superstep) => {
      const own = bars.filter((bar) => bar.step === superstep.step);
      return { step: superstep.step, startMs: Math.min(...own.map((b) => b.startMs)), endMs: Math.max(...own.map((b) => b.endMs)) };
    })
    .filter((step) => Number.isFinite(step.startMs));
  return { lanes, bars, steps, wallMs: trace.wallMs, sequentialMs: trace.sequentialMs };
}
