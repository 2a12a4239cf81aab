/**
 * Lesson 1 graphs (LangChain Academy module 4, "parallelization"): the same four nodes wired
 * linearly, fanned out without and with a reducer, joined by a waiting edge, ordered by a
 * sorting reducer, and ordered by a sink node instead of a global sort.
 */
import { END, Overwrite, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { listField } from "../reducers/fields.js";
import { sortedMerge } from "../reducers/sorted-merge.js";
import { toyNode, type ToyGraphOptions } from "./toy-nodes.js";

/**
 * `state` without a reducer: a plain last-value channel (one write per superstep at most).
 *
 * @example
 * ```ts
 * import { OverwriteListState } from "langgraph-parallel/graphs";
 *
 * const node = (s: typeof OverwriteListState.State) => ({ state: [...s.state, "x"] });
 * ```
 */
export const OverwriteListState = new StateSchema({ state: z.array(z.string()) });

/**
 * `state` with the `concat` reducer: parallel writes are appended in write order.
 *
 * @example
 * ```ts
 * import { StateGraph } from "@langchain/langgraph";
 * import { ConcatListState } from "langgraph-parallel/graphs";
 *
 * new StateGraph(ConcatListState).addNode("b", () => ({ state: ["I'm B"] }));
 * ```
 */
export const ConcatListState = new StateSchema({ state: listField(z.string()) });

/**
 * `state` with a sorting reducer (`sortedMerge()`): the list is kept in lexical order.
 *
 * @example
 * ```ts
 * import { StateGraph } from "@langchain/langgraph";
 * import { SortedListState } from "langgraph-parallel/graphs";
 *
 * new StateGraph(SortedListState).addNode("c", () => ({ state: ["I'm C"] }));
 * ```
 */
export const SortedListState = new StateSchema({ state: listField(z.string(), sortedMerge<string>()) });

/**
 * Ordered fan-in: each branch writes its own key; the `sink` node appends them in a fixed order.
 *
 * @example
 * ```ts
 * import { OrderedFanInState } from "langgraph-parallel/graphs";
 *
 * const sink = (s: typeof OrderedFanInState.State) => ({ state: [...s.bPath, ...s.cPath] });
 * ```
 */
export const OrderedFanInState = new StateSchema({
  state: listField(z.string()),
  bPath: listField(z.string()),
  cPath: listField(z.string()),
});

/**
 * Builds a → b → c → d, each node writing its name. Without a reducer, each write replaces the
 * list. Needs no model or tools.
 *
 * @param options - `workMs` of simulated work per node (default 0), `nodeWorkMs` overrides, `work`.
 * @returns The compiled graph over {@link OverwriteListState}: `{ state }` in, the last write out.
 * @example
 * ```ts
 * import { buildLinearGraph } from "langgraph-parallel/graphs";
 *
 * await buildLinearGraph().invoke({ state: [] }); // { state: ["I'm D"] }
 * ```
 */
export function buildLinearGraph(options: ToyGraphOptions = {}) {
  return new StateGraph(OverwriteListState)
    .addNode("a", toyNode("a", options))
    .addNode("b", toyNode("b", options))
    .addNode("c", toyNode("c", options))
    .addNode("d", toyNode("d", options))
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("b", "c")
    .addEdge("c", "d")
    .addEdge("d", END)
    .compile();
}

/**
 * Builds a → (b ∥ c) → d. With `reducer: false` b and c both write `state` in one superstep and
 * LangGraph raises `InvalidUpdateError` (INVALID_CONCURRENT_GRAPH_UPDATE); with the default
 * concat reducer the writes are appended. Needs no model or tools.
 *
 * @param options - `workMs` (default 0), `nodeWorkMs`, `work`; `reducer` (default `true`).
 * @returns The compiled graph over {@link ConcatListState} (with `reducer: false`,
 *   {@link OverwriteListState}): `{ state }` in, the list out.
 * @example
 * ```ts
 * import { buildFanOutGraph } from "langgraph-parallel/graphs";
 *
 * await buildFanOutGraph().invoke({ state: [] }); // { state: ["I'm A", "I'm B", "I'm C", "I'm D"] }
 * await buildFanOutGraph({ reducer: false }).invoke({ state: [] }); // throws InvalidUpdateError
 * ```
 */
export function buildFanOutGraph(options: ToyGraphOptions & { reducer?: boolean } = {}) {
  const schema = options.reducer === false ? OverwriteListState : ConcatListState;
  return new StateGraph(schema)
    .addNode("a", toyNode("a", options))
    .addNode("b", toyNode("b", options))
    .addNode("c", toyNode("c", options))
    .addNode("d", toyNode("d", options))
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("a", "c")
    .addEdge("b", "d")
    .addEdge("c", "d")
    .addEdge("d", END)
    .compile();
}

/**
 * Builds a → (b → b2 ∥ c) → d, where d waits for both b2 and c: `addEdge(["b2", "c"], "d")`.
 * c finishes a superstep before b2, so the list reads A, B, C, B2, D. Needs no model or tools.
 *
 * @param options - `workMs` (default 0), `nodeWorkMs`, `work`; `order`: `"write"` (concat,
 *   default) or `"sorted"` (a sorting reducer: A, B, B2, C, D).
 * @returns The compiled graph over {@link ConcatListState} (or {@link SortedListState}): `{ state }` in, the list out.
 * @example
 * ```ts
 * import { buildWaitingEdgeGraph } from "langgraph-parallel/graphs";
 *
 * await buildWaitingEdgeGraph().invoke({ state: [] }); // { state: ["I'm A", "I'm B", "I'm C", "I'm B2", "I'm D"] }
 * await buildWaitingEdgeGraph({ order: "sorted" }).invoke({ state: [] }); // A, B, B2, C, D
 * ```
 */
export function buildWaitingEdgeGraph(options: ToyGraphOptions & { order?: "write" | "sorted" } = {}) {
  const schema = options.order === "sorted" ? SortedListState : ConcatListState;
  return new StateGraph(schema)
    .addNode("a", toyNode("a", options))
    .addNode("b", toyNode("b", options))
    .addNode("b2", toyNode("b2", options))
    .addNode("c", toyNode("c", options))
    .addNode("d", toyNode("d", options))
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("a", "c")
    .addEdge("b", "b2")
    .addEdge(["b2", "c"], "d")
    .addEdge("d", END)
    .compile();
}

/**
 * Builds the academy's better alternative to a global sort: during the parallel step each
 * branch writes its own key (`bPath`, `cPath`); a `sink` node appends them to `state` in a fixed
 * branch order and clears them. The order no longer depends on node names or timing. Needs no
 * model or tools.
 *
 * @param options - `workMs` of simulated work per node (default 0), `nodeWorkMs` overrides, `work`.
 * @returns The compiled graph over {@link OrderedFanInState}: `{ state }` in, the list out.
 * @example
 * ```ts
 * import { buildOrderedFanInGraph } from "langgraph-parallel/graphs";
 *
 * const { state } = await buildOrderedFanInGraph().invoke({ state: [] }); // A, B, B2, C, D
 * ```
 */
export function buildOrderedFanInGraph(options: ToyGraphOptions = {}) {
  return new StateGraph(OrderedFanInState)
    .addNode("a", toyNode("a", options))
    .addNode("b", toyNode("b", { ...options, key: "bPath" }))
    .addNode("b2", toyNode("b2", { ...options, key: "bPath" }))
    .addNode("c", toyNode("c", { ...options, key: "cPath" }))
    .addNode("sink", (s: typeof OrderedFanInState.State) => ({
      state: [...s.bPath, ...s.cPath],
      bPath: new Overwrite<string[]>([]),
      cPath: new Overwrite<string[]>([]),
    }))
    .addNode("d", toyNode("d", options))
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("a", "c")
    .addEdge("b", "b2")
    .addEdge(["b2", "c"], "sink")
    .addEdge("sink", "d")
    .addEdge("d", END)
    .compile();
}
