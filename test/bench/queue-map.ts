/**
 * The queue executor against the in-process pool, side by side in one run (issue 16):
 *   - scaling: N items of 20 ms (sleep-bound) through `mapItems` in this process at concurrency C,
 *     and on a BullMQ queue served by 1, 2 and 4 worker processes (the worker CLI) of concurrency
 *     C each; the median of R runs per case, the runs of all cases interleaved;
 *   - overhead: N0 items of 0 ms, and a single one, in this process and on 1 worker process, on
 *     Redis and (with DATABASE_URL) on BullMQ's PostgreSQL backend: the single item's time is the
 *     fixed cost of a step on the queue, and the slope between the two beyond the in-process
 *     slope is the queue's cost per item;
 *   - Redis memory: INFO memory's used_memory before and after M items are enqueued (no worker
 *     running), and once they have run and their results are kept for a resume, per 10,000 items.
 * Redis is REDIS_URL, or a throwaway redis-server of the script's own. Worker start-up is not
 * timed. Every result list is checked.
 *
 *   npm run bench:queue-map                                        # N=2000, N0=2000, M=10000, R=3, C=8
 *   npm run bench:queue-map -- --items 200 --items0 200 --memory-items 1000 --runs 1
 *   DATABASE_URL=postgres://… npm run bench:queue-map              # also the PostgreSQL backend
 * (or QUEUE_BENCH_ITEMS, QUEUE_BENCH_ITEMS0, QUEUE_BENCH_MEMORY_ITEMS, QUEUE_BENCH_RUNS,
 * QUEUE_BENCH_CONCURRENCY, QUEUE_BENCH_WORKERS=1,2,4 in the environment)
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { findOnPath, type LocalRedis, startLocalRedis } from "../../src/cli/local-redis.js";
import { startWorkerProcess, type WorkerProcess } from "../../src/cli/worker-process.js";
import { mapItems } from "../../src/patterns/map-items.js";
import { parseQueueUrl, queueExecutor, redactQueueUrl } from "../../src/queue.js";
import { printTable, round1 } from "./measure.js";
import { type SleepItem, sleepItem } from "./queue-map-workers.js";

function setting(flag: string, env: string, fallback: string): string {
  const at = process.argv.indexOf(`--${flag}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? (process.argv[at + 1] as string) : (process.env[env] ?? fallback);
}
const whole = (text: string, what: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a whole number ≥ 1, not ${text}`);
  return n;
};
const N = whole(setting("items", "QUEUE_BENCH_ITEMS", "2000"), "--items");
const N0 = whole(setting("items0", "QUEUE_BENCH_ITEMS0", "2000"), "--items0");
const M = whole(setting("memory-items", "QUEUE_BENCH_MEMORY_ITEMS", "10000"), "--memory-items");
const RUNS = whole(setting("runs", "QUEUE_BENCH_RUNS", "3"), "--runs");
const C = whole(setting("concurrency", "QUEUE_BENCH_CONCURRENCY", "8"), "--concurrency");
const WORKER_COUNTS = setting("workers", "QUEUE_BENCH_WORKERS", "1,2,4").split(",").map((w) => whole(w, "--workers"));
const ITEM_MS = 20;
const WORKER = "bench-sleep";
const VERSION = "bench-1";
const MODULE = "test/bench/queue-map-workers.ts";

const itemsOf = (n: number, ms: number): SleepItem[] => Array.from({ length: n }, (_, i) => ({ i, ms }));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

// Runs the items and checks every outcome; returns the wall time, ms.
async function timed(items: SleepItem[], executor?: ReturnType<typeof queueExecutor>): Promise<number> {
  const start = performance.now();
  const outcomes = await mapItems(items, sleepItem, { concurrency: C, retry: false, executor });
  const ms = performance.now() - start;
  const bad = outcomes.findIndex((o, i) => !o.ok || o.value !== i);
  if (bad >= 0 || outcomes.length !== items.length) throw new Error(`wrong outcome at ${bad}: ${JSON.stringify(outcomes[bad])}`);
  return ms;
}

// Every worker process started, stopped (SIGTERM, then awaited) in the end whatever happens.
const running: WorkerProcess[] = [];

/** k worker processes of concurrency C on one queue prefix (a fresh one by default), ready. */
async function startWorkers(connection: string, k: number, prefix = `bench-${randomUUID().slice(0, 8)}`): Promise<{ prefix: string; stop: () => Promise<void> }> {
  const ws: WorkerProcess[] = Array.from({ length: k }, (_, i) =>
    startWorkerProcess({ id: `w${i + 1}`, module: MODULE, connection, queuePrefix: prefix, concurrency: C, lockDurationMs: 30_000, stalledIntervalMs: 30_000 }),
  );
  running.push(...ws);
  await Promise.all(ws.map((w) => w.ready));
  return { prefix, stop: () => stopAll(ws) };
}

