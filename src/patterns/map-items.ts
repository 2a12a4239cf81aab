/**
 * `mapItems`: the engine of the map patterns. Runs a worker over a list with a concurrency limit,
 * per-item retry and timeout, a failure policy, per-item memo (resume without redoing finished
 * items) and one progress event per finished item. Results come back in input order.
 * It is plain promises: the per-item cost stays near a promise pool's however long the list is.
 */
import { isGraphInterrupt } from "@langchain/langgraph";
import { LanggraphParallelError } from "../errors.js";
import { ProgressTracker, type ProgressEvent } from "../observe/progress.js";
import { isLangGraphSignal } from "./graph-signals.js";
import type { ExecutorOutcome, MapExecutor, MapExecutorTask } from "./map-executor.js";
import { ItemAsked, ItemInterruptError, type ItemInterrupts, type ItemQuestion, stepInterrupt } from "./item-interrupts.js";
import { defaultItemKey, type ItemMemo } from "./item-memo.js";
import { isTransientError, resolveRetry, retrying, RetryExhausted } from "./retry.js";
import { checkConcurrency, PoolJobError, runPool } from "./task-pool.js";
import { withTimeout } from "./timeout.js";
import { UnsavedWindow } from "./unsaved-window.js";

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
  /**
   * Asks a human about this item, in place of LangGraph's `interrupt()` (which cannot tell the
   * items of one map apart). Inside `mapReduce` / `mapReduceNode` / `fanOut` running on a graph
   * with a checkpointer and a store: a question not answered yet parks the item, the other items
   * go on, and the step stops with one interrupt per waiting item (an {@link ItemQuestion} with
   * its own id); `new Command({ resume: { [id]: answer } })` makes this call return `answer`
   * when the item runs again. Like `interrupt()`, the worker runs again from its start on resume,
   * so code before the question runs again; answers already given are returned at once.
   * Elsewhere it rejects with an {@link ItemInterruptError}.
   */
  interrupt<Answer = unknown>(question: unknown): Promise<Answer>;
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
  /**
   * Where `context.interrupt` questions and answers live; the graph patterns pass it. Without it
   * `context.interrupt` rejects with an {@link ItemInterruptError}. Default none.
   */
  interrupts?: ItemInterrupts;
  /**
   * Runs the items elsewhere instead of in this process's pool, e.g. on a job queue
   * (`queueExecutor` of `langgraph-parallel/queue`). The memo, input order, failure policy and
   * progress stay here; `retry` and `timeoutMs` go to the executor; `concurrency` and `worker`
   * are not used (the executor's workers run the items). Default none: the in-process pool.
   */
  executor?: MapExecutor;
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
 * @param worker - `(item, { index, attempt, signal, interrupt }) => result`.
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
  const { memo, interrupts } = options;
  const keys = memo || interrupts || options.executor ? items.map(options.itemKey ?? defaultItemKey) : [];
  const saved = memo ? await memo.load(keys) : new Map<string, Result>();
  const pending: number[] = [];
  for (let i = 0; i < items.length; i++) {
    if (memo && saved.has(keys[i] as string)) outcomes[i] = { ok: true, value: saved.get(keys[i] as string) as Result };
    else pending.push(i);
  }
  const asked = interrupts ? await interrupts.load(pending.map((i) => keys[i] as string)) : undefined;
  const answers = asked?.answers ?? new Map<string, unknown[]>();
  // Items that had failed when the step stopped for answers are not run again in an answer round.
  const failedBefore = asked?.failed ?? new Map<string, ItemFailure>();
  if (failedBefore.size > 0) {
    for (const i of pending) if (failedBefore.has(keys[i] as string)) outcomes[i] = { ok: false, error: failedBefore.get(keys[i] as string) as ItemFailure };
    pending.splice(0, pending.length, ...pending.filter((i) => !failedBefore.has(keys[i] as string)));
  }
  emit(progress.restored(items.length - pending.length));

  const questions: { id: string; value: ItemQuestion }[] = [];
  // Each attempt asks from its first question again; answers already given are replayed in order.
  const asker = (index: number) => {
    let asked = 0;
    return async <Answer>(question: unknown): Promise<Answer> => {
      if (!interrupts) throw new ItemInterruptError(`${name}: ${label(items[index] as Item, index)} asked a question, but this step has nowhere to keep questions and answers: context.interrupt needs a graph run with a checkpointer, a store and a thread_id.`, NO_INTERRUPTS_HINT);
      const key = keys[index] as string;
      const given = answers.get(key) ?? [];
      const n = asked++;
      if (n < given.length) return given[n] as Answer;
      const id = interrupts.id(key, n);
      const found = interrupts.answer(id);
      if (!found) throw new ItemAsked(id, question);
      answers.set(key, [...given, found.value]);
      await interrupts.save(key, [...given, found.value]);
      return found.value as Answer;
    };
  };

  const runItem = async (index: number, signal: AbortSignal): Promise<void> => {
    const item = items[index] as Item;
    const started = performance.now();
    try {
      const { value } = await retrying(
        (attempt) => withTimeout(async (s) => worker(item, { index, attempt, signal: s, interrupt: asker(index) }), options.timeoutMs, signal),
        policy, // never retries LangGraph's signals (interrupt, Command.PARENT)
        signal,
      );
      const finished = () => {
        outcomes[index] = { ok: true, value };
        emit(progress.itemDone(false, performance.now() - started));
      };
      if (memo) return await afterSave(index, memo.save(keys[index] as string, value), finished, () => performance.now() - started);
      finished();
    } catch (caught) {
      const { error, attempts } = caught instanceof RetryExhausted ? caught : { error: caught, attempts: 1 };
      if (error instanceof ItemAsked && !signal.aborted) {
        questions.push({ id: error.questionId, value: { step: name, node: interrupts?.node ?? "", index, key: keys[index] as string, label: label(item, index), question: error.question, progress: { done: 0, waiting: 0, total: 0 } } });
        return;
      }
      if (error instanceof ItemInterruptError) throw error;
      if (isGraphInterrupt(error) && !(error instanceof ItemAsked)) {
        throw new ItemInterruptError(`${name}: ${label(item, index)} called LangGraph's interrupt() inside the worker, which cannot tell the items of one step apart.`, interrupts ? USE_CONTEXT_HINT : NO_INTERRUPTS_HINT, { cause: error });
      }
      if (isLangGraphSignal(error)) throw error; // e.g. Command.PARENT: LangGraph handles it, not the map
      if (!settled || signal.aborted) throw new MapItemError(name, index, label(item, index), attempts, error);
      outcomes[index] = { ok: false, error: failureRecord(error, attempts) };
      emit(progress.itemDone(true, performance.now() - started));
    }
  };

  // An item counts as finished only once its memo write is through, but its lane does not wait
  // for that (see UnsavedWindow). A failed write fails its item (settled) or stops the step
  // (fail-fast) through `stopSaving`.
  const unsaved = new UnsavedWindow(UNSAVED_LIMIT);
  const stopSaving = new AbortController();
  const afterSave = (index: number, write: Promise<void>, finished: () => void, durationMs: () => number): Promise<void> =>
    unsaved.add(write, finished, (error) => {
      if (!settled) return void stopSaving.abort(new MapItemError(name, index, label(items[index] as Item, index), 1, error));
      outcomes[index] = { ok: false, error: failureRecord(error, 1) };
      emit(progress.itemDone(true, durationMs()));
    });
  const poolSignal = options.signal ? AbortSignal.any([options.signal, stopSaving.signal]) : stopSaving.signal;

  if (options.executor) {
    const task = { step: name, items, pending, keys, retry: options.retry, timeoutMs: options.timeoutMs, settled, signal: poolSignal, label: (i: number) => label(items[i] as Item, i) };
    try {
      await runOnExecutor(options.executor, task, async (o) => {
        const event = (failed: boolean) => ({ ...progress.itemDone(failed, o.durationMs), index: o.index, ...(o.worker === undefined ? {} : { worker: o.worker }) });
        if (o.ok) {
          const finished = () => {
            outcomes[o.index] = { ok: true, value: o.value as Result };
            emit(event(false));
          };
          if (memo) await afterSave(o.index, memo.save(keys[o.index] as string, o.value as Result), finished, () => o.durationMs);
          else finished();
        } else {
          if (!settled) throw new MapItemError(name, o.index, label(items[o.index] as Item, o.index), o.attempts, Object.assign(new Error(o.error.message), { name: o.error.name }));
          outcomes[o.index] = { ok: false, error: { name: o.error.name, message: o.error.message, attempts: o.attempts, transient: o.error.transient } };
          emit(event(true));
        }
        stopSaving.signal.throwIfAborted(); // a failed memo write (fail-fast) ends the iteration
      });
    } finally {
      await unsaved.drain();
    }
    stopSaving.signal.throwIfAborted();
    return outcomes;
  }
  try {
    await runPool(pending, (index, _position, signal) => runItem(index, signal), { concurrency, signal: poolSignal });
  } catch (error) {
    await unsaved.drain();
    throw error instanceof PoolJobError ? error.cause : error;
  }
  await unsaved.drain();
  if (stopSaving.signal.aborted) throw stopSaving.signal.reason;
  if (questions.length > 0 && interrupts) {
    const { done, total } = progress.event();
    for (const q of questions) q.value.progress = { done, waiting: questions.length, total };
    const failed = new Map<string, ItemFailure>();
    outcomes.forEach((o, i) => o && !o.ok && failed.set(keys[i] as string, o.error));
    await interrupts.stopping(questions.map((q) => q.id), failed);
    throw stepInterrupt(questions);
  }
  return outcomes;
}

// Most finished items waiting for their memo write before a lane waits too: the at-least-once
// window of a crash (side effect done, result not yet saved) is at most this many items plus one
// per lane.
const UNSAVED_LIMIT = 256;

// Feeds each outcome to `take`; a throw from `take` (fail-fast) ends the iteration, which releases the executor.
async function runOnExecutor<Item>(executor: MapExecutor, task: MapExecutorTask<Item>, take: (outcome: ExecutorOutcome<unknown>) => Promise<void>): Promise<void> {
  for await (const outcome of executor.run(task as MapExecutorTask<unknown>)) await take(outcome);
  task.signal?.throwIfAborted();
}

const NO_INTERRUPTS_HINT =
  "Run the worker through mapReduce, mapReduceNode or fanOut in a graph compiled with a checkpointer and a store (compile({ checkpointer, store })), with a thread_id; or ask in a node of its own before the step.";
const USE_CONTEXT_HINT = "Ask through the worker's context instead: async (item, { interrupt }) => { const answer = await interrupt(question); … }. Each item's question then gets an id of its own.";

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
