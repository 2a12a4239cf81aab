/**
 * What a lesson is (number, title, `run(context)`) and the context the runner gives it: the
 * chosen chat model, the printer, and `runGraph`, the one routine that runs a graph and narrates
 * its supersteps, final state and timing for every lesson.
 */
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { AnyStateSchema } from "@langchain/langgraph";
import { describeChatModel } from "../models/describe-chat-model.js";
import { getChatModel } from "../models/get-chat-model.js";
import type { RateLimiter } from "../models/rate-limiter.js";
import { isProgressEvent, type ProgressEvent } from "../observe/progress.js";
import { CostTracker } from "../observe/cost-tracker.js";
import type { TimelineSection } from "../observe/timeline-html.js";
import { renderTimelineText } from "../observe/timeline-text.js";
import { timelineOf } from "../observe/timeline.js";
import {
  traceRun,
  type RunTrace,
  type StreamableGraph,
  type SubgraphTaskRecord,
  type TaskRecord,
} from "../observe/run-trace.js";
import { InputValidationError, UsageError } from "../errors.js";
import { validateInput } from "../state/validate-input.js";
import { addRun, EMPTY_LESSON_SUMMARY, withCost, type LessonSummary } from "./lesson-summary.js";
import type { LessonOptions } from "./options.js";
import type { LessonOutput } from "./output.js";
import { createProgressDisplay } from "./progress-display.js";
import { formatItemTiming, formatSuperstep, formatTiming, formatValue } from "./render.js";
import { createStepPause } from "./step-pause.js";

/** A numbered lesson. */
export interface Lesson {
  number: number;
  title: string;
  /** False for lessons that call no chat model (the runner then says so). Default true. */
  usesModel?: boolean;
  run(context: LessonContext): Promise<void>;
}

/** Options of {@link LessonContext.runGraph}. */
export interface RunGraphOptions {
  /** Validate the input against this schema before running (bad input: InputValidationError). */
  schema?: AnyStateSchema;
  /** Extra run config. */
  config?: RunnableConfig;
  /** The run is expected to fail (the lesson explains the error): report it instead of throwing. */
  expectError?: boolean;
  /** Print each node's writes the moment it finishes (like the `updates` stream), with the time. */
  live?: boolean;
  /** What to print as the final state (default: the whole state); `--json` always prints it all. */
  summarize?: (state: never) => unknown;
  /** Called with every other `custom` stream chunk (progress events are drawn as a bar). */
  onEvent?: (chunk: unknown) => void;
  /**
   * Lines to print under each superstep's line for one of its tasks, from what the task read and
   * wrote (lesson 1's `Adding I'm B2 to [...]`); printed with or without `--step`.
   */
  narrate?: (task: TaskRecord) => string[];
  /**
   * Called as each task inside a sub-graph finishes, with its namespace and the root task it runs
   * in (lesson 4 prints each interview's questions and answers from it as they happen).
   */
  onSubgraphTaskResult?: (task: SubgraphTaskRecord) => void;
}

/** Everything a lesson needs from the runner. */
export interface LessonContext {
  options: LessonOptions;
  /**
   * The chat model: offline unless `--model openai` / `OPENAI_API_KEY`. Every call it makes, in a
   * graph or not, is counted in the lesson's summary.
   */
  model: BaseChatModel;
  /**
   * Another model of the lesson's provider, counted in its summary like `model`: for a lesson that
   * needs a client of its own, e.g. one behind a rate limiter (lesson 8). `latencyMs` sets the
   * offline model's latency (default: the lesson's). Never build a model directly in a lesson:
   * `--model openai` would not reach it.
   */
  createModel(options?: { rateLimiter?: RateLimiter; latencyMs?: number }): BaseChatModel;
  /**
   * The tracker every model call of the lesson is counted in (the summary's calls, tokens and
   * dollars). Give it to `queueExecutor({ costs })` so that the calls queue workers make in other
   * processes, reported back with each job's result, count too.
   */
  costs: CostTracker;
  /**
   * Counts `n` model calls made in another process whose result never came back (a queue worker
   * killed mid-call, a duplicate run whose result BullMQ refused): made, so counted, and failed,
   * with no tokens, like a call cancelled in this process.
   */
  countLostCalls(n: number): void;
  /** One-line description of the model, printed at the start. */
  modelLabel: string;
  /** Simulated work per toy node, ms (from `--latency`; default 100). */
  workMs: number;
  out: LessonOutput;
  /**
   * Validates input that came from a command-line flag before anything runs; a bad value is a
   * UsageError naming the flag (exit code 2).
   */
  validateFlag<Update>(schema: AnyStateSchema, input: Update, flag: string): Promise<Update>;
  /** Run a graph, printing each superstep (pausing with `--step`), the final state and timing. */
  runGraph<State = Record<string, unknown>>(
    name: string,
    graph: StreamableGraph,
    input: unknown,
    options?: RunGraphOptions,
  ): Promise<RunTrace<State>>;
  /** Timelines of every `runGraph` so far (recorded only with `--timeline`). */
  timelines(): TimelineSection[];
  /** Totals over every `runGraph` so far: supersteps, tasks, wall vs sequential time, tokens, cost. */
  summary(): LessonSummary;
}

/** Default simulated work of a toy node when `--latency` is not given, ms. */
export const DEFAULT_WORK_MS = 100;

/**
 * Builds the context a lesson runs in.
 *
 * @param lesson - The lesson (its number tags JSON lines).
 * @param options - Parsed flags.
 * @param out - The printer.
 * @param env - Environment for provider selection (default `process.env`).
 * @returns The context.
 * @example
 * ```ts
 * const context = createLessonContext(lesson, options, createOutput({ json: options.json }));
 * await lesson.run(context);
 * ```
 */
