import { setTimeout as sleep } from "node:timers/promises";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MapItemError, mapItems } from "../../src/patterns/map-items.js";
import { ItemTimeoutError } from "../../src/patterns/timeout.js";
import type { ProgressEvent } from "../../src/observe/progress.js";

const transient = (message: string) => Object.assign(new Error(message), { status: 503 });
const fastRetry = { initialDelayMs: 1, jitter: false };

describe("mapItems", () => {
  it("returns results in input order under random worker latency", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 30 }), fc.integer({ min: 1, max: 8 }), async (delays, concurrency) => {
        const out = await mapItems(delays, async (ms, { index }) => (await sleep(ms), `r${index}`), { concurrency });
        expect(out).toEqual(delays.map((_, i) => ({ ok: true, value: `r${i}` })));
      }),
      { numRuns: 20 },
    );
  });

  it("fail-fast: the first failure stops the step with an error naming the item", async () => {
    const started: number[] = [];
    const error = await mapItems(
      ["a", "b", "bad", "c", "d", "e"],
      async (x, { index, signal }) => {
        started.push(index);
        if (x === "bad") throw new TypeError("cannot read property of undefined");
        await sleep(50, undefined, { signal });
        return x;
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

  it("times out an attempt, aborts its signal, and retries it", async () => {
    const aborted: number[] = [];
    const out = await mapItems(["slow"], async (_x, { attempt, signal }) => {
      if (attempt === 1) {
        signal.addEventListener("abort", () => aborted.push(attempt));
        await new Promise(() => undefined); // ignores its signal entirely: the timeout still wins
      }
      return `done on attempt ${attempt}`;
    }, { timeoutMs: 20, retry: fastRetry });
    expect(out).toEqual([{ ok: true, value: "done on attempt 2" }]);
    expect(aborted).toEqual([1]);
  });

  it("reports a timeout that never recovers as an ItemTimeoutError", async () => {
    const out = await mapItems(["x"], (_x, { signal }) => sleep(1_000, "late", { signal }), {
      timeoutMs: 10,
      retry: { ...fastRetry, maxAttempts: 2 },
      failure: "settled",
    });
    expect(out).toEqual([{ ok: false, error: { name: "ItemTimeoutError", message: "Timed out after 10 ms.", attempts: 2, transient: true } }]);
    expect(new ItemTimeoutError(5).exitCode).toBe(1);
  });

  it("never exceeds the concurrency limit, and limit 1 loses nothing", async () => {
    for (const concurrency of [1, 4]) {
      let running = 0;
      let peak = 0;
      const out = await mapItems(Array.from({ length: 25 }, (_, i) => i), async (i) => {
        peak = Math.max(peak, ++running);
        await sleep(1);
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
