import type { BatchReducer } from "./batch-reducer.js";

/** How `sortedMerge` orders items: a sort key, or a full comparator. */
export interface SortedMergeOptions<T> {
  /** Sort key of an item (numbers or strings). Default: the item itself. */
  by?: (item: T) => string | number;
  /** Comparator; takes precedence over `by`. */
  compare?: (a: T, b: T) => number;
  /** `"desc"` reverses the order. Default `"asc"`. */
  order?: "asc" | "desc";
}

/**
 * A batch reducer that keeps a list ordered while parallel branches append to it.
 *
 * Stable: items with equal keys keep their write order, and existing items stay before new ones,
 * so the result is exactly a stable sort of `current` followed by the writes. It does not
 * re-sort the whole list each superstep: the superstep's writes are sorted as one run (skipped
 * when already in order) and merged with the held list in a single linear pass.
 *
 * @param options - `by` key (default: the item), or `compare`; `order` (default `"asc"`).
 * @returns A batch reducer for a list field (see `listField`).
 * @example
 * ```ts
 * import { sortedMerge } from "langgraph-parallel";
 *
 * const byScore = sortedMerge<{ id: string; score: number }>({ by: (r) => r.score, order: "desc" });
 * byScore([{ id: "a", score: 9 }], [[{ id: "b", score: 10 }]]); // [{ id: "b", score: 10 }, { id: "a", score: 9 }]
 * ```
 */
export function sortedMerge<T>(options: SortedMergeOptions<T> = {}): BatchReducer<T[], readonly T[]> {
  const compare = comparatorFor(options);
  return (current, writes) => {
    const held = isSorted(current, compare) ? current : stableSorted(current, compare);
    const incoming = writes.length === 1 ? (writes[0] as readonly T[]) : writes.flat() as T[];
    const run = isSorted(incoming, compare) ? incoming : stableSorted(incoming, compare);
    return mergeRuns(held, run, compare);
  };
}

function comparatorFor<T>({ by, compare, order = "asc" }: SortedMergeOptions<T>): (a: T, b: T) => number {
  const base =
    compare ??
    ((a: T, b: T) => {
      const ka = by ? by(a) : (a as unknown as string | number);
      const kb = by ? by(b) : (b as unknown as string | number);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  return order === "desc" ? (a, b) => base(b, a) : base;
}

function isSorted<T>(items: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let i = 1; i < items.length; i++) {
    if (compare(items[i - 1] as T, items[i] as T) > 0) return false;
  }
  return true;
}

// Array.prototype.sort is stable (ES2019); copy first so the input is never mutated.
function stableSorted<T>(items: readonly T[], compare: (a: T, b: T) => number): T[] {
  return items.slice().sort(compare);
}

// Linear two-way merge; on ties the held item goes first, which keeps the merge stable.
function mergeRuns<T>(held: readonly T[], run: readonly T[], compare: (a: T, b: T) => number): T[] {
  const next = new Array<T>(held.length + run.length);
  let i = 0;
  let j = 0;
  let at = 0;
  while (i < held.length && j < run.length) {
    next[at++] = compare(held[i] as T, run[j] as T) <= 0 ? (held[i++] as T) : (run[j++] as T);
  }
  while (i < held.length) next[at++] = held[i++] as T;
  while (j < run.length) next[at++] = run[j++] as T;
  return next;
}
