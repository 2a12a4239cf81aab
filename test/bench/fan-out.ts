/**
 * Static fan-out overhead: a → (k branches, each sleeping L ms) → d, measured side by side as
 *   - a hand-written LangGraph graph with k branch nodes,
 *   - a LangGraph graph whose middle node is our `fanOut` of the k branches,
 *   - plain `Promise.all`.
 * The ideal is the critical path L_a + max(L_branch) + L_d; the table shows how far above it
 * each one lands.
 *
 *   npm run bench:fan-out
 */
import { setTimeout as sleep } from "node:timers/promises";
import { END, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { fanOut } from "../../src/patterns/fan-out.js";
import { listField } from "../../src/reducers/fields.js";
import { medianMs, printTable, round1 } from "./measure.js";

const LATENCY_MS = 50;
const State = new StateSchema({ state: listField(z.string()) });

const work = (name: string) => async () => {
  await sleep(LATENCY_MS);
  return { state: [name] };
};

function buildGraph(k: number) {
  const builder = new StateGraph(State).addNode("a", work("a")).addNode("d", work("d"));
  for (let i = 0; i < k; i++) builder.addNode(`b${i}`, work(`b${i}`));
  const b = builder as unknown as StateGraph<typeof State, typeof State.State, typeof State.Update, string>;
  b.addEdge(START, "a");
  for (let i = 0; i < k; i++) b.addEdge("a", `b${i}`).addEdge(`b${i}`, "d");
  b.addEdge("d", END);
  return b.compile();
}

function buildFanOutGraph(k: number) {
  const branches = Object.fromEntries(Array.from({ length: k }, (_, i) => [`b${i}`, work(`b${i}`)]));
  return new StateGraph(State)
    .addNode("a", work("a"))
    .addNode("fan", fanOut<typeof State.State, typeof State.Update>(branches))
    .addNode("d", work("d"))
    .addEdge(START, "a")
    .addEdge("a", "fan")
    .addEdge("fan", "d")
    .addEdge("d", END)
    .compile();
}

async function promiseAll(k: number): Promise<string[]> {
  const state: string[] = [];
  await sleep(LATENCY_MS);
  state.push("a");
  const branches = await Promise.all(Array.from({ length: k }, async (_, i) => (await sleep(LATENCY_MS), `b${i}`)));
  state.push(...branches);
  await sleep(LATENCY_MS);
  state.push("d");
  return state;
}

const rows = [];
for (const k of [3, 10, 100]) {
  const graph = buildGraph(k);
  const fanOutGraph = buildFanOutGraph(k);
  const critical = 3 * LATENCY_MS;
  const graphMs = await medianMs(() => graph.invoke({ state: [] }), 7);
  const fanOutMs = await medianMs(() => fanOutGraph.invoke({ state: [] }), 7);
  const allMs = await medianMs(() => promiseAll(k), 7);
  const row = {
    case: "static-fan-out",
    k,
    latency_ms: LATENCY_MS,
    critical_path_ms: critical,
    langgraph_nodes_ms: round1(graphMs),
    fan_out_ms: round1(fanOutMs),
    promise_all_ms: round1(allMs),
    nodes_over_critical_ms: round1(graphMs - critical),
    fan_out_over_critical_ms: round1(fanOutMs - critical),
    promise_all_over_critical_ms: round1(allMs - critical),
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
printTable(rows);
