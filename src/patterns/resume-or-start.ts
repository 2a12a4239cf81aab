/**
 * Resume or start a thread: the one call a program makes when it (re)starts with its input.
 * LangGraph gives `graph.invoke(input, config)` one meaning, a new run on the thread; on a thread
 * that stopped mid-run it drops the unfinished step, so a map runs every item again. Resuming is
 * `graph.invoke(null, config)`. These functions read the thread's saved state and pick the call.
 */
import type { RunnableConfig } from "@langchain/core/runnables";
import { isCommand, type BaseCheckpointSaver, type CommandInstance, type StateSnapshot } from "@langchain/langgraph";
import { ConfigurationError } from "../errors.js";
import { ThreadInputMismatchError, ThreadInterruptedError, type ThreadBreakpoint } from "./thread-errors.js";

/** The parts of a compiled graph these functions use: any `graph.compile({ checkpointer })` fits. */
export interface ResumableGraph {
  checkpointer?: BaseCheckpointSaver | boolean;
  interruptBefore?: readonly PropertyKey[] | "*";
  interruptAfter?: readonly PropertyKey[] | "*";
  getState(config: RunnableConfig): Promise<StateSnapshot>;
  invoke(input: never, options?: never): Promise<unknown>;
}

/** The input a graph's `invoke` takes for a new run (not `null`, not a `Command`). */
export type ResumableInput<G extends ResumableGraph> = Exclude<Parameters<G["invoke"]>[0], null | undefined | CommandInstance<unknown, unknown, string>>;
/** The run config a graph's `invoke` takes. */
export type ResumableConfig<G extends ResumableGraph> = Exclude<Parameters<G["invoke"]>[1], undefined>;
/** What a graph's `invoke` resolves to. */
export type ResumableOutput<G extends ResumableGraph> = Awaited<ReturnType<G["invoke"]>>;

/** Options of {@link resumeOrStart} and {@link planResumeOrStart}. */
export interface ResumeOrStartOptions<Input = unknown> {
  /**
   * Before resuming, compare `input` with the input the unfinished run started with (saved in
   * its first checkpoint). `true` (default): the same JSON, keys in any order, else a
   * {@link ThreadInputMismatchError}; `false`: resume whatever `input` is; or a function
   * `(started, given) => boolean`. A run started by a `Command` has no saved input: not checked.
   */
  checkInput?: boolean | ((started: unknown, given: Input) => boolean);
}

/** What {@link planResumeOrStart} found, and the input to pass to `invoke` or `stream`. */
export type ResumeOrStartPlan<Input> =
  /** No checkpoint (`"new"`) or a finished run (`"finished"`): start a run with `input`. */
  | { action: "start"; thread: "new" | "finished"; input: Input; snapshot: StateSnapshot }
  /** A run that stopped mid-way: resume it with `null`; `next` are the nodes it had not finished. */
  | { action: "resume"; thread: "unfinished"; input: null; next: string[]; snapshot: StateSnapshot };

/** What {@link resumeOrStart} did, and the run's output. */
export type ResumeOrStartResult<Output> =
  /** Started with `input`: the thread was new, or its last run had finished. */
  | { action: "start"; thread: "new" | "finished"; output: Output }
  /** Resumed with `null`; `next` are the nodes the stopped run had not finished. */
  | { action: "resume"; thread: "unfinished"; next: string[]; output: Output };

/**
 * Decides how to run a thread without running it: start it with `input` when it has no
 * checkpoint or its last run finished (as `invoke(input)` does: a new run on the same thread,
 * state carried over through the reducers); resume it with `null` when a run stopped mid-way (an
 * error, a killed process), after checking that `input` is what that run started with. A thread
 * waiting at an `interrupt()` or a static breakpoint is a {@link ThreadInterruptedError}: it
 * needs an answer or a review, not a restart. Use it to stream the run, or to log the decision
 * first; {@link resumeOrStart} runs it.
 *
 * @param graph - A graph compiled with a checkpointer.
 * @param input - The run's input, the same on every restart.
 * @param config - The run config with `configurable.thread_id` (no `checkpoint_id`).
 * @param options - `checkInput` (default `true`: resuming needs the input the run started with).
 * @returns `{ action, thread, input, snapshot }`: pass `input` to `invoke` or `stream`.
 * @throws {ConfigurationError} without a checkpointer or `thread_id`, with a `checkpoint_id` or a `Command` as input.
 * @throws {ThreadInterruptedError} when the thread waits for an interrupt's answer or at a breakpoint.
 * @throws {ThreadInputMismatchError} when the unfinished run started with another input.
 * @example
 * ```ts
 * import { planResumeOrStart } from "langgraph-parallel";
 *
 * const graph = builder.compile({ checkpointer, store });
 * const thread = { configurable: { thread_id: "digest-1" } };
 * const plan = await planResumeOrStart(graph, { passages: ["…", "…"] }, thread);
 * console.log(plan.action === "resume" ? `resuming at ${plan.next.join(", ")}` : `starting (${plan.thread} thread)`);
 * for await (const update of await graph.stream(plan.input, { ...thread, streamMode: "updates" })) console.log(update);
 * ```
 */
