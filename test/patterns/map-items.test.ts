import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MapItemError, mapItems } from "../../src/patterns/map-items.js";
import { ItemTimeoutError } from "../../src/patterns/timeout.js";
import type { ProgressEvent } from "../../src/observe/progress.js";

const transient = (message: string) => Object.assign(new Error(message), { status: 503 });
const fastRetry = { initialInterval: 1, jitter: false };
// A worker that stalls until its signal aborts (a timeout, fail-fast, a cancel): nothing else ends it.
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));

afterEach(() => {
  vi.useRealTimers();
});

describe("mapItems", () => {
  it("returns results in input order whatever order the workers finish in", async () => {
    // fast-check's scheduler picks the order the workers finish in, and tries many orders.
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 8 }), async (s, length, concurrency) => {
        const items = Array.from({ length }, (_, i) => i);
        const run = mapItems(items, (_x, { index }) => s.schedule(Promise.resolve(`r${index}`), `item ${index}`), { concurrency });
        expect(await s.waitFor(run)).toEqual(items.map((i) => ({ ok: true, value: `r${i}` })));
      }),
      { numRuns: 40 },
    );
  });

  it("fail-fast: the first failure stops the step with an error naming the item", async () => {
    const started: number[] = [];
    const error = await mapItems(
      ["a", "b", "bad", "c", "d", "e"],
      async (x, { index, signal }) => {
        started.push(index);
        if (x === "bad") throw new TypeError("cannot read property of undefined");
        return untilAborted(signal);
      },
      { concurrency: 3, name: "summarise" },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MapItemError);
    const e = error as MapItemError;
    expect(e.message).toBe('summarise: item 2 ("bad") failed after 1 attempt: cannot read property of undefined');
    expect([e.index, e.attempts]).toEqual([2, 1]);
    expect(e.cause).toBeInstanceOf(TypeError);
    expect(started).toEqual([0, 1, 2]);
  });

  it("settled: every item is attempted; failures are records beside the successes", async () => {
    const out = await mapItems([1, 2, 3, 4], async (n) => {
      if (n % 2 === 0) throw new RangeError(`even: ${n}`);
      return n * 10;
    }, { failure: "settled", retry: false });
    expect(out).toEqual([
      { ok: true, value: 10 },
      { ok: false, error: { name: "RangeError", message: "even: 2", attempts: 1, transient: false } },
      { ok: true, value: 30 },
      { ok: false, error: { name: "RangeError", message: "even: 4", attempts: 1, transient: false } },
    ]);
  });

  it("retries transient errors with backoff, and never retries a bug", async () => {
    const calls = new Map<string, number>();
    const out = await mapItems(["flaky", "bug"], async (x, { attempt }) => {
      calls.set(x, attempt);
      if (x === "flaky" && attempt < 3) throw transient("503 Service Unavailable");
      if (x === "bug") throw new SyntaxError("bad JSON");
      return `${x} ok on attempt ${attempt}`;
    }, { failure: "settled", retry: fastRetry });
    expect(out[0]).toEqual({ ok: true, value: "flaky ok on attempt 3" });
    expect(out[1]).toEqual({ ok: false, error: { name: "SyntaxError", message: "bad JSON", attempts: 1, transient: false } });
    expect(Object.fromEntries(calls)).toEqual({ flaky: 3, bug: 1 });
  });

  it("gives up after maxAttempts on a persistent transient error", async () => {
    let calls = 0;
    const error = await mapItems(["x"], async () => {
      calls++;
      throw transient("429 Too Many Requests");
    }, { retry: { ...fastRetry, maxAttempts: 4 } }).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect((error as MapItemError).message).toBe('map: item 0 ("x") failed after 4 attempts: 429 Too Many Requests');
  });

  it("times out an attempt at its deadline, aborts its signal, and retries it", async () => {
    vi.useFakeTimers();
    const aborted: number[] = [];
    const run = mapItems(["slow"], async (_x, { attempt, signal }) => {
      if (attempt === 1) {
        signal.addEventListener("abort", () => aborted.push(attempt));
        await new Promise(() => undefined); // ignores its signal entirely: the timeout still wins
      }
      return `done on attempt ${attempt}`; // attempt 2 answers at once: its deadline never comes
    }, { timeoutMs: 20, retry: fastRetry });
    await vi.advanceTimersByTimeAsync(19);
    expect(aborted).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(aborted).toEqual([1]);
    await vi.advanceTimersByTimeAsync(fastRetry.initialInterval); // the backoff before attempt 2
    expect(await run).toEqual([{ ok: true, value: "done on attempt 2" }]);
    expect(vi.getTimerCount()).toBe(0); // attempt 2's deadline was cleared when it answered
  });

  it("reports a timeout that never recovers as an ItemTimeoutError", async () => {
    vi.useFakeTimers();
    const run = mapItems(["x"], (_x, { signal }) => untilAborted(signal), {
      timeoutMs: 10,
      retry: { ...fastRetry, maxAttempts: 2 },
      failure: "settled",
    });
    await vi.runAllTimersAsync(); // deadline, backoff, deadline
    expect(await run).toEqual([{ ok: false, error: { name: "ItemTimeoutError", message: "Timed out after 10 ms.", attempts: 2, transient: true } }]);
    expect(new ItemTimeoutError(5).exitCode).toBe(1);
  });

  it("never exceeds the concurrency limit, and limit 1 loses nothing", async () => {
    for (const concurrency of [1, 4]) {
      let running = 0;
      let peak = 0;
      const out = await mapItems(Array.from({ length: 25 }, (_, i) => i), async (i) => {
        peak = Math.max(peak, ++running);
        await new Promise((resolve) => setImmediate(resolve)); // stay in flight while the others start
        running--;
        return i;
      }, { concurrency });
      expect(peak).toBe(concurrency);
      expect(out.map((o) => (o.ok ? o.value : -1))).toEqual(Array.from({ length: 25 }, (_, i) => i));
    }
  });

  it("emits one progress event per item, counting to N", async () => {
    const events: ProgressEvent[] = [];
    await mapItems([1, 2, 3, 4, 5], async (n) => {
      if (n === 3) throw new Error("no");
      return n;
    }, { failure: "settled", onProgress: (e) => events.push(e), name: "count" });
    expect(events.map((e) => [e.done, e.failed])).toEqual([[0, 0], [1, 0], [2, 0], [3, 1], [4, 1], [5, 1]]);
    expect(events.at(-1)).toMatchObject({ type: "progress", name: "count", total: 5, etaMs: 0 });
  });
});
