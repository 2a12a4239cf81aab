/**
 * `mapReduce` against a well-kept promise pool that is not ours (`p-map`), side by side in one run:
 * 2,000 items × 20 ms at concurrency 64, so the ideal is ⌈2,000 / 64⌉ × 20 ms = 640 ms.
 *   - `mapReduce`: our graph (START → map → reduce → END), no checkpointer;
 *   - `p-map`: `pMap(items, worker, { concurrency: 64 })`, the floor;
 *   - `runPool`: our promise pool with no framework;
 *   - one `Send` per item: a hand-written LangGraph graph, `maxConcurrency: 64`.
 * One warm-up of each, then 5 rounds, each running the four in turn (so load drifts hit all of
 * them alike); the median of the 5 per contender. Every result list is checked.
 *
 *   npm run bench:map-reduce-p-map
 */
import { setTimeout as sleep } from "node:timers/promises";
import { END, Send, START, StateGraph, StateSchema } from "@langchain/langgraph";
import pMap from "p-map";
import { z } from "zod";
import { mapReduce } from "../../src/patterns/map-reduce.js";
import { runPool } from "../../src/patterns/task-pool.js";
import { listField } from "../../src/reducers/fields.js";
import { printTable, round1 } from "./measure.js";

const N = 2_000;
const LATENCY_MS = 20;
const CONCURRENCY = 64;
const ROUNDS = 5;
const IDEAL_MS = Math.ceil(N / CONCURRENCY) * LATENCY_MS;

const State = new StateSchema({ items: z.array(z.number()), results: listField(z.number()) });
const work = async (item: number) => {
  await sleep(LATENCY_MS);
  return item * 2;
};
const items = Array.from({ length: N }, (_, i) => i);
const expected = items.map((i) => i * 2);

const ours = mapReduce(State, { items: (s) => s.items, worker: work, reduce: (results) => ({ results }), concurrency: CONCURRENCY });
const naive = new StateGraph(State)
  .addNode("work", async (input: { item: number }) => ({ results: [await work(input.item)] }))
  .addConditionalEdges(START, (s) => s.items.map((item) => new Send("work", { item })))
  .addEdge("work", END)
  .compile();

const contenders: Record<string, () => Promise<number[]>> = {
  mapReduce: async () => (await ours.invoke({ items })).results,
  "p-map": () => pMap(items, work, { concurrency: CONCURRENCY }),
  runPool: () => runPool(items, work, { concurrency: CONCURRENCY }),
  // The Send graph's results arrive in completion order.
  "one Send per item": async () => [...(await naive.invoke({ items }, { maxConcurrency: CONCURRENCY })).results].sort((a, b) => a - b),
};

const times: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
for (const run of Object.values(contenders)) await run(); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(contenders)) {
    const start = performance.now();
    const results = await run();
    const ms = performance.now() - start;
    if (results.length !== N || results.some((r, i) => r !== expected[i])) throw new Error(`${name}: wrong results`);
    times[name]!.push(ms);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const floor = median(times["p-map"]!);
const rows = Object.entries(times).map(([name, ms]) => {
  const row = {
    case: "map-reduce-vs-p-map",
    contender: name,
    n: N,
    latency_ms: LATENCY_MS,
    concurrency: CONCURRENCY,
    median_ms: round1(median(ms)),
    runs_ms: ms.map((t) => Math.round(t)).join(" / "),
    vs_p_map: Math.round((median(ms) / floor) * 1000) / 1000,
    over_ideal_ms: round1(median(ms) - IDEAL_MS),
  };
  console.log(JSON.stringify(row));
  return row;
});
printTable(rows);
const ratio = median(times.mapReduce!) / floor;
console.log(JSON.stringify({ case: "map-reduce-vs-p-map-target", target: "mapReduce ≤ 1.03× p-map", value: Math.round(ratio * 1000) / 1000, result: ratio <= 1.03 ? "pass" : "FAIL", ideal_ms: IDEAL_MS }));
