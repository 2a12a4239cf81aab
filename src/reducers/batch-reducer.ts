/**
 * A batch reducer folds every write a state key received in one superstep in a single call.
 * LangGraph's `DeltaValue` fields call reducers this way; a classic binary reducer
 * (`BinaryOperatorAggregate`) is called once per write, which makes list appends quadratic.
 */

/**
 * `(current, writes) => next`: fold a superstep's writes into the current value.
 *
 * Must be deterministic and batching-invariant:
 * `r(r(s, xs), ys)` equals `r(s, [...xs, ...ys])`, because LangGraph may replay checkpointed
 * writes in larger batches than they were produced. It must not mutate `current`.
 *
 * @example
 * ```ts
 * import type { BatchReducer } from "langgraph-parallel";
 *
 * const total: BatchReducer<number> = (current, writes) => writes.reduce((sum, n) => sum + n, current);
 * total(1, [2, 3]); // 6
 * ```
 */
export type BatchReducer<Value, Update = Value> = (current: Value, writes: readonly Update[]) => Value;

/**
 * Adapts a batch reducer to the binary `(a, b) => c` form that `Annotation` and `ReducedValue`
 * expect. Correct, but each write then costs a full fold over the current value: prefer the
 * batch form (see `listField`) when one superstep carries many writes.
 *
 * @param reducer - The batch reducer to adapt.
 * @returns A binary reducer applying one write at a time.
 * @example
 * ```ts
 * import { Annotation } from "@langchain/langgraph";
 * import { concat, toBinaryReducer } from "langgraph-parallel";
 *
 * const State = Annotation.Root({
 *   items: Annotation<string[]>({ reducer: toBinaryReducer(concat), default: () => [] }),
 * });
 * toBinaryReducer(concat<string>)(["a"], ["b"]); // ["a", "b"]
 * ```
 */
export function toBinaryReducer<Value, Update>(
  reducer: BatchReducer<Value, Update>,
): (current: Value, update: Update) => Value {
  return (current, update) => reducer(current, [update]);
}