export function createLessonContext(
  lesson: Pick<Lesson, "number">,
  options: LessonOptions,
  out: LessonOutput,
  env: NodeJS.ProcessEnv = process.env,
): LessonContext {
  const pause = createStepPause();
  // Both handlers sit on the models themselves, not on runGraph's config, so that calls made outside
  // a graph (lesson 7's races) are counted too. A call that ends in an error (cancelled, refused,
  // failed) was still made: it counts as a call, with no tokens.
  const costs = new CostTracker();
  const failures = { calls: 0 };
  const failed = BaseCallbackHandler.fromMethods({ handleLLMError: () => void failures.calls++ });
  failed.awaitHandlers = true;
  const createModel = ({ rateLimiter, latencyMs = options.latencyMs }: { rateLimiter?: RateLimiter; latencyMs?: number } = {}) =>
    getChatModel({ provider: options.provider, latencyMs, env, callbacks: [costs, failed], ...(rateLimiter ? { rateLimiter } : {}) });
  const model = createModel();
  let runs: LessonSummary = EMPTY_LESSON_SUMMARY;
  const timelines: TimelineSection[] = [];
  return {
    options,
    model,
    createModel,
    costs,
    countLostCalls(n) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`countLostCalls expects a whole number ≥ 0, not ${n}.`);
      failures.calls += n;
    },
    modelLabel: describeChatModel(model),
    workMs: options.latencyMs ?? DEFAULT_WORK_MS,
    out,
    async validateFlag(schema, input, flag) {
      try {
        return (await validateInput(schema, input)) as typeof input;
      } catch (error) {
        if (!(error instanceof InputValidationError)) throw error;
        throw new UsageError(`Invalid ${flag}: ${error.problem}.`, "See npm run lesson -- --help for the flags.");
      }
    },
    async runGraph(name, graph, input, runOptions = {}) {
      const validInput = runOptions.schema ? await validateInput(runOptions.schema, input) : input;
      out.line(`▸ ${name}`);
      const started = Date.now();
      const display = options.json ? undefined : createProgressDisplay({ write: (text) => out.write(text), tty: out.tty });
      const progress = new Map<string, ProgressEvent>();
      const trace = await traceRun<never>(graph, validInput, {
        config: runOptions.config,
        onSuperstep: async (superstep) => {
          display?.pause();
          out.line(`  ${formatSuperstep(superstep).replaceAll("\n", "\n  ")}`);
          for (const task of superstep.tasks) for (const line of runOptions.narrate?.(task) ?? []) out.line(`      ${line}`);
          if (options.step) out.line(`  ${formatSuperstep(superstep, true).split("\n").slice(1).join("\n  ")}`);
          if (options.step) await pause();
        },
        onSubgraphTaskResult: runOptions.onSubgraphTaskResult
          ? (task) => {
              display?.pause();
              runOptions.onSubgraphTaskResult?.(task);
            }
          : undefined,
        onTaskResult: (task) => {
          if (runOptions.live && !options.step && task.endedAt !== undefined) {
            display?.pause();
            const wrote = formatValue(task.error ? { error: task.error } : task.writes, 60, 3);
            out.line(`    +${((task.endedAt - started) / 1000).toFixed(2)} s  ${task.node} → ${clip(wrote, 140)}`);
          }
        },
        onCustom: (chunk) => {
          if (!isProgressEvent(chunk)) {
            display?.pause();
            return runOptions.onEvent?.(chunk);
          }
          progress.set(chunk.name, chunk);
          display?.update(chunk);
        },
      });
      display?.finish();
      runs = addRun(runs, trace, [...progress.values()]);
      if (options.timeline && trace.supersteps.length > 0) {
        const timeline = timelineOf(trace);
        timelines.push({ title: `Lesson ${lesson.number} · ${name}`, timeline });
        out.line(`  ${renderTimelineText(timeline).replaceAll("\n", "\n  ")}`);
      }
      if (trace.interrupts.length > 0) {
        out.line(`  ⏸ paused: ${trace.interrupts.length} interrupt${trace.interrupts.length > 1 ? "s" : ""} waiting for input`);
        out.json({ lesson: lesson.number, graph: name, interrupts: trace.interrupts });
      } else if (trace.paused) {
        out.line("  ⏸ paused at a breakpoint (interruptBefore / interruptAfter): getState(config).next says what runs on resume");
        out.json({ lesson: lesson.number, graph: name, paused: true, state: publicState(trace.finalState) });
      } else if (trace.error !== undefined) {
        if (!runOptions.expectError) throw trace.error;
        const error = trace.error as Error;
        out.line(`  ✗ ${error.name}: ${clip(error.message.split("\n")[0] ?? "", 200)}`);
        out.json({ lesson: lesson.number, graph: name, error: { name: error.name, message: error.message.split("\n")[0] } });
      } else {
        const state = publicState(trace.finalState);
        out.line(`  final state: ${formatValue(runOptions.summarize ? runOptions.summarize(state as never) : state)}`);
        out.line(`  ${formatTiming(trace)}`);
        for (const event of progress.values()) out.line(`  ${formatItemTiming(event)}`);
        out.json({ lesson: lesson.number, graph: name, state: publicState(trace.finalState) });
      }
      out.line();
      return trace;
    },
    summary: () => {
      const total = costs.total();
      return withCost(runs, { ...total, calls: total.calls + failures.calls }, failures.calls);
    },
    timelines: () => [...timelines],
  };
}

// Keys starting with "__" are builders' internals (e.g. mapReduce's results between its steps).
function publicState(state: unknown): unknown {
  if (typeof state !== "object" || state === null) return state;
  return Object.fromEntries(Object.entries(state).filter(([key]) => !key.startsWith("__")));
}

// One printed line at most `max` characters long.
function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
