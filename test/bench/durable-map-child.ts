/**
 * One run of the durable map-reduce benchmark, in a fresh process (started by durable-map.ts):
 * `mapReduceNode` in a one-node graph, N items of 0 ms, concurrency 256, on no persistence
 * ("memory"), SQLite (`createSqlitePersistence` on a file) or PostgreSQL
 * (`createPostgresPersistence`). Prints one JSON line: the run's time, whether the output is
 * complete, how many times the worker ran, the process's peak RSS and the sizes on disk.
 *
 *   tsx test/bench/durable-map-child.ts run    <memory|sqlite|postgres> <n> <file | url | ->
 *   tsx test/bench/durable-map-child.ts kill   sqlite <n> <file> <fraction>   (SIGKILLs itself)
 *   tsx test/bench/durable-map-child.ts resume sqlite <n> <file>
 *
 * `kill` streams the run's `custom` events and, at the first progress event with
 * `done ≥ fraction × n`, writes what it saw and sends itself SIGKILL. `resume` is the program
 * started again: `resumeOrStart` with the same input.
 */
import { statSync, writeSync } from "node:fs";
import Database from "better-sqlite3";
import { END, START, StateGraph, StateSchema } from "@langchain/langgraph";
import type { BaseCheckpointSaver, BaseStore } from "@langchain/langgraph";
import { z } from "zod";
import type { ProgressEvent } from "../../src/observe/progress.js";
import { mapReduceNode } from "../../src/patterns/map-reduce.js";
import { resumeOrStart } from "../../src/patterns/resume-or-start.js";
import { createPostgresPersistence } from "../../src/persistence/postgres-persistence.js";
import { createSqlitePersistence } from "../../src/persistence/sqlite-persistence.js";

const [mode, backend, nText, target, fractionText] = process.argv.slice(2) as [string, string, string, string, string?];
const n = Number(nText);
const CONCURRENCY = 256;
const THREAD = "durable-map";

let calls = 0;
const State = new StateSchema({ items: z.array(z.number()), total: z.number().default(0), complete: z.boolean().default(false) });
const node = mapReduceNode(State, {
  items: (s) => s.items,
  worker: async (i) => {
    calls++;
    return i * 2;
  },
  // Complete: every item's result, in input order.
  reduce: (results) => ({ total: results.reduce((a, x) => a + x, 0), complete: results.length === n && results.every((r, i) => r === i * 2) }),
  concurrency: CONCURRENCY,
});
const builder = new StateGraph(State).addNode("map", node).addEdge(START, "map").addEdge("map", END);

type Backend = { checkpointer?: BaseCheckpointSaver; store?: BaseStore; close(): Promise<void> | void };
async function open(): Promise<Backend> {
  if (backend === "memory") return { close: () => undefined };
  if (backend === "sqlite") return createSqlitePersistence({ path: target });
  if (backend === "postgres") return createPostgresPersistence(target);
  throw new Error(`unknown backend ${backend}`);
}

const persistence = await open();
const graph = builder.compile({ checkpointer: persistence.checkpointer, store: persistence.store });
const input = { items: Array.from({ length: n }, (_, i) => i) };
const config = { configurable: { thread_id: THREAD } };
const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

if (mode === "kill") {
  const at = Number(fractionText) * n;
  const start = performance.now();
  for await (const chunk of await graph.stream(input, { ...config, streamMode: "custom" })) {
    const event = chunk as ProgressEvent;
    if (event.type === "progress" && event.done >= at) {
      // Synchronous write: nothing after this line runs.
      writeSync(1, `${JSON.stringify({ mode, done_seen: event.done, worker_calls: calls, ms: Math.round(performance.now() - start) })}\n`);
      process.kill(process.pid, "SIGKILL");
    }
  }
  throw new Error("the run finished before it was killed");
}

