/**
 * Per-item human input inside one map step. All items of a map run inside one LangGraph task, and
 * LangGraph numbers a task's `interrupt()` calls by call order, so items that ask at the same time
 * cannot use it directly: the first question would abort the others, and an answer would reach
 * whichever item asks first on resume. Instead each item asks through its context
 * (`context.interrupt(question)`): the items that ask are parked, the others finish (and are
 * memoised), and the step then stops with one LangGraph interrupt per question, each with an id of
 * its own, so `Command({ resume: { [id]: answer } })` reaches the item that asked. Answers are kept
 * in the graph's store until the item finishes, so several rounds work and an item may ask more
 * than once.
 */
import { createHash } from "node:crypto";
import type { BaseStore } from "@langchain/langgraph";
import { GraphInterrupt } from "@langchain/langgraph";
import { LanggraphParallelError } from "../errors.js";
import type { ItemFailure } from "./map-items.js";
import { besideMemo } from "./item-memo.js";
import type { resumeValues } from "./resume-values.js";

/**
 * The value of each LangGraph interrupt a map step raises (in `getState().tasks[].interrupts` and
 * the `__interrupt__` chunk): which item asks, what, and how far the step had got.
 *
 * @example
 * ```ts
 * import type { ItemQuestion } from "langgraph-parallel";
 *
 * const graph = builder.compile({ checkpointer, store });
 * const snapshot = await graph.getState(config);
 * for (const { id, value } of snapshot.tasks.flatMap((t) => t.interrupts)) {
 *   const q = value as ItemQuestion<string>;
 *   console.log(id, q.label, q.question, `${q.progress.done}/${q.progress.total} done`);
 * }
 * ```
 */
export interface ItemQuestion<Question = unknown> {
  /** The map step's name (`mapReduce`'s `name` option, default `"map"`; `"fanOut"` for fanOut). */
  step: string;
  /** The graph node running the step, with the sub-graph nodes above it: `"review|approve"`. */
  node: string;
  /** The item's position in the input list. */
  index: number;
  /** The item's memo key (see `itemKey`). */
  key: string;
  /** How errors name the item, e.g. `item 4 ("refund #17")`. */
  label: string;
  /** What the worker passed to `context.interrupt(question)`. */
  question: Question;
  /** The step when it stopped: items finished (or failed), items waiting for an answer, all items. */
  progress: { done: number; waiting: number; total: number };
}

/**
 * A worker called LangGraph's own `interrupt()` (or asked outside a resumable graph run), which
 * cannot work for one item of many: it names the item and says what to call instead.
 *
 * @example
 * ```ts
 * import { ItemInterruptError, mapItems } from "langgraph-parallel";
 *
 * try {
 *   await mapItems(["refund #17"], async (ticket, { interrupt }) => interrupt(`Approve ${ticket}?`));
 * } catch (e) {
 *   if (!(e instanceof ItemInterruptError)) throw e;
 *   console.error(e.message); // map: item 0 ("refund #17") asked a question, but … needs a graph run with a checkpointer, a store and a thread_id
 * }
 * ```
 */
export class ItemInterruptError extends LanggraphParallelError {}

/** Where a map step's questions and answers live: built by the graph patterns from the run's config. */
export interface ItemInterrupts {
  /**
   * Answers given in earlier rounds, by item key, and the items that had failed (settled mode) when
   * the step last stopped for answers: an answer round does not run those again.
   */
  load(keys: readonly string[]): Promise<{ answers: Map<string, unknown[]>; failed: Map<string, ItemFailure> }>;
  /** Saves an item's answers so far; resolves once durable. */
  save(key: string, answers: readonly unknown[]): Promise<void>;
  /** The interrupt id of question `n` (0-based) of the item with `key`. */
  id(key: string, n: number): string;
  /** The answer the current run's `Command({ resume })` carries for `id`, if any. */
  answer(id: string): { value: unknown } | undefined;
  /** Called with the ids of the questions the step stops with, and the failed items by key. */
  stopping(ids: readonly string[], failed: ReadonlyMap<string, ItemFailure>): Promise<void>;
  /** The graph node running the step (named in each question). */
  readonly node: string;
}

/**
 * Thrown by `context.interrupt` for a question not answered yet: the map parks the item. It is a
 * LangGraph `GraphInterrupt`, so code that rethrows LangGraph's signals (as LangGraph asks of any
 * `try` around `interrupt()`) lets it through, and retries never repeat it.
 */
export class ItemAsked extends GraphInterrupt {
  constructor(
    readonly questionId: string,
    readonly question: unknown,
  ) {
    super([{ id: questionId, value: question }]);
  }
}

/**
 * Per-item interrupts kept in a LangGraph store beside the step's memo: answers in
 * `besideMemo(namespace, "answers")`, the ids a step stopped with in `besideMemo(namespace, "meta")`.
 *
 * @param node - The graph node running the step, with the sub-graph nodes above it (`"review|approve"`).
 * @param store - The graph's store (`config.store` inside a node).
 * @param namespace - The step's memo namespace (see `memoNamespace`).
 * @param resume - What the current run resumes with (see {@link resumeValues}).
 * @returns The interrupts of that step.
 */
export function storeInterrupts(node: string, store: BaseStore, namespace: string[], resume: ReturnType<typeof resumeValues>): ItemInterrupts {
  const answersNs = besideMemo(namespace, "answers");
  const metaNs = besideMemo(namespace, "meta");
  let stoppedWith: readonly string[] | undefined;
  return {
    async load(keys) {
      // Both in one query each: no store operation per item.
      const [meta, items] = await Promise.all([store.get(metaNs, "stopped"), keys.length ? store.search(answersNs, { limit: 2 ** 31 - 1 }) : []]);
      const stopped = (meta?.value ?? {}) as { ids?: string[]; failed?: Record<string, ItemFailure> };
      stoppedWith = stopped.ids ?? [];
      const wanted = new Set(keys);
      const answers = new Map<string, unknown[]>();
      for (const item of items) if (wanted.has(item.key)) answers.set(item.key, (item.value as { answers: unknown[] }).answers);
      const failed = new Map(Object.entries(stopped.failed ?? {}).filter(([key]) => wanted.has(key)));
      return { answers, failed };
    },
    save: (key, answers) => store.put(answersNs, key, { answers: [...answers] }),
    id: (key, n) => createHash("sha256").update(`${namespace.join("\0")}\0${key}\0${n}`).digest("hex").slice(0, 32),
    answer(id) {
      if (resume.byId) return Object.hasOwn(resume.byId, id) ? { value: resume.byId[id] } : undefined;
      // `Command({ resume: value })` without ids answers every question the step stopped with, as
      // LangGraph gives one value to every waiting interrupt; questions asked after it are new.
      if (resume.plain && stoppedWith?.includes(id)) return { value: resume.plain.value };
      return undefined;
    },
    stopping: (ids, failed) => store.put(metaNs, "stopped", { ids: [...ids], failed: Object.fromEntries(failed) }),
    node,
  };
}

/**
 * The LangGraph interrupt a map step stops with: one `Interrupt` per waiting item, in input order.
 *
 * @param questions - The waiting items' questions with their ids.
 * @returns The `GraphInterrupt` to throw from the node.
 */
export function stepInterrupt(questions: readonly { id: string; value: ItemQuestion }[]): GraphInterrupt {
  return new GraphInterrupt([...questions].sort((a, b) => a.value.index - b.value.index).map(({ id, value }) => ({ id, value })));
}
