/**
 * `mapReduce`: a compiled LangGraph graph that maps a worker over a list taken from the state and
 * reduces the results into the state. Use it on its own or as a node of a bigger graph (it is a
 * subgraph with the same state keys as its parent).
 *
 * It does not send one `Send` task per item: LangGraph 1.7 schedules N tasks in O(N²) and adds a
 * fixed cost per task (see docs/benchmarks.md). The map step is one task running a bounded
 * promise pool ({@link mapItems}), which keeps per-item progress on the `custom` stream and, with
 * a store, a per-item memo so a resumed run skips finished items.
 *
 *   START → map → reduce → END
 */
import type { LangGraphRunnableConfig, StateSchemaFields } from "@langchain/langgraph";
import { END, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { defaultItemKey, memoNamespace, storeMemo } from "./item-memo.js";
import { resolveRetry } from "./retry.js";
import { checkConcurrency } from "./task-pool.js";
import { mapItems, type FailurePolicy, type ItemContext, type ItemOutcome, type MapItemsOptions } from "./map-items.js";

/** What `reduce` receives: values (fail-fast) or outcomes with failure records (settled). */
export type Collected<Result, Failure extends FailurePolicy> = Failure extends "settled" ? ItemOutcome<Result>[] : Result[];

/** Options of {@link mapReduce}. */
export interface MapReduceOptions<State, Update, Item, Result, Failure extends FailurePolicy>
  extends Omit<MapItemsOptions<Item, Result>, "signal" | "memo" | "onProgress" | "failure"> {
  /** Picks the list to map over from the state. */
  items: (state: State) => readonly Item[];
  /** Maps one item; honour `signal` to stop promptly on timeout or cancellation. */
  worker: (item: Item, context: ItemContext) => Result | Promise<Result>;
  /** Turns the results (in input order) into a state update. */
  reduce: (collected: Collected<Result, Failure>, state: State, config: LangGraphRunnableConfig) => Update | Promise<Update>;
  /** Default `"fail-fast"`. */
  failure?: Failure;
  /** Per-item memo in the graph's store (`compile({ store })`), for resume. Default true when a store is present. */
  memo?: boolean;
}

/** State key holding the map results between the two steps (internal; not in the output). */
export const MAP_RESULTS_KEY = "__map_results";

interface MapResults {
  outcomes: ItemOutcome<unknown>[];
  memo?: { namespace: string[]; keys: string[] };
}

/**
 * Builds the map-reduce graph over your state schema.
 *
 * @param schema - The state schema (the graph's input and output).
 * @param options - `items`, `worker`, `reduce`; `concurrency` (10), `failure` ("fail-fast"),
 *   `retry` (3 attempts, transient errors), `timeoutMs` (none), `name` ("map"), `memo` (true).
 * @returns A compiled graph; add it to a parent with `addNode("summarise", graph)`.
 * @example
 * ```ts
 * const summarise = mapReduce(State, {
 *   items: (s) => s.passages,
 *   worker: async (p, { signal }) => (await model.invoke(`Summarise: ${p}`, { signal })).text,
 *   reduce: (summaries) => ({ summaries }),
 *   concurrency: 8,
 * });
 * await summarise.invoke({ passages });
 * ```
 */
export function mapReduce<Fields extends StateSchemaFields, Item, Result, Failure extends FailurePolicy = "fail-fast">(
  schema: StateSchema<Fields>,
  options: MapReduceOptions<typeof schema.State, typeof schema.Update, Item, Result, Failure>,
) {
  const name = options.name ?? "map";
  // Configuration errors surface when the graph is built, not halfway through a run.
  checkConcurrency(options.concurrency ?? 10);
  resolveRetry(options.retry);
  const Internal = new StateSchema({ ...schema.fields, [MAP_RESULTS_KEY]: z.custom<MapResults | null>().default(null) });
  type InternalState = typeof schema.State & { [MAP_RESULTS_KEY]: MapResults | null };

  const map = async (state: InternalState, config: LangGraphRunnableConfig) => {
    const items = options.items(state);
    const store = options.memo === false ? undefined : config.store;
    const threadId = config.configurable?.thread_id as string | undefined;
    const namespace = store && threadId ? memoNamespace(threadId, checkpointNamespace(config), name) : undefined;
    const keys = namespace ? items.map(options.itemKey ?? defaultItemKey) : [];
    const outcomes = await mapItems(items, options.worker, {
      ...options,
      name,
      signal: config.signal,
      memo: namespace && store ? storeMemo<Result>(store, namespace) : undefined,
      itemKey: (_item, index) => keys[index] as string,
      onProgress: (event) => config.writer?.(event),
    });
    const results: MapResults = { outcomes: outcomes as ItemOutcome<unknown>[] };
    if (namespace) results.memo = { namespace, keys };
    return { [MAP_RESULTS_KEY]: results };
  };

  const reduce = async (state: InternalState, config: LangGraphRunnableConfig) => {
    const results = state[MAP_RESULTS_KEY] as MapResults;
    const collected = (
      options.failure === "settled" ? results.outcomes : results.outcomes.map((o) => (o as { value: Result }).value)
    ) as Collected<Result, Failure>;
    const update = await options.reduce(collected, state, config);
    // The results are in the checkpoint now: the memo has done its job.
    if (results.memo && config.store) await storeMemo(config.store, results.memo.namespace).clear(results.memo.keys);
    return { ...update, [MAP_RESULTS_KEY]: null };
  };

  return new StateGraph({ state: Internal, input: schema, output: schema })
    .addNode("map", map as never)
    .addNode("reduce", reduce as never)
    .addEdge(START, "map")
    .addEdge("map", "reduce")
    .addEdge("reduce", END)
    .compile({ name });
}

function checkpointNamespace(config: LangGraphRunnableConfig): string {
  return String(config.metadata?.langgraph_checkpoint_ns ?? config.configurable?.checkpoint_ns ?? "");
}
