import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, END, InMemoryStore, interrupt, MemorySaver, ParentCommand, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { fanOut } from "../../src/patterns/fan-out.js";
import { foreach } from "../../src/patterns/foreach.js";
import { ItemInterruptError, type ItemQuestion } from "../../src/patterns/item-interrupts.js";
import { mapItems } from "../../src/patterns/map-items.js";
import { readMapProgress } from "../../src/patterns/map-progress.js";
import { mapReduce, mapReduceNode } from "../../src/patterns/map-reduce.js";
import { createSqlitePersistence } from "../../src/persistence/sqlite-persistence.js";
import { listField } from "../../src/reducers/fields.js";

const dir = mkdtempSync(join(tmpdir(), "lgp-item-interrupts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const State = new StateSchema({ refunds: z.array(z.number()), decisions: z.array(z.string()).default(() => []) });

/** 50 refunds; every fifth (index 4, 9, …) needs a human's approval. Counts worker calls per item. */
function approvals(options: { failure?: "settled" } = {}) {
  const calls = new Array<number>(50).fill(0);
  const persistence = createSqlitePersistence({ path: join(dir, `${Math.random().toString(36).slice(2)}.sqlite`) });
  const graph = mapReduce(
    State,
    {
      items: (s) => s.refunds,
      worker: async (amount, { index, interrupt }) => {
        calls[index]!++;
        if (index % 5 !== 4) return `refund ${amount}: auto`;
        const answer = await interrupt<string>(`Approve refund of ${amount}?`);
        return `refund ${amount}: ${answer}`;
      },
      reduce: (decisions) => ({ decisions: decisions.map((d) => (typeof d === "string" ? d : "failed")) }),
      concurrency: 8,
      name: "approve",
      ...options,
    },
    { checkpointer: persistence.checkpointer, store: persistence.store },
  );
  return { graph, calls, persistence, input: { refunds: Array.from({ length: 50 }, (_, i) => 100 + i) } };
}

const asking = Array.from({ length: 10 }, (_, k) => 5 * k + 4);
const expected = (answer: (index: number) => string) =>
  Array.from({ length: 50 }, (_, i) => `refund ${100 + i}: ${i % 5 === 4 ? answer(i) : "auto"}`);

async function pendingQuestions(graph: { getState(config: object): Promise<{ tasks: readonly { interrupts: readonly { id?: string; value?: unknown }[] }[] }> }, config: object) {
  const snapshot = await graph.getState(config);
  return snapshot.tasks.flatMap((t) => t.interrupts.map((i) => ({ id: i.id as string, value: i.value as ItemQuestion<string> })));
}

describe("context.interrupt inside a map (50 items on SQLite, every fifth asks)", () => {
  it("stops once with one question per asking item, each naming its item, after the others finished", async () => {
    const { graph, calls, persistence, input } = approvals();
    const config = { configurable: { thread_id: "one-round" } };
    const first = (await graph.invoke(input, config)) as unknown as { __interrupt__: { id: string; value: ItemQuestion<string> }[] };

    expect(first.__interrupt__.map((i) => i.value.index)).toEqual(asking);
    const questions = await pendingQuestions(graph, config);
    expect(questions.map((q) => q.value.index)).toEqual(asking);
    expect(questions[0]!.value).toMatchObject({ step: "approve", node: "map", index: 4, label: "item 4 (104)", question: "Approve refund of 104?", progress: { done: 40, waiting: 10, total: 50 } });
    expect(new Set(questions.map((q) => q.id)).size).toBe(10);
    expect(questions.every((q) => /^[0-9a-f]{32}$/.test(q.id))).toBe(true);
    expect(calls.every((c) => c === 1)).toBe(true);

    // One round: every answer by id.
    const answers = Object.fromEntries(questions.map((q) => [q.id, `approved #${q.value.index}`]));
    const done = await graph.invoke(new Command({ resume: answers }), config);
    expect(done.decisions).toEqual(expected((i) => `approved #${i}`));
    // No finished item ran again; each asking item ran once to ask and once with its answer.
    expect(calls.filter((_, i) => i % 5 !== 4).every((c) => c === 1)).toBe(true);
    expect(asking.map((i) => calls[i])).toEqual(asking.map(() => 2));
    expect((await graph.getState(config)).next).toEqual([]);
    persistence.close();
  });

  it("takes the answers over several rounds; the ids of the questions still waiting stay the same", async () => {
    const { graph, calls, persistence, input } = approvals();
    const config = { configurable: { thread_id: "rounds" } };
    await graph.invoke(input, config);
    const all = await pendingQuestions(graph, config);
    const idOf = new Map(all.map((q) => [q.value.index, q.id]));

    const rounds = [asking.slice(0, 3), asking.slice(3, 7), asking.slice(7)];
    let output;
    for (const [r, indices] of rounds.entries()) {
      output = await graph.invoke(new Command({ resume: Object.fromEntries(indices.map((i) => [idOf.get(i)!, `round ${r + 1}`])) }), config);
      const waiting = asking.filter((i) => !rounds.slice(0, r + 1).flat().includes(i));
      const still = await pendingQuestions(graph, config);
      expect(still.map((q) => [q.value.index, q.id])).toEqual(waiting.map((i) => [i, idOf.get(i)]));
      if (waiting.length > 0) expect(still[0]!.value.progress).toEqual({ done: 50 - waiting.length, waiting: waiting.length, total: 50 });
    }
    expect(output!.decisions).toEqual(expected((i) => `round ${rounds.findIndex((r) => r.includes(i)) + 1}`));
    expect(calls.filter((_, i) => i % 5 !== 4).every((c) => c === 1)).toBe(true);
    // An item asks again in every round until it is answered: items of round 3 ran 4 times.
    expect(asking.map((i) => calls[i])).toEqual(asking.map((i) => 1 + rounds.findIndex((r) => r.includes(i)) + 1));
    persistence.close();
  });

  it("answers one waiting question with a plain Command({ resume: value }), as LangGraph does for one interrupt", async () => {
    const graph = mapReduce(
      State,
      {
        items: (s) => s.refunds,
        worker: async (amount, { interrupt }) => (amount > 500 ? `${amount}: ${await interrupt<string>(`Approve ${amount}?`)}` : `${amount}: auto`),
        reduce: (decisions) => ({ decisions }),
      },
      { checkpointer: new MemorySaver(), store: new InMemoryStore() },
    );
    const config = { configurable: { thread_id: "plain" } };
    await graph.invoke({ refunds: [10, 900, 20] }, config);
    const done = await graph.invoke(new Command({ resume: "yes" }), config);
    expect(done.decisions).toEqual(["10: auto", "900: yes", "20: auto"]);
  });

  it("answers every waiting item with a plain Command({ resume: value }), as LangGraph gives one value to every waiting interrupt", async () => {
    const { graph, persistence, input } = approvals();
    const config = { configurable: { thread_id: "plain-all" } };
    await graph.invoke(input, config);
    const done = await graph.invoke(new Command({ resume: "yes" }), config);
    expect(done.decisions).toEqual(expected(() => "yes"));
    persistence.close();
  });

  it("settled: an item that failed is not run again in answer rounds, and counts as done", async () => {
    const calls: number[] = [];
    const graph = mapReduce(
      State,
      {
        items: (s) => s.refunds,
        worker: async (n, { interrupt }) => {
          calls.push(n);
          if (n === 13) throw new TypeError("unlucky refund");
          return n > 500 ? `${n}: ${await interrupt<string>(`ok ${n}?`)}` : `${n}: auto`;
        },
        reduce: (outcomes) => ({ decisions: outcomes.map((o) => (o.ok ? o.value : `failed: ${o.error.message}`)) }),
        failure: "settled",
      },
      { checkpointer: new MemorySaver(), store: new InMemoryStore() },
    );
    const config = { configurable: { thread_id: "settled-failures" } };
    await graph.invoke({ refunds: [1, 13, 900, 901] }, config);
    const [q900, q901] = await pendingQuestions(graph, config);
    expect(q900!.value.progress).toEqual({ done: 2, waiting: 2, total: 4 });
    expect(await readMapProgress(graph, config)).toEqual([{ step: "map", node: "map", done: 2, waiting: 2, total: 4 }]);
    await graph.invoke(new Command({ resume: { [q900!.id]: "yes" } }), config);
    const done = await graph.invoke(new Command({ resume: { [q901!.id]: "no" } }), config);
    expect(done.decisions).toEqual(["1: auto", "failed: unlucky refund", "900: yes", "901: no"]);
    expect(calls.filter((n) => n === 13)).toEqual([13]);
    expect(calls.filter((n) => n === 1)).toEqual([1]);
  });

  it("memo: false keeps questions working (finished items then run again in each round)", async () => {
    const calls: number[] = [];
    const graph = mapReduce(
      State,
      { items: (s) => s.refunds, worker: async (n, { interrupt }) => (calls.push(n), n > 500 ? `${n}: ${await interrupt<string>("ok?")}` : `${n}: auto`), reduce: (decisions) => ({ decisions }), memo: false },
      { checkpointer: new MemorySaver(), store: new InMemoryStore() },
    );
    const config = { configurable: { thread_id: "no-memo" } };
    await graph.invoke({ refunds: [1, 900] }, config);
    const done = await graph.invoke(new Command({ resume: "yes" }), config);
    expect(done.decisions).toEqual(["1: auto", "900: yes"]);
    expect(calls).toEqual([1, 900, 1, 900]);
  });

  it("a store without a checkpointer cannot pause: one ItemInterruptError instead of an interrupt nobody can resume", async () => {
    const graph = mapReduce(State, { items: (s) => s.refunds, worker: async (n, { interrupt }) => `${n}: ${await interrupt<string>("ok?")}`, reduce: (decisions) => ({ decisions }) }, { store: new InMemoryStore() });
    await expect(graph.invoke({ refunds: [1] }, { configurable: { thread_id: "no-checkpointer" } })).rejects.toThrow(/needs a graph run with a checkpointer, a store and a thread_id/);
  });

  it("two same-named map steps side by side: each question names its node, and progress is counted per node", async () => {
    const S = new StateSchema({ refunds: z.array(z.number()), left: z.array(z.string()).default(() => []), right: z.array(z.string()).default(() => []) });
    const side = (key: "left" | "right", asks: (n: number) => boolean) =>
      mapReduceNode(S, { items: (s) => s.refunds, worker: async (n, { interrupt }) => (asks(n) ? `${n}: ${await interrupt<string>("ok?")}` : `${n}`), reduce: (out) => ({ [key]: out }) });
    const graph = new StateGraph(S)
      .addNode("l", side("left", (n) => n === 1))
      .addNode("r", side("right", (n) => n !== 1))
      .addEdge(START, "l")
      .addEdge(START, "r")
      .addEdge("l", END)
      .addEdge("r", END)
      .compile({ checkpointer: new MemorySaver(), store: new InMemoryStore() });
    const config = { configurable: { thread_id: "same-names" } };
    await graph.invoke({ refunds: [1, 2, 3] }, config);
    const questions = await pendingQuestions(graph, config);
    expect(questions.map((q) => [q.value.node, q.value.index])).toEqual([["l", 0], ["r", 1], ["r", 2]]);
    expect(await readMapProgress(graph, config)).toEqual([
      { step: "map", node: "l", done: 2, waiting: 1, total: 3 },
      { step: "map", node: "r", done: 1, waiting: 2, total: 3 },
    ]);
  });

  it("lets one item ask twice: the first answer is replayed when it runs again", async () => {
    const asked: string[] = [];
    const graph = mapReduce(
      State,
      {
        items: (s) => s.refunds,
        worker: async (amount, { interrupt }) => {
          if (amount < 500) return `${amount}: auto`;
          const who = await interrupt<string>("Who approves?");
          asked.push(who);
          const when = await interrupt<string>(`When does ${who} approve?`);
          return `${amount}: ${who} ${when}`;
        },
        reduce: (decisions) => ({ decisions }),
      },
      { checkpointer: new MemorySaver(), store: new InMemoryStore() },
    );
    const config = { configurable: { thread_id: "twice" } };
    const first = (await graph.invoke({ refunds: [900, 1] }, config)) as unknown as { __interrupt__: { id: string; value: ItemQuestion }[] };
    expect(first.__interrupt__.map((i) => i.value.question)).toEqual(["Who approves?"]);
    const second = (await graph.invoke(new Command({ resume: { [first.__interrupt__[0]!.id]: "Ana" } }), config)) as unknown as typeof first;
    expect(second.__interrupt__.map((i) => i.value.question)).toEqual(["When does Ana approve?"]);
    expect(second.__interrupt__[0]!.id).not.toBe(first.__interrupt__[0]!.id);
    const done = await graph.invoke(new Command({ resume: { [second.__interrupt__[0]!.id]: "today" } }), config);
    expect(done.decisions).toEqual(["900: Ana today", "1: auto"]);
    expect(asked).toEqual(["Ana", "Ana"]);
  });

  it("asks from a mapReduceNode inside a sub-graph too: the resume map reaches the nested step", async () => {
    const inner = new StateGraph(State)
      .addNode("approve", mapReduceNode(State, { items: (s) => s.refunds, worker: async (n, { interrupt }) => `${n}: ${await interrupt<string>(`ok ${n}?`)}`, reduce: (decisions) => ({ decisions }) }))
      .addEdge(START, "approve")
      .addEdge("approve", END)
      .compile();
    const outer = new StateGraph(State).addNode("review", inner).addEdge(START, "review").addEdge("review", END).compile({ checkpointer: new MemorySaver(), store: new InMemoryStore() });
    const config = { configurable: { thread_id: "nested" } };
    const first = (await outer.invoke({ refunds: [1, 2] }, config)) as unknown as { __interrupt__: { id: string; value: ItemQuestion }[] };
    expect(first.__interrupt__.map((i) => i.value.question)).toEqual(["ok 1?", "ok 2?"]);
    const done = await outer.invoke(new Command({ resume: Object.fromEntries(first.__interrupt__.map((i, k) => [i.id, k === 0 ? "yes" : "no"])) }), config);
    expect(done.decisions).toEqual(["1: yes", "2: no"]);
  });
});

describe("LangGraph's signals from a worker", () => {
  it("a raw interrupt() in a worker fails with one error naming the item and pointing to context.interrupt, in settled mode too", async () => {
    const graph = mapReduce(
      State,
      { items: (s) => s.refunds, worker: (n) => (n === 2 ? interrupt("ok?") : "auto"), reduce: (decisions) => ({ decisions: decisions.map(String) }), failure: "settled" },
      { checkpointer: new MemorySaver(), store: new InMemoryStore() },
    );
    const error = await graph.invoke({ refunds: [1, 2, 3] }, { configurable: { thread_id: "raw" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ItemInterruptError);
    expect((error as Error).message).toBe("map: item 1 (2) called LangGraph's interrupt() inside the worker, which cannot tell the items of one step apart.");
    expect((error as ItemInterruptError).hint).toMatch(/async \(item, \{ interrupt \}\) =>/);
  });

  it("context.interrupt outside a graph run rejects with an ItemInterruptError, whatever the failure policy", async () => {
    await expect(mapItems(["refund #17"], (t, { interrupt }) => interrupt(`Approve ${t}?`), { failure: "settled" })).rejects.toThrow(
      'map: item 0 ("refund #17") asked a question, but this step has nowhere to keep questions and answers: context.interrupt needs a graph run with a checkpointer, a store and a thread_id.',
    );
  });

  it("never retries a question, whatever retryOn says", async () => {
    let calls = 0;
    const graph = mapReduce(
      State,
      { items: (s) => s.refunds, worker: async (_n, { interrupt }) => (calls++, interrupt("ok?")), reduce: (decisions) => ({ decisions: decisions.map(String) }), retry: { maxAttempts: 5, retryOn: () => true } },
      { checkpointer: new MemorySaver(), store: new InMemoryStore() },
    );
    await graph.invoke({ refunds: [1] }, { configurable: { thread_id: "no-retry" } });
    expect(calls).toBe(1);
  });

  it("passes Command.PARENT from a worker through to the parent graph, which follows its goto", async () => {
    const Outer = new StateSchema({ refunds: z.array(z.number()), decisions: z.array(z.string()).default(() => []), log: listField(z.string()) });
    const inner = new StateGraph(Outer)
      .addNode("approve", mapReduceNode(Outer, {
        items: (s) => s.refunds,
        worker: (n) => {
          if (n === 13) throw new ParentCommand(new Command({ graph: Command.PARENT, goto: "escalate", update: { log: ["unlucky refund"] } }));
          return `${n}`;
        },
        reduce: (outcomes) => ({ decisions: outcomes.map((o) => (o.ok ? o.value : o.error.message)) }),
        failure: "settled",
      }))
      .addEdge(START, "approve")
      .compile();
    const outer = new StateGraph(Outer)
      .addNode("review", inner, { ends: ["escalate"] })
      .addNode("escalate", () => ({ log: ["escalated"] }))
      .addEdge(START, "review")
      .addEdge("escalate", END)
      .compile();
    const out = await outer.invoke({ refunds: [1, 13, 2] });
    expect(out.log).toEqual(["unlucky refund", "escalated"]);
    expect(out.decisions).toEqual([]);
  });
});

describe("foreach and mapItems let LangGraph's signals through as they are", () => {
  it("a ParentCommand from one item rejects the call with that same object, in settled mode too, and aborts the others", async () => {
    const parent = new ParentCommand(new Command({ graph: Command.PARENT, goto: "escalate" }));
    const aborted: number[] = [];
    const error = await foreach(
      [1, 2, 3],
      (n, { signal }) =>
        n === 2
          ? Promise.reject(parent)
          : new Promise<never>((_, reject) => signal.addEventListener("abort", () => (aborted.push(n), reject(signal.reason)), { once: true })),
      { failure: "settled" },
    ).catch((e: unknown) => e);
    expect(error).toBe(parent);
    expect(aborted).toEqual([1, 3]);
  });
});

describe("a run cancelled through its signal", () => {
  // Every item (branch) works until its signal aborts; the test aborts once all have started.
  const untilAborted = (events: string[], name: string, started: () => void) => (signal: AbortSignal) =>
    new Promise<never>((_, reject) => {
      signal.addEventListener("abort", () => (events.push(`${name} aborted`), reject(signal.reason)), { once: true });
      events.push(`${name} started`);
      started();
    });

  it("mapReduce (settled): every item is aborted, none is recorded as failed, the run rejects with the reason", async () => {
    const events: string[] = [];
    const controller = new AbortController();
    let started = 0;
    const work = (name: string) => untilAborted(events, name, () => ++started === 3 && controller.abort(new Error("user pressed stop")));
    const graph = mapReduce(
      State,
      { items: (s) => s.refunds, worker: (n, { signal }) => work(`item ${n}`)(signal), reduce: () => ({ decisions: ["reduced"] }), failure: "settled" },
      { checkpointer: new MemorySaver(), store: new InMemoryStore() },
    );
    const config = { configurable: { thread_id: "cancelled" }, signal: controller.signal };
    await expect(graph.invoke({ refunds: [1, 2, 3] }, config)).rejects.toThrow("user pressed stop");
    expect(events).toEqual(["item 1 started", "item 2 started", "item 3 started", "item 1 aborted", "item 2 aborted", "item 3 aborted"]);
    expect((await graph.getState({ configurable: { thread_id: "cancelled" } })).values.decisions).toEqual([]);
  });

  it("fanOut: every branch is aborted and the run rejects with the reason", async () => {
    const S = new StateSchema({ notes: listField(z.string()) });
    const events: string[] = [];
    const controller = new AbortController();
    let started = 0;
    const branch = (name: string) => (_s: unknown, config: { signal?: AbortSignal }) =>
      untilAborted(events, name, () => ++started === 2 && controller.abort(new Error("user pressed stop")))(config.signal!);
    const graph = new StateGraph(S).addNode("review", fanOut<typeof S.State, typeof S.Update>({ legal: branch("legal"), brand: branch("brand") })).addEdge(START, "review").compile();
    await expect(graph.invoke({}, { signal: controller.signal })).rejects.toThrow("user pressed stop");
    expect(events).toEqual(["legal started", "brand started", "legal aborted", "brand aborted"]);
  });
});

describe("context.interrupt in fanOut branches", () => {
  it("parks the branches that ask; the one that did not ask is not run again on resume", async () => {
    const S = new StateSchema({ notes: listField(z.string()) });
    const runs: string[] = [];
    const graph = new StateGraph(S)
      .addNode("review", fanOut<typeof S.State, typeof S.Update>({
        legal: async (_s, _c, { interrupt }) => (runs.push("legal"), { notes: [`legal: ${await interrupt<string>("Is the claim legal?")}`] }),
        budget: async () => (runs.push("budget"), { notes: ["budget: fine"] }),
        brand: async (_s, _c, { interrupt }) => (runs.push("brand"), { notes: [`brand: ${await interrupt<string>("On brand?")}`] }),
      }))
      .addEdge(START, "review")
      .addEdge("review", END)
      .compile({ checkpointer: new MemorySaver(), store: new InMemoryStore() });
    const config = { configurable: { thread_id: "fan-out" } };
    const first = (await graph.invoke({}, config)) as unknown as { __interrupt__: { id: string; value: ItemQuestion }[] };
    expect(first.__interrupt__.map((i) => [i.value.label, i.value.question])).toEqual([
      ['branch "legal"', "Is the claim legal?"],
      ['branch "brand"', "On brand?"],
    ]);
    const [legal, brand] = first.__interrupt__;
    const done = await graph.invoke(new Command({ resume: { [legal!.id]: "yes", [brand!.id]: "mostly" } }), config);
    expect(done.notes).toEqual(["legal: yes", "budget: fine", "brand: mostly"]);
    expect(runs.filter((r) => r === "budget")).toEqual(["budget"]);
  });
});

describe("readMapProgress: how far a stopped thread's map had got", () => {
  it("reads a paused thread from its questions, a crashed one from the store, a finished one as nothing", async () => {
    const { graph, persistence, input } = approvals();
    const config = { configurable: { thread_id: "progress" } };
    await graph.invoke(input, config);
    expect(await readMapProgress(graph, config)).toEqual([{ step: "approve", node: "map", done: 40, waiting: 10, total: 50 }]);

    const questions = await pendingQuestions(graph, config);
    await graph.invoke(new Command({ resume: Object.fromEntries(questions.map((q) => [q.id, "ok"])) }), config);
    expect(await readMapProgress(graph, config)).toEqual([]);
    persistence.close();
  });

  it("counts the memoised items of a map that crashed at item 30 of 50, inside a sub-graph", async () => {
    const crashing = mapReduceNode(State, {
      items: (s) => s.refunds,
      worker: (n, { index }) => {
        if (index === 30) throw new TypeError("bad refund");
        return `${n}`;
      },
      reduce: (decisions) => ({ decisions }),
      concurrency: 1,
      name: "approve",
    });
    const inner = new StateGraph(State).addNode("approve", crashing).addEdge(START, "approve").addEdge("approve", END).compile();
    const outer = new StateGraph(State).addNode("review", inner).addEdge(START, "review").addEdge("review", END).compile({ checkpointer: new MemorySaver(), store: new InMemoryStore() });
    const config = { configurable: { thread_id: "crashed" } };
    await expect(outer.invoke({ refunds: Array.from({ length: 50 }, (_, i) => i) }, config)).rejects.toThrow("bad refund");
    expect(await readMapProgress(outer, config)).toEqual([{ step: "approve", node: "review|approve", done: 30, waiting: 0, total: 50 }]);
  });

  it("needs the thread", async () => {
    const { graph, persistence } = approvals();
    await expect(readMapProgress(graph, { configurable: {} })).rejects.toThrow("readMapProgress needs the thread");
    persistence.close();
  });
});
