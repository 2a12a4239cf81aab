/**
 * The academy's `ReturnNodeValue`: a node that appends one fixed string to a list key, after an
 * optional simulated amount of work so that parallel branches visibly overlap in time.
 */
import { setTimeout as sleep } from "node:timers/promises";

/** Options shared by the toy graphs of lesson 1. */
export interface ToyGraphOptions {
  /** Simulated work per node, ms (0: none). Default `0`. */
  workMs?: number;
  /** Per-node overrides of `workMs`, e.g. `{ b: 40 }` to make b the slow branch. */
  nodeWorkMs?: Record<string, number>;
  /**
   * The work itself, replacing the simulated sleep when given: called with the node's value
   * (e.g. `"I'm B"`) and the run's signal. Tests pass synchronisation here (a barrier both
   * branches must reach) to prove they overlap without timing them. Default: sleep `workMs`.
   */
  work?: (value: string, signal?: AbortSignal) => Promise<void>;
}

/**
 * The academy's node `name` ("I'm A" for `a`) with the work the options give it.
 *
 * @param name - Node name: a, b, b2, c, d.
 * @param options - `workMs` / `nodeWorkMs`; `key` to write (default `"state"`).
 * @returns The node function.
 * @example
 * ```ts
 * import { toyNode } from "langgraph-parallel/graphs";
 *
 * builder.addNode("b", toyNode("b", { workMs: 100, nodeWorkMs: { b: 300 } })); // writes { state: ["I'm B"] } after 300 ms
 * ```
 */
export function toyNode(name: string, options: ToyGraphOptions & { key?: string } = {}) {
  const value = `I'm ${name.toUpperCase()}`;
  return returnNodeValue(value, { workMs: options.nodeWorkMs?.[name] ?? options.workMs, work: options.work, key: options.key });
}

/**
 * A node that writes `{ [key]: [value] }` after `workMs` of simulated work.
 *
 * @param value - The string the node appends, e.g. `"I'm A"`.
 * @param options - `workMs` (default 0) or `work`, and the state `key` to write (default `"state"`).
 * @returns An async node function.
 * @example
 * ```ts
 * import { returnNodeValue } from "langgraph-parallel/graphs";
 *
 * builder.addNode("a", returnNodeValue("I'm A", { workMs: 100 }));
 * await returnNodeValue("I'm A", { key: "bPath" })({}); // { bPath: ["I'm A"] }
 * ```
 */
export function returnNodeValue(
  value: string,
  { workMs = 0, work, key = "state" }: Omit<ToyGraphOptions, "nodeWorkMs"> & { key?: string } = {},
): (state: unknown, config?: { signal?: AbortSignal }) => Promise<Record<string, string[]>> {
  return async (_state, config) => {
    if (work) await work(value, config?.signal);
    else if (workMs > 0) await sleep(workMs, undefined, { signal: config?.signal });
    return { [key]: [value] };
  };
}
