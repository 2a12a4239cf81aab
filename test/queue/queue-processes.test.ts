import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPostgres, type LocalRedis, noPostgresServer, noRedisServer, startPostgres, startRedis } from "../support/queue-servers.js";

// Real processes: a redis-server (or PostgreSQL) of the test's own, worker processes started by
// the worker CLI, and a graph process; killed with SIGKILL mid-run and started again. BullMQ's
// stalled-job recovery runs on short lock durations here; the assertions are about outcomes and
// counts (nothing lost, each finished item's side effect once), never about timings.
if (noRedisServer) console.warn(`[queue process tests skipped] ${noRedisServer}: they start, kill and restart their own redis-server`);
const pgMissing = noPostgresServer();
if (pgMissing) console.warn(`[queue PostgreSQL process tests skipped] ${pgMissing}`);

const dir = mkdtempSync(join(tmpdir(), "lgp-queue-"));
let redis: LocalRedis | undefined;
let postgres: LocalPostgres | undefined;
beforeAll(async () => {
  if (!noRedisServer) redis = await startRedis();
  if (!pgMissing) postgres = await startPostgres();
}, 60_000);
// Every child this file starts; any still running when it ends (a failed assertion skipped its
// stop) is killed, so no worker outlives the tests.
const children = new Set<ReturnType<typeof spawn>>();
afterAll(async () => {
  for (const proc of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
  await redis?.stop();
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});
const TIMEOUT = 240_000;
let serial = 0;

function child(args: string[], env: Record<string, string> = {}) {
  const proc = spawn(process.execPath, ["--import", "tsx", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(proc);
  let stdout = "";
  let stderr = "";
  proc.stdout.on("data", (d: Buffer) => (stdout += d));
  proc.stderr.on("data", (d: Buffer) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { proc, done, output: () => stdout };
}

function lines(file: string): number[] {
  try {
    return readFileSync(file, "utf8").split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function countsOf(file: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const n of lines(file)) counts.set(n, (counts.get(n) ?? 0) + 1);
  return counts;
}

/** A fresh run: its own queue prefix, checkpoint file and side-effects file. */
function setup(url: string, extra: { itemMs?: number; failItem?: number } = {}) {
  const n = ++serial;
  const prefix = `p${n}${Date.now().toString(36)}`;
  const db = join(dir, `graph-${n}.sqlite`);
  const effects = join(dir, `effects-${n}.txt`);
  const env: Record<string, string> = { QUEUE_EFFECTS: effects, QUEUE_ITEM_MS: String(extra.itemMs ?? 0) };
  if (extra.failItem !== undefined) env.QUEUE_FAIL_ITEM = String(extra.failItem);
  const worker = (id: string, concurrency = 2, lock = ["--lock-duration", "1000", "--stalled-interval", "500"], extraEnv: Record<string, string> = {}) => {
    const w = child(["src/queue/worker-cli.ts", "--module", "test/fixtures/queue-workers.ts", "--connection", url, "--queue-prefix", prefix, "--id", id, "--concurrency", String(concurrency), ...lock], { ...env, ...extraEnv });
    const ready = (async () => {
      while (!w.output().includes("serving square")) {
        if (w.proc.exitCode !== null) throw new Error(`worker ${id} exited: ${(await w.done).stderr}`);
        await sleep(10);
      }
    })();
    return { ...w, ready };
  };
  const graph = (mode: "run" | "resume", items: number, where: "queue" | "local" = "queue", policy = "fail-fast") => child(["test/fixtures/queue-graph.ts", where, mode, db, url, prefix, String(items), policy], env);
  const stopWorkers = async (...ws: ReturnType<typeof worker>[]) => {
    for (const w of ws) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill("SIGTERM");
    const exits = await Promise.all(ws.map((w) => w.done));
    return exits;
  };
  return { effects, held: join(dir, `held-${n}.txt`), worker, graph, stopWorkers };
}

const squares = (n: number) => Array.from({ length: n }, (_, i) => i * i);

async function waitForEffects(file: string, atLeast: number, proc: { exitCode: number | null }): Promise<void> {
  while (lines(file).length < atLeast && proc.exitCode === null) await sleep(5);
}

function killTests(backend: string, urlOf: () => string) {
  it(`${backend}: SIGKILL a worker holding two jobs → another worker runs them (stalled-job recovery), nothing lost, nothing twice`, async () => {
    const run = setup(urlOf(), { itemMs: 20 });
    // Worker A takes two jobs and never finishes them; the run can only end if B recovers them.
    const a = run.worker("worker-a", 2, undefined, { QUEUE_HOLD: run.held });
    await a.ready;
    const graph = run.graph("run", 40);
    while (lines(run.held).length < 2 && graph.proc.exitCode === null) await sleep(5);
    const b = run.worker("worker-b");
    await b.ready;
    await waitForEffects(run.effects, 5, graph.proc);
    a.proc.kill("SIGKILL");
    const out = await graph.done;
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual(squares(40));
    const [, bExit] = await run.stopWorkers(a, b);
    expect(bExit?.code).toBe(0); // SIGTERM: a graceful close
    expect(lines(run.held)).toHaveLength(2);
    const counts = countsOf(run.effects);
    expect(counts.size).toBe(40);
    // A died before finishing anything, so each item's side effect happened exactly once, on B.
    expect([...counts.entries()].filter(([, c]) => c !== 1)).toEqual([]);
    for (const n of lines(run.held)) expect(counts.get(n)).toBe(1);
  }, TIMEOUT);

  it(`${backend}: SIGKILL the graph process mid-run → the resumed graph re-attaches to the same jobs, no item runs twice`, async () => {
    const run = setup(urlOf(), { itemMs: 20 });
    const a = run.worker("worker-a");
    const b = run.worker("worker-b");
    await Promise.all([a.ready, b.ready]);
    const first = run.graph("run", 60);
    await waitForEffects(run.effects, 10, first.proc);
    first.proc.kill("SIGKILL");
    const killed = await first.done;
    expect(killed.signal).toBe("SIGKILL");
    const resumed = await run.graph("resume", 60).done;
    expect(resumed.stderr).toBe("");
    expect(JSON.parse(resumed.stdout)).toEqual(squares(60));
    await run.stopWorkers(a, b);
    const counts = countsOf(run.effects);
    expect(counts.size).toBe(60);
    expect([...counts.entries()].filter(([, c]) => c !== 1)).toEqual([]);
  }, TIMEOUT);
}

describe.skipIf(noRedisServer)("queue executor with real processes on Redis", () => {
  const url = () => redis!.url;

  it("10,000 items on the queue (two worker processes) give the same output as in-process", async () => {
    const run = setup(url());
    const local = await run.graph("run", 10_000, "local").done;
    expect(local.code).toBe(0);
    const onQueue = setup(url());
    const a = onQueue.worker("worker-a", 16);
    const b = onQueue.worker("worker-b", 16);
    await Promise.all([a.ready, b.ready]);
    const queued = await onQueue.graph("run", 10_000).done;
    await onQueue.stopWorkers(a, b);
    expect(queued.stderr).toBe("");
    expect(queued.stdout).toBe(local.stdout);
    expect(JSON.parse(queued.stdout)).toEqual(squares(10_000));
    expect(countsOf(onQueue.effects).size).toBe(10_000);
    expect(lines(onQueue.effects)).toHaveLength(10_000);
  }, TIMEOUT);

  killTests("Redis", url);

  it("Redis killed and restarted mid-run (AOF, appendfsync always) → the run completes, nothing lost", async () => {
    const run = setup(url(), { itemMs: 20 });
    // Locks outlast the outage (BullMQ's default is 30 s): a worker that cannot reach Redis retries
    // its writes, and only a job whose lock expired meanwhile is run again.
    const lock = ["--lock-duration", "10000", "--stalled-interval", "2000", "--max-stalled", "3"];
    const a = run.worker("worker-a", 2, lock);
    const b = run.worker("worker-b", 2, lock);
    await Promise.all([a.ready, b.ready]);
    const graph = run.graph("run", 60);
    await waitForEffects(run.effects, 10, graph.proc);
    await redis!.kill();
    await sleep(300); // down for a moment: clients see refused connections
    await redis!.start();
    const out = await graph.done;
    expect(out.stderr).toBe("");
    expect(JSON.parse(out.stdout)).toEqual(squares(60));
    await run.stopWorkers(a, b);
    const counts = countsOf(run.effects);
    expect(counts.size).toBe(60);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
  }, TIMEOUT);

  it("a worker CLI whose queue is gone: SIGTERM starts a graceful close, a second SIGTERM exits at once", async () => {
    const gone = await startRedis();
    const run = setup(gone.url);
    const a = run.worker("worker-a");
    await a.ready;
    await gone.stop();
    a.proc.kill("SIGTERM");
    while (!a.output().includes("SIGTERM, finishing the running jobs")) await sleep(10);
    a.proc.kill("SIGTERM");
    const exit = await a.done;
    expect(exit.code).toBe(1);
  }, TIMEOUT);

  it("a worker that throws for one item: a settled failure in its slot, or (fail-fast) an error naming it", async () => {
    const run = setup(url(), { failItem: 7 });
    const a = run.worker("worker-a");
    await a.ready;
    const settled = await run.graph("run", 10, "queue", "settled").done;
    expect(JSON.parse(settled.stdout)).toEqual(
      squares(10).map((value, i) => (i === 7 ? { ok: false, error: { name: "RangeError", message: "item 7 is out of range", attempts: 1, transient: false } } : { ok: true, value })),
    );
    const failFast = setup(url(), { failItem: 7 });
    const b = failFast.worker("worker-b");
    await b.ready;
    const failed = await failFast.graph("run", 10).done;
    await run.stopWorkers(a, b);
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim()).toBe("map: item 7 (7) failed after 1 attempt: item 7 is out of range");
  }, TIMEOUT);
});

describe.skipIf(pgMissing)("queue executor with real processes on BullMQ's PostgreSQL backend", () => {
  killTests("PostgreSQL", () => postgres!.url);
});
