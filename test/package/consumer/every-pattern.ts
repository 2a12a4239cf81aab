// A consumer program for the packed-package matrix: it uses every pattern through the public
// entries only, on the app's own LangGraph, and prints what each returned as one JSON line.
// Type-checked strict under `nodenext` with `skipLibCheck: false`, then compiled and run.
import { HumanMessage } from "@langchain/core/messages";
import { Command, END, InMemoryStore, MemorySaver, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { CostTracker, traceRun } from "langgraph-parallel";
import { OfflineChatModel } from "langgraph-parallel/models";
import { ThreadInterruptedError, agent, concurrent, createLauncher, fanOut, foreach, mapItems, mapReduce, mapReduceNode, quorum, race, resumeOrStart, runPool } from "langgraph-parallel/patterns";
import { concat, listField, mergeByKey, sortedMerge } from "langgraph-parallel/reducers";

const model = new OfflineChatModel({ latencyMs: 0 });

// Reducers on typed fields: parallel writers of one superstep.
const Notes = new StateSchema({ notes: listField(z.string()), ranked: listField(z.number(), sortedMerge<number>()) });
const reducers = await new StateGraph(Notes)
  .addNode("a", () => ({ notes: ["a"], ranked: [3, 1] }))
  .addNode("b", () => ({ notes: ["b"], ranked: [2] }))
  .addEdge(START, "a")
  .addEdge(START, "b")
  .addEdge("a", END)
  .addEdge("b", END)
  .compile()
  .invoke({});

// fanOut: named branches inside one node.
const Fan = new StateSchema({ out: listField(z.string()) });
const fan = await new StateGraph(Fan)
  .addNode("fan", fanOut<typeof Fan.State, typeof Fan.Update>({ x: async () => ({ out: ["x"] }), y: async () => ({ out: ["y"] }) }, { concurrency: 2 }))
  .addEdge(START, "fan")
  .addEdge("fan", END)
  .compile()
  .invoke({});

// mapReduce as a graph, with the compile options the app passes in the usual way (StateGraph.compile's).
const Squares = new StateSchema({ items: z.array(z.number()), squares: z.array(z.number()).default(() => []) });
const squaresGraph = mapReduce(
  Squares,
  { items: (s) => s.items, worker: async (n) => n * n, reduce: (squares) => ({ squares }), concurrency: 2 },
  { checkpointer: new MemorySaver(), store: new InMemoryStore(), interruptBefore: ["reduce"], name: "squares" },
);
const squaresThread = { configurable: { thread_id: "squares" } };
await squaresGraph.invoke({ items: [1, 2, 3] }, squaresThread); // pauses before reduce
const pausedAt = (await squaresGraph.getState(squaresThread)).next;
if (squaresGraph.name !== "squares" || pausedAt.join() !== "reduce") throw new Error(`mapReduce ignored its compile options: ${squaresGraph.name}, next ${pausedAt.join()}`);
// resumeOrStart does not pass a breakpoint (it needs a review); invoke(null) does.
const atBreakpoint = await resumeOrStart(squaresGraph, { items: [1, 2, 3] }, squaresThread).then(
  () => "ran",
  (e: unknown) => (e instanceof ThreadInterruptedError ? e.breakpoint?.nodes.join() : String(e)),
);
if (atBreakpoint !== "reduce") throw new Error(`resumeOrStart did not stop at the breakpoint: ${atBreakpoint}`);
const mapped = await squaresGraph.invoke(null, squaresThread);

// Per-item questions inside a map: answered by id (LangGraph's resume map), then by a plain value.
const asking = mapReduce(
  Squares,
  { items: (s) => s.items, worker: async (n, { interrupt }) => (n % 2 ? n * (await interrupt<number>(`times what for ${n}?`)) : n), reduce: (squares) => ({ squares }) },
  { checkpointer: new MemorySaver(), store: new InMemoryStore() },
);
const askThread = { configurable: { thread_id: "asks" } };
await asking.invoke({ items: [1, 2, 3] }, askThread);
const asked = (await asking.getState(askThread)).tasks.flatMap((t) => t.interrupts);
await asking.invoke(new Command({ resume: { [asked[0]!.id!]: 10 } }), askThread); // item 1 answered; item 3 asks again
const answered = await asking.invoke(new Command({ resume: 100 }), askThread); // one item waits: a plain value answers it

// mapReduceNode inside the app's own graph.
const Words = new StateSchema({ words: z.array(z.string()), lengths: listField(z.number()) });
const node = await new StateGraph(Words)
  .addNode("measure", mapReduceNode(Words, { items: (s) => s.words, worker: async (w) => w.length, reduce: (lengths) => ({ lengths }) }))
  .addEdge(START, "measure")
  .addEdge("measure", END)
  .compile({ checkpointer: new MemorySaver() })
  .invoke({ words: ["map", "reduce"] }, { configurable: { thread_id: "t" } });

const items = await mapItems([1, 2, 3], async (n) => n + 1, { concurrency: 2 });
const pooled = await runPool([3, 1, 2], async (n) => n * 10, { concurrency: 2 });
const each = await foreach([{ id: "p" }, { id: "q" }], async ({ id }) => id.toUpperCase(), { concurrency: 2 });
const raced = await race({ one: async (n: number) => n + 1, two: async (n: number) => n + 2 }, 1, { mode: quorum(2) });

// concurrent: one prompt to every participant (an agent among them), aggregated.
const costs = new CostTracker();
const panelists = () => [agent({ name: "Ada", model, instructions: "Be brief." }), agent({ name: "Bo", model, instructions: "Be kind." })];
const panel = concurrent({ participants: panelists() });
const conversation = await panel.invoke({ messages: [new HumanMessage("Name one parallel pattern.")] }, { callbacks: [costs] });
// ... with a typed result, and over the app's own state (its keys kept, the answers in participant order).
const tally: number = (await concurrent({ participants: panelists(), aggregator: (responses) => responses.length }).invoke({ messages: [new HumanMessage("Count.")] })).result;
const Review = new StateSchema({ draft: z.string(), verdicts: z.array(z.string()).default(() => []) });
const review = await concurrent(Review, {
  participants: panelists(),
  input: (s) => [new HumanMessage(s.draft)],
  aggregator: (responses) => responses.map((r) => `${r.index}:${r.name}`),
  output: (verdicts) => ({ verdicts }),
}).invoke({ draft: "Ship it?" });

// A launch from outside a node, with an explicit id, on the app's store.
const launcher = createLauncher({ store: new InMemoryStore(), workers: { double: async (n: number) => n * 2 } });
const id = await launcher.launch("double", 21, { id: "double-21" });

const trace = await traceRun(new StateGraph(Fan).addNode("only", () => ({ out: ["o"] })).addEdge(START, "only").addEdge("only", END).compile(), {});

console.log(
  JSON.stringify({
    reducers,
    concat: concat([1], [[2], [3]]),
    merged: mergeByKey<{ id: string; v: number }>({ key: (r) => r.id })([{ id: "a", v: 1 }], [[{ id: "a", v: 2 }]]),
    fan: fan.out,
    mapped: mapped.squares,
    asked: asked.length,
    answered: answered.squares,
    node: node.lengths,
    items,
    pooled,
    each,
    raced: raced.map((o) => o.status),
    conversation: conversation.messages.map((m) => m.name ?? m.getType()),
    tally,
    review,
    calls: costs.total().calls,
    launched: await launcher.result(id),
    traced: trace.supersteps.map((s) => s.tasks.map((t) => t.node)),
  }),
);
