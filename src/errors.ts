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
 * import { LanggraphParallelError, checkConcurrency } from "langgraph-parallel";
 *
 * try {
 *   checkConcurrency(0);
 * } catch (e) {
 *   if (!(e instanceof LanggraphParallelError)) throw e;
 *   console.error(e.describe()); // "concurrency must be a whole number ≥ 1 (or Infinity), not 0. Pass e.g. { concurrency: 8 }."
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
 * import { UsageError } from "langgraph-parallel";
 *
 * throw new UsageError("Unknown lesson 9.", "Run `npm run lesson -- --list` to see the lessons."); // exit code 2
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
 * import { ConfigurationError } from "langgraph-parallel";
 *
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
 * import { InputValidationError } from "langgraph-parallel";
 *
 * const error = new InputValidationError("question", "the question is empty");
 * error.message; // 'Invalid input for "question": the question is empty.'
 * error.hint; // 'Fix the value of "question" in the initial state and run again.'
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

/**
 * A SQLite file that SQLite cannot read as a sound database: a truncated or overwritten page
 * (`SQLITE_CORRUPT…`), a header that is not SQLite's (`SQLITE_NOTADB`), a failed
 * `PRAGMA quick_check`, or a write-ahead log (`-wal`) whose header is not a WAL header.
 * Exit code 2: the same command fails again until the file is replaced. Once a connection has
 * reported it, the library writes nothing more through that connection.
 *
 * @param path - The database file.
 * @param problem - What SQLite (or the check) said, e.g. "database disk image is malformed".
 * @param options - `file`: the damaged file when it is not `path` itself (its `-wal`); `cause`.
 * @example
 * ```ts
 * import { DatabaseDamagedError, createSqlitePersistence } from "langgraph-parallel/sqlite";
 *
 * try {
 *   createSqlitePersistence({ path: "runs.sqlite" });
 * } catch (e) {
 *   if (!(e instanceof DatabaseDamagedError)) throw e;
 *   console.error(`keep ${e.file} aside: ${e.problem}`); // e.g. "keep /…/runs.sqlite aside: database disk image is malformed"
 * }
 * ```
 */
export class DatabaseDamagedError extends LanggraphParallelError {
  override readonly exitCode = 2;
  /** The database file. */
  readonly path: string;
  /** The damaged file: {@link path} itself, or its write-ahead log `<path>-wal`. */
  readonly file: string;
  /** What is wrong with it, e.g. "database disk image is malformed". */
  readonly problem: string;

  constructor(path: string, problem: string, options: ErrorOptions & { file?: string } = {}) {
    const file = options.file ?? path;
    const wal = file !== path;
    super(
      wal
        ? `The write-ahead log "${file}" of the SQLite database "${path}" is damaged: ${problem}.`
        : `The SQLite database "${path}" is damaged: ${problem}.`,
      wal
        ? "Move both files aside and keep them. To resume from the state in the main file, delete the -wal file (the steps saved in it are lost); or start the thread again in a new file (lessons: --db <new file>), or restore a backup copy of both."
        : 'Move it aside and keep it (the sqlite3 shell\'s ".recover" may rescue its data); start the thread again in a new file (lessons: --db <new file>), or restore a backup copy.',
      options,
    );
    this.path = path;
    this.file = file;
    this.problem = problem;
  }
}

/**
 * A SQLite file locked by another connection (another process writing the same thread's file)
 * for longer than the busy timeout (`SQLITE_BUSY`). The statement that gave up wrote nothing.
 * Exit code 1: the same command can succeed once the other writer is done.
 *
 * @param path - The database file.
 * @param waitedMs - The busy timeout that ran out, in ms.
 * @example
 * ```ts
 * import { DatabaseBusyError, createSqlitePersistence } from "langgraph-parallel/sqlite";
 *
 * const graph = builder.compile({ checkpointer: createSqlitePersistence({ path: "runs.sqlite" }).checkpointer });
 * try {
 *   await graph.invoke({}, { configurable: { thread_id: "t1" } });
 * } catch (e) {
 *   if (!(e instanceof DatabaseBusyError)) throw e;
 *   console.error(`${e.path} is in use (waited ${e.waitedMs} ms); try again later`);
 * }
 * ```
 */
export class DatabaseBusyError extends LanggraphParallelError {
  /** The database file. */
  readonly path: string;
  /** The busy timeout that ran out, in ms. */
  readonly waitedMs: number;

  constructor(path: string, waitedMs: number, options?: ErrorOptions) {
    super(
      `The SQLite database "${path}" is locked by another connection: gave up after waiting ${waitedMs} ms.`,
      "Another process is writing to it: let it finish (or stop it) and run again, or use another database file; a larger busyTimeoutMs waits longer.",
      options,
    );
    this.path = path;
    this.waitedMs = waitedMs;
  }
}

/**
 * A model's structured output that does not satisfy its zod schema, after every attempt. Strict
 * providers enforce only part of JSON Schema (no string lengths, a few formats), so the rest is
 * checked after parsing; this is what that check reports.
 *
 * @param schemaName - The structured output's name, e.g. "Plan".
 * @param problem - What failed, one `path: message` per zod issue.
 * @param attempts - How many answers were asked for.
 * @param value - The last answer, as parsed from the model.
 * @example
 * ```ts
 * import { z } from "zod";
 * import { StructuredOutputError, strictStructuredOutput } from "langgraph-parallel";
 *
 * const Plan = z.object({ subtasks: z.array(z.string().min(1)).min(1) });
 * try {
 *   await strictStructuredOutput(model, Plan, { name: "Plan" }).invoke("Plan a briefing on agents");
 * } catch (e) {
 *   if (!(e instanceof StructuredOutputError)) throw e;
 *   console.error(e.schemaName, e.problem); // "Plan" "subtasks.0: Too small: expected string to have >=1 characters"
 * }
 * ```
 */
export class StructuredOutputError extends LanggraphParallelError {
  /** The structured output's name, e.g. "Plan". */
  readonly schemaName: string;
  /** What failed, one `path: message` per zod issue, separated by "; ". */
  readonly problem: string;
  /** How many answers were asked for. */
  readonly attempts: number;
  /** The last answer, as parsed from the model. */
  readonly value: unknown;

  constructor(schemaName: string, problem: string, attempts: number, value: unknown, options?: ErrorOptions) {
    super(
      `The model's "${schemaName}" answer did not match its schema after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${problem}.`,
      "Say in the prompt (or the field's .describe()) what a valid value needs, allow more retries, or relax the zod schema.",
      options,
    );
    this.schemaName = schemaName;
    this.problem = problem;
    this.attempts = attempts;
    this.value = value;
  }
}
