/**
 * The launcher's types: the outbox record, workers and their context, the branded ids, the options
 * and the typed {@link Launcher} that `createLauncher` (in `launch.ts`) returns.
 */
import type { BaseStore, LangGraphRunnableConfig } from "@langchain/langgraph";
import type { RetryOptions } from "./retry.js";

/** A launch as stored in the outbox. */
export interface LaunchRecord {
  id: string;
  worker: string;
  input: unknown;
  /** `pending`: recorded, not running now (not started yet, or waiting for its next attempt). */
  status: "pending" | "running" | "done" | "failed";
  /** How many times it was started: first run, retries, and runs again after a crash. */
  attempts: number;
  result?: unknown;
  /** The last failed attempt's error: set when `failed`, and while a failed launch waits for (or runs) its next attempt. */
  error?: string;
}

/** What a worker gets besides its input. */
export interface LaunchContext {
  /** The launch's id, the same on every attempt and after a crash: use it to make side effects idempotent. */
  id: string;
  /** This attempt, from 1 (it counts retries and runs after a crash, as the record's `attempts` does). */
  attempt: number;
  /** Aborted when the launcher shuts down (its `signal` option): pass it on to `fetch` or model calls. */
  signal: AbortSignal;
}

/**
 * A worker: gets the input and a {@link LaunchContext}, returns (or resolves to) the result that is
 * stored in the record. The input and result must survive the store (JSON for SQLite/Postgres).
 */
export type LaunchWorker<Input = never, Result = unknown> = (input: Input, context: LaunchContext) => Result | Promise<Result>;

/** Workers by name, as given to {@link createLauncher}. */
export type LaunchWorkers = Record<string, LaunchWorker>;

declare const launchIdBrand: unique symbol;

/**
 * The id `launch()` returns: a string, branded with the worker's name and result type so that
 * `result(id)` is typed. Any string id (stored in state, recovered, chosen by you) still works with
 * `result()`, typed `unknown`.
 */
export type LaunchId<Worker extends string = string, Result = unknown> = string & { readonly [launchIdBrand]: { worker: Worker; result: Result } };

/**
 * The input type of a worker (`unknown` for a worker without parameters): what `launch()` accepts
 * for it. E.g. `LaunchInput<typeof notify>`.
 */
export type LaunchInput<Worker> = Worker extends (input: infer Input, ...rest: never[]) => unknown ? Input : never;

/** Options of {@link createLauncher}. */
export interface LauncherOptions<Workers extends LaunchWorkers = Record<string, LaunchWorker<unknown>>> {
  /** Where launches are recorded (SQLite for durability: `createSqlitePersistence().store`). */
  store: BaseStore;
  /** Workers by name: a recovered launch is re-run by name, so workers must be registered. Their types type the launcher. */
  workers: Workers;
  /** Outbox namespace (labels without `.`, `_`, `%`: PostgresStore rejects them). Default `["langgraph-parallel", "launches"]`. */
  namespace?: string[];
  /**
   * Retries of a failed launch, with the library's retry policy: `{ maxAttempts: 3 }` retries the
   * errors `retryOn` accepts (default `isTransientError`: 429, 5xx, timeouts, dropped
   * connections) with exponential backoff. Default `false`: one attempt, since a side effect that
   * failed half-way may not be safe to repeat. A run after a crash counts as an attempt but is
   * always made; a launch waiting between attempts is `pending`, and `recover()` continues it.
   */
  retry?: RetryOptions | false;
  /**
   * Shuts the launcher down: aborts every worker's `context.signal`, stops backoff waits, starts
   * no further attempt, and makes `launch()` and waiting `result()` calls reject with the signal's
   * reason. A launch cut off this way is not `failed`: its record stays `running` or `pending`, and
   * `recover()` in the next process runs it again. Default: never aborted.
   */
  signal?: AbortSignal;
}

/** Options of {@link Launcher.result}. */
export interface LaunchResultOptions {
  /** Wait for the result (default `true`); with `false`, an unfinished launch gives `undefined`. */
  wait?: boolean;
  /** How long to wait, ms (default `60000`, `Infinity` for no limit); past it, a {@link LaunchTimeoutError}. */
  timeoutMs?: number;
}

/**
 * What {@link createLauncher} returns, typed by its workers: `launch(name, input)` accepts only a
 * registered name and that worker's input type, and `result(id)` of the id it returned has the
 * worker's awaited return type.
 *
 * @typeParam Workers - The workers by name, inferred from `createLauncher({ workers })`.
 */
export interface Launcher<Workers extends LaunchWorkers = Record<string, LaunchWorker<unknown>>> {
  /**
   * Records the launch, starts it in the background, and returns its id at once. With the same id
   * twice (a node re-run on resume), the existing launch is returned and nothing new starts.
   */
  launch<Name extends keyof Workers & string>(
    worker: Name,
    input: LaunchInput<Workers[Name]>,
    options?: { id?: string; config?: LangGraphRunnableConfig },
  ): Promise<LaunchId<Name, Awaited<ReturnType<Workers[Name]>>>>;
  /** The launch's record (undefined for an unknown id). */
  get(id: string): Promise<LaunchRecord | undefined>;
  /**
   * The result: waits for it (default), or with `wait: false` returns undefined while it runs.
   * A launch running in this process is awaited (through its retries); one started by another
   * process is polled in the store every 25 ms. `timeoutMs` (default `60000`, `Infinity` for no
   * limit) bounds the wait: past it, a launch still `pending` or `running` is a
   * {@link LaunchTimeoutError} (the launch keeps running). A launch whose record says `failed` is a
   * {@link LaunchFailedError}; an unknown id a `ConfigurationError`. Typed by the worker for an id
   * that `launch()` returned; `unknown` for a plain string.
   */
  result<Result>(id: LaunchId<string, Result>, options?: LaunchResultOptions): Promise<Result>;
  result(id: string, options?: LaunchResultOptions): Promise<unknown>;
  /** Runs every launch that is recorded but not finished (call once at start-up, after a crash). */
  recover(): Promise<string[]>;
  /** Resolves when every launch started by this launcher has finished (or stopped at a shutdown). */
  idle(): Promise<void>;
}
