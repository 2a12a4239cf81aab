/**
 * Map-reduce over a list in the state, in two shapes:
 *
 * - `mapReduceNode(schema, options)`: a node function; it returns exactly `reduce`'s update, so it
 *   drops into any graph, next to parallel siblings, with reducer keys, like a hand-written node.
 * - `mapReduce(schema, options, compile?)`: a compiled graph `START → map → reduce → END`, for
 *   running on its own or as a sub-graph; `compile` takes `StateGraph.compile`'s options
 *   (`checkpointer`, `store`, `interruptBefore`, …). The map results are checkpointed between the
 *   two steps.
 *
 * Neither sends one `Send` task per item: LangGraph 1.7 schedules N tasks in O(N²) and adds a
 * fixed cost per task (see docs/benchmarks.md). The map is one task running a bounded promise
 * pool ({@link mapItems}), with per-item progress on the `custom` stream and, when the graph has
 * a store, a per-item memo so a resumed run skips the items that had finished (deleted once a later
 * checkpoint is saved, by a checkpointer wrapped with `withMapMemoCleanup`; see `clearMapMemo`).
 */
import type {
  Command,
  CompiledStateGraph,
  ExtractStateType,
  ExtractUpdateType,
  InferStateSchemaUpdate,
  InferStateSchemaValue,
  LangGraphRunnableConfig,
  StateDefinition,
  StateDefinitionInit,
  StateSchemaFields,
  StreamTransformer,
} from "@langchain/langgraph";
import { DeltaValue, END, ReducedValue, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { ConfigurationError } from "../errors.js";
import { checkpointNamespace, graphStepOptions } from "./graph-step.js";
import { mapItems, type FailurePolicy, type ItemContext, type ItemOutcome, type MapItemsOptions } from "./map-items.js";
import { resolveRetry } from "./retry.js";
import { checkConcurrency } from "./task-pool.js";

/** What `reduce` receives: values (fail-fast) or outcomes with failure records (settled). */
export type Collected<Result, Failure extends FailurePolicy> = Failure extends "settled" ? ItemOutcome<Result>[] : Result[];

/** Options of {@link mapReduceNode} and {@link mapReduce}. */
export interface MapReduceOptions<State, Update, Item, Result, Failure extends FailurePolicy>
  extends Omit<MapItemsOptions<Item, Result>, "signal" | "memo" | "onProgress" | "failure" | "interrupts"> {
  /** Picks the list to map over from the state. */
  items: (state: State) => readonly Item[];
  /** Maps one item; honour `signal` to stop promptly on timeout or cancellation. */
  worker: (item: Item, context: ItemContext) => Result | Promise<Result>;
  /**
   * Turns the results (in input order) into a state update. Write it after `worker`: TypeScript
   * infers `Result` (what `collected` holds) from `worker` in the order the options are written.
   */
  reduce: (collected: Collected<Result, Failure>, state: State, config: LangGraphRunnableConfig) => Update | Promise<Update>;
  /** Default `"fail-fast"`. */
  failure?: Failure;
  /**
   * Per-item memo in the graph's store, for resume: `mapReduce`'s third argument `{ store }`, or
   * the `compile({ store })` of the graph the node (or sub-graph) runs in. Used when a store is
   * present and the run has a `thread_id`. Default true.
   */
  memo?: boolean;
}

/** Options of {@link mapReduce} (the graph form). */
export interface MapReduceGraphOptions<State, Update, Item, Result, Failure extends FailurePolicy>
  extends MapReduceOptions<State, Update, Item, Result, Failure> {
  /**
   * The keys that flow back when the graph is a sub-graph of a parent. Default: every key. A
   * sub-graph returns its whole output state; a key with a reducer would then be appended to
   * twice, so keys with reducers are refused here: use {@link mapReduceNode} for those.
   */
  outputs?: readonly (keyof State & string)[];
  /**
   * Skip the check above. Set it when your own node calls `graph.invoke()` and picks what to
   * return itself (nothing then flows back on its own). Default false.
   */
  invokedFromNode?: boolean;
}

/**
 * The third parameter of {@link mapReduce}: `StateGraph.compile`'s options, as LangGraph types
 * them (`checkpointer`, `store`, `cache`, `interruptBefore`, `interruptAfter`, `name`,
 * `description`, `transformers`), with the two nodes `"map"` and `"reduce"` to interrupt at.
 * `name` defaults to the options' `name` (`"map"`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- LangGraph's own constraint on `transformers`
export type MapReduceCompileOptions<Transformers extends ReadonlyArray<() => StreamTransformer<any>> = []> = Omit<
  // `StateGraph.compile`'s parameter as LangGraph declares it (it names no type for it), on our two nodes.
  NonNullable<Parameters<StateGraph<StateDefinition, unknown, unknown, "map" | "reduce">["compile"]>[0]>,
  "transformers"
> & {
  /** Stream transformer factories baked into the graph, as in `StateGraph.compile`. */
  transformers?: Transformers;
};

