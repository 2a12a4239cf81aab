// Runs `npm run lesson -- <args>` in this process, as the runner would (flags parsed by it, its
// header, summary and timeline file), on the recording offline model, and returns what it printed,
// every model call and every graph run's trace: for the tests that run the docs' commands and the
// lessons' "Try next" suggestions and check their output.
import { vi } from "vitest";
import type { Lesson, LessonContext, RunGraphOptions } from "../../src/cli/lesson.js";
import { loadLessons } from "../../src/cli/lesson-catalog.js";
import { runLessons } from "../../src/cli/run-lessons.js";
import type { RunTrace, StreamableGraph } from "../../src/observe/run-trace.js";
import { RecordingModel } from "./answer-properties.js";

/** What one command did. */
export interface LessonCommandRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The lessons' model calls, in order. */
  model: RecordingModel;
  /** Every graph run, with its lesson's number. */
  traces: Array<{ lesson: number; name: string; trace: RunTrace<Record<string, unknown>> }>;
}

let lessons: Promise<Lesson[]> | undefined;
const KEYS = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "TAVILY_API_KEY", "DATABASE_URL", "LANGSMITH_TRACING", "LANGSMITH_API_KEY"];

/**
 * Runs the lesson runner on `argv` (the words after `npm run lesson --`) from the working
 * directory `cwd`, offline (no API keys in the environment).
 */
export async function runLessonCommand(argv: readonly string[], cwd: string): Promise<LessonCommandRun> {
  const model = new RecordingModel(); // holds the calls of every model the lessons get
  const traces: LessonCommandRun["traces"] = [];
  const recording = (lesson: Lesson): Lesson => ({
    ...lesson,
    run: (ctx: LessonContext) =>
      lesson.run({
        ...ctx,
        // Recording models on the lesson's cost tracker, as the runner's own are: the summary counts their calls.
        model: new RecordingModel({ callbacks: [ctx.costs] }, model.calls),
        createModel: ({ rateLimiter } = {}) => new RecordingModel({ callbacks: [ctx.costs], ...(rateLimiter ? { rateLimiter } : {}) }, model.calls),
        async runGraph<State>(name: string, graph: StreamableGraph, input: unknown, options?: RunGraphOptions) {
          const trace = await ctx.runGraph<State>(name, graph, input, options);
          traces.push({ lesson: lesson.number, name, trace: trace as unknown as RunTrace<Record<string, unknown>> });
          return trace;
        },
      }),
  });
  lessons ??= loadLessons();
  const all = (await lessons).map(recording);
  let stdout = "";
  let stderr = "";
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void (stdout += `${args.join(" ")}\n`));
  const error = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void (stderr += `${args.join(" ")}\n`));
  for (const key of KEYS) vi.stubEnv(key, undefined);
  const saved = process.cwd();
  process.chdir(cwd);
  try {
    const exitCode = await runLessons(argv, all);
    return { exitCode, stdout, stderr, model, traces };
  } finally {
    process.chdir(saved);
    vi.unstubAllEnvs();
    write.mockRestore();
    log.mockRestore();
    error.mockRestore();
  }
}
