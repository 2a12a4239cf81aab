/**
 * Every error this library throws on purpose derives from {@link LanggraphParallelError}.
 * Each one says what went wrong and what to do next (`hint`), so the lesson runner can print
 * one clean line instead of a stack trace.
 */

/**
 * Base class of the library's errors.
 *
 * @param message - What went wrong, in one sentence.
 * @param hint - What to do next, in one sentence (printed after the message).
 * @example
 * ```ts
 * try { await run(); } catch (e) {
 *   if (e instanceof LanggraphParallelError) console.error(e.message, e.hint);
 * }
 * ```
 */
export class LanggraphParallelError extends Error {
  /** What to do next. */
  readonly hint: string | undefined;
  /** Exit code a command-line program should use for this error (2: the user's input). */
  readonly exitCode: number = 1;

  constructor(message: string, hint?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.hint = hint;
  }

  /** The message followed by the hint, on one line. */
  describe(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
}

/**
 * Bad command-line usage: an unknown lesson, an unknown flag, a flag value out of range.
 *
 * @example
 * ```ts
 * throw new UsageError("Unknown lesson 9.", "Run `npm run lesson -- --list` to see the lessons.");
 * ```
 */
export class UsageError extends LanggraphParallelError {
  override readonly exitCode = 2;
}

/**
 * A configuration problem: a missing API key, a malformed URL, an impossible option value.
 *
 * @example
 * ```ts
 * throw new ConfigurationError("--model openai needs OPENAI_API_KEY.", "Export OPENAI_API_KEY=… and run again.");
 * ```
 */
export class ConfigurationError extends LanggraphParallelError {
  override readonly exitCode = 2;
}

/**
 * Input that does not match a graph's state schema, found before any node ran.
 *
 * @param field - The state key whose value was rejected.
 * @example
 * ```ts
 * throw new InputValidationError("state", "expected an array of strings, got a number");
 * ```
 */
export class InputValidationError extends LanggraphParallelError {
  override readonly exitCode = 2;
  /** The state key whose value was rejected. */
  readonly field: string;
  /** What is wrong with it, e.g. "the question is empty". */
  readonly problem: string;

  constructor(field: string, problem: string, options?: ErrorOptions) {
    super(
      `Invalid input for "${field}": ${problem}.`,
      `Fix the value of "${field}" in the initial state and run again.`,
      options,
    );
    this.field = field;
    this.problem = problem;
  }
}