const start = performance.now();
const run = mode === "resume" ? await resumeOrStart(graph, input, config) : { action: "start", output: await graph.invoke(input, config) };
const ms = performance.now() - start;
await persistence.close();
const sizes = backend === "sqlite" ? sqliteSizes(target) : backend === "postgres" ? await postgresSizes(target) : {};
console.log(
  JSON.stringify({
    mode,
    backend,
    n,
    action: run.action,
    ms: Math.round(ms * 10) / 10,
    complete: run.output.complete && run.output.total === n * (n - 1),
    worker_calls: calls,
    max_rss_mb: maxRssMb(),
    ...sizes,
  }),
);

// Bytes on disk after the run (the connection is closed, so the WAL is folded into the file):
// `dbstat` pages of each table with its indexes, and the raw bytes of the checkpoint blobs.
function sqliteSizes(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const pages = (table: string) =>
      (db.prepare("SELECT coalesce(sum(pgsize), 0) AS b FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = ?)").get(table) as { b: number }).b;
    const blobs = db.prepare("SELECT coalesce(sum(length(checkpoint) + length(metadata)), 0) AS b, count(*) AS c FROM checkpoints WHERE thread_id = ?").get(THREAD) as { b: number; c: number };
    const writes = db.prepare("SELECT coalesce(sum(length(value)), 0) AS b, count(*) AS c FROM writes WHERE thread_id = ?").get(THREAD) as { b: number; c: number };
    const storeRows = (db.prepare("SELECT count(*) AS c FROM store_items").get() as { c: number }).c;
    const free = (db.pragma("freelist_count", { simple: true }) as number) * (db.pragma("page_size", { simple: true }) as number);
    let wal = 0;
    try {
      wal = statSync(`${file}-wal`).size;
    } catch {
      // no WAL left
    }
    return {
      file_bytes: statSync(file).size,
      wal_bytes: wal,
      free_page_bytes: free,
      checkpoint_table_bytes: pages("checkpoints") + pages("writes"),
      checkpoint_payload_bytes: blobs.b + writes.b,
      checkpoints: blobs.c,
      checkpoint_writes: writes.c,
      store_table_bytes: pages("store_items") + pages("store_namespaces"),
      store_rows_left: storeRows,
    };
  } finally {
    db.close();
  }
}

// The same on PostgreSQL (the run has a database of its own): pg_total_relation_size (heap,
// TOAST, indexes) of the checkpoint tables, and the stored bytes of the thread's rows.
async function postgresSizes(url: string) {
  // `pg` is there (the Postgres checkpointer's dependency) but untyped here: the little used is typed below.
  type Client = { connect(): Promise<void>; query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, string>[] }>; end(): Promise<void> };
  const pg = (await import("pg" as string)) as { default: { Client: new (options: { connectionString: string }) => Client } };
  const client = new pg.default.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (sql: string, params: unknown[] = []) => Number(Object.values((await client.query(sql, params)).rows[0] ?? {})[0] ?? 0);
    return {
      database_bytes: await one("SELECT pg_database_size(current_database())"),
      checkpoint_table_bytes: await one("SELECT pg_total_relation_size('checkpoints') + pg_total_relation_size('checkpoint_blobs') + pg_total_relation_size('checkpoint_writes')"),
      checkpoint_payload_bytes:
        (await one("SELECT coalesce(sum(pg_column_size(checkpoint) + pg_column_size(metadata)), 0) FROM checkpoints WHERE thread_id = $1", [THREAD])) +
        (await one("SELECT coalesce(sum(pg_column_size(blob)), 0) FROM checkpoint_blobs WHERE thread_id = $1", [THREAD])) +
        (await one("SELECT coalesce(sum(pg_column_size(blob)), 0) FROM checkpoint_writes WHERE thread_id = $1", [THREAD])),
      store_table_bytes: await one("SELECT pg_total_relation_size('store')"),
      store_rows_left: await one("SELECT count(*) FROM store"),
    };
  } finally {
    await client.end();
  }
}
