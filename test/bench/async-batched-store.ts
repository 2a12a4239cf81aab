/**
 * A minimal reproducer of the quadratic in LangGraph's `AsyncBatchedStore` (the wrapper a node
 * sees as `config.store`; defined in `@langchain/langgraph-checkpoint`, re-exported by
 * `@langchain/langgraph`). B `get`s queued in one tick against an `InMemoryStore` holding those B
 * keys, for B = 1,000, 10,000 and 50,000, side by side with:
 *   - the wrapped store's own `batch()` of the same B operations (the floor);
 *   - the same B gets through our `WriteQueue` (at most 256 operations per tick);
 *   - the wrapper's resolve loop on its own, as written (`results[Array.from(batch.keys()).indexOf(key)]`
 *     for each entry) and with the index-based fix, over a Map of B entries.
 * Median of 3 (one run at 50,000 for the wrapper as written, which takes long).
 *
 *   npm run bench:async-batched-store
 */
import { AsyncBatchedStore, InMemoryStore } from "@langchain/langgraph";
import type { Item } from "@langchain/langgraph";
import { WriteQueue } from "../../src/patterns/write-queue.js";
import { printTable, round1 } from "./measure.js";

const SIZES = [1_000, 10_000, 50_000];
const NS = ["bench", "memo"];

async function seeded(b: number): Promise<InMemoryStore> {
  const store = new InMemoryStore();
  await store.batch(Array.from({ length: b }, (_, i) => ({ namespace: NS, key: `k${i}`, value: { v: i } })));
  return store;
}

function check(items: (Item | null)[], b: number): void {
  if (items.length !== b || items.some((item, i) => (item?.value as { v: number } | undefined)?.v !== i)) throw new Error("wrong results");
}

async function timed(fn: () => Promise<void>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

// Every get queued in one tick: the wrapper sends them as one batch of B.
async function wrapperOneTick(store: InMemoryStore, b: number): Promise<void> {
  const batched = new AsyncBatchedStore(store);
  batched.start();
  const items = await Promise.all(Array.from({ length: b }, (_, i) => batched.get(NS, `k${i}`)));
  await batched.stop();
  check(items, b);
}

// The same gets through a queue that starts at most 256 of them per tick.
async function wrapperBounded(store: InMemoryStore, b: number): Promise<void> {
  const batched = new AsyncBatchedStore(store);
  batched.start();
  const items = new Array<Item | null>(b);
  const queue = new WriteQueue<number>((batch) => Promise.all(batch.map(async (i) => (items[i] = await batched.get(NS, `k${i}`)))), 256);
  await Promise.all(Array.from({ length: b }, (_, i) => queue.push(i)));
  await batched.stop();
  check(items, b);
}

async function innerBatch(store: InMemoryStore, b: number): Promise<void> {
  const items = await store.batch(Array.from({ length: b }, (_, i) => ({ namespace: NS, key: `k${i}` })));
  check(items, b);
}

// The wrapper's resolve step alone: a Map of B queued entries (keys 0…B-1) and B results.
type Entry = { resolve: (value: number) => void };
function entries(b: number): { batch: Map<number, Entry>; results: number[]; resolved: number[] } {
  const resolved = new Array<number>(b);
  const batch = new Map<number, Entry>();
  for (let i = 0; i < b; i++) batch.set(i, { resolve: (value) => (resolved[i] = value) });
  return { batch, results: Array.from({ length: b }, (_, i) => i), resolved };
}
async function resolveAsWritten(b: number): Promise<void> {
  const { batch, results, resolved } = entries(b);
  batch.forEach(({ resolve }, key) => resolve(results[Array.from(batch.keys()).indexOf(key)] as number));
  if (resolved.some((v, i) => v !== i)) throw new Error("wrong results");
}
async function resolveFixed(b: number): Promise<void> {
  const { batch, results, resolved } = entries(b);
  Array.from(batch.values()).forEach(({ resolve }, i) => resolve(results[i] as number));
  if (resolved.some((v, i) => v !== i)) throw new Error("wrong results");
}

const rows = [];
let previous: { b: number; oneTick: number; written: number } | undefined;
for (const b of SIZES) {
  const store = await seeded(b);
  const runs = b >= 50_000 ? 1 : 3;
  const oneTick = await timed(() => wrapperOneTick(store, b), runs);
  const bounded = await timed(() => wrapperBounded(store, b), 3);
  const inner = await timed(() => innerBatch(store, b), 3);
  const written = await timed(() => resolveAsWritten(b), runs);
  const fixed = await timed(() => resolveFixed(b), 3);
  const growth = (now: number, before: number | undefined) => (previous && before ? `${round1(now / before)}× (for ${b / previous.b}× B)` : "—");
  const row = {
    case: "async-batched-store",
    B: b,
    wrapper_one_tick_ms: round1(oneTick),
    one_tick_growth: growth(oneTick, previous?.oneTick),
    inner_batch_ms: round1(inner),
    wrapper_256_per_tick_ms: round1(bounded),
    resolve_loop_as_written_ms: round1(written),
    resolve_growth: growth(written, previous?.written),
    resolve_loop_fixed_ms: Math.round(fixed * 100) / 100,
    us_per_get_one_tick: round1((oneTick * 1000) / b),
    us_per_get_256: round1((bounded * 1000) / b),
  };
  rows.push(row);
  console.log(JSON.stringify(row));
  previous = { b, oneTick, written };
}
printTable(rows);
