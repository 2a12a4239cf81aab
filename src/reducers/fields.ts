import { DeltaValue } from "@langchain/langgraph";
import { z } from "zod";
import type { BatchReducer } from "./batch-reducer.js";
import { concat } from "./concat.js";
import { mergeRecords } from "./merge-by-key.js";

/**
 * A typed list field for `StateSchema` that parallel nodes can all write in one superstep.
 *
 * Backed by LangGraph's `DeltaValue` (beta in 1.7), which hands the reducer the whole batch of a
 * superstep's writes at once and checkpoints deltas rather than the full list. Every write is
 * validated against `z.array(item)`, so a wrong update type is a compile error and a malformed
 * write is a clear runtime error. The field defaults to `[]`.
 *
 * @param item - Zod schema of one list item.
 * @param reducer - Batch reducer folding writes into the list. Default {@link concat}.
 * @returns A `DeltaValue` to use as a `StateSchema` field.
 * @example
 * ```ts
 * import { StateSchema } from "@langchain/langgraph";
 * import { z } from "zod";
 * import { listField, sortedMerge } from "langgraph-parallel";
 *
 * const Result = z.object({ url: z.string(), score: z.number() });
 * const State = new StateSchema({
 *   notes: listField(z.string()),                                   // append
 *   ranked: listField(Result, sortedMerge({ by: (r) => r.score })), // keep ordered by score
 * });
 * // a node: return { notes: ["found 3 sources"], ranked: [{ url: "https://…", score: 0.8 }] };
 * ```
 */
export function listField<Item extends z.ZodType>(
  item: Item,
  reducer: BatchReducer<z.output<Item>[], readonly z.output<Item>[]> = concat,
): DeltaValue<z.output<Item>[], z.output<Item>[]> {
  return new DeltaValue(z.array(item).default(() => []), {
    inputSchema: z.array(item),
    reducer: reducer as BatchReducer<z.output<Item>[], z.output<Item>[]>,
  });
}

/**
 * A typed dictionary field for `StateSchema`: parallel writes merge key by key, later writes
 * win ({@link mergeRecords}). Defaults to `{}`.
 *
 * @param value - Zod schema of one entry's value.
 * @returns A `DeltaValue` to use as a `StateSchema` field.
 * @example
 * ```ts
 * import { StateSchema } from "@langchain/langgraph";
 * import { z } from "zod";
 * import { recordField } from "langgraph-parallel";
 *
 * const State = new StateSchema({ resultsBySource: recordField(z.array(z.string())) });
 * // a node: return { resultsBySource: { web: ["…"] } }; another, in the same superstep: { encyclopedia: ["…"] }
 * ```
 */
export function recordField<Value extends z.ZodType>(
  value: Value,
): DeltaValue<Record<string, z.output<Value>>, Record<string, z.output<Value>>> {
  const record = z.record(z.string(), value);
  return new DeltaValue(record.default(() => ({})), {
    inputSchema: record,
    reducer: mergeRecords as BatchReducer<Record<string, z.output<Value>>, Record<string, z.output<Value>>>,
  });
}
