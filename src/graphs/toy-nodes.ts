/**
 * The academy's `ReturnNodeValue`: a node that appends one fixed string to a list key, after an
 * optional simulated amount of work so that parallel branches visibly overlap in time.
 */
import { setTimeout as sleep } from "node:timers/promises";

/** Options shared by the toy graphs of lesson 1. */
export interface ToyGraphOptions {
  /** Simulated work per node, ms (0: none). Default `0`. */
  workMs?: number;
}

/**
 * A node that writes `{ [key]: [value] }` after `workMs` of simulated work.
 *
 * @param value - The string the node appends, e.g. `"I'm A"`.
 * @param options - `workMs` (default 0) and the state `key` to write (default `"state"`).
 * @returns An async node function.
 * @example
 * ```ts
 * builder.addNode("a", returnNodeValue("I'm A", { workMs: 100 }));
 * ```
 */
export function returnNodeValue(
  value: string,
  { workMs = 0, key = "state" }: ToyGraphOptions & { key?: string } = {},
): (state: unknown, config?: { signal?: AbortSignal }) => Promise<Record<string, string[]>> {
  return async (_state, config) => {
    if (workMs > 0) await sleep(workMs, undefined, { signal: config?.signal });
    return { [key]: [value] };
  };
}
