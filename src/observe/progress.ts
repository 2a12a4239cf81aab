/**
 * Progress of a long step: items done out of total, failures, rate and ETA. The map patterns emit
 * one {@link ProgressEvent} per finished item on LangGraph's `custom` stream, so any UI (the
 * lesson's progress bar, a web page, Studio) can show it.
 */

/** One progress update. */
export interface ProgressEvent {
  type: "progress";
  /** Which step reports (e.g. the map step's name). */
  name: string;
  /** Items finished (succeeded, failed, or restored from the memo). */
  done: number;
  /** Of those, how many failed. */
  failed: number;
  /** Of those, how many were restored from a previous run's memo instead of running. */
  cached: number;
  total: number;
  elapsedMs: number;
  /** Items per second since the step started (memo hits excluded). */
  ratePerSecond: number;
  /** Sum of the finished items' own durations, ms: the time they would take one at a time. */
  busyMs: number;
  /** Estimated time to finish, ms (undefined until the first item is done). */
  etaMs: number | undefined;
  /** With an executor (e.g. the queue): the position of the item that just finished. */
  index?: number;
  /** With an executor: which worker ran that item (the queue worker's id, e.g. `"host:pid"`). */
  worker?: string;
}

/**
 * Counts items as they finish and produces progress events.
 *
 * @example
 * ```ts
 * import { ProgressTracker } from "langgraph-parallel";
 * const progress = new ProgressTracker("summarise", 100);
 * config.writer?.(progress.itemDone()); // in a node: { type: "progress", done: 1, total: 100, … }
 * ```
 */
export class ProgressTracker {
  private done = 0;
  private failed = 0;
  private cached = 0;
  private busyMs = 0;
  private readonly started = performance.now();

  constructor(
    readonly name: string,
    readonly total: number,
  ) {}

  /** Records items restored from a memo (they count as done, not toward the rate). */
  restored(count: number): ProgressEvent {
    this.cached += count;
    this.done += count;
    return this.event();
  }

  /**
   * Records one finished item.
   *
   * @param failed - Whether it failed. Default false.
   * @param durationMs - How long it took, ms. Default 0.
   */
  itemDone(failed = false, durationMs = 0): ProgressEvent {
    this.done++;
    this.busyMs += durationMs;
    if (failed) this.failed++;
    return this.event();
  }

  /** The current state as an event. */
  event(): ProgressEvent {
    const elapsedMs = performance.now() - this.started;
    const ran = this.done - this.cached;
    const ratePerSecond = elapsedMs > 0 ? (ran * 1000) / elapsedMs : 0;
    const remaining = this.total - this.done;
    const etaMs = ran > 0 ? (remaining / ran) * elapsedMs : remaining === 0 ? 0 : undefined;
    const { name, done, failed, cached, total, busyMs } = this;
    return { type: "progress", name, done, failed, cached, total, elapsedMs, ratePerSecond, etaMs, busyMs };
  }
}

/**
 * Whether a `custom` stream chunk is a progress event.
 *
 * @param chunk - A `custom` stream chunk.
 * @returns True for {@link ProgressEvent}s.
 * @example
 * ```ts
 * import { isProgressEvent } from "langgraph-parallel";
 * const graph = builder.compile();
 * for await (const [mode, chunk] of await graph.stream({}, { streamMode: ["custom", "updates"] })) {
 *   if (mode === "custom" && isProgressEvent(chunk)) console.log(`${chunk.done}/${chunk.total}`);
 * }
 * ```
 */
export function isProgressEvent(chunk: unknown): chunk is ProgressEvent {
  return typeof chunk === "object" && chunk !== null && (chunk as { type?: unknown }).type === "progress";
}
