/**
 * Durable map-reduce to 100,000 items, side by side in one run (issue 14). `mapReduceNode` in a
 * one-node graph, items of 0 ms, concurrency 256, on:
 *   - in memory: no checkpointer, no store (no memo);
 *   - SQLite: `createSqlitePersistence` on a fresh file in a temp dir (checkpointer + store: the
 *     per-item memo is on, and is deleted once the final checkpoint is saved);
 *   - PostgreSQL: `createPostgresPersistence(DATABASE_URL)`, a fresh database per run (skipped,
 *     and said so, without DATABASE_URL).
 * N = 10,000 and 100,000. Every run is its own child process (fresh heap, fresh database); the
 * runs of all cases are interleaved, and each case's figure is the median of 3. Then, on SQLite at
 * 100,000: a child SIGKILLed at its first progress event with 90% of the items done, and a new
 * process that resumes it with `resumeOrStart`, 3 times.
 *
 *   npm run bench:durable-map
 *   DATABASE_URL=postgres://… npm run bench:durable-map
 *   BENCH_REALTIME=1 npm run bench:durable-map   (children at real-time priority: a shared machine)
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { printTable } from "./measure.js";

const SIZES = [10_000, 100_000];
const RUNS = 3;
const KILL_AT = 0.9;
// The at-least-once window: mapItems lets at most 256 finished items wait for their memo write, plus one per lane (concurrency 256).
const UNSAVED_WINDOW = 256 + 256;
// BENCH_REALTIME=1: each child runs at real-time priority (`chrt -f 50`, root on Linux), so that
// other work sharing the machine's cores does not stretch its figures; the parent stays ordinary.
const REALTIME = process.env.BENCH_REALTIME === "1";
const child = fileURLToPath(new URL("./durable-map-child.ts", import.meta.url));
const url = process.env.DATABASE_URL;
const backends = url ? ["memory", "sqlite", "postgres"] : ["memory", "sqlite"];
const dir = mkdtempSync(join(tmpdir(), "lgp-durable-map-"));
const run = promisify(execFile);

type Line = Record<string, number | string | boolean>;
// Runs the child script; the last stdout line is its JSON. A SIGKILLed child's line is on stdout too.
async function spawnChild(args: string[], killed = false): Promise<Line & { wall_ms: number }> {
  const start = performance.now();
  const command = [process.execPath, "--import", "tsx", child, ...args];
  const [file, ...rest] = REALTIME ? ["chrt", "-f", "50", ...command] : command;
  const out = await run(file as string, rest, { maxBuffer: 2 ** 24 }).then(
    (r) => r.stdout,
    (error: { signal?: string; stdout?: string; stderr?: string }) => {
      if (killed && error.signal === "SIGKILL") return error.stdout ?? "";
      throw new Error(`child ${args.join(" ")} failed: ${error.stderr ?? String(error)}`);
    },
  );
  const wall = performance.now() - start;
  const line = out.trim().split("\n").at(-1) ?? "";
  return { ...(JSON.parse(line) as Line), wall_ms: Math.round(wall) };
}

// A fresh PostgreSQL database per run, so that sizes are the run's own; dropped afterwards.
async function withDatabase<T>(name: string, body: (databaseUrl: string) => Promise<T>): Promise<T> {
  type Client = { connect(): Promise<void>; query(sql: string): Promise<unknown>; end(): Promise<void> };
  const pg = (await import("pg" as string)) as { default: { Client: new (options: { connectionString: string }) => Client } };
  const admin = new pg.default.Client({ connectionString: url! });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const databaseUrl = new URL(url!);
    databaseUrl.pathname = `/${name}`;
    return await body(databaseUrl.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}

async function oneRun(backend: string, n: number, runIndex: number): Promise<Line & { wall_ms: number }> {
  if (backend === "memory") return spawnChild(["run", "memory", String(n), "-"]);
  if (backend === "sqlite") return spawnChild(["run", "sqlite", String(n), join(dir, `run-${n}-${runIndex}.sqlite`)]);
  return withDatabase(`lgp_bench_${process.pid}_${n}_${runIndex}`, (databaseUrl) => spawnChild(["run", "postgres", String(n), databaseUrl]));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

try {
  if (!url) console.log("PostgreSQL: skipped (set DATABASE_URL to a postgres:// server to measure it)");
  const results = new Map<string, (Line & { wall_ms: number })[]>();
  for (let r = 0; r < RUNS; r++) {
    for (const n of SIZES) {
      for (const backend of backends) {
        const line = await oneRun(backend, n, r);
        if (line.complete !== true || line.worker_calls !== n) throw new Error(`${backend} ${n}: incomplete output ${JSON.stringify(line)}`);
        console.log(JSON.stringify({ case: "durable-map-run", run: r + 1, ...line }));
        results.set(`${backend} ${n}`, [...(results.get(`${backend} ${n}`) ?? []), line]);
      }
    }
  }
  const ms = (backend: string, n: number) => median((results.get(`${backend} ${n}`) ?? []).map((l) => l.ms as number));
  const rows = [];
  for (const n of SIZES) {
    for (const backend of backends) {
      const lines = results.get(`${backend} ${n}`) ?? [];
      const last = lines.at(-1) ?? {};
      const row = {
        case: "durable-map",
        n,
        backend,
        median_ms: ms(backend, n),
        runs_ms: lines.map((l) => l.ms).join(" / "),
        vs_memory: Math.round((ms(backend, n) / ms("memory", n)) * 100) / 100,
        peak_rss_mb: Math.max(...lines.map((l) => l.max_rss_mb as number)),
        file_mb: "file_bytes" in last ? mb(last.file_bytes as number) : "database_bytes" in last ? mb(last.database_bytes as number) : "—",
        checkpoint_kb: "checkpoint_table_bytes" in last ? Math.round((last.checkpoint_table_bytes as number) / 1024) : "—",
        store_rows_left: "store_rows_left" in last ? (last.store_rows_left as number) : "—",
      };
      rows.push(row);
      console.log(JSON.stringify(row));
    }
  }
  printTable(rows);

  const targets = [
    target("SQLite 100k ≤ 3× in-memory + 1 s", ms("sqlite", 100_000), 3 * ms("memory", 100_000) + 1_000),
    target("SQLite 10k → 100k growth ≤ 12×", ms("sqlite", 100_000) / ms("sqlite", 10_000), 12),
    target("SQLite 10k ≤ 2× in-memory + 200 ms", ms("sqlite", 10_000), 2 * ms("memory", 10_000) + 200),
    target("SQLite 100k peak RSS < 400 MB", Math.max(...(results.get("sqlite 100000") ?? []).map((l) => l.max_rss_mb as number)), 400),
  ];
  if (url) {
    targets.push(
      target("Postgres 100k ≤ 4× in-memory + 3 s", ms("postgres", 100_000), 4 * ms("memory", 100_000) + 3_000),
      target("Postgres 10k → 100k growth ≤ 12×", ms("postgres", 100_000) / ms("postgres", 10_000), 12),
      target("Postgres 100k peak RSS < 400 MB", Math.max(...(results.get("postgres 100000") ?? []).map((l) => l.max_rss_mb as number)), 400),
    );
  }

  // Killed at 90% on SQLite, then resumed by a new process.
  const n = 100_000;
  const crashes = [];
  for (let r = 0; r < RUNS; r++) {
    const file = join(dir, `crash-${r}.sqlite`);
    const killed = await spawnChild(["kill", "sqlite", String(n), file, String(KILL_AT)], true);
    const resumed = await spawnChild(["resume", "sqlite", String(n), file]);
    const ranTwice = (resumed.worker_calls as number) + (killed.worker_calls as number) - n;
    const row = {
      case: "durable-map-kill-resume",
      n,
      done_seen_at_kill: killed.done_seen as number,
      started_at_kill: killed.worker_calls as number,
      durable_at_kill: n - (resumed.worker_calls as number),
      resume_action: resumed.action as string,
      resumed_items: resumed.worker_calls as number,
      ran_twice: ranTwice,
      resume_ms: resumed.ms as number,
      resume_process_ms: resumed.wall_ms,
      complete: resumed.complete === true ? "yes" : "no",
      peak_rss_mb: resumed.max_rss_mb as number,
    };
    if (row.complete !== "yes" || row.resume_action !== "resume") throw new Error(`resume failed: ${JSON.stringify(resumed)}`);
    crashes.push(row);
    console.log(JSON.stringify(row));
  }
  printTable(crashes);
  // Every item the stream had reported done was durable: the resumed process runs none of them.
  const worstExtra = Math.max(...crashes.map((c) => c.resumed_items - (n - c.done_seen_at_kill)));
  targets.push(target("resume runs no item reported done before the kill", worstExtra, 0));
  targets.push(target(`items run twice ≤ the unsaved window (${UNSAVED_WINDOW})`, Math.max(...crashes.map((c) => c.ran_twice)), UNSAVED_WINDOW));
  console.log(
    JSON.stringify({ case: "durable-map-resume", n, resume_ms_median: median(crashes.map((c) => c.resume_ms)), resume_process_ms_median: median(crashes.map((c) => c.resume_process_ms)), ran_twice_max: Math.max(...crashes.map((c) => c.ran_twice)) }),
  );
  printTable(targets);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function target(name: string, value: number, limit: number) {
  const row = { case: "durable-map-target", target: name, value: Math.round(value * 100) / 100, limit: Math.round(limit * 100) / 100, result: value <= limit ? "pass" : "FAIL" };
  console.log(JSON.stringify(row));
  return row;
}