/**
 * What {@link mapReduce} returns: a compiled graph `START → map → reduce → END` that takes and
 * returns your schema's state. The map results between the two steps are internal: `invoke`
 * does not return them, `getState` shows them under {@link MAP_RESULTS_KEY} (`null` once reduced).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in MapReduceCompileOptions
export type MapReduceGraph<Fields extends StateSchemaFields, Transformers extends ReadonlyArray<() => StreamTransformer<any>> = []> = CompiledStateGraph<
  InferStateSchemaValue<Fields>,
  InferStateSchemaUpdate<Fields>,
  "map" | "reduce" | typeof START,
  StateSchema<Fields>,
  StateSchema<Fields>,
  StateDefinition,
  unknown,
  unknown,
  unknown,
  Transformers
>;

/**
 * State key holding the map results between the two steps of {@link mapReduce} (internal).
 * A `mapReduce` state schema must not have a key of this name.
 *
 * @example
 * ```ts
 * import { MAP_RESULTS_KEY } from "langgraph-parallel";
 *
 * MAP_RESULTS_KEY; // "__map_results": reserved in the state of a mapReduce graph
 * ```
 */
export const MAP_RESULTS_KEY = "__map_results";

/** The map step's results between the two steps of {@link mapReduce} (internal, checkpointed). */
export interface MapResults {
  outcomes: ItemOutcome<unknown>[];
}

/**
 * A node that maps `worker` over `items(state)` and returns `reduce(results)`: exactly `reduce`'s
 * update, so keys with reducers are written once, like a hand-written node.
 *
 * The schema (a `StateSchema`, an `Annotation.Root` or anything `StateGraph` accepts) types the
 * options: `items` gets the state, `worker` the items' element type, `reduce` the worker's
 * results (`Result[]`, or `ItemOutcome<Result>[]` with `failure: "settled"`), and the node
 * returns what `reduce` returns, which must be an update of that state (or a `Command`). It is
 * not used at run time.
 *
 * @typeParam Schema - The schema's type; the state is `ExtractStateType<Schema>`, as in `StateGraph`.
 * @typeParam Update - What `reduce` returns (inferred): an update of that state, or a `Command`.
 * @typeParam Item - The element type of the list `items` returns (inferred).
 * @typeParam Result - What `worker` returns, awaited (inferred).
 * @typeParam Failure - `"fail-fast"` (default) or `"settled"`, from the `failure` option.
 * @param schema - The state schema of the graph the node is added to.
 * @param options - `items`, `worker`, `reduce`; `concurrency` (10), `failure` ("fail-fast"),
 *   `retry` (3 attempts, transient errors), `timeoutMs` (none), `name` ("map"), `memo` (true:
 *   per-item results in the graph's store, when it has one and the run a `thread_id`).
 * @returns A node function for `addNode`, returning `reduce`'s update.
 * @example
 * ```ts
 * import { StateSchema } from "@langchain/langgraph";
 * import { z } from "zod";
 * import { mapReduceNode } from "langgraph-parallel";
 *
 * const Passage = z.object({ id: z.string(), text: z.string() });
 * const State = new StateSchema({ passages: z.array(Passage), summaries: z.array(z.string()).default(() => []) });
 * builder.addNode("summarise", mapReduceNode(State, {
 *   items: (s) => s.passages,
 *   worker: async (p, { signal }) => (await model.invoke(`Summarise: ${p.text}`, { signal })).text,
 *   reduce: (summaries) => ({ summaries }),
 * }));
 * ```
 */
