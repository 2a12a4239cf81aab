import { setTimeout as sleep } from "node:timers/promises";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/errors.js";
import { PoolJobError, checkConcurrency, runPool } from "../../src/patterns/task-pool.js";

function abortableSleep(ms: number, signal: AbortSignal) {
  return sleep(ms, undefined, { signal });
}

describe("runPool", () => {
  it("returns outputs in input order whatever order jobs finish in", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 20 }), fc.integer({ min: 1, max: 6 }), async (delays, limit) => {
        const out = await runPool(delays, async (ms, i) => (await sleep(ms), i * 10), { concurrency: limit });
        expect(out).toEqual(delays.map((_, i) => i * 10));
      }),
      { numRuns: 25 },
    );
  });

  it("never runs more than `concurrency` jobs at once, and limit 1 loses nothing", async () => {
    for (const limit of [1, 3]) {
      let running = 0;
      let peak = 0;
      const out = await runPool(Array.from({ length: 12 }, (_, i) => i), async (i) => {
        peak = Math.max(peak, ++running);
        await sleep(2);
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
        await abortableSleep(1_000, signal);
      } catch (e) {
        aborted.push(i);
        throw e;
      }
      return i;
    }, { concurrency: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolJobError);
    expect((error as PoolJobError).index).toBe(1);
    expect((error as PoolJobError).message).toBe("Job 1 failed: boom");
    expect(started).toEqual([0, 1, 2]);
    expect(aborted.sort()).toEqual([0, 2]);
  });

  it("an outside abort stops the pool", async () => {
    const controller = new AbortController();
    const run = runPool([1, 2, 3], (_x, _i, signal) => abortableSleep(1_000, signal), { signal: controller.signal });
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
  });

  it("reports each result as it arrives", async () => {
    const seen: number[] = [];
    await runPool([30, 0, 15], async (ms, i) => (await sleep(ms), i), { onResult: (i) => seen.push(i) });
    expect(seen).toEqual([1, 2, 0]);
  });

  it("handles no items and rejects impossible limits", async () => {
    expect(await runPool([], async () => 1)).toEqual([]);
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => checkConcurrency(bad)).toThrow(ConfigurationError);
    expect(checkConcurrency(Infinity)).toBe(Infinity);
    await expect(runPool([1], async () => 1, { concurrency: 0 })).rejects.toThrow("concurrency must be a whole number ≥ 1");
  });
});
