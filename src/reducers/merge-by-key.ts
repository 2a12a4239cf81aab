import type { BatchReducer } from "./batch-reducer.js";

/** How `mergeByKey` identifies a record. */
export interface MergeByKeyOptions<T> {
  /** The property holding the id, or a function computing it. Default `"id"`. */
  key?: keyof T | ((item: T) => string | number);
}

/**
 * A batch reducer for lists of records with ids: a write replaces the record with the same id
 * (last write wins per key) and appends records with new ids. A record keeps the position where
 * its id first appeared, so the list stays in a stable, predictable order.
 *
 * Linear per superstep: one pass to index the held list, one pass over the writes.
 *
 * @param options - `key`: property name or id function (default `"id"`).
 * @returns A batch reducer for a list field (see `listField`).
 * @example
 * ```ts
 * import { mergeByKey } from "langgraph-parallel";
 *
 * const upsert = mergeByKey<{ id: string; status: string }>();
 * upsert([{ id: "a", status: "queued" }], [[{ id: "a", status: "done" }, { id: "b", status: "queued" }]]);
 * // [{ id: "a", status: "done" }, { id: "b", status: "queued" }]
 * ```
 */
export function mergeByKey<T>(options: MergeByKeyOptions<T> = {}): BatchReducer<T[], readonly T[]> {
  const key = options.key ?? ("id" as keyof T);
  const idOf = typeof key === "function" ? key : (item: T) => item[key] as unknown as string | number;
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
          next[at] = item;
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
