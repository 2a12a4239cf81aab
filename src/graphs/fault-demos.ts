/**
 * Lesson 8's demonstrations: small graphs whose branches fail in the ways production ones do
 * (a flaky dependency, a slow one, a broken one), run through the library's patterns with retry,
 * timeouts, settled failures, durable resume and a shared rate limiter.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { type BaseCheckpointSaver, type BaseStore, END, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { fanOut } from "../patterns/fan-out.js";
import { mapReduceNode } from "../patterns/map-reduce.js";
import { listField } from "../reducers/fields.js";

/**
 * State of the demos: the `items` to work on, what succeeded (`results`) and what failed
 * (`failures`), both appended by parallel branches.
 *
 * @example
 * ```ts
 * import { FaultDemoState } from "langgraph-parallel/graphs";
 *
 * const report = (s: typeof FaultDemoState.State) => `${s.results.length} ok, ${s.failures.length} failed`;
 * ```
 */
export const FaultDemoState = new StateSchema({
  items: z.array(z.string()).default(() => []),
  results: listField(z.string()),
  failures: listField(z.string()),
});
type Demo = typeof FaultDemoState.State;

/**
 * Counts attempts per name, so a demo can fail the first few and report how many it took.
 *
 * @example
 * ```ts
 * import { AttemptLog } from "langgraph-parallel/graphs";
 *
 * const attempts = new AttemptLog();
 * attempts.next("news"); // 1
 * attempts.next("news"); // 2
 * attempts.all(); // { news: 2 }
 * ```
 */
export class AttemptLog {
  private readonly counts = new Map<string, number>();
  /** Records one attempt at `name` and returns its number (1 for the first). */
  next(name: string): number {
    const n = (this.counts.get(name) ?? 0) + 1;
    this.counts.set(name, n);
    return n;
  }
  /** Attempts so far, by name. */
  all(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}

const unavailable = () => Object.assign(new Error("503 Service Unavailable"), { status: 503 });

/**
 * Builds a graph of three search branches in one node (`fanOut`): `web` answers, `news` is flaky
 * (a 503 on its first attempt, retried), `archive` is slow on its first attempt (timed out,
 * retried); with `withBroken` a `broken` branch fails every time and, with `failure: "settled"`,
 * is recorded in `failures` instead of failing the run. Expects an {@link AttemptLog}; needs no
 * model or tools.
 *
 * @param attempts - Where attempts are counted, per branch name.
 * @param options - `withBroken` adds a branch that always fails (default false); `workMs` of each
 *   successful attempt (default 50; 0 answers at once); `timeoutMs` per attempt (default
 *   `max(100, workMs × 4)`), which only the hung attempt reaches.
 * @returns The compiled graph over {@link FaultDemoState}: `{}` in, one line per branch in `results`
 *   (and in `failures` for the broken one).
 * @example
 * ```ts
 * import { AttemptLog, buildFlakyBranchesGraph } from "langgraph-parallel/graphs";
 *
 * const attempts = new AttemptLog();
 * const { results } = await buildFlakyBranchesGraph(attempts, { workMs: 0 }).invoke({});
 * // ["web: ok on attempt 1", "news: ok on attempt 2", "archive: ok on attempt 2"]; attempts.all() counts them
 * ```
 */
export function buildFlakyBranchesGraph(attempts: AttemptLog, { withBroken = false, workMs = 50, timeoutMs = Math.max(100, workMs * 4) } = {}) {
  const branch = (name: string, fail: (attempt: number, signal?: AbortSignal) => Promise<void>) => async (_s: Demo, config: { signal?: AbortSignal }) => {
    const attempt = attempts.next(name);
    await fail(attempt, config.signal);
    if (workMs > 0) await sleep(workMs, undefined, { signal: config.signal });
    return { results: [`${name}: ok on attempt ${attempt}`] };
  };
  const branches: Record<string, ReturnType<typeof branch>> = {
    web: branch("web", async () => undefined),
    news: branch("news", async (n) => {
      if (n === 1) throw unavailable();
    }),
    archive: branch("archive", async (n, signal) => {
      if (n === 1) await sleep(10_000, undefined, { signal }); // hangs until the timeout aborts it
    }),
  };
  if (withBroken) {
    branches.broken = branch("broken", async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'hits')");
    });
  }
  return new StateGraph(FaultDemoState)
    .addNode(
      "search",
      fanOut<Demo, typeof FaultDemoState.Update>(branches, {
        retry: { maxAttempts: 3, initialInterval: 20 },
        timeoutMs,
        failure: withBroken ? "settled" : "fail-fast",
        onFailure: (name, failure) => ({ failures: [`${name}: ${failure.name}: ${failure.message} (${failure.attempts} attempt${failure.attempts > 1 ? "s" : ""})`] }),
      }),
    )
    .addEdge(START, "search")
    .addEdge("search", END)
    .compile();
}

/**
 * Builds a map-reduce over `items` with a model call per item, durable with a checkpointer and
 * store. While `crash.armed` is true the worker throws for item `crash.at`: the run stops as a
 * killed process would, and resuming the thread runs only the items that had not finished.
 * Expects a chat model; a checkpointer and store to be resumable.
 *
 * @param model - The chat model (give it a rate limiter to see the shared limit).
 * @param options - `crash` switch and item (default none); `checkpointer`, `store` (default none);
 *   `concurrency` (default 4); `calls`, an {@link AttemptLog} counting worker calls per item.
 * @returns The compiled graph over {@link FaultDemoState}: `{ items }` in, one summary per item in `results`.
 * @example
 * ```ts
 * import { buildDurableMapGraph } from "langgraph-parallel/graphs";
 *
 * const crash = { armed: true, at: "item 2" };
 * const graph = buildDurableMapGraph(model, { crash, checkpointer, store });
 * const thread = { configurable: { thread_id: "t1" } };
 * await graph.invoke({ items: ["item 1", "item 2", "item 3"] }, thread).catch(() => undefined); // dies at item 2
 * crash.armed = false;
 * const { results } = await graph.invoke(null, thread); // resumes: items that had finished are not run again
 * ```
 */
export function buildDurableMapGraph(
  model: BaseChatModel,
  options: { crash?: { armed: boolean; at: string }; checkpointer?: BaseCheckpointSaver; store?: BaseStore; concurrency?: number; calls?: AttemptLog } = {},
) {
  return new StateGraph(FaultDemoState)
    .addNode(
      "summarise",
      mapReduceNode(FaultDemoState, {
        name: "summarise",
        concurrency: options.concurrency ?? 4,
        retry: false,
        items: (s) => s.items,
        worker: async (item, { signal }) => {
          options.calls?.next(item);
          if (options.crash?.armed && item === options.crash.at) throw new Error(`process died while working on ${item}`);
          return (await model.invoke(`Summarise in one sentence: ${item} is one part of a long job.`, { signal })).text;
        },
        reduce: (results) => ({ results }),
      }),
    )
    .addEdge(START, "summarise")
    .addEdge("summarise", END)
    .compile({ checkpointer: options.checkpointer, store: options.store });
}