async function stopAll(ws: WorkerProcess[]): Promise<void> {
  for (const w of ws) w.kill("SIGTERM");
  await Promise.all(ws.map((w) => w.exited));
}

const onQueue = (connection: string, queuePrefix: string) => queueExecutor({ connection, worker: WORKER, version: VERSION, queuePrefix, pollIntervalMs: 200 });

async function usedMemory(queue: Queue): Promise<number> {
  const info = await (await queue.getBackend().client).info();
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
}

let local: LocalRedis | undefined;
try {
  const redisUrl = process.env.REDIS_URL ?? (local = await startLocalRedis(findOnPath("redis-server") ?? "redis-server")).url;
  const pgUrl = process.env.DATABASE_URL;
  console.log(`Redis: ${local ? `a throwaway redis-server at ${redisUrl}` : redactQueueUrl(redisUrl)}; PostgreSQL: ${pgUrl ? redactQueueUrl(pgUrl) : "skipped (set DATABASE_URL to a postgres:// server to measure BullMQ's PostgreSQL backend)"}`);
  console.log(`N=${N} items of ${ITEM_MS} ms, N0=${N0} items of 0 ms, M=${M} items for memory, ${RUNS} run(s) per case, concurrency ${C} per process, workers ${WORKER_COUNTS.join("/")}`);

  // Scaling at 20 ms: in-process, then each worker count, per round.
  const pools = new Map<number, Awaited<ReturnType<typeof startWorkers>>>();
  for (const k of WORKER_COUNTS) pools.set(k, await startWorkers(redisUrl, k));
  const scaling = new Map<string, number[]>();
  const items = itemsOf(N, ITEM_MS);
  await timed(itemsOf(Math.min(N, 50), ITEM_MS)); // warm-up
  for (const [, pool] of pools) await timed(itemsOf(Math.min(N, 50), ITEM_MS), onQueue(redisUrl, pool.prefix));
  for (let r = 0; r < RUNS; r++) {
    const cases: [string, () => Promise<number>][] = [["in-process", () => timed(items)], ...WORKER_COUNTS.map((k): [string, () => Promise<number>] => [`queue ×${k}`, () => timed(items, onQueue(redisUrl, pools.get(k)!.prefix))])];
    for (const [name, run] of cases) {
      const ms = await run();
      scaling.set(name, [...(scaling.get(name) ?? []), ms]);
      console.log(JSON.stringify({ case: "queue-map-run", run: r + 1, contender: name, n: N, item_ms: ITEM_MS, concurrency_per_process: C, ms: Math.round(ms) }));
    }
  }
  const base = median(scaling.get("in-process")!);
  const ideal = (processes: number) => Math.ceil(N / (C * processes)) * ITEM_MS;
  const scaleRows = [...scaling].map(([name, runs]) => {
    const processes = name === "in-process" ? 1 : Number(name.slice(7));
    const row = { case: "queue-map-scaling", contender: name, processes, n: N, median_ms: Math.round(median(runs)), runs_ms: runs.map(Math.round).join(" / "), ideal_ms: ideal(processes), speedup_vs_in_process: round1(base / median(runs)), items_per_s: Math.round(N / (median(runs) / 1000)) };
    console.log(JSON.stringify(row));
    return row;
  });
  printTable(scaleRows);

  // Overhead at 0 ms: one worker process, on each backend.
  const backends: [string, string][] = [["redis", redisUrl], ...(pgUrl ? ([["postgres", pgUrl]] as [string, string][]) : [])];
  const zero = itemsOf(N0, 0);
  const overheadRows = [];
  const one = pools.get(1) ?? (await startWorkers(redisUrl, 1));
  if (!pools.has(1)) pools.set(1, one);
  const pgPool = pgUrl ? await startWorkers(pgUrl, 1) : undefined;
  const prefixOf = (backend: string) => (backend === "redis" ? one.prefix : pgPool!.prefix);
  for (const [backend, url] of backends) await timed(itemsOf(Math.min(N0, 50), 0), onQueue(url, prefixOf(backend))); // warm-up
  // Each backend also runs a single item: its fixed cost per step (connections, events, the
  // first sweep). The per-item overhead is the slope between the two, beyond the in-process one.
  const overhead = new Map<string, { all: number[]; single: number[] }>();
  const note = (name: string, all: number, single: number) => {
    const entry = overhead.get(name) ?? { all: [], single: [] };
    entry.all.push(all);
    entry.single.push(single);
    overhead.set(name, entry);
  };
  for (let r = 0; r < RUNS; r++) {
    note("in-process", await timed(zero), await timed(itemsOf(1, 0)));
    for (const [backend, url] of backends) note(backend, await timed(zero, onQueue(url, prefixOf(backend))), await timed(itemsOf(1, 0), onQueue(url, prefixOf(backend))));
  }
  const slope = (name: string) => (N0 > 1 ? (median(overhead.get(name)!.all) - median(overhead.get(name)!.single)) / (N0 - 1) : median(overhead.get(name)!.all));
  for (const [backend, runs] of overhead) {
    const ms = median(runs.all);
    const row = {
      case: "queue-map-overhead",
      backend,
      n: N0,
      item_ms: 0,
      median_ms: Math.round(ms),
      runs_ms: runs.all.map(Math.round).join(" / "),
      one_item_ms: Math.round(median(runs.single)),
      per_item_ms: Math.round((slope(backend) - (backend === "in-process" ? 0 : slope("in-process"))) * 1000) / 1000,
      times_in_process: round1(ms / Math.max(median(overhead.get("in-process")!.all), 0.001)),
    };
    overheadRows.push(row);
    console.log(JSON.stringify(row));
  }
  if (!pgUrl) console.log(JSON.stringify({ case: "queue-map-overhead", backend: "postgres", skipped: "DATABASE_URL not set" }));
  printTable(overheadRows);

  // Redis memory per 10,000 items: enqueued (no worker), then finished and kept for a resume.
  const memPrefix = `bench-mem-${randomUUID().slice(0, 8)}`;
  const queue = new Queue(`${memPrefix}-${WORKER}`, { connection: (parseQueueUrl(redisUrl) as { redis: object }).redis });
  const before = await usedMemory(queue);
  const pending = timed(itemsOf(M, 0), onQueue(redisUrl, memPrefix));
  while ((await queue.getWaitingCount()) < M) await sleep(50);
  const enqueued = await usedMemory(queue);
  // A worker on that prefix now runs them; finished jobs keep their results (removeOnComplete by age).
  const drain = await startWorkers(redisUrl, 1, memPrefix);
  await pending;
  const finished = await usedMemory(queue);
  await drain.stop();
  await queue.obliterate({ force: true });
  await queue.close();
  const per10k = (bytes: number) => round1(((bytes / M) * 10_000) / 2 ** 20);
  const memRow = { case: "queue-map-redis-memory", items: M, before_mb: round1(before / 2 ** 20), enqueued_mb: round1(enqueued / 2 ** 20), finished_mb: round1(finished / 2 ** 20), enqueued_mb_per_10k: per10k(enqueued - before), finished_mb_per_10k: per10k(finished - before), bytes_per_item_enqueued: Math.round((enqueued - before) / M), bytes_per_item_finished: Math.round((finished - before) / M) };
  console.log(JSON.stringify(memRow));
  printTable([memRow]);
} finally {
  await stopAll(running);
  await local?.stop();
}
