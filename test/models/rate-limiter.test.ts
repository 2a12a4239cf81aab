import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/errors.js";
import { createRateLimiter } from "../../src/models/rate-limiter.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { backoffDelay, resolveRetry, retryAfterMs } from "../../src/patterns/retry.js";

describe("Retry-After", () => {
  it("reads seconds, milliseconds and HTTP dates from plain or Headers objects", () => {
    expect(retryAfterMs({ headers: { "Retry-After": "2" } })).toBe(2000);
    expect(retryAfterMs({ headers: new Headers({ "retry-after-ms": "150" }) })).toBe(150);
    expect(retryAfterMs({ headers: { "retry-after": new Date(10_000).toUTCString() } }, 7_000)).toBe(3000);
    expect(retryAfterMs(new Error("no headers"))).toBeUndefined();
  });

  it("backoff waits at least what the server asked for, capped at maxDelayMs", () => {
    const policy = resolveRetry({ initialDelayMs: 10, jitter: false, maxDelayMs: 1_000 });
    expect(backoffDelay(1, policy)).toBe(10);
    expect(backoffDelay(1, policy, Math.random, { headers: { "retry-after": "0.5" } })).toBe(500);
    expect(backoffDelay(1, policy, Math.random, { headers: { "retry-after": "60" } })).toBe(1_000);
  });
});

describe("rate limiter", () => {
  it("spaces starts to requestsPerSecond across callers", async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 20 });
    const starts: number[] = [];
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 5 }, () => limiter.schedule(async () => void starts.push(performance.now()))));
    // Start slots are reserved 50 ms apart from the first call: the k-th start is never before
    // t0 + k·50 ms (1 ms allowed for Date.now's whole milliseconds). A late timer may shorten the
    // gap that follows it, never the total.
    expect(starts.map((at, k) => at - t0 >= k * 50 - 1)).toEqual([true, true, true, true, true]);
    expect(limiter.stats().started).toBe(5);
  });

  it("limits requests in flight and lets a pause hold every caller", async () => {
    const limiter = createRateLimiter({ maxConcurrent: 2 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limiter.schedule(async () => {
          peak = Math.max(peak, ++running);
          await sleep(5);
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(limiter.stats().maxInFlight).toBe(2);
    limiter.pauseFor(100);
    const before = performance.now();
    await limiter.schedule(async () => undefined);
    expect(performance.now() - before).toBeGreaterThanOrEqual(90);
  });

  it("a caller aborted while queued leaves the queue and does not strand the callers behind it", async () => {
    const limiter = createRateLimiter({ maxConcurrent: 1 });
    const a = limiter.schedule(() => sleep(40));
    const controller = new AbortController();
    const b = limiter.schedule(async () => "b", controller.signal);
    const c = limiter.schedule(async () => "c");
    controller.abort(new Error("timed out"));
    await expect(b).rejects.toThrow("timed out");
    await a;
    expect(await c).toBe("c");
  });

  it("a pause also holds requests that already had a start slot", async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 20 });
    const starts: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        limiter.schedule(async () => {
          starts.push(performance.now() - t0);
          if (i === 0) limiter.pauseFor(300);
        }),
      ),
    );
    expect(starts[0]).toBeLessThan(100);
    for (const s of starts.slice(1)) expect(s).toBeGreaterThanOrEqual(280);
  });

  it("the offline model waits for the limiter like a real API", async () => {
    const limiter = createRateLimiter({ maxConcurrent: 1 });
    const model = new OfflineChatModel({ latencyMs: 20, rateLimiter: limiter });
    await Promise.all(["a", "b", "c"].map((q) => model.invoke(q)));
    expect(limiter.stats()).toMatchObject({ started: 3, maxInFlight: 1 });
  });

  it("rejects impossible limits", () => {
    expect(() => createRateLimiter({ requestsPerSecond: 0 })).toThrow(ConfigurationError);
    expect(() => createRateLimiter({ maxConcurrent: 1.5 })).toThrow("maxConcurrent must be a whole number ≥ 1, not 1.5.");
  });
});
