/**
 * Per-item retry with exponential backoff and jitter, retrying only errors that are worth
 * retrying: rate limits (429), server errors (5xx), timeouts and dropped connections. A bug or a
 * validation error fails at once.
 */
import { ConfigurationError, LanggraphParallelError } from "../errors.js";
import { isLangGraphSignal } from "./graph-signals.js";
import { renameRetryOptions, withRenamedAliases } from "./retry-deprecated.js";
import { sleepWithSignal } from "./sleep.js";

/**
 * Retry policy, with the field names of LangGraph's `RetryPolicy`: the policy object you give
 * `addNode(name, node, { retryPolicy })` can be passed here as is. All fields optional; the
 * defaults differ from LangGraph's where a per-item retry inside one node needs it (see each field).
 * A LangGraph control-flow signal (`interrupt()`'s `GraphInterrupt`, a `ParentCommand`) is never
 * retried, whatever `retryOn` says.
 *
 * @example
 * ```ts
 * import type { RetryPolicy } from "@langchain/langgraph";
 * import { mapItems } from "langgraph-parallel";
 *
 * const retryPolicy: RetryPolicy = { maxAttempts: 4, initialInterval: 250, maxInterval: 5_000 };
 * builder.addNode("summarise", async () => ({}), { retryPolicy }); // LangGraph retries the node…
 * await mapItems(["a", "b"], async (s) => s.toUpperCase(), { retry: retryPolicy }); // …and we retry each item
 * ```
 */
export interface RetryOptions {
  /** Attempts in total, including the first (1 = no retry). Default 3, as in LangGraph. */
  maxAttempts?: number;
  /**
   * Wait before the second attempt, ms. Default 200, where LangGraph's node `RetryPolicy` waits
   * 500 (plus up to 1 s of jitter): here one failed item or branch is retried alone while the
   * others keep running, so a short first wait costs little, and a server that asks for longer
   * (`Retry-After`) is waited for anyway.
   */
  initialInterval?: number;
  /** Each further wait is multiplied by this. Default 2, as in LangGraph. */
  backoffFactor?: number;
  /**
   * Longest wait, ms, also for a server's `Retry-After`. Default 10,000, where LangGraph's is
   * 128,000: a waiting item holds one of the `concurrency` slots, so long pauses stall the step.
   * Raise it for an API that asks for long pauses.
   */
  maxInterval?: number;
  /**
   * Randomise each wait between 50% and 100% of its value, so retries do not align. Default true.
   * (LangGraph's node retry adds a random 0–1 s instead.)
   */
  jitter?: boolean;
  /**
   * Which errors to retry. Default {@link isTransientError}: 408, 429, 5xx, timeouts and dropped
   * connections only (LangGraph's default retries everything but a few 4xx and aborts).
   */
  retryOn?: (error: unknown) => boolean;
  /**
   * Print one line with `console.warn` (stderr) before each retry: the wait, the attempt and the
   * error. Default false (LangGraph's default is true): the library prints nothing of its own
   * unless asked; count retries from `attempts` instead.
   */
  logWarning?: boolean;
  /** @deprecated Renamed {@link RetryOptions.initialInterval} (LangGraph's name); accepted with a warning until 0.3.0. */
  initialDelayMs?: number;
  /** @deprecated Renamed {@link RetryOptions.maxInterval} (LangGraph's name); accepted with a warning until 0.3.0. */
  maxDelayMs?: number;
}

/**
 * A complete retry policy, as {@link resolveRetry} returns it and {@link retrying} takes it.
 *
 * @example
 * ```ts
 * import { resolveRetry, type ResolvedRetryOptions } from "langgraph-parallel";
 *
 * const policy: ResolvedRetryOptions = resolveRetry({ maxAttempts: 5 });
 * console.log(policy.initialInterval); // 200
 * ```
 */
