/**
 * Per-item memo for long map steps: each finished item's result is written to a LangGraph
 * `BaseStore` as soon as it is done, so that after a crash the resumed step skips every item that
 * had finished.
 */
import { createHash } from "node:crypto";
import type { BaseStore } from "@langchain/langgraph";
import { WriteQueue } from "./write-queue.js";

/** Where finished items are remembered. */
export interface ItemMemo<Result> {
  /** Results already saved for these keys. */
  load(keys: readonly string[]): Promise<Map<string, Result>>;
  /** Saves one result; resolves once it is durable in the store. */
  save(key: string, value: Result): Promise<void>;
}

// A search limit that means "all": stores page by limit, and a memo reads its namespace whole.
const ALL = 2 ** 31 - 1;

/** Options of {@link storeMemo}. */
export interface StoreMemoOptions {
  /** Most writes sent to the store at once (see the module's notes). Default 256. */
  batchSize?: number;
}

/**
 * A memo kept in a LangGraph store under one namespace, with the store's public `search`/`put`.
 * Loading reads the whole namespace in one query; saves travel in batches of at most
 * `batchSize`, so a long map costs O(1) store work per item even through LangGraph's in-node
 * store wrapper (whose batches cost the square of their size). A save resolves once its batch is
 * written.
 *
 * @param store - Any `BaseStore` (in-memory, SQLite, Postgres).
 * @param namespace - Namespace labels (no periods); the memo owns every item directly in it.
 * @param options - `batchSize` (256).
 * @returns The memo.
 * @example
 * ```ts
 * import { mapItems, storeMemo } from "langgraph-parallel";
 *
 * const memo = storeMemo<string>(store, ["my-app", "summaries", "run-1"]);
 * const passages = ["LangGraph runs nodes in supersteps.", "A Send starts one task per item."];
 * const outcomes = await mapItems(passages, async (p) => (await model.invoke(`Summarise: ${p}`)).text, { memo });
 * // run it again after a crash: the passages already saved are not summarised again
 * ```
 */
export function storeMemo<Result>(store: BaseStore, namespace: string[], options: StoreMemoOptions = {}): ItemMemo<Result> {
  const writes = new WriteQueue(options.batchSize ?? 256);
  return {
    async load(keys) {
      const found = new Map<string, Result>();
      if (keys.length === 0) return found;
      const wanted = new Set(keys);
      // One query for the namespace (its sub-namespaces hold no memo entries of this step).
      const items = await store.search(namespace, { limit: ALL });
      for (const item of items) {
        if (item.namespace.length === namespace.length && wanted.has(item.key)) found.set(item.key, (item.value as { v: Result }).v);
      }
      return found;
    },
    save: (key, value) => writes.push(() => store.put(namespace, key, { v: value })),
  };
}

/**
 * The namespace beside a step's memo where it keeps something else (answers, records), so that
 * the memo's namespace holds its results only.
 *
 * @param namespace - The step's memo namespace.
 * @param what - A label, e.g. `"answers"`.
 * @returns `[...prefix, "<run>-<what>"]`.
 */
export function besideMemo(namespace: readonly string[], what: string): string[] {
  return [...namespace.slice(0, -1), `${namespace[namespace.length - 1] ?? "memo"}-${what}`];
}

/**
 * A stable key for an item: its position and a hash of its JSON, so that a resumed run reuses a
 * result only for the same item at the same place.
 *
 * @param item - Any JSON-serialisable item.
 * @param index - Its position.
 * @returns e.g. `"12:3f2a9c…"`.
 * @example
 * ```ts
 * import { defaultItemKey } from "langgraph-parallel";
 *
 * defaultItemKey({ id: "doc-1" }, 0); // "0:vQG3p8eW-LFhqUw-"
 * ```
 */
export function defaultItemKey(item: unknown, index: number): string {
  return `${index}:${createHash("sha1").update(JSON.stringify(item) ?? "undefined").digest("base64url").slice(0, 16)}`;
}

