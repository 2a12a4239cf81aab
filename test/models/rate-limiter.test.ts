import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
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

  it("backoff waits at least what the server asked for, capped at maxInterval", () => {
    const policy = resolveRetry({ initialInterval: 10, jitter: false, maxInterval: 1_000 });
    expect(backoffDelay(1, policy)).toBe(10);
    expect(backoffDelay(1, policy, Math.random, { headers: { "retry-after": "0.5" } })).toBe(500);
    expect(backoffDelay(1, policy, Math.random, { headers: { "retry-after": "60" } })).toBe(1_000);
  });
});

// The limiter's waits run on fake timers (Date and setTimeout): start times come out exact.
describe("rate limiter", () => {
  afterEach(() => void vi.useRealTimers());

  it("spaces starts to requestsPerSecond across callers", async () => {
    vi.useFakeTimers();
    const limiter = createRateLimiter({ requestsPerSecond: 20 });
    const starts: number[] = [];
    const t0 = Date.now();
    const all = Promise.all(Array.from({ length: 5 }, () => limiter.schedule(async () => void starts.push(Date.now() - t0))));
    await vi.runAllTimersAsync();
    await all;
    // Start slots are reserved 50 ms apart from the first call.
    expect(starts).toEqual([0, 50, 100, 150, 200]);
    expect(limiter.stats().started).toBe(5);
  });

  it("a timer that fires early does not start a request before its slot", async () => {
    vi.useFakeTimers();
    const limiter = createRateLimiter({ requestsPerSecond: 10 });
    const starts: number[] = [];
    const t0 = Date.now();
    await limiter.schedule(async () => void starts.push(Date.now() - t0));
    const second = limiter.schedule(async () => void starts.push(Date.now() - t0));
    // Node counts a timer from the event loop's cached time, so under load it can fire before
    // Date.now() says its delay has passed. Simulate that: set the clock back 30 ms, run the timer.
    vi.setSystemTime(t0 - 30);
    await vi.advanceTimersByTimeAsync(100); // the slot's 100 ms timer fires at clock 70
    expect(starts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(30);
    await second;
    expect(starts).toEqual([0, 100]);
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
    vi.useFakeTimers();
    limiter.pauseFor(100);
    let ran = false;
    const held = limiter.schedule(async () => void (ran = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(ran).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await held;
    expect(ran).toBe(true);
    expect(limiter.stats().pausedMs).toBe(100);
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
    vi.useFakeTimers();
    const limiter = createRateLimiter({ requestsPerSecond: 20 });
    const starts: number[] = [];
    const t0 = Date.now();
    const all = Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        limiter.schedule(async () => {
          starts.push(Date.now() - t0);
          if (i === 0) limiter.pauseFor(300);
        }),
      ),
    );
    await vi.runAllTimersAsync();
    await all;
    // Slots 50, 100 and 150 were reserved before the pause; all three wait for its end.
    expect(starts).toEqual([0, 300, 300, 300]);
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
