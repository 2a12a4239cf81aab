/**
 * How the lesson runner reports a failure: one `error: …` line per error, and an exit code. An
 * aggregate (`AggregateError`, or anything with an `errors` array, such as LangGraph's "Multiple
 * errors occurred during superstep N", whose message only points at that array) is opened up:
 * each error inside it gets its own line, and identical lines are printed once.
 */
import { LanggraphParallelError } from "../errors.js";

/** What {@link reportError} prints and returns. */
export interface ErrorReport {
  /** The lines for stderr, in order, without duplicates. */
  lines: string[];
  /** The first library error's `exitCode`, else 1. */
  exitCode: number;
}

/** The errors inside an aggregate, or `undefined` for a plain error. */
function innerErrors(error: unknown): unknown[] | undefined {
  const errors = (error as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) && errors.length > 0 ? errors : undefined;
}

/** The leaf errors of `error`, depth first (aggregates inside aggregates too). */
function leaves(error: unknown, out: unknown[] = [], depth = 0): unknown[] {
  const inner = depth < 8 ? innerErrors(error) : undefined;
  if (inner) for (const e of inner) leaves(e, out, depth + 1);
  else out.push(error);
  return out;
}

/**
 * The lines and exit code for a failed lesson: a library error prints its message and hint
 * (`describe()`), any other error its message (its stack when `debug`), and an aggregate one line
 * per error inside it. The exit code is the first library error's (2 for bad input or a damaged
 * database file), else 1.
 *
 * @param error - What the lesson threw.
 * @param debug - Print stacks of unexpected errors (the runner passes `DEBUG`). Default `false`.
 * @returns `{ lines, exitCode }`.
 * @example
 * ```ts
 * const { lines, exitCode } = reportError(new AggregateError([new Error("a"), new Error("b")]));
 * // lines: ["error: a", "error: b"], exitCode: 1
 * ```
 */
export function reportError(error: unknown, debug = false): ErrorReport {
  const all = leaves(error);
  const lines = all.map((e) => {
    if (e instanceof LanggraphParallelError) return `error: ${e.describe()}`;
    if (e instanceof Error) return debug && e.stack ? e.stack : `error: ${e.message}`;
    return `error: ${String(e)}`;
  });
  const library = all.find((e): e is LanggraphParallelError => e instanceof LanggraphParallelError);
  return { lines: [...new Set(lines)], exitCode: library?.exitCode ?? 1 };
}
