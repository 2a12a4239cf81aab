import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Command, getStore, interrupt, MemorySaver, StateSchema } from "@langchain/langgraph";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { CostTracker } from "../../src/observe/cost-tracker.js";
import type { ProgressEvent } from "../../src/observe/progress.js";
import { MapItemError, mapItems } from "../../src/patterns/map-items.js";
import { mapReduce } from "../../src/patterns/map-reduce.js";
import { type MapWorkerEntry, QueueBoundaryError, type QueueItemEvent, QueueWorkerVersionError, queueExecutor, startMapWorker, type QueueExecutorOptions } from "../../src/queue.js";
import { type LocalRedis, noRedisServer, startRedis } from "../support/queue-servers.js";

// The executor and the worker in one process, on a real redis-server (a throwaway one, or REDIS_URL).
const skip = noRedisServer && !process.env.REDIS_URL ? `${noRedisServer} and REDIS_URL is not set` : undefined;
if (skip) console.warn(`[queue tests skipped] ${skip}`);

let redis: LocalRedis | undefined;
let url = process.env.REDIS_URL ?? "";
beforeAll(async () => {
  if (skip || process.env.REDIS_URL) return; // REDIS_URL's server (.ci/run starts one), else our own
  redis = await startRedis();
  url = redis.url;
});
afterAll(async () => redis?.stop());

// Each test has queues of its own: a fresh prefix.
async function withWorkers<T>(workers: Record<string, MapWorkerEntry>, body: (exec: (worker: string, extra?: Partial<QueueExecutorOptions>) => ReturnType<typeof queueExecutor>) => Promise<T>, concurrency = 4): Promise<T> {
  const queuePrefix = `t${randomUUID().slice(0, 8)}`;
  const worker = await startMapWorker({ connection: url, workers, concurrency, queuePrefix, handleSignals: false, id: "w1" });
  try {
    return await body((name, extra) => queueExecutor({ connection: url, worker: name, queuePrefix, pollIntervalMs: 100, ...extra }));
  } finally {
    await worker.close();
  }
}

