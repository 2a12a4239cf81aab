/**
 * The closing line of every lesson: how many graph runs, supersteps and tasks it took, wall time
 * against the sum of the tasks' own durations (the speed-up parallelism bought), and the tokens
 * and dollars its model calls used (offline: tokens counted, cost zero).
 */
import type { CostLine } from "../observe/cost-tracker.js";
import type { ProgressEvent } from "../observe/progress.js";
import type { RunTrace } from "../observe/run-trace.js";

/** Totals over every graph a lesson ran. */
export interface LessonSummary {
  runs: number;
  supersteps: number;
  tasks: number;
  /** Sum of the runs' wall times, ms. */
  wallMs: number;
  /**
   * The time one task at a time would take, ms: every task's own duration, where a map step's
   * task counts as the sum of its items' durations (its parallelism lives inside the task).
   */
  sequentialMs: number;
  /**
   * Every chat-model call the lesson made, in a graph or not; tokens and dollars from the calls'
   * `usage_metadata`.
   */
  calls: number;
  /** Of `calls`, those that ended in an error (cancelled when a sibling failed, refused, failed): no tokens. */
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  usd: number;
}

/** An empty summary, before the first run. */
export const EMPTY_LESSON_SUMMARY: Readonly<LessonSummary> = Object.freeze({
  runs: 0,
  supersteps: 0,
  tasks: 0,
  wallMs: 0,
  sequentialMs: 0,
  calls: 0,
  failedCalls: 0,
  inputTokens: 0,
  outputTokens: 0,
  usd: 0,
});

/**
 * Adds one graph run to a summary (a new object; the input is not changed).
 *
 * @param summary - Totals so far.
 * @param trace - The run's trace.
 * @param mapSteps - The last progress event of each map step in the run: the step's task ran
 *   for `elapsedMs` but did `busyMs` of item work, so the difference is added to `sequentialMs`.
 * @returns Totals including the run.
 * @example
 * ```ts
 * let summary = addRun(EMPTY_LESSON_SUMMARY, await traceRun(graph, input));
 * ```
 */
export function addRun(
  summary: Readonly<LessonSummary>,
  trace: Pick<RunTrace<unknown>, "supersteps" | "wallMs" | "sequentialMs">,
  mapSteps: readonly Pick<ProgressEvent, "elapsedMs" | "busyMs">[] = [],
): LessonSummary {
  const insideMaps = mapSteps.reduce((sum, step) => sum + Math.max(0, step.busyMs - step.elapsedMs), 0);
  return {
    ...summary,
    runs: summary.runs + 1,
    supersteps: summary.supersteps + trace.supersteps.length,
    tasks: summary.tasks + trace.supersteps.reduce((sum, step) => sum + step.tasks.length, 0),
    wallMs: summary.wallMs + trace.wallMs,
    sequentialMs: summary.sequentialMs + trace.sequentialMs + insideMaps,
  };
}

/**
 * Replaces a summary's model usage with a cost tracker's total.
 *
 * @param summary - Totals of the runs.
 * @param cost - `CostTracker.total()` over the lesson's model calls (`calls` including the failed ones).
 * @param failedCalls - How many of those calls ended in an error (default 0).
 * @returns The summary with calls, tokens and dollars.
 * @example
 * ```ts
 * const summary = withCost(runs, tracker.total());
 * ```
 */
export function withCost(summary: Readonly<LessonSummary>, cost: CostLine, failedCalls = 0): LessonSummary {
  return { ...summary, calls: cost.calls, failedCalls, inputTokens: cost.inputTokens, outputTokens: cost.outputTokens, usd: cost.usd };
}

/**
 * The summary as one line of text.
 *
 * @param summary - The lesson's totals.
 * @returns e.g. `summary: 3 runs · 9 supersteps · 14 tasks · wall 1.20 s vs 3.10 s one at a time
 *   (2.6×) · 6 model calls, 1,234 tokens in, 456 out, $0.0000`.
 * @example
 * ```ts
 * out.line(formatLessonSummary(summary));
 * ```
 */
export function formatLessonSummary(summary: Readonly<LessonSummary>): string {
  const plural = (count: number, noun: string) => `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;
  const speedUp = summary.wallMs > 0 ? ` (${(summary.sequentialMs / summary.wallMs).toFixed(1)}×)` : "";
  const timing = `wall ${seconds(summary.wallMs)} vs ${seconds(summary.sequentialMs)} one at a time${speedUp}`;
  const usage =
    summary.calls === 0
      ? "no model calls"
      : `${plural(summary.calls, "model call")}${summary.failedCalls > 0 ? ` (${summary.failedCalls} cancelled or failed)` : ""}, ${summary.inputTokens.toLocaleString("en-US")} tokens in, ` +
        `${summary.outputTokens.toLocaleString("en-US")} out, $${summary.usd.toFixed(4)}`;
  return `summary: ${plural(summary.runs, "run")} · ${plural(summary.supersteps, "superstep")} · ${plural(summary.tasks, "task")} · ${timing} · ${usage}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
