/**
 * What a map step gets from the graph run it is part of, in one place for every pattern that runs
 * its items inside one LangGraph task (`mapReduce`, `mapReduceNode`, `fanOut`): the run's signal,
 * progress on the `custom` stream, and, when the graph has a store and the run a `thread_id`, the
 * per-item memo (resume without redoing finished items) and per-item interrupts.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { storeInterrupts } from "./item-interrupts.js";
import { defaultItemKey, type ItemMemo, memoNamespace, stepRecordNamespace, storeMemo } from "./item-memo.js";
import type { MapItemsOptions } from "./map-items.js";
import { noteStepRecord } from "./memo-cleanup.js";
import { hasCheckpointer, resumeValues } from "./resume-values.js";

/** What a map step records about itself when it starts: its name, size and memo namespace. */
export interface StepRecord {
  step: string;
  total: number;
  memo: string[];
  checkpointNs: string;
  /** The root checkpoint the step's task ran on: once a later one is saved, the memo is garbage. */
  rootCheckpoint: string | undefined;
}

/** The `mapItems` options a graph run provides. */
export type GraphStepOptions<Item, Result> = {
  [K in "name" | "itemKey" | "onProgress" | "signal" | "memo" | "interrupts"]-?: MapItemsOptions<Item, Result>[K];
};

/**
 * Builds the options of one map step from its node's config.
 *
 * @param config - The node's config.
 * @param step - The step's name and items; `itemKey` (default index + hash); `memo` (default true):
 *   whether finished items are remembered; `memoValue`: which results can be remembered (default all).
 * @returns Options to spread into `mapItems`.
 */
export function graphStepOptions<Item, Result>(
  config: LangGraphRunnableConfig,
  step: { name: string; items: readonly Item[]; itemKey?: (item: Item, index: number) => string; memo?: boolean; memoValue?: (result: Result) => boolean },
): GraphStepOptions<Item, Result> {
  const store = step.memo === false ? undefined : config.store;
  const threadId = config.configurable?.thread_id as string | undefined;
  // Questions need a store and a thread even with `memo: false` (finished items then run again on resume).
  const questionNs = config.store && threadId ? memoNamespace(threadId, checkpointNamespace(config), step.name) : undefined;
  const namespace = store ? questionNs : undefined;
  const checkpointNs = checkpointNamespace(config);
  // With the memo, the step's name and size, for `readMapProgress` and the memo cleanup; noted
  // once written, so that a cleanup searching before the write sees the note change.
  const record: StepRecord = { step: step.name, total: step.items.length, memo: namespace ?? [], checkpointNs, rootCheckpoint: rootCheckpointOf(config) };
  const writeRecord = () => store!.put(stepRecordNamespace(threadId!, checkpointNs), "step", record).then(() => noteStepRecord(threadId!));
  return {
    name: step.name,
    signal: config.signal,
    memo: namespace && store ? recordedMemo(selectiveMemo(storeMemo<Result>(store, namespace), step.memoValue), writeRecord) : undefined,
    interrupts: questionNs && config.store && hasCheckpointer(config) ? storeInterrupts(nodePathOf(checkpointNs), config.store, questionNs, resumeValues(config)) : undefined,
    itemKey: step.itemKey ?? defaultItemKey,
    onProgress: (event) => config.writer?.(event),
  };
}

/**
 * The checkpoint namespace of the node a config belongs to: `"<node>:<task id>"`, nested with `|`
 * inside a sub-graph. Stable when a thread resumes, so it keys the step's memo.
 *
 * @param config - The node's config.
 * @returns The namespace, `""` outside a graph.
 */
export function checkpointNamespace(config: LangGraphRunnableConfig): string {
  return String(config.metadata?.langgraph_checkpoint_ns ?? config.configurable?.checkpoint_ns ?? "");
}

// A memo that skips results it cannot keep (e.g. a `Command`, which a store would flatten).
function selectiveMemo<Result>(memo: ItemMemo<Result>, keep: ((result: Result) => boolean) | undefined): ItemMemo<Result> {
  if (!keep) return memo;
  return { load: (keys) => memo.load(keys), save: (key, value) => (keep(value) ? memo.save(key, value) : Promise.resolve()) };
}

// LangGraph puts the checkpoint each namespace's task runs on in `checkpoint_map`; "" is the root graph's.
function rootCheckpointOf(config: LangGraphRunnableConfig): string | undefined {
  const map = config.configurable?.checkpoint_map as Record<string, string> | undefined;
  return map?.[""];
}

// A memo whose first load also writes the step's record.
function recordedMemo<Result>(memo: ItemMemo<Result>, writeRecord: () => Promise<void>): ItemMemo<Result> {
  return { load: async (keys) => (await Promise.all([memo.load(keys), writeRecord()]))[0], save: (key, value) => memo.save(key, value) };
}

/**
 * The graph node path of a checkpoint namespace: `"review:<task>|approve:<task>"` → `"review|approve"`.
 *
 * @param checkpointNs - A checkpoint namespace (see {@link checkpointNamespace}).
 * @returns The node names, outermost first, joined by `|`.
 */
export function nodePathOf(checkpointNs: string): string {
  return checkpointNs
    .split("|")
    .map((part) => part.split(":")[0])
    .join("|");
}
