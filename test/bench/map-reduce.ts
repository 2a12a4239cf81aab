/**
 * Map-reduce at scale, side by side in one run, with the same concurrency limit:
 *   - ours:        `mapReduce` (one map task running a bounded promise pool);
 *   - naive Send:  a hand-written LangGraph graph with one `Send` per item (maxConcurrency);
 *   - pool:        `runPool`, a plain promise pool with no framework.
 * For N = 100, 1,000, 10,000 and worker latency 0 and 20 ms (median of 5 runs up to N = 1,000). The
 * naive graph is skipped where its projected time exceeds a minute: the pool's time plus the naive
 * graph's overhead over the pool at the previous size, grown quadratically. Peak RSS of ours at
 * N = 10,000 is measured in a fresh child process.
 *
 *   npm run bench:map-reduce
 */
import { execFileSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { END, InMemoryStore, MemorySaver, Send, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { mapReduce, mapReduceNode } from "../../src/patterns/map-reduce.js";
import { runPool } from "../../src/patterns/task-pool.js";
import { createSqlitePersistence } from "../../src/persistence/sqlite-persistence.js";
import { listField } from "../../src/reducers/fields.js";
import { printTable, round1 } from "./measure.js";

const CONCURRENCY = 16;
const SKIP_OVER_MS = 60_000;
const State = new StateSchema({ items: z.array(z.number()), results: listField(z.number()) });

const work = (latencyMs: number) => async (item: number) => {
  if (latencyMs > 0) await sleep(latencyMs);
  return item * 2;
};

function oursGraph(latencyMs: number) {
  return mapReduce(State, { items: (s) => s.items, worker: work(latencyMs), reduce: (results) => ({ results }), concurrency: CONCURRENCY });
}

function naiveSendGraph(latencyMs: number) {
  const worker = work(latencyMs);
  return new StateGraph(State)
    .addNode("work", async (input: { item: number }) => ({ results: [await worker(input.item)] }))
    .addConditionalEdges(START, (s) => s.items.map((item) => new Send("work", { item })))
    .addEdge("work", END)
    .compile();
}

// Median of `runs` timed runs, each checked for correct results.
async function time(fn: () => Promise<unknown>, check: (out: unknown) => void, runs = 1): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    check(await fn());
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

async function peakRss(n: number, latencyMs: number): Promise<number> {
  const items = Array.from({ length: n }, (_, i) => i);
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  await oursGraph(latencyMs).invoke({ items });
  clearInterval(sampler);
  return Math.max(peak, process.memoryUsage.rss());
}

if (process.argv.includes("--rss")) {
  const [n, latency] = process.argv.slice(process.argv.indexOf("--rss") + 1).map(Number);
  console.log(await peakRss(n as number, latency as number));
  process.exit(0);
}

const rows = [];
for (const latencyMs of [0, 20]) {
  let naivePrevious: { n: number; overheadMs: number } | undefined;
  for (const n of [100, 1_000, 10_000]) {
    const items = Array.from({ length: n }, (_, i) => i);
    const expected = items.map((i) => i * 2);
    const check = (out: unknown) => {
      const results = (out as { results?: number[] }).results ?? (out as number[]);
      if (results.length !== n || results.some((r, i) => r !== expected[i])) throw new Error("wrong results");
    };
    const ours = oursGraph(latencyMs);
    await ours.invoke({ items: items.slice(0, 10) }); // warm up
    const runs = n <= 1_000 ? 5 : 1;
    const oursMs = await time(() => ours.invoke({ items }), check, runs);
    const poolMs = await time(() => runPool(items, work(latencyMs), { concurrency: CONCURRENCY }), check, runs);
    const projected = naivePrevious ? poolMs + naivePrevious.overheadMs * (n / naivePrevious.n) ** 2 : 0;
    let naiveMs: number | string;
    if (projected > SKIP_OVER_MS) {
      naiveMs = `skipped (~${Math.round(projected / 1000)} s projected)`;
    } else {
      const naive = naiveSendGraph(latencyMs);
      naiveMs = await time(() => naive.invoke({ items }, { maxConcurrency: CONCURRENCY }), check, n <= 100 ? 5 : 1);
      naivePrevious = { n, overheadMs: Math.max(0, naiveMs - poolMs) };
    }
    const row = {
      case: "map-reduce",
      n,
      latency_ms: latencyMs,
      concurrency: CONCURRENCY,
      ours_ms: round1(oursMs),
      naive_send_ms: typeof naiveMs === "number" ? round1(naiveMs) : naiveMs,
      pool_ms: round1(poolMs),
      ours_vs_pool: Math.round((oursMs / poolMs) * 1000) / 1000,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}

// The per-item memo's cost: the same 10,000 free items with a checkpointer and a store attached.
const builder = () =>
  new StateGraph(State)
    .addNode("map", mapReduceNode(State, { items: (s) => s.items, worker: work(0), reduce: (results) => ({ results }), concurrency: CONCURRENCY }))
    .addEdge(START, "map")
    .addEdge("map", END);
{
  const n = 10_000;
  const items = Array.from({ length: n }, (_, i) => i);
  const graphWith = (persistence: Parameters<ReturnType<typeof builder>["compile"]>[0]) => builder().compile(persistence);
  const sqlite = createSqlitePersistence({ path: ":memory:" });
  const cases = {
    "no checkpointer": oursGraph(0),
    "MemorySaver + InMemoryStore": graphWith({ checkpointer: new MemorySaver(), store: new InMemoryStore() }),
    "SQLite checkpointer + store": graphWith(sqlite),
  };
  let thread = 0;
  for (const [setup, graph] of Object.entries(cases)) {
    const ms = await time(() => graph.invoke({ items }, { configurable: { thread_id: `memo-${thread++}` } }), () => undefined);
    console.log(JSON.stringify({ case: "map-reduce-memo-cost", n, latency_ms: 0, setup, ours_ms: round1(ms) }));
  }
  sqlite.close();
}

const script = fileURLToPath(import.meta.url);
for (const latencyMs of [0, 20]) {
  const rss = Number(execFileSync(process.execPath, ["--import", "tsx", script, "--rss", "10000", String(latencyMs)], { encoding: "utf8" }).trim());
  console.log(JSON.stringify({ case: "map-reduce-peak-rss", n: 10_000, latency_ms: latencyMs, peak_rss_mb: round1(rss / 2 ** 20) }));
}
printTable(rows);