export interface ResolvedRetryOptions {
  /** See {@link RetryOptions.maxAttempts}. */
  maxAttempts: number;
  /** See {@link RetryOptions.initialInterval}. */
  initialInterval: number;
  /** See {@link RetryOptions.backoffFactor}. */
  backoffFactor: number;
  /** See {@link RetryOptions.maxInterval}. */
  maxInterval: number;
  /** See {@link RetryOptions.jitter}. */
  jitter: boolean;
  /** See {@link RetryOptions.retryOn}. */
  retryOn: (error: unknown) => boolean;
  /** See {@link RetryOptions.logWarning}. */
  logWarning: boolean;
  /** @deprecated Read {@link ResolvedRetryOptions.initialInterval}; this alias goes in 0.3.0. */
  readonly initialDelayMs?: number;
  /** @deprecated Read {@link ResolvedRetryOptions.maxInterval}; this alias goes in 0.3.0. */
  readonly maxDelayMs?: number;
}

/**
 * The defaults of {@link RetryOptions}, for display and docs.
 *
 * @example
 * ```ts
 * import { DEFAULT_RETRY } from "langgraph-parallel";
 *
 * console.log(`up to ${DEFAULT_RETRY.maxAttempts} attempts, the first retry after ${DEFAULT_RETRY.initialInterval} ms`);
 * // up to 3 attempts, the first retry after 200 ms
 * ```
 */
export const DEFAULT_RETRY: {
  readonly maxAttempts: 3;
  readonly initialInterval: 200;
  readonly backoffFactor: 2;
  readonly maxInterval: 10_000;
  readonly jitter: true;
  readonly logWarning: false;
  /** @deprecated Read `DEFAULT_RETRY.initialInterval`; this alias goes in 0.3.0. */
  readonly initialDelayMs: 200;
  /** @deprecated Read `DEFAULT_RETRY.maxInterval`; this alias goes in 0.3.0. */
  readonly maxDelayMs: 10_000;
} = Object.freeze(
  withRenamedAliases({ maxAttempts: 3, initialInterval: 200, backoffFactor: 2, maxInterval: 10_000, jitter: true, logWarning: false } as const),
) as typeof DEFAULT_RETRY;

const TRANSIENT_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "UND_ERR_SOCKET"]);

/**
 * Whether an error is transient: HTTP 429 or 5xx (`status`/`statusCode`/`response.status`), a
 * timeout (`TimeoutError`, `ItemTimeoutError`, `ETIMEDOUT`), or a dropped or refused connection.
 *
 * @param error - Anything thrown.
 * @returns True when retrying may succeed.
 * @example
 * ```ts
 * import { isTransientError } from "langgraph-parallel";
 *
 * isTransientError(Object.assign(new Error("Too Many Requests"), { status: 429 })); // true
 * isTransientError(new TypeError("x is undefined")); // false
 * ```
 */
export function isTransientError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { status?: unknown; statusCode?: unknown; response?: { status?: unknown }; code?: unknown; name?: unknown; cause?: unknown };
  const status = Number(e.status ?? e.statusCode ?? e.response?.status);
  if (status === 408 || status === 429 || (status >= 500 && status < 600)) return true;
  if (e.name === "TimeoutError" || e.name === "ItemTimeoutError") return true;
  // The OpenAI SDK's errors for dropped connections and client-side timeouts.
  if (e.name === "APIConnectionError" || e.name === "APIConnectionTimeoutError") return true;
  if (typeof e.code === "string" && TRANSIENT_CODES.has(e.code)) return true;
  return e.cause !== undefined && e.cause !== error && isTransientError(e.cause);
}

