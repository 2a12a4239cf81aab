/**
 * A rate limiter shared by every model call of a run, whatever branch makes it: at most
 * `maxConcurrent` requests in flight and `requestsPerSecond` started per second; when a server
 * answers 429 with `Retry-After`, every caller waits that long before the next request.
 *
 * Plug it into `@langchain/openai` at the HTTP level (`rateLimitedFetch`, used by `getChatModel`),
 * so it covers plain calls, tool calls and structured output alike; the offline model takes it as
 * an option.
 */
import { ConfigurationError } from "../errors.js";
import { retryAfterMs } from "../patterns/retry.js";
import { sleepWithSignal } from "../patterns/sleep.js";

/** Options of {@link createRateLimiter}. */
export interface RateLimitOptions {
  /** Requests started per second, across all callers. Default Infinity. */
  requestsPerSecond?: number;
  /** Requests in flight at once, across all callers (whole number ≥ 1). Default Infinity. */
  maxConcurrent?: number;
}

/** A shared limiter. */
export interface RateLimiter {
  /** Runs `request` when the limits allow. */
  schedule<T>(request: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Holds every new request for `ms` (a server said `Retry-After`). */
  pauseFor(ms: number): void;
  /** Counters, for reports and tests. */
  stats(): { started: number; maxInFlight: number; pausedMs: number };
}

/**
 * Creates a rate limiter.
 *
 * @param options - `requestsPerSecond` (default Infinity), `maxConcurrent` (default Infinity).
 * @returns The limiter.
 * @throws {ConfigurationError} for values ≤ 0 or a fractional `maxConcurrent`.
 * @example
 * ```ts
 * import { createRateLimiter } from "langgraph-parallel/models";
 * import { getChatModel } from "langgraph-parallel/openai";
 * const limiter = createRateLimiter({ requestsPerSecond: 5, maxConcurrent: 4 });
 * const model = getChatModel({ rateLimiter: limiter });
 * ```
 */
export function createRateLimiter({ requestsPerSecond = Infinity, maxConcurrent = Infinity }: RateLimitOptions = {}): RateLimiter {
  if (!(requestsPerSecond > 0)) throw new ConfigurationError(`requestsPerSecond must be > 0, not ${requestsPerSecond}.`);
  if (maxConcurrent !== Infinity && (!Number.isInteger(maxConcurrent) || maxConcurrent < 1)) {
    throw new ConfigurationError(`maxConcurrent must be a whole number ≥ 1, not ${maxConcurrent}.`);
  }
  const interval = requestsPerSecond === Infinity ? 0 : 1000 / requestsPerSecond;
  let nextStart = 0; // earliest time the next request may start (the rate)
  let pausedUntil = 0; // no request starts before this (Retry-After)
  let inFlight = 0;
  let started = 0;
  let maxInFlight = 0;
  let pausedMs = 0;
  const waiting: (() => void)[] = [];

  // Waits for a free slot; an abort leaves the queue at once, without stranding the callers behind.
  const waitForSlot = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const at = waiting.indexOf(wake);
        if (at >= 0) waiting.splice(at, 1);
        reject(signal?.reason ?? new Error("Aborted"));
      };
      waiting.push(wake);
      signal?.addEventListener("abort", onAbort, { once: true });
    });

  const acquire = async (signal?: AbortSignal) => {
    signal?.throwIfAborted();
    while (inFlight >= maxConcurrent) await waitForSlot(signal);
    inFlight++;
    try {
      // Reserve a start slot for the rate, then wait for it and for any pause that came meanwhile.
      // Each wait re-reads the clock: a timer may fire early against Date.now() (Node counts it
      // from the event loop's cached time), and a pause may arrive while waiting for the slot.
      const at = Math.max(Date.now(), nextStart);
      nextStart = at + interval;
      for (let now = Date.now(); now < Math.max(at, pausedUntil); now = Date.now()) {
        await sleepWithSignal(Math.max(at, pausedUntil) - now, signal);
      }
    } catch (error) {
      release();
      throw error;
    }
    started++;
    maxInFlight = Math.max(maxInFlight, inFlight);
  };
  const release = () => {
    inFlight--;
    waiting.shift()?.();
  };

  return {
    async schedule(request, signal) {
      await acquire(signal);
      try {
        return await request();
      } finally {
        release();
      }
    },
    pauseFor(ms) {
      const until = Date.now() + ms;
      if (until > pausedUntil) {
        pausedMs += until - Math.max(pausedUntil, Date.now());
        pausedUntil = until;
      }
    },
    stats: () => ({ started, maxInFlight, pausedMs }),
  };
}

/**
 * A `fetch` that goes through the limiter and, on a 429 with `Retry-After`, pauses it for every
 * caller. Pass it as `configuration.fetch` to `ChatOpenAI` (what `getChatModel` does).
 *
 * @param limiter - The shared limiter.
 * @param fetchImpl - The underlying fetch. Default `globalThis.fetch`.
 * @returns A fetch function.
 * @example
 * ```ts
 * import { createRateLimiter, rateLimitedFetch } from "langgraph-parallel/models";
 * const limitedFetch = rateLimitedFetch(createRateLimiter({ maxConcurrent: 2 }));
 * // e.g. new ChatOpenAI({ configuration: { fetch: limitedFetch } }), or call it directly:
 * const response = await limitedFetch("https://api.openai.com/v1/models");
 * ```
 */
export function rateLimitedFetch(limiter: RateLimiter, fetchImpl: typeof fetch = globalThis.fetch): typeof fetch {
  return (input, init) =>
    limiter.schedule(async () => {
      const response = await fetchImpl(input, init);
      if (response.status === 429) {
        const wait = retryAfterMs({ headers: response.headers });
        if (wait !== undefined) limiter.pauseFor(wait);
      }
      return response;
    }, init?.signal ?? undefined);
}
