/**
 * Batch list append: the typed, linear-time counterpart of Python's `operator.add` on lists.
 *
 * Each write is a list of items (write `[item]` to append one). All writes of a superstep are
 * appended in write order in one pass: the result is allocated once at its final length, so the
 * cost is linear in the total size however many writes arrive together.
 *
 * @param current - The list held in state (not modified).
 * @param writes - The lists written to the key in this superstep, in LangGraph's write order.
 * @returns A new list: `current` followed by every write's items.
 * @example
 * ```ts
 * import { concat } from "langgraph-parallel";
 *
 * concat(["I'm A"], [["I'm B"], ["I'm C"]]); // ["I'm A", "I'm B", "I'm C"]
 * ```
 */
export function concat<T>(current: readonly T[], writes: readonly (readonly T[])[]): T[] {
  let total = current.length;
  for (const write of writes) total += write.length;
  const next = new Array<T>(total);
  let at = 0;
  for (let i = 0; i < current.length; i++) next[at++] = current[i] as T;
  for (const write of writes) {
    for (let i = 0; i < write.length; i++) next[at++] = write[i] as T;
  }
  return next;
}