/**
 * How long a server asked us to wait before retrying, from a `Retry-After` (seconds or HTTP date)
 * or `retry-after-ms` header on the error (OpenAI SDK errors carry `headers`), else undefined.
 *
 * @param error - Anything thrown.
 * @param now - The current time, ms (for HTTP dates). Default `Date.now()`.
 * @returns Milliseconds to wait, or undefined.
 * @example
 * ```ts
 * import { retryAfterMs } from "langgraph-parallel";
 *
 * retryAfterMs(Object.assign(new Error("429"), { status: 429, headers: { "retry-after": "2" } })); // 2000
 * ```
 */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const headers = (error as { headers?: unknown } | null)?.headers;
  if (!headers) return undefined;
  const get = (name: string): string | undefined => {
    if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
    const record = headers as Record<string, unknown>;
    const key = Object.keys(record).find((k) => k.toLowerCase() === name);
    return key === undefined ? undefined : String(record[key]);
  };
  const ms = Number(get("retry-after-ms"));
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = get("retry-after");
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Validates a retry policy and fills in defaults. The deprecated names `initialDelayMs` and
 * `maxDelayMs` are read as `initialInterval` and `maxInterval`, with one `DeprecationWarning`
 * per name per process (codes `LGP_RETRY_INITIAL_DELAY_MS`, `LGP_RETRY_MAX_DELAY_MS`).
 *
 * @param options - A policy (a LangGraph `RetryPolicy` works as is), or `false` for a single attempt. Default {@link DEFAULT_RETRY}.
 * @returns The complete policy.
 * @throws {ConfigurationError} for impossible values, or an old name given with its new name.
 * @example
 * ```ts
 * import { resolveRetry } from "langgraph-parallel";
 *
 * resolveRetry({ maxAttempts: 5 }).initialInterval; // 200
 * resolveRetry(false).maxAttempts; // 1
 * ```
 */
export function resolveRetry(options: RetryOptions | false | undefined): ResolvedRetryOptions {
  const given = options === false ? { maxAttempts: 1 } : renameRetryOptions(options ?? {});
  const policy: ResolvedRetryOptions = {
    maxAttempts: given.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    initialInterval: given.initialInterval ?? DEFAULT_RETRY.initialInterval,
    backoffFactor: given.backoffFactor ?? DEFAULT_RETRY.backoffFactor,
    maxInterval: given.maxInterval ?? DEFAULT_RETRY.maxInterval,
    jitter: given.jitter ?? DEFAULT_RETRY.jitter,
    retryOn: given.retryOn ?? isTransientError,
    logWarning: given.logWarning ?? DEFAULT_RETRY.logWarning,
  };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new ConfigurationError(`retry.maxAttempts must be a whole number ≥ 1, not ${policy.maxAttempts}.`, "Use 1 for no retry.");
  }
  for (const key of ["initialInterval", "backoffFactor", "maxInterval"] as const) {
    if (!(policy[key] >= 0)) throw new ConfigurationError(`retry.${key} must be ≥ 0, not ${policy[key]}.`, `Pass a number of ms (backoffFactor: a multiplier), e.g. { ${key}: ${DEFAULT_RETRY[key]} }.`);
  }
  return withRenamedAliases(policy);
}

/**
 * The delay before attempt `attempt + 1`, ms: exponential backoff with jitter, but never less than
 * what the server asked for with `Retry-After` (capped at `maxInterval`).
 *
 * @param attempt - The attempt that just failed (1-based).
 * @param policy - A resolved policy.
 * @param random - Source of jitter in [0, 1). Default `Math.random`.
 * @param error - The error of that attempt (for `Retry-After`). Default none.
 * @returns Milliseconds to wait.
 * @example
 * ```ts
 * import { backoffDelay, resolveRetry } from "langgraph-parallel";
 *
 * backoffDelay(2, resolveRetry({ jitter: false })); // 400
 * ```
 */
export function backoffDelay(attempt: number, policy: ResolvedRetryOptions, random: () => number = Math.random, error?: unknown): number {
  const base = Math.min(policy.maxInterval, policy.initialInterval * policy.backoffFactor ** (attempt - 1));
  const backoff = policy.jitter ? base * (0.5 + random() / 2) : base;
  const asked = error === undefined ? undefined : retryAfterMs(error);
  return asked === undefined ? backoff : Math.min(policy.maxInterval, Math.max(backoff, asked));
}

