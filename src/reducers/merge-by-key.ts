import type { BatchReducer } from "./batch-reducer.js";

/** How `mergeByKey` identifies a record, and what it does when an id is written again. */
export interface MergeByKeyOptions<T> {
  /** The property holding the id, or a function computing it. Default `"id"`. */
  key?: keyof T | ((item: T) => string | number);
  /**
   * Combines a record with a later write of the same id: `merge(old, next)` returns the record to
   * keep. Called whenever an id that is already present (in the held list, or earlier in the same
   * batch, the same write included) is written again, once per such write, in write order; `old`
   * is the result of the previous merges. Default `(old, next) => next`: the later write replaces.
   *
   * Must be pure and must not mutate `old` (it may be the record held in state): LangGraph can
   * call a reducer more than once per superstep (a conditional edge reading the state its node
   * just wrote applies that node's writes on a copy; a checkpointed `DeltaValue` is rebuilt by
   * replaying its writes), and a side effect would run each time. The result stays at the
   * position of `old` under its id, so it should keep the same id.
   */
  merge?: (old: T, next: T) => T;
}

/**
 * A batch reducer for lists of records with ids: a write of a new id appends the record; a write
 * of an id already held replaces it (or, with `merge`, is combined with it). A record keeps the
 * position where its id first appeared, so the list stays in a stable, predictable order.
 *
 * "Later" is LangGraph's order of writes, never the order in which parallel nodes finished:
 * - within one superstep, the writes of nodes reached by edges come first, by node name (`b`
 *   before `c`, whatever ran longer), then those of `Send` tasks in the order of the `Send`s;
 * - a later superstep's writes come after everything written before it;
 * - within one write (a list), items come in list order.
 *
 * Linear per superstep: one pass to index the held list, one pass over the writes. Batching
 * invariant for any pure `merge`, since it folds the writes one by one in that order.
 *
 * @param options - `key`: property name or id function (default `"id"`); `merge(old, next)`:
 *   combines a record with a later write of its id (default: the later write replaces it).
 * @returns A batch reducer for a list field (see `listField`).
 * @example
 * ```ts
 * import { mergeByKey } from "langgraph-parallel";
 *
 * const upsert = mergeByKey<{ id: string; status: string }>();
 * upsert([{ id: "a", status: "queued" }], [[{ id: "a", status: "done" }, { id: "b", status: "queued" }]]);
 * // [{ id: "a", status: "done" }, { id: "b", status: "queued" }]
 *
 * const tally = mergeByKey<{ id: string; count: number }>({ merge: (old, next) => ({ id: old.id, count: old.count + next.count }) });
 * tally([{ id: "web", count: 2 }], [[{ id: "web", count: 1 }], [{ id: "web", count: 3 }, { id: "wiki", count: 1 }]]);
 * // [{ id: "web", count: 6 }, { id: "wiki", count: 1 }]
 * ```
 */
export function mergeByKey<T>(options: MergeByKeyOptions<T> = {}): BatchReducer<T[], readonly T[]> {
  const key = options.key ?? ("id" as keyof T);
  const idOf = typeof key === "function" ? key : (item: T) => item[key] as unknown as string | number;
  const { merge } = options;
  return (current, writes) => {
    const next = current.slice();
    const position = new Map<string | number, number>();
    for (let i = 0; i < next.length; i++) position.set(idOf(next[i] as T), i);
    for (const write of writes) {
      for (const item of write) {
        const id = idOf(item);
        const at = position.get(id);
        if (at === undefined) {
          position.set(id, next.length);
          next.push(item);
        } else {
          next[at] = merge ? merge(next[at] as T, item) : item;
        }
      }
    }
    return next;
  };
}

/**
 * A batch reducer for dictionaries: keys from later writes win, other keys are kept.
 * Each superstep costs one shallow copy plus the written keys.
 *
 * @param current - The record held in state (not modified).
 * @param writes - Partial records written in this superstep, in write order.
 * @returns A new record with every write applied in order.
 * @example
 * ```ts
 * import { mergeRecords } from "langgraph-parallel";
 *
 * mergeRecords({ web: 2 }, [{ encyclopedia: 1 }, { web: 3 }]); // { web: 3, encyclopedia: 1 }
 * ```
 */
export function mergeRecords<V>(
  current: Readonly<Record<string, V>>,
  writes: readonly Readonly<Record<string, V>>[],
): Record<string, V> {
  return Object.assign({}, current, ...writes) as Record<string, V>;
}
