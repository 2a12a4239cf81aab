import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigurationError } from "../../src/errors.js";
import { sleepWithSignal } from "../../src/patterns/sleep.js";
import { PoolJobError, checkConcurrency, runPool } from "../../src/patterns/task-pool.js";

// A job that stalls until the pool aborts it: only an abort can end it, whatever the machine's load.
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));

afterEach(() => {
  vi.useRealTimers();
});

describe("runPool", () => {
  it("returns outputs in input order whatever order jobs finish in", async () => {
    // fast-check's scheduler decides the order the jobs finish in, and tries many orders.
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 6 }), async (s, length, limit) => {
        const items = Array.from({ length }, (_, i) => i);
        const run = runPool(items, (i) => s.schedule(Promise.resolve(i * 10), `job ${i}`), { concurrency: limit });
        expect(await s.waitFor(run)).toEqual(items.map((i) => i * 10));
      }),
      { numRuns: 50 },
    );
  });

  it("never runs more than `concurrency` jobs at once, and limit 1 loses nothing", async () => {
    for (const limit of [1, 3]) {
      let running = 0;
      let peak = 0;
      const out = await runPool(Array.from({ length: 12 }, (_, i) => i), async (i) => {
        peak = Math.max(peak, ++running);
        await new Promise((resolve) => setImmediate(resolve)); // stay in flight while the others start
        running--;
        return i;
      }, { concurrency: limit });
      expect(peak).toBe(limit);
      expect(out).toEqual(Array.from({ length: 12 }, (_, i) => i));
    }
  });

  it("fail-fast: rejects naming the failed index, aborts running jobs and starts no new ones", async () => {
    const started: number[] = [];
    const aborted: number[] = [];
    const error = await runPool(Array.from({ length: 10 }, (_, i) => i), async (i, _index, signal) => {
      started.push(i);
      if (i === 1) throw new Error("boom");
      try {
        return await untilAborted(signal);
      } catch (e) {
        aborted.push(i);
        throw e;
      }
    }, { concurrency: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolJobError);
    expect((error as PoolJobError).index).toBe(1);
    expect((error as PoolJobError).message).toBe("Job 1 failed: boom");
    expect(started).toEqual([0, 1, 2]);
    expect(aborted.sort()).toEqual([0, 2]);
  });

  it("an outside abort stops the pool", async () => {
    const controller = new AbortController();
    const run = runPool([1, 2, 3], (_x, _i, signal) => untilAborted(signal), { signal: controller.signal });
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
  });

  it("reports each result as it arrives, in completion order, before the pool is done", async () => {
    vi.useFakeTimers();
    const seen: number[] = [];
    const run = runPool([30, 0, 15], async (ms, i) => (await sleepWithSignal(ms), i), { onResult: (i) => seen.push(i) });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([1]);
    await vi.advanceTimersByTimeAsync(15);
    expect(seen).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(15);
    expect(seen).toEqual([1, 2, 0]);
    expect(await run).toEqual([0, 1, 2]);
  });

  it("handles no items and rejects impossible limits", async () => {
    expect(await runPool([], async () => 1)).toEqual([]);
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => checkConcurrency(bad)).toThrow(ConfigurationError);
    expect(checkConcurrency(Infinity)).toBe(Infinity);
    await expect(runPool([1], async () => 1, { concurrency: 0 })).rejects.toThrow("concurrency must be a whole number ≥ 1");
  });
});