export function mapReduceNode<
  Schema extends StateDefinitionInit,
  Update extends ExtractUpdateType<Schema, ExtractStateType<Schema>> | Command,
  Item,
  Result,
  Failure extends FailurePolicy = "fail-fast",
>(schema: Schema, options: MapReduceOptions<ExtractStateType<Schema>, Update, Item, Result, Failure>): (state: ExtractStateType<Schema>, config: LangGraphRunnableConfig) => Promise<Update>;
/**
 * The same node without a schema: annotate `items`' parameter (or pass the type arguments
 * `<State, Update, Item, Result, Failure>`) for the state to be typed.
 *
 * @param options - As in the form with a schema.
 * @returns A node function for `addNode`, returning `reduce`'s update.
 * @example
 * ```ts
 * import { StateSchema } from "@langchain/langgraph";
 * import { z } from "zod";
 * import { mapReduceNode } from "langgraph-parallel";
 *
 * const State = new StateSchema({ words: z.array(z.string()), lengths: z.array(z.number()).default(() => []) });
 * builder.addNode("measure", mapReduceNode({
 *   items: (s: typeof State.State) => s.words,
 *   worker: (word) => word.length,
 *   reduce: (lengths) => ({ lengths }),
 * }));
 * ```
 */
export function mapReduceNode<State, Update, Item, Result, Failure extends FailurePolicy = "fail-fast">(
  options: MapReduceOptions<State, Update, Item, Result, Failure>,
): (state: State, config: LangGraphRunnableConfig) => Promise<Update>;
export function mapReduceNode<State, Update, Item, Result, Failure extends FailurePolicy>(
  ...args: [schema: unknown, options: MapReduceOptions<State, Update, Item, Result, Failure>] | [options: MapReduceOptions<State, Update, Item, Result, Failure>]
): (state: State, config: LangGraphRunnableConfig) => Promise<Update> {
  const options = args.length === 2 ? args[1] : args[0];
  checkOptions(options);
  return async (state, config) => {
    const results = await runMap(options, state, config);
    return options.reduce(collect<Result, Failure>(results, options.failure), state, config);
  };
}

/**
 * Builds the map-reduce graph over your state schema: `START → map → reduce → END`.
 *
 * The graph is compiled here, with `compile`: the options `StateGraph.compile` takes. Give it a
 * `checkpointer` to resume a thread (the map results are checkpointed before `reduce`) and a
 * `store` for the per-item memo, so a resumed run skips the items that had finished. Added to a
 * parent graph as a sub-graph it needs neither: it runs on the parent's.
 *
 * @param schema - The state schema (the graph's input and output).
 * @param options - As {@link mapReduceNode}, plus `outputs` (keys returned to a parent) and
 *   `invokedFromNode` (false).
 * @param compile - `StateGraph.compile`'s options: `checkpointer`, `store`, `cache`,
 *   `interruptBefore` / `interruptAfter` (`"map"`, `"reduce"`), `name` (default: `options.name`,
 *   `"map"`), `description`, `transformers`. Default none.
 * @returns The compiled graph.
 * @example
 * ```ts
 * import { InMemoryStore, MemorySaver, StateSchema } from "@langchain/langgraph";
 * import { z } from "zod";
 * import { mapReduce } from "langgraph-parallel";
 *
 * const State = new StateSchema({ passages: z.array(z.string()), summaries: z.array(z.string()).default(() => []) });
 * const summarise = mapReduce(
 *   State,
 *   {
 *     items: (s) => s.passages,
 *     worker: async (p, { signal }) => (await model.invoke(`Summarise: ${p}`, { signal })).text,
 *     reduce: (summaries) => ({ summaries }),
 *     concurrency: 8,
 *   },
 *   { checkpointer: new MemorySaver(), store: new InMemoryStore() }, // resumable, with a per-item memo
 * );
 * const config = { configurable: { thread_id: "summaries-1" } };
 * const { summaries } = await summarise.invoke({ passages: ["LangGraph runs nodes in supersteps.", "…"] }, config);
 * ```
 */
export function mapReduce<
  Fields extends StateSchemaFields,
  Item,
  Result,
  Failure extends FailurePolicy = "fail-fast",
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in MapReduceCompileOptions
  const Transformers extends ReadonlyArray<() => StreamTransformer<any>> = [],