export async function planResumeOrStart<G extends ResumableGraph>(
  graph: G,
  input: ResumableInput<G>,
  config: ResumableConfig<G>,
  options: ResumeOrStartOptions<ResumableInput<G>> = {},
): Promise<ResumeOrStartPlan<ResumableInput<G>>> {
  const runConfig = config as unknown as RunnableConfig;
  const { threadId, checkpointer } = checkCall(graph, input, runConfig);
  const snapshot = await graph.getState(runConfig);
  if (snapshot.next.length === 0 && snapshot.tasks.length === 0) {
    return { action: "start", thread: snapshot.createdAt === undefined ? "new" : "finished", input, snapshot };
  }
  const interrupts = snapshot.tasks.flatMap((task) => task.interrupts.map((i) => ({ id: i.id ?? "", value: i.value, node: task.name })));
  if (interrupts.length > 0) throw new ThreadInterruptedError(threadId, interrupts);
  const breakpoint = await breakpointAt(graph, runConfig, snapshot);
  if (breakpoint) throw new ThreadInterruptedError(threadId, [], breakpoint);
  const check = options.checkInput ?? true;
  if (check !== false) {
    const started = await startedWith(checkpointer, runConfig);
    if (started !== undefined && !(typeof check === "function" ? check(started, input) : sameJson(started, input))) {
      throw new ThreadInputMismatchError(threadId, started, input);
    }
  }
  return { action: "resume", thread: "unfinished", input: null, next: [...new Set(snapshot.next)], snapshot };
}

/**
 * Runs a thread the way a restarted program needs: resumes a run that stopped mid-way (so the
 * finished items of a map and the finished tasks of the step are not run again) and starts it
 * otherwise, as {@link planResumeOrStart} decides. `graph.invoke(input)` keeps LangGraph's
 * meaning, a new run; this is the call for "run this, picking up where the last attempt died".
 *
 * @param graph - A graph compiled with a checkpointer (and a store, for a map's per-item memo).
 * @param input - The run's input, the same on every restart.
 * @param config - The run config with `configurable.thread_id`; passed on to `invoke`.
 * @param options - `checkInput` (default `true`: resuming needs the input the run started with).
 * @returns `{ action: "start" | "resume", thread, output }` (`next` too when it resumed).
 * @throws {ThreadInterruptedError} when the thread waits for an interrupt's answer or at a breakpoint.
 * @throws {ThreadInputMismatchError} when the unfinished run started with another input.
 * @example
 * ```ts
 * import { mapReduce, resumeOrStart } from "langgraph-parallel";
 * import { StateSchema } from "@langchain/langgraph";
 * import { z } from "zod";
 *
 * const State = new StateSchema({ numbers: z.array(z.number()), squares: z.array(z.number()).default(() => []) });
 * const squares = mapReduce(State, { items: (s) => s.numbers, worker: (n) => n * n, reduce: (squares) => ({ squares }) }, { checkpointer, store });
 * const run = await resumeOrStart(squares, { numbers: [1, 2, 3] }, { configurable: { thread_id: "squares-1" } });
 * console.log(run.action, run.output.squares); // "start" [1, 4, 9]; after a crash: "resume", and only unfinished items run
 * ```
 */
