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
import { ConfigurationError, LanggraphParallelError } from "../errors.js";
import type { BranchOptions } from "./branch-options.js";
import { graphStepOptions } from "./graph-step.js";
import { type ItemContext, type ItemFailure, MapItemError, mapItems } from "./map-items.js";
import { resolveRetry } from "./retry.js";
import { checkConcurrency } from "./task-pool.js";

/**
 * A branch: like a node, it reads the state and returns an update. `config.signal` aborts it;
 * `context.interrupt(question)` asks a human about this branch (see {@link ItemContext}).
 */
export type Branch<State, Update> = (state: State, config: LangGraphRunnableConfig, context: ItemContext) => Update | Promise<Update>;

/** Options of {@link fanOut}: the shared {@link BranchOptions} (concurrency default Infinity), plus: */
export interface FanOutOptions<Update> extends BranchOptions {
  /**
   * Settled mode: the update to write for a failed branch (e.g. an error record in a list key),
   * so the failure is a value in the state beside the successes. Required with `failure: "settled"`.
   */
  onFailure?: (branch: string, failure: ItemFailure) => Update;
  /**
   * Keep each finished branch's update in the graph's store (when it has one and the run a
   * `thread_id`), so a resumed node does not run that branch again: after a crash, or after a
   * branch asked through `context.interrupt`. Only plain data is kept (objects, arrays, strings,
   * numbers, booleans, null); a branch whose update holds class instances (messages, a `Command`)
   * runs again on resume. Default true.
   */
  memo?: boolean;
}

/**
 * A `fanOut` branch failed; the other branches were aborted. `branch` names it, `cause` holds
 * the original error.
 *
 * @example
 * ```ts
 * import { BranchError, fanOut } from "langgraph-parallel";
 *
 * const research = fanOut({ notes: () => ({ context: ["from my notes"] }), web: () => { throw new Error("search is down"); } });
 * try {
 *   await research({}, config);
 * } catch (e) {
 *   if (!(e instanceof BranchError)) throw e;
 *   console.error(e.branch, e.message); // "web" 'Branch "web" failed: search is down'
 * }
 * ```
 */
export class BranchError extends LanggraphParallelError {
  constructor(
    readonly branch: string,
    cause: unknown,
    readonly attempts = 1,
  ) {
    super(
      `Branch "${branch}" failed${attempts > 1 ? ` after ${attempts} attempts` : ""}: ${cause instanceof Error ? cause.message : String(cause)}`,
      "Fix the branch or handle its error inside it; the other branches were cancelled.",
      { cause },
    );
  }
}

/**
 * Builds a node that runs named branches concurrently and writes all their updates.
 *
 * @param branches - Branch functions by name; their order is the write order.
 * @param options - `concurrency` (Infinity), `retry` (3 attempts, transient errors), `timeoutMs`,
 *   `failure` ("fail-fast"), `onFailure` (required for "settled").
 * @returns A node function for `addNode`; it resolves to one `Command` per branch.
 * @throws {BranchError} (from the node, fail-fast) naming the first branch that failed.
 * @throws {ConfigurationError} (when built) for `failure: "settled"` without `onFailure`.
 * @example
 * ```ts
 * import { StateSchema } from "@langchain/langgraph";
 * import { z } from "zod";
 * import { fanOut, listField } from "langgraph-parallel";
 *
 * const State = new StateSchema({ question: z.string(), context: listField(z.string()), errors: listField(z.string()) });
 * builder.addNode("research", fanOut<typeof State.State, typeof State.Update>({
 *   optimist: async (s) => ({ context: [(await model.invoke(`The best case for: ${s.question}`)).text] }),
 *   sceptic: async (s) => ({ context: [(await model.invoke(`The worst case for: ${s.question}`)).text] }),
 * }, { timeoutMs: 20_000, failure: "settled", onFailure: (name, f) => ({ errors: [`${name}: ${f.message}`] }) }));
 * ```
 */
export function fanOut<State, Update extends Record<string, unknown> | Command>(
  branches: Record<string, Branch<State, Update>>,
  options: FanOutOptions<Update> = {},
): (state: State, config: LangGraphRunnableConfig) => Promise<Command[]> {
  const entries = Object.entries(branches);
  if (options.failure === "settled" && !options.onFailure) {
    throw new ConfigurationError('fanOut with failure: "settled" needs onFailure, to record failed branches in the state.', "Pass onFailure: (branch, failure) => ({ … }).");
  }
  checkConcurrency(options.concurrency ?? Infinity);
  resolveRetry(options.retry);
  const toCommand = (update: Update) => (update instanceof Command ? update : new Command({ update }));
  return async (state, config) => {
    if (entries.length === 0) return [new Command({ update: {} })];
    try {
      const step = graphStepOptions<(typeof entries)[number], Update>(config, { name: "fanOut", items: entries, itemKey: ([name]) => name, memo: options.memo, memoValue: isPlainData });
      const outcomes = await mapItems(entries, ([, branch], context) => branch(state, { ...config, signal: context.signal }, context), {
        ...step,
        concurrency: options.concurrency ?? Infinity,
        retry: options.retry,
        timeoutMs: options.timeoutMs,
        failure: options.failure,
        itemLabel: ([name]) => `branch "${name}"`,
      });
      // A branch may return a Command of its own (e.g. with `goto`); pass it through as is.
      return outcomes.map((o, i) => toCommand(o.ok ? o.value : options.onFailure!(entries[i]![0], o.error)));
    } catch (error) {
      if (error instanceof MapItemError) throw new BranchError(entries[error.index]?.[0] ?? "?", error.cause, error.attempts);
      throw error;
    }
  };
}

// JSON-like data survives a store round trip unchanged; class instances would come back as plain objects.
function isPlainData(value: unknown): boolean {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(isPlainData);
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(isPlainData);
}