>(
  schema: StateSchema<Fields>,
  options: MapReduceGraphOptions<typeof schema.State, typeof schema.Update, Item, Result, Failure>,
  compile?: MapReduceCompileOptions<Transformers>,
): MapReduceGraph<Fields, Transformers> {
  checkOptions(options);
  const output = options.outputs ? pickFields(schema, options.outputs) : schema;
  const sharedReducerKeys = Object.keys(output.fields).filter((k) => {
    const field = output.fields[k];
    return DeltaValue.isInstance(field) || ReducedValue.isInstance(field);
  });
  const Internal = new StateSchema({ ...schema.fields, [MAP_RESULTS_KEY]: z.custom<MapResults | null>().default(null) });
  type InternalState = typeof schema.State & { [MAP_RESULTS_KEY]: MapResults | null };

  const map = async (state: InternalState, config: LangGraphRunnableConfig) => {
    if (sharedReducerKeys.length > 0 && !options.invokedFromNode && isNested(config)) {
      throw new ConfigurationError(
        `mapReduce "${options.name ?? "map"}" runs as a sub-graph that returns ${sharedReducerKeys.join(", ")}, which ha${sharedReducerKeys.length > 1 ? "ve" : "s"} a reducer: the parent would append the whole list again.`,
        "Use mapReduceNode(schema, options) as the node instead, give mapReduce `outputs` without reducer keys, or set invokedFromNode: true if your node calls graph.invoke() itself.",
      );
    }
    return { [MAP_RESULTS_KEY]: await runMap(options, state, config) };
  };

  const reduce = async (state: InternalState, config: LangGraphRunnableConfig) => {
    const results = state[MAP_RESULTS_KEY] as MapResults;
    const update = await options.reduce(collect<Result, Failure>(results, options.failure), state, config);
    // The memo stays: the checkpoint holding the map results may still be being saved (see withMapMemoCleanup).
    return { ...update, [MAP_RESULTS_KEY]: null };
  };

  return new StateGraph({ state: Internal, input: schema, output })
    .addNode("map", map as never)
    .addNode("reduce", reduce as never)
    .addEdge(START, "map")
    .addEdge("map", "reduce")
    .addEdge("reduce", END)
    .compile({ ...compile, name: compile?.name ?? options.name ?? "map" }) as unknown as MapReduceGraph<Fields, Transformers>;
}

// Configuration errors surface when the node or graph is built, not halfway through a run.
function checkOptions(options: { concurrency?: number; retry?: MapItemsOptions<unknown, unknown>["retry"] }): void {
  checkConcurrency(options.concurrency ?? 10);
  resolveRetry(options.retry);
}

async function runMap<State, Update, Item, Result, Failure extends FailurePolicy>(
  options: MapReduceOptions<State, Update, Item, Result, Failure>,
  state: State,
  config: LangGraphRunnableConfig,
): Promise<MapResults> {
  const items = options.items(state);
  const step = graphStepOptions<Item, Result>(config, { name: options.name ?? "map", items, itemKey: options.itemKey, memo: options.memo });
  const outcomes = await mapItems(items, options.worker, { ...options, ...step });
  return { outcomes: outcomes as ItemOutcome<unknown>[] };
}

function collect<Result, Failure extends FailurePolicy>(results: MapResults, failure: Failure | undefined): Collected<Result, Failure> {
  const { outcomes } = results;
  return (failure === "settled" ? outcomes : outcomes.map((o) => (o as { value: Result }).value)) as Collected<Result, Failure>;
}

function pickFields<Fields extends StateSchemaFields>(schema: StateSchema<Fields>, keys: readonly string[]): StateSchema<Fields> {
  const unknown = keys.filter((k) => !Object.hasOwn(schema.fields, k));
  if (unknown.length) {
    throw new ConfigurationError(`mapReduce outputs ${unknown.join(", ")} are not keys of the state.`, `Known keys: ${Object.keys(schema.fields).join(", ")}.`);
  }
  return new StateSchema(Object.fromEntries(keys.map((k) => [k, schema.fields[k] as StateSchemaFields[string]]))) as unknown as StateSchema<Fields>;
}

// A node of a sub-graph has a nested checkpoint namespace: "parent_node:<task>|map:<task>".
function isNested(config: LangGraphRunnableConfig): boolean {
  return checkpointNamespace(config).includes("|");
}