/**
 * Calls `attemptFn` until it succeeds, the error is not retryable, or attempts run out. The
 * backoff sleep stops early when `signal` aborts. A LangGraph `GraphBubbleUp` (what `interrupt()`
 * and `Command({ graph: Command.PARENT })` throw) is rethrown at once as it is, never retried or
 * wrapped, so human-in-the-loop and parent commands keep working inside a retried function.
 *
 * @param attemptFn - One attempt; receives the 1-based attempt number.
 * @param policy - A resolved policy (see {@link resolveRetry}).
 * @param signal - Aborts the waiting between attempts. Default none.
 * @returns The first successful result, and how many attempts it took.
 * @throws {RetryExhausted} holding the last error (`error`, also `cause`) and how many attempts were made.
 * @example
 * ```ts
 * import { resolveRetry, retrying } from "langgraph-parallel";
 *
 * const { value, attempts } = await retrying(() => model.invoke("Name three rivers."), resolveRetry({ maxAttempts: 4 }));
 * console.log(value.text, attempts); // attempts > 1 only when a 429, 5xx or timeout was retried
 * ```
 */
export async function retrying<T>(
  attemptFn: (attempt: number) => Promise<T>,
  policy: ResolvedRetryOptions,
  signal?: AbortSignal,
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await attemptFn(attempt), attempts: attempt };
    } catch (error) {
      if (isLangGraphSignal(error)) throw error; // GraphInterrupt, ParentCommand: not failures
      if (attempt >= policy.maxAttempts || signal?.aborted || !policy.retryOn(error)) throw new RetryExhausted(error, attempt);
      const delay = backoffDelay(attempt, policy, Math.random, error);
      warnRetry(policy, attempt, delay, error);
      await sleepWithSignal(delay, signal).catch(() => undefined);
      if (signal?.aborted) throw new RetryExhausted(error, attempt);
    }
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * Prints the retry line of a policy with `logWarning: true` (one line to stderr before each retry).
 * Internal: shared by `retrying` and the launcher.
 *
 * @param policy - A resolved policy.
 * @param attempt - The attempt that failed.
 * @param delay - The wait before the next one, ms.
 * @param error - Its error.
 */
export function warnRetry(policy: ResolvedRetryOptions, attempt: number, delay: number, error: unknown): void {
  if (policy.logWarning) console.warn(`Retrying in ${Math.round(delay)} ms: attempt ${attempt} of ${policy.maxAttempts} failed with ${describeError(error)}`);
}

/**
 * What {@link retrying} throws when it gives up: the last error (`error`, also the `cause`) and how
 * many attempts were made. Its message is "gave up after N attempt(s): <the last error's message>".
 *
 * @param error - The last attempt's error.
 * @param attempts - How many attempts were made (1 when the error was not retryable).
 * @example
 * ```ts
 * import { RetryExhausted, resolveRetry, retrying } from "langgraph-parallel";
 *
 * try {
 *   await retrying(() => model.invoke("Name three rivers."), resolveRetry({ maxAttempts: 2 }));
 * } catch (e) {
 *   if (!(e instanceof RetryExhausted)) throw e;
 *   console.error(e.message, e.error); // "gave up after 2 attempt(s): …", then the last error
 * }
 * ```
 */
export class RetryExhausted extends LanggraphParallelError {
  /** The last attempt's error (the same as `cause`). */
  readonly error: unknown;
  /** How many attempts were made. */
  readonly attempts: number;

  constructor(error: unknown, attempts: number) {
    super(
      `gave up after ${attempts} attempt(s): ${messageOf(error)}`,
      "Look at the last error (.error): fix it if it is a bug, or allow more attempts (retry.maxAttempts) or a longer wait (retry.maxInterval) if it is transient.",
      { cause: error },
    );
    this.error = error;
    this.attempts = attempts;
  }
}
