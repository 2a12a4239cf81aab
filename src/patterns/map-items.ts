/**
 * `mapItems`: the engine of the map patterns. Runs a worker over a list with a concurrency limit,
 * per-item retry and timeout, a failure policy, per-item memo (resume without redoing finished
 * items) and one progress event per finished item. Results come back in input order.
 * It is plain promises: the per-item cost stays near a promise pool's however long the list is.
 */
import { LanggraphParallelError } from "../errors.js";
import { ProgressTracker, type ProgressEvent } from "../observe/progress.js";
import { defaultItemKey, type ItemMemo } from "./item-memo.js";
import { isTransientError, resolveRetry, retrying, RetryExhausted } from "./retry.js";
import { checkConcurrency, PoolJobError, runPool } from "./task-pool.js";
import { withTimeout } from "./timeout.js";

import type { BranchOptions } from "./branch-options.js";
export type { FailurePolicy } from "./branch-options.js";

/** What a worker learns about the item it is working on. */
export interface ItemContext {
  /** Position in the input list. */
  index: number;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /** Aborts on timeout, on fail-fast after another item failed, or when the run is cancelled. */
  signal: AbortSignal;
}

/** Why an item failed, as plain data (it is stored in checkpoints). */
export interface ItemFailure {
  name: string;
  message: string;
  attempts: number;
  /** Whether the last error looked transient (429, 5xx, timeout, connection). */
  transient: boolean;
}

/** One item's result: a value, or (settled mode) a failure record. */
export type ItemOutcome<Result> = { ok: true; value: Result } | { ok: false; error: ItemFailure };

/** Options of {@link mapItems}: the shared {@link BranchOptions} (concurrency default 10), plus: */
export interface MapItemsOptions<Item, Result> extends BranchOptions {
  /** Names the step in progress events and errors. Default `"map"`. */
  name?: string;
  /**
   * Cancels the whole step: no new item starts, running items see their signal abort with its
   * reason, and once they have settled the step rejects with `signal.reason` as it is. Already
   * aborted at the call: rejects at once, before the memo is read or any item starts.
   */
  signal?: AbortSignal;
  /** Remembers finished items so a resumed step skips them. Default none. */
  memo?: ItemMemo<Result>;
  /** Identity of an item in the memo. Default: index + hash of its JSON. */
  itemKey?: (item: Item, index: number) => string;
  /** How errors name an item. Default: `item <index> (<JSON preview>)`. */
  itemLabel?: (item: Item, index: number) => string;
  /** Called once at the start and after every finished item. */
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * An item failed in fail-fast mode; the step stopped. Names the item, the attempts made, and keeps
 * the original error as `cause`.
 *
 * @example
 * ```ts
 * import { MapItemError, mapItems } from "langgraph-parallel";
 *
 * try {
 *   await mapItems([1, 2, 3], (n) => { if (n === 2) throw new Error("bad item"); return n * 10; });
 * } catch (e) {
 *   if (!(e instanceof MapItemError)) throw e;
 *   console.error(e.index, e.message); // 1 "map: item 1 (2) failed after 1 attempt: bad item"
 * }
 * ```
 */
export class MapItemError extends LanggraphParallelError {
  constructor(
    readonly step: string,
    readonly index: number,
    readonly label: string,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(
      `${step}: ${label} failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${errorMessage(cause)}`,
      `Fix that item or the worker, or use failure: "settled" to collect failures next to successes.`,
      { cause },
    );
  }
}

/**
 * Maps `worker` over `items`. In fail-fast mode every outcome is `ok`; in settled mode failed
 * items carry an {@link ItemFailure} in their slot and nothing successful is dropped.
 *
 * @param items - The list.
 * @param worker - `(item, { index, attempt, signal }) => result`.
 * @param options - Concurrency (10), failure policy (fail-fast), retry, timeout, memo, progress.
 * @returns One outcome per item, in input order.
 * @throws {MapItemError} in fail-fast mode, naming the first item that failed.
 * @example
 * ```ts
 * import { mapItems } from "langgraph-parallel";
 *
 * const passages = ["LangGraph runs nodes in supersteps.", "A Send starts one task per item."];
 * const outcomes = await mapItems(passages, async (p, { signal }) => (await model.invoke(`Summarise: ${p}`, { signal })).text, {
 *   concurrency: 8, failure: "settled", timeoutMs: 30_000,
 * });
 * const summaries = outcomes.flatMap((o) => (o.ok ? [o.value] : [])); // a failed item has `o.error` instead
 * ```
 */
export async function mapItems<Item, Result>(
  items: readonly Item[],
  worker: (item: Item, context: ItemContext) => Result | Promise<Result>,
  options: MapItemsOptions<Item, Result> = {},
): Promise<ItemOutcome<Result>[]> {
  const name = options.name ?? "map";
  const concurrency = checkConcurrency(options.concurrency ?? 10);
  const policy = resolveRetry(options.retry);
  const settled = options.failure === "settled";
  const label = options.itemLabel ?? defaultLabel;
  const emit = options.onProgress ?? (() => undefined);
  const progress = new ProgressTracker(name, items.length);
  options.signal?.throwIfAborted(); // cancelled before the start: no memo read, no progress event, no item

  const outcomes = new Array<ItemOutcome<Result>>(items.length);
  const { memo } = options;
  const keys = memo ? items.map(options.itemKey ?? defaultItemKey) : [];
  const saved = memo ? await memo.load(keys) : new Map<string, Result>();
  const pending: number[] = [];
  for (let i = 0; i < items.length; i++) {
    if (memo && saved.has(keys[i] as string)) outcomes[i] = { ok: true, value: saved.get(keys[i] as string) as Result };
    else pending.push(i);
  }
  emit(progress.restored(items.length - pending.length));

  const runItem = async (index: number, signal: AbortSignal): Promise<void> => {
    const item = items[index] as Item;
    const started = performance.now();
    try {
      const { value } = await retrying(
        (attempt) => withTimeout(async (s) => worker(item, { index, attempt, signal: s }), options.timeoutMs, signal),
        policy,
        signal,
      );
      if (memo) await memo.save(keys[index] as string, value);
      outcomes[index] = { ok: true, value };
      emit(progress.itemDone(false, performance.now() - started));
    } catch (caught) {
      const { error, attempts } = caught instanceof RetryExhausted ? caught : { error: caught, attempts: 1 };
      if (!settled || signal.aborted) throw new MapItemError(name, index, label(item, index), attempts, error);
      outcomes[index] = { ok: false, error: failureRecord(error, attempts) };
      emit(progress.itemDone(true, performance.now() - started));
    }
  };

  try {
    await runPool(pending, (index, _position, signal) => runItem(index, signal), { concurrency, signal: options.signal });
  } catch (error) {
    throw error instanceof PoolJobError ? error.cause : error;
  }
  return outcomes;
}

function failureRecord(error: unknown, attempts: number): ItemFailure {
  const name = error instanceof Error ? error.name : "Error";
  return { name, message: errorMessage(error), attempts, transient: isTransientError(error) };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function defaultLabel(item: unknown, index: number): string {
  const json = JSON.stringify(item) ?? String(item);
  return `item ${index} (${json.length > 40 ? `${json.slice(0, 40)}…` : json})`;
}