/**
 * The memo namespace of one map step in one run: derived from the thread and the step's
 * checkpoint namespace (which includes its task id, stable across resume).
 *
 * @param threadId - The run's `thread_id`.
 * @param checkpointNs - The node's checkpoint namespace.
 * @param name - The map step's name.
 * @returns Namespace labels safe for any store.
 * @example
 * ```ts
 * import { memoNamespace } from "langgraph-parallel";
 *
 * memoNamespace("thread-1", "map:1b2c", "summarise");
 * // ["langgraph-parallel", "map-memo", "thread-1", "summarise", "6c1296de38766520d4aa54bb"]
 * ```
 */
export function memoNamespace(threadId: string, checkpointNs: string, name: string): string[] {
  return [...threadMemoPrefix(threadId), safeLabel(name), stepRunLabel(threadId, checkpointNs)];
}

/**
 * Where a map step records its name and size when it starts (read by `readMapProgress`), apart
 * from the memo so that no step name or item key can collide with it.
 *
 * @param threadId - The run's `thread_id`.
 * @param checkpointNs - The node's checkpoint namespace; omit for the prefix of all the thread's records.
 * @returns Namespace labels; the record's key is `"step"`.
 */
export function stepRecordNamespace(threadId: string, checkpointNs?: string): string[] {
  const thread = [...STEPS_ROOT, safeLabel(threadId)];
  return checkpointNs === undefined ? thread : [...thread, stepRunLabel(threadId, checkpointNs)];
}

const STEPS_ROOT = ["langgraph-parallel", "map-steps"];

function stepRunLabel(threadId: string, checkpointNs: string): string {
  return createHash("sha1").update(`${threadId}\0${checkpointNs}`).digest("hex").slice(0, 24);
}

/**
 * A namespace label every store accepts: no periods (any store), no `_`, `%` or `\` (PostgresStore
 * rejects SQL LIKE wildcards), not empty.
 *
 * @param text - Any text (a thread id, a step name).
 * @returns The text with those characters replaced by `-`.
 * @example
 * ```ts
 * import { safeLabel } from "langgraph-parallel";
 *
 * safeLabel("thread_1.a"); // "thread-1-a"
 * ```
 */
export function safeLabel(text: string): string {
  return text.replace(/[._%\\]/g, "-") || "-";
}

function threadMemoPrefix(threadId: string): string[] {
  return ["langgraph-parallel", "map-memo", safeLabel(threadId)];
}

/**
 * Deletes the per-item memo entries of a thread (or of every thread): results, answers and step
 * records. A map step cannot delete its own memo when it finishes (that could race LangGraph's
 * asynchronous checkpoint save and lose the map if the process died in between); a checkpointer
 * wrapped by `withMapMemoCleanup` (as `createSqlitePersistence` and `createPostgresPersistence`
 * return it) deletes it after the next checkpoint is saved. Call this with any other checkpointer,
 * or to drop the memo of a thread you will not resume.
 *
 * @param store - The graph's store.
 * @param threadId - A thread id; omit to clear every thread's memo.
 * @returns How many entries were deleted.
 * @example
 * ```ts
 * import { clearMapMemo } from "langgraph-parallel";
 *
 * const graph = builder.compile({ checkpointer, store });
 * await graph.invoke({ passages: ["…", "…"] }, { configurable: { thread_id: "digest-1" } });
 * await clearMapMemo(store, "digest-1"); // how many entries the thread's map steps had left (0 with withMapMemoCleanup)
 * ```
 */
export async function clearMapMemo(store: BaseStore, threadId?: string): Promise<number> {
  const thread = threadId === undefined ? [] : [safeLabel(threadId)];
  let deleted = 0;
  for (const prefix of [["langgraph-parallel", "map-memo", ...thread], [...STEPS_ROOT, ...thread]]) {
    for (;;) {
      const items = await store.search(prefix, { limit: 500 });
      if (items.length === 0) break;
      await Promise.all(items.map((item) => store.delete(item.namespace, item.key)));
      deleted += items.length;
    }
  }
  return deleted;
}
