/**
 * Per-item retry with exponential backoff and jitter, retrying only errors that are worth
 * retrying: rate limits (429), server errors (5xx), timeouts and dropped connections. A bug or a
 * validation error fails at once.
 */
import { ConfigurationError } from "../errors.js";
import { isLangGraphSignal } from "./graph-signals.js";
import { sleepWithSignal } from "./sleep.js";

/** Retry policy. All fields optional. */
export interface RetryOptions {
  /** Attempts in total, including the first (1 = no retry). Default 3. */
  maxAttempts?: number;
  /** Delay before the second attempt, ms. Default 200. */
  initialDelayMs?: number;
  /** Each further delay is multiplied by this. Default 2. */
  backoffFactor?: number;
  /** Longest delay, ms. Default 10,000. */
  maxDelayMs?: number;
  /** Randomise each delay between 50% and 100% of its value, so retries do not align. Default true. */
  jitter?: boolean;
  /** Which errors to retry. Default {@link isTransientError}. */
  retryOn?: (error: unknown) => boolean;
}

/**
 * The defaults of {@link RetryOptions}, for display and docs.
 *
 * @example
 * ```ts
 * import { DEFAULT_RETRY } from "langgraph-parallel";
 *
 * console.log(`up to ${DEFAULT_RETRY.maxAttempts} attempts, the first retry after ${DEFAULT_RETRY.initialDelayMs} ms`);
 * // up to 3 attempts, the first retry after 200 ms
 * ```
 */
export const DEFAULT_RETRY = {
  maxAttempts: 3,
  initialDelayMs: 200,
  backoffFactor: 2,
  maxDelayMs: 10_000,
  jitter: true,
} as const;

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
 * Validates a retry policy and fills in defaults.
 *
 * @param options - A policy, or `false` for a single attempt.
 * @returns The complete policy.
 * @throws {ConfigurationError} for impossible values.
 * @example
 * ```ts
 * import { resolveRetry } from "langgraph-parallel";
 *
 * resolveRetry({ maxAttempts: 5 }).initialDelayMs; // 200
 * resolveRetry(false).maxAttempts; // 1
 * ```
 */
export function resolveRetry(options: RetryOptions | false | undefined): Required<RetryOptions> {
  const policy = { ...DEFAULT_RETRY, retryOn: isTransientError, ...(options === false ? { maxAttempts: 1 } : options) };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new ConfigurationError(`retry.maxAttempts must be a whole number ≥ 1, not ${policy.maxAttempts}.`, "Use 1 for no retry.");
  }
  for (const key of ["initialDelayMs", "backoffFactor", "maxDelayMs"] as const) {
    if (!(policy[key] >= 0)) throw new ConfigurationError(`retry.${key} must be ≥ 0, not ${policy[key]}.`);
  }
  return policy;
}

/**
 * The delay before attempt `attempt + 1`, ms: exponential backoff with jitter, but never less than
 * what the server asked for with `Retry-After` (capped at `maxDelayMs`).
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
export function backoffDelay(attempt: number, policy: Required<RetryOptions>, random: () => number = Math.random, error?: unknown): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.backoffFactor ** (attempt - 1));
  const backoff = policy.jitter ? base * (0.5 + random() / 2) : base;
  const asked = error === undefined ? undefined : retryAfterMs(error);
  return asked === undefined ? backoff : Math.min(policy.maxDelayMs, Math.max(backoff, asked));
}

/**
 * Calls `attemptFn` until it succeeds, the error is not retryable, or attempts run out. The
 * backoff sleep stops early when `signal` aborts. LangGraph's signals (an `interrupt()`, a
 * `ParentCommand`) are never retried, whatever `retryOn` says.
 *
 * @param attemptFn - One attempt; receives the 1-based attempt number.
 * @param policy - A resolved policy (see {@link resolveRetry}).
 * @param signal - Aborts the waiting between attempts.
 * @returns The first successful result, and how many attempts it took.
 * @throws {RetryExhausted} holding the last error (`error`) and how many attempts were made.
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
  policy: Required<RetryOptions>,
  signal?: AbortSignal,
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await attemptFn(attempt), attempts: attempt };
    } catch (error) {
      if (attempt >= policy.maxAttempts || signal?.aborted || isLangGraphSignal(error) || !policy.retryOn(error)) throw new RetryExhausted(error, attempt);
      await sleepWithSignal(backoffDelay(attempt, policy, Math.random, error), signal).catch(() => undefined);
      if (signal?.aborted) throw new RetryExhausted(error, attempt);
    }
  }
}

/**
 * Carries the last error of {@link retrying} and how many attempts were made.
 *
 * @example
 * ```ts
 * import { RetryExhausted, resolveRetry, retrying } from "langgraph-parallel";
 *
 * try {
 *   await retrying(() => model.invoke("Name three rivers."), resolveRetry({ maxAttempts: 2 }));
 * } catch (e) {
 *   if (!(e instanceof RetryExhausted)) throw e;
 *   console.error(`gave up after ${e.attempts} attempt(s):`, e.error);
 * }
 * ```
 */
export class RetryExhausted {
  constructor(
    readonly error: unknown,
    readonly attempts: number,
  ) {}
}