describe.skipIf(skip)("queueExecutor on Redis (worker in this process)", () => {
  it("returns outcomes in input order, settled failures in their slot, one progress event per item naming the worker", async () => {
    const square = async (n: number) => {
      if (n === 3) throw new Error("three is bad");
      await sleep((5 - n) * 5); // later items finish first
      return n * n;
    };
    const events: ProgressEvent[] = [];
    const outcomes = await withWorkers({ square }, (exec) => mapItems([1, 2, 3, 4], square, { executor: exec("square"), failure: "settled", onProgress: (e) => events.push(e) }));
    expect(outcomes).toEqual([
      { ok: true, value: 1 },
      { ok: true, value: 4 },
      { ok: false, error: { name: "Error", message: "three is bad", attempts: 1, transient: false } },
      { ok: true, value: 16 },
    ]);
    expect(events.map((e) => e.done)).toEqual([0, 1, 2, 3, 4]);
    expect(events.slice(1).map((e) => e.worker)).toEqual(["w1", "w1", "w1", "w1"]);
    expect(events.slice(1).map((e) => e.index).sort()).toEqual([0, 1, 2, 3]);
    expect(events.at(-1)?.failed).toBe(1);
  });

  it("a finished step closes at once, not after the poller's next round (a poll interval of ten minutes here)", async () => {
    const double = async (n: number) => n * 2;
    // Without the poller's wait ending with the step, this call would take ten minutes and the test would time out.
    const outcomes = await withWorkers({ double }, (exec) => mapItems([1, 2, 3], double, { executor: exec("double", { pollIntervalMs: 600_000 }) }));
    expect(outcomes).toEqual([2, 4, 6].map((value) => ({ ok: true, value })));
  });

  it("tells onItem which worker ran which item under which job id, and an onItem that throws fails the step", async () => {
    const seen: QueueItemEvent[] = [];
    const double = async (n: number) => n * 2;
    await withWorkers({ double }, (exec) => mapItems([5, 6], double, { executor: exec("double", { onItem: (e) => seen.push(e) }) }));
    expect(seen.map(({ step, index, worker, attempts, ok }) => ({ step, index, worker, attempts, ok })).sort((a, b) => a.index - b.index)).toEqual([
      { step: "map", index: 0, worker: "w1", attempts: 1, ok: true },
      { step: "map", index: 1, worker: "w1", attempts: 1, ok: true },
    ]);
    for (const e of seen) expect(e.jobId).toMatch(/^i[A-Za-z0-9_-]{31}$/);
    const error = await withWorkers({ double }, (exec) =>
      mapItems([5], double, {
        executor: exec("double", {
          onItem: () => {
            throw new Error("tracer down");
          },
        }),
      }),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe("tracer down");
  });

  it("fail-fast: a failing item rejects with a MapItemError naming it", async () => {
    const check = async (s: string) => {
      if (s === "bad") throw new TypeError("not a word");
      return s.length;
    };
    const error = await withWorkers({ check }, (exec) => mapItems(["ok", "bad", "fine"], check, { executor: exec("check") })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MapItemError);
    expect((error as MapItemError).message).toBe('map: item 1 ("bad") failed after 1 attempt: not a word');
    expect((error as MapItemError).index).toBe(1);
  });

  it("retries transient errors as BullMQ attempts with the step's policy, and gives up after maxAttempts", async () => {
    const tries = new Map<number, number>();
    const flaky = async (n: number) => {
      const t = (tries.get(n) ?? 0) + 1;
      tries.set(n, t);
      if (n === 0 && t < 2) throw Object.assign(new Error("Too Many Requests"), { status: 429 });
      if (n === 1) throw Object.assign(new Error("Service Unavailable"), { status: 503 });
      return n;
    };
    const outcomes = await withWorkers({ flaky }, (exec) => mapItems([0, 1, 2], flaky, { executor: exec("flaky"), failure: "settled", retry: { maxAttempts: 3, initialInterval: 10, jitter: false } }));
    expect(outcomes).toEqual([
      { ok: true, value: 0 },
      { ok: false, error: { name: "Error", message: "Service Unavailable", attempts: 3, transient: true } },
      { ok: true, value: 2 },
    ]);
    expect([...tries.entries()].sort()).toEqual([
      [0, 2],
      [1, 3],
      [2, 1],
    ]);
  });

  it("times each attempt out in the worker (timeoutMs), aborting the worker's signal", async () => {
    let aborted = 0;
    const slow = async (n: number, { signal }: { signal: AbortSignal }) => {
      if (n === 0) return "fast";
      await new Promise((resolve) => signal.addEventListener("abort", resolve));
      aborted++;
      return "never";
    };
    const outcomes = await withWorkers({ slow }, (exec) => mapItems([0, 1], slow, { executor: exec("slow"), failure: "settled", timeoutMs: 50, retry: false }));
    expect(outcomes).toEqual([
      { ok: true, value: "fast" },
      { ok: false, error: { name: "ItemTimeoutError", message: "Timed out after 50 ms.", attempts: 1, transient: true } },
    ]);
    expect(aborted).toBe(1);
  });

  it("re-attaches to the jobs of the same step run: a second call runs nothing again, and re-runs an earlier failure", async () => {
    const runs: number[] = [];
    let failThree = true;
    const noted = async (n: number) => {
      runs.push(n);
      if (n === 3 && failThree) throw new Error("three failed");
      return n * 10;
    };
    const results = await withWorkers({ noted }, async (exec) => {
      const first = await mapItems([1, 2, 3], noted, { executor: exec("noted", { runId: "run-A" }), failure: "settled" });
      failThree = false;
      const second = await mapItems([1, 2, 3], noted, { executor: exec("noted", { runId: "run-A" }), failure: "settled" });
      return { first, second };
    });
    expect(results.first[2]).toEqual({ ok: false, error: { name: "Error", message: "three failed", attempts: 1, transient: false } });
    expect(results.second).toEqual([
      { ok: true, value: 10 },
      { ok: true, value: 20 },
      { ok: true, value: 30 },
    ]);
    expect(runs.sort()).toEqual([1, 2, 3, 3]);
  });

  it("refuses items when the worker runs another code version, naming both", async () => {
    const work = { run: async (n: number) => n, version: "1" };
    const error = await withWorkers({ work }, (exec) => mapItems([1, 2], work.run, { executor: exec("work", { version: "2" }), failure: "settled" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueWorkerVersionError);
    expect((error as Error).message).toBe('Queue worker w1 runs "work" version 1, but the graph expects version 2.');
  });

  it.each([
    ["interrupt", async () => interrupt("approve?")],
    ["interrupt", async (_n: number, ctx: { interrupt: (q: unknown) => Promise<unknown> }) => ctx.interrupt("approve?")],
    ["store", async () => getStore()!.get(["ns"], "k")],
    ["command", async () => new Command({ goto: "elsewhere" })],
  ] as const)("fails the step with one QueueBoundaryError (%s) for what does not cross to a worker, even when settled", async (kind, run) => {
    const error = await withWorkers({ cross: run as MapWorkerEntry }, (exec) => mapItems([7], run as never, { executor: exec("cross"), failure: "settled" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueBoundaryError);
    expect((error as QueueBoundaryError).kind).toBe(kind);
    expect((error as Error).message).toContain("map: item 0 (7) (on queue worker w1)");
  });

  it("refuses a custom retryOn, which cannot cross to the workers", async () => {
    const error = await withWorkers({ id: async (n: number) => n }, (exec) => mapItems([1], (n) => n, { executor: exec("id"), retry: { retryOn: () => true } })).catch((e: unknown) => e);
    expect((error as Error).message).toBe("map: a custom retry.retryOn cannot cross to the queue workers.");
  });

  it("cancels through the run's signal: rejects with its reason and removes the jobs not started", async () => {
    const started: number[] = [];
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const hold = async (n: number) => {
      started.push(n);
      await released;
      return n;
    };
    const controller = new AbortController();
    const queuePrefix = `t${randomUUID().slice(0, 8)}`;
    const worker = await startMapWorker({ connection: url, workers: { hold }, concurrency: 1, queuePrefix, handleSignals: false });
    const run = mapItems([1, 2, 3], hold, { executor: queueExecutor({ connection: url, worker: "hold", queuePrefix, pollIntervalMs: 50 }), signal: controller.signal });
    while (started.length === 0) await sleep(10);
    controller.abort(new Error("user cancelled"));
    await expect(run).rejects.toThrow("user cancelled");
    const queue = new Queue(`${queuePrefix}-hold`, { connection: { url } });
    const counts = await queue.getJobCounts("waiting", "active", "delayed");
    await queue.close();
    release();
    await worker.close();
    expect(counts).toEqual({ waiting: 0, active: 1, delayed: 0 });
    expect(started).toEqual([1]);
  });

  it("returns the workers' token usage to the run's CostTracker, under the map node's branch", async () => {
    const model = new OfflineChatModel({ latencyMs: 0 });
    const summarise = async (text: string) => String((await model.invoke(`Summarise: ${text}`)).content);
    const State = new StateSchema({ passages: z.array(z.string()), summaries: z.array(z.string()).default(() => []) });
    const local = new CostTracker();
    await mapReduce(State, { items: (s) => s.passages, worker: summarise, reduce: (summaries) => ({ summaries }) }).invoke({ passages: ["alpha beta", "gamma delta"] }, { callbacks: [local] });
    const remote = new CostTracker();
    const out = await withWorkers({ summarise }, (exec) =>
      mapReduce(State, { items: (s) => s.passages, worker: summarise, reduce: (summaries) => ({ summaries }), executor: exec("summarise") }, { checkpointer: new MemorySaver() }).invoke(
        { passages: ["alpha beta", "gamma delta"] },
        { callbacks: [remote], configurable: { thread_id: "costs-1" } },
      ),
    );
    expect(out.summaries).toHaveLength(2);
    expect(remote.lines()).toEqual(local.lines());
    expect(remote.total().calls).toBe(2);
  });

  it("counts the tokens of attempts that failed and were retried, with the branch a worker's call names", async () => {
    const model = new OfflineChatModel({ latencyMs: 0 });
    let attempts = 0;
    const once = async (text: string) => {
      const reply = await model.invoke(text, { metadata: { branch: "drafts" } });
      if (++attempts === 1) throw Object.assign(new Error("Bad Gateway"), { status: 502 });
      return String(reply.content);
    };
    const costs = new CostTracker();
    const outcomes = await withWorkers({ once }, (exec) => mapItems(["hello"], once, { executor: exec("once", { costs }), retry: { initialInterval: 1 } }));
    expect(outcomes).toHaveLength(1);
    expect(attempts).toBe(2);
    expect(costs.lines().map((l) => [l.branch, l.calls])).toEqual([["drafts", 2]]);
  });
});
