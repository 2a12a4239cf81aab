/**
 * Removing a map step's memo once nothing can need it. The memo exists so that a thread resumed
 * from the checkpoint a step started on skips the items that had finished. Once a later
 * checkpoint of the thread is saved, no resume starts from before the step again, so its memo,
 * answers and record are garbage. Deleting them inside the run would race LangGraph's
 * asynchronous checkpoint save (the process could die in between and lose the map); the
 * checkpointer itself knows when a save is done, so the cleanup hangs on its `put`.
 */
import type { BaseCheckpointSaver, BaseStore } from "@langchain/langgraph";
import type { StepRecord } from "./graph-step.js";
import { besideMemo, stepRecordNamespace } from "./item-memo.js";

// Threads that recorded a map step in this process (and how many times): only their saves look for
// finished steps. The count tells a cleanup whether a step recorded itself while it was searching.
const threadsWithSteps = new Map<string, number>();

/**
 * Notes that a thread has a map step record to clean up later (called by the map patterns).
 *
 * @param threadId - The thread.
 */
export function noteStepRecord(threadId: string): void {
  threadsWithSteps.set(threadId, (threadsWithSteps.get(threadId) ?? 0) + 1);
}

/**
 * Wraps a checkpointer so that each saved checkpoint of a thread deletes the memo of the map steps
 * that ran before it (their results are in that checkpoint): memo rows of finished runs do not
 * pile up in the store. Steps paused at per-item questions, or cut off by a crash, keep theirs
 * until a checkpoint after them is saved. The cleanup is best effort: if the store fails (busy,
 * closed) the save still succeeds and the rows go at a later save. Everything else about the checkpointer is unchanged
 * (same object behind a proxy: `instanceof` and every method work as before).
 * `createSqlitePersistence` and `createPostgresPersistence` return checkpointers wrapped this way.
 *
 * @param checkpointer - Any LangGraph checkpointer.
 * @param store - The store the graph is compiled with (where the memo lives).
 * @returns The same checkpointer, cleaning up after each save.
 * @example
 * ```ts
 * import { MemorySaver } from "@langchain/langgraph";
 * import { withMapMemoCleanup } from "langgraph-parallel";
 *
 * const graph = builder.compile({ checkpointer: withMapMemoCleanup(new MemorySaver(), store), store });
 * await graph.invoke({ items: ["a", "b"] }, { configurable: { thread_id: "run-1" } });
 * // the map steps' memo rows of run-1 are gone once the final checkpoint is saved
 * ```
 */
export function withMapMemoCleanup<Saver extends BaseCheckpointSaver>(checkpointer: Saver, store: BaseStore): Saver {
  const put: BaseCheckpointSaver["put"] = async (config, checkpoint, metadata, newVersions) => {
    const saved = await checkpointer.put(config, checkpoint, metadata, newVersions);
    const threadId = config.configurable?.thread_id as string | undefined;
    // Root checkpoints only: a sub-graph's save says nothing about its parent's task.
    if (threadId && !config.configurable?.checkpoint_ns && threadsWithSteps.has(threadId)) {
      // Best effort: the checkpoint is saved, so the run must not fail here. What is left (a busy
      // or closed store) is deleted after a later save of the thread, or by clearMapMemo.
      await clearStepsBefore(store, threadId, checkpoint.id).catch(() => undefined);
    }
    return saved;
  };
  return new Proxy(checkpointer, {
    get(target, property) {
      if (property === "put") return put;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * Deletes the memo, answers and record of every map step of a thread that ran on a checkpoint
 * older than `checkpointId` (LangGraph's checkpoint ids sort by time).
 *
 * @param store - The graph's store.
 * @param threadId - The thread.
 * @param checkpointId - A checkpoint of the thread that is saved.
 * @returns How many store entries were deleted.
 */
export async function clearStepsBefore(store: BaseStore, threadId: string, checkpointId: string): Promise<number> {
  const noted = threadsWithSteps.get(threadId);
  const records = await store.search(stepRecordNamespace(threadId), { limit: ALL });
  const finished = records.filter((item) => {
    const root = (item.value as Partial<StepRecord>).rootCheckpoint;
    return typeof root === "string" && root < checkpointId;
  });
  let deleted = 0;
  for (const item of finished) {
    const { memo } = item.value as StepRecord;
    for (const namespace of [memo, besideMemo(memo, "answers"), besideMemo(memo, "meta")]) deleted += await deleteNamespace(store, namespace);
    await store.delete(item.namespace, item.key);
    deleted++;
  }
  if (finished.length === records.length && threadsWithSteps.get(threadId) === noted) threadsWithSteps.delete(threadId);
  return deleted;
}

const ALL = 2 ** 31 - 1;

// A store may delete a namespace in one go (SqliteStore does); otherwise search, then delete in batches.
async function deleteNamespace(store: BaseStore & { deleteNamespace?: (namespace: string[]) => Promise<number> }, namespace: string[]): Promise<number> {
  if (namespace.length === 0) return 0;
  if (typeof store.deleteNamespace === "function") return store.deleteNamespace(namespace);
  const items = (await store.search(namespace, { limit: ALL })).filter((item) => item.namespace.length === namespace.length);
  for (let i = 0; i < items.length; i += 5_000) {
    await store.batch(items.slice(i, i + 5_000).map((item) => ({ namespace: item.namespace, key: item.key, value: null })));
  }
  return items.length;
}