export async function resumeOrStart<G extends ResumableGraph>(
  graph: G,
  input: ResumableInput<G>,
  config: ResumableConfig<G>,
  options: ResumeOrStartOptions<ResumableInput<G>> = {},
): Promise<ResumeOrStartResult<ResumableOutput<G>>> {
  const plan = await planResumeOrStart(graph, input, config, options);
  const output = (await graph.invoke(plan.input as never, config as never)) as ResumableOutput<G>;
  return plan.action === "resume" ? { action: "resume", thread: plan.thread, next: plan.next, output } : { action: "start", thread: plan.thread, output };
}

// The thread id and the checkpointer, or a ConfigurationError naming what is missing.
function checkCall(graph: ResumableGraph, input: unknown, config: RunnableConfig | undefined) {
  const { checkpointer } = graph;
  if (!checkpointer || checkpointer === true) {
    throw new ConfigurationError(
      checkpointer === true
        ? "resumeOrStart needs a graph with a checkpointer of its own; this one was compiled with checkpointer: true (it uses its parent's)."
        : "resumeOrStart needs a graph compiled with a checkpointer: without one there is no saved thread to resume.",
      checkpointer === true
        ? "Call it on the parent graph, which holds the checkpointer."
        : "Compile with { checkpointer } (new MemorySaver(), or createSqlitePersistence().checkpointer for a file) and, for a map's memo, a store.",
    );
  }
  const threadId = config?.configurable?.thread_id as unknown;
  if (typeof threadId !== "string" && typeof threadId !== "number") {
    throw new ConfigurationError(
      "resumeOrStart needs config.configurable.thread_id: the thread to resume or start.",
      'Pass { configurable: { thread_id: "…" } }, the same id on every restart of the run.',
    );
  }
  if (config?.configurable?.checkpoint_id !== undefined) {
    throw new ConfigurationError(
      `resumeOrStart works on the latest checkpoint of thread "${threadId}", but the config names checkpoint_id ${String(config.configurable.checkpoint_id)}.`,
      "Drop checkpoint_id; to replay or fork from a past checkpoint, call graph.invoke(null, config) with it yourself.",
    );
  }
  if (input === null || input === undefined || isCommand(input)) {
    throw new ConfigurationError(
      `resumeOrStart takes the run's input, not ${input === null || input === undefined ? String(input) : "a Command"}.`,
      "Pass the input the run starts with; answer an interrupt with graph.invoke(new Command({ resume }), config).",
    );
  }
  return { threadId: String(threadId), checkpointer };
}

// A static breakpoint the thread is paused at: before its next nodes (none of whose tasks has
// started: an error or a result means the step ran), or after the nodes of the step before.
async function breakpointAt(graph: ResumableGraph, config: RunnableConfig, snapshot: StateSnapshot): Promise<ThreadBreakpoint | undefined> {
  if (snapshot.tasks.some((task) => task.error != null || task.result !== undefined)) return undefined;
  const run = config as { interruptBefore?: ResumableGraph["interruptBefore"]; interruptAfter?: ResumableGraph["interruptAfter"] };
  const matching = (nodes: readonly PropertyKey[] | "*" | undefined, names: readonly string[]) =>
    [...new Set(names.filter((name) => nodes === "*" ? !name.startsWith("__") : nodes?.map(String).includes(name)))];
  const before = matching(run.interruptBefore ?? graph.interruptBefore, snapshot.next);
  if (before.length > 0) return { when: "before", nodes: before };
  const after = run.interruptAfter ?? graph.interruptAfter;
  if (!after || after.length === 0 || !snapshot.parentConfig) return undefined;
  const ran = matching(after, (await graph.getState(snapshot.parentConfig)).next);
  return ran.length > 0 ? { when: "after", nodes: ran } : undefined;
}

// The input of the thread's latest run: the START channel of its latest "input" checkpoint.
async function startedWith(checkpointer: BaseCheckpointSaver, config: RunnableConfig): Promise<unknown> {
  const thread = { configurable: { thread_id: config.configurable?.thread_id, checkpoint_ns: config.configurable?.checkpoint_ns ?? "" } };
  for await (const tuple of checkpointer.list(thread, { filter: { source: "input" }, limit: 1 })) {
    return tuple.checkpoint.channel_values["__start__"];
  }
  return undefined;
}

// Equal as JSON, object keys in any order (a checkpointer may not keep their order).
function sameJson(a: unknown, b: unknown): boolean {
  const sorted = (_key: string, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : value;
  return JSON.stringify(a, sorted) === JSON.stringify(b, sorted);
}
