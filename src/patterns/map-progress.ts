/**
 * How far the map steps of a thread had got, read after the fact, for a thread paused at per-item
 * questions or stopped mid-step (an error, a crash, a kill): `getState()` says which tasks did not
 * finish, and each map step run by one of them left a record (name, size) and its memo in the
 * graph's store. (Each per-item question also carries its step's progress.) The live view is the
 * `custom` stream's progress events; this is the view of a stopped thread.
 */
import type { BaseStore, LangGraphRunnableConfig, StateSnapshot } from "@langchain/langgraph";
import { ConfigurationError } from "../errors.js";
import { nodePathOf, type StepRecord } from "./graph-step.js";
import type { ItemQuestion } from "./item-interrupts.js";
import { readMemoEntries, stepRecordNamespace } from "./item-memo.js";

/** One unfinished map step of a thread. */
export interface MapProgress {
  /** The map step's name (its `name` option). */
  step: string;
  /** The graph node running it, with the sub-graph nodes above it: `"review|approve"`. */
  node: string;
  /** Items finished (memoised, or answered and done); failed items of a settled step are not kept, so not counted. */
  done: number;
  /** Items waiting for an answer (0 unless the thread is paused at per-item questions). */
  waiting: number;
  total: number;
}

/** What {@link readMapProgress} needs of a compiled graph: `getState` and its store. */
export interface ProgressSource {
  getState(config: LangGraphRunnableConfig): Promise<StateSnapshot>;
  store?: BaseStore;
}

/**
 * Reads the progress of every unfinished map step (`mapReduce`, `mapReduceNode`, `fanOut`) of a
 * thread that is paused or stopped: one entry per step, none when the thread has no unfinished
 * map step. A step that never recorded itself (no store, or it stopped before it started) is
 * absent.
 *
 * @param graph - The compiled graph (with its checkpointer; its store for stopped threads).
 * @param config - The thread: `{ configurable: { thread_id } }`.
 * @returns The unfinished map steps, parents before nested steps.
 * @throws {ConfigurationError} without a `thread_id`.
 * @example
 * ```ts
 * import { readMapProgress } from "langgraph-parallel";
 *
 * const graph = builder.compile({ checkpointer, store });
 * const config = { configurable: { thread_id: "digest-1" } };
 * for (const p of await readMapProgress(graph, config)) {
 *   console.log(`${p.step}: ${p.done}/${p.total} done, ${p.waiting} waiting for an answer`);
 * }
 * ```
 */
export async function readMapProgress(graph: ProgressSource, config: LangGraphRunnableConfig): Promise<MapProgress[]> {
  const threadId = config.configurable?.thread_id as string | undefined;
  if (!threadId) throw new ConfigurationError("readMapProgress needs the thread: config.configurable.thread_id is missing.", 'Pass { configurable: { thread_id: "…" } }.');
  const { store } = graph;
  if (!store) return [];
  const snapshot = await graph.getState(config);
  const unfinished = snapshot.tasks.filter((task) => task.result === undefined);
  if (unfinished.length === 0) return [];
  const records = await allRecords(store, threadId);
  const found: MapProgress[] = [];
  for (const task of unfinished) {
    // A step inside a sub-graph runs under its parent node's task: "review:<task>|approve:<task>".
    const own = records.filter((r) => r.checkpointNs === `${task.name}:${task.id}` || r.checkpointNs.startsWith(`${task.name}:${task.id}|`));
    const questions = task.interrupts.map((i) => i.value).filter(isItemQuestion);
    for (const record of own) {
      const node = nodePathOf(record.checkpointNs);
      const mine = questions.filter((q) => q.step === record.step && q.node === node);
      const waiting = mine.length;
      // Items that failed (settled) before the step stopped for answers are done too.
      const done = mine[0]?.progress.done ?? (await readMemoEntries(store, record.memo)).size;
      if (done < record.total || waiting > 0) found.push({ step: record.step, node, done, waiting, total: record.total });
    }
  }
  return found;
}

async function allRecords(store: BaseStore, threadId: string): Promise<StepRecord[]> {
  const records: StepRecord[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await store.search(stepRecordNamespace(threadId), { limit: 100, offset });
    records.push(...page.filter((item) => item.key === "step").map((item) => item.value as StepRecord));
    if (page.length < 100) return records;
  }
}

function isItemQuestion(value: unknown): value is ItemQuestion {
  const v = value as Partial<ItemQuestion> | null;
  return typeof v === "object" && v !== null && typeof v.step === "string" && typeof v.progress === "object" && typeof v.index === "number";
}
