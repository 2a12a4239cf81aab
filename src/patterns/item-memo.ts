/**
 * Per-item memo for long map steps: each finished item's result is written to a LangGraph
 * `BaseStore` as soon as it is done, so that after a crash the resumed step skips every item that
 * had finished.
 */
import { createHash, hash, randomBytes } from "node:crypto";
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
  /** Most results kept in one store item (see the module's notes). Default 512. */
  batchSize?: number;
}

/** One store item of a memo: the results of the items of one write batch, keys and values side by side. */
interface MemoChunk<Result> {
  keys: string[];
  values: Result[];
}

/**
 * A memo kept in a LangGraph store under one namespace, with the store's public `search`/`put`.
 * Results finished together are written together, as one store item holding up to `batchSize`
 * of them, so a long map makes one store write per batch instead of one per item (through
 * LangGraph's in-node store wrapper, whose batches cost the square of their size, and into the
 * store's tables and indexes); loading reads the whole namespace in one query. A save resolves
 * once the item holding it is written. A result must be JSON data, and a batch of them must fit
 * in one store value (about 1 GB on SQLite and PostgreSQL).
 *
 * @param store - Any `BaseStore` (in-memory, SQLite, Postgres).
 * @param namespace - Namespace labels (no periods); the memo owns every item directly in it.
 * @param options - `batchSize` (512).
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
  // Keys of this memo's items: a tag of its own (other processes write the same namespace on resume) and a counter.
  const tag = randomBytes(6).toString("hex");
  let written = 0;
  const writes = new WriteQueue<[string, Result]>((entries) => {
    const chunk: MemoChunk<Result> = { keys: entries.map(([key]) => key), values: entries.map(([, value]) => value) };
    return store.put(namespace, `${tag}-${written++}`, chunk as unknown as Record<string, unknown>);
  }, options.batchSize ?? 512);
  return {
    async load(keys) {
      const found = new Map<string, Result>();
      if (keys.length === 0) return found;
      const wanted = new Set(keys);
      for (const [key, value] of await readMemoEntries<Result>(store, namespace)) if (wanted.has(key)) found.set(key, value);
      return found;
    },
    save: (key, value) => writes.push([key, value]),
  };
}

/**
 * Every result a memo namespace holds, by item key, in one query.
 *
 * @param store - The store.
 * @param namespace - The memo's namespace.
 * @returns Item key → result (an item saved twice, e.g. run again after a crash, gives its last result).
 */
export async function readMemoEntries<Result>(store: BaseStore, namespace: string[]): Promise<Map<string, Result>> {
  const entries = new Map<string, Result>();
  // One query for the namespace (its sub-namespaces hold no memo entries of this step).
  for (const item of await store.search(namespace, { limit: ALL })) {
    if (item.namespace.length !== namespace.length) continue;
    const value = item.value as Partial<MemoChunk<Result>> & { v?: Result };
    if (Array.isArray(value.keys) && Array.isArray(value.values)) value.keys.forEach((key, i) => entries.set(key, value.values![i] as Result));
    else if ("v" in value) entries.set(item.key, value.v as Result); // one result per item, as 0.1 wrote them
  }
  return entries;
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
  // crypto.hash: one call, no Hash object per item (a long map keys every item).
  return `${index}:${hash("sha1", JSON.stringify(item) ?? "undefined", "base64url").slice(0, 16)}`;
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
