/**
 * `fanOut`: static fan-out inside a single LangGraph node. The branches run concurrently as
 * promises, and their updates are returned as one `Command` per branch, so the state's reducers
 * receive exactly the writes that separate parallel nodes would have produced, in branch order.
 *
 * Why: each LangGraph task carries fixed scheduling cost (~0.4–0.8 ms in 1.7, more as the width
 * grows), so a→(100 branches)→d lands ~80 ms above its critical path as 100 nodes, but a few ms
 * above it through `fanOut` (see docs/benchmarks.md). The trade-off: the branches share one
 * superstep's task, so they stream, checkpoint and retry as one node.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { Command } from "@langchain/langgraph";
import { LanggraphParallelError } from "../errors.js";
import { PoolJobError, runPool } from "./task-pool.js";

/** A branch: like a node, it reads the state and returns an update. `config.signal` aborts it. */
export type Branch<State, Update> = (state: State, config: LangGraphRunnableConfig) => Update | Promise<Update>;

/** Options of {@link fanOut}. */
export interface FanOutOptions {
  /** Most branches running at once (whole number ≥ 1 or Infinity). Default `Infinity`. */
  concurrency?: number;
}

/**
 * A `fanOut` branch failed; the other branches were aborted. `branch` names it, `cause` holds
 * the original error.
 *
 * @example
 * ```ts
 * try { await graph.invoke(input); } catch (e) { if (e instanceof BranchError) console.log(e.branch); }
 * ```
 */
export class BranchError extends LanggraphParallelError {
  constructor(
    readonly branch: string,
    cause: unknown,
  ) {
    super(
      `Branch "${branch}" failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      "Fix the branch or handle its error inside it; the other branches were cancelled.",
      { cause },
    );
  }
}

/**
 * Builds a node that runs named branches concurrently and writes all their updates.
 *
 * @param branches - Branch functions by name; their order is the write order.
 * @param options - `concurrency` (default Infinity).
 * @returns A node function for `addNode`; it resolves to one `Command` per branch.
 * @throws {BranchError} (from the node) naming the first branch that failed.
 * @example
 * ```ts
 * builder.addNode("research", fanOut({
 *   web: async (s) => ({ context: [await searchWeb(s.question)] }),
 *   encyclopedia: async (s) => ({ context: [await searchEncyclopedia(s.question)] }),
 * }));
 * ```
 */
export function fanOut<State, Update extends Record<string, unknown> | Command>(
  branches: Record<string, Branch<State, Update>>,
  options: FanOutOptions = {},
): (state: State, config: LangGraphRunnableConfig) => Promise<Command[]> {
  const entries = Object.entries(branches);
  return async (state, config) => {
    if (entries.length === 0) return [new Command({ update: {} })];
    try {
      const updates = await runPool(entries, ([, branch], _i, signal) => branch(state, { ...config, signal }), {
        concurrency: options.concurrency,
        signal: config.signal,
      });
      // A branch may return a Command of its own (e.g. with `goto`); pass it through as is.
      return updates.map((update) => (update instanceof Command ? update : new Command({ update })));
    } catch (error) {
      if (error instanceof PoolJobError) throw new BranchError(entries[error.index]?.[0] ?? "?", error.cause);
      throw error;
    }
  };
}
