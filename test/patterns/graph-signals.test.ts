import { HumanMessage } from "@langchain/core/messages";
import { RunnableLambda } from "@langchain/core/runnables";
import { tool } from "@langchain/core/tools";
import {
  Command,
  END,
  interrupt,
  isGraphInterrupt,
  isParentCommand,
  MemorySaver,
  MessagesValue,
  ParentCommand,
  START,
  StateGraph,
  StateSchema,
} from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { agent } from "../../src/patterns/agent.js";
import { concurrent } from "../../src/patterns/concurrent.js";
import { isLangGraphSignal } from "../../src/patterns/graph-signals.js";
import { quorum, race, RaceInterruptError, type RaceMode } from "../../src/patterns/race.js";
import { resolveRetry, retrying } from "../../src/patterns/retry.js";
import { listField } from "../../src/reducers/fields.js";
import { barrier, latch } from "../support/barrier.js";

const modes: [string, RaceMode][] = [["settled", "settled"], ["any", "any"], ["quorum(2)", quorum(2)]];
// Retry everything, at once: a signal that got retried would show up as a second attempt.
const retryAll = { maxAttempts: 3, initialDelayMs: 0, jitter: false, retryOn: () => true };

// A contestant that works until its signal aborts, and only that ends it; notes both in `events`.
const stalling = (name: string, events: string[], started?: { open(): void }) => (_input: unknown, { signal }: { signal: AbortSignal }) =>
  new Promise<never>((_, reject) => {
    signal.addEventListener("abort", () => (events.push(`${name} aborted: ${(signal.reason as Error).message}`), reject(signal.reason)), { once: true });
    events.push(`${name} started`);
    started?.open();
  });

describe("isLangGraphSignal", () => {
  it("is true for LangGraph's GraphBubbleUps only, and safe on anything thrown", () => {
    let thrown: unknown;
    try {
      interrupt("outside a graph");
    } catch (e) {
      thrown = e;
    }
    expect(isLangGraphSignal(thrown)).toBe(false); // no graph, no checkpointer: an ordinary error
    expect(isLangGraphSignal(new ParentCommand(new Command({ graph: Command.PARENT, goto: "x" })))).toBe(true);
    expect([null, undefined, "GraphInterrupt", 42, new Error("GraphInterrupt"), { is_bubble_up: false }].map(isLangGraphSignal)).toEqual([false, false, false, false, false, false]);
  });

  it("retrying never retries one, whatever retryOn says", async () => {
    let attempts = 0;
    const command = new ParentCommand(new Command({ graph: Command.PARENT, goto: "x" }));
    const error = await retrying(async () => (attempts++, Promise.reject(command)), resolveRetry(retryAll)).catch((e: unknown) => e);
    expect(error).toBe(command); // as it is: not wrapped in RetryExhausted
    expect(attempts).toBe(1);
  });
});

describe("race and LangGraph's signals", () => {
  const Question = new StateSchema({ q: z.string(), a: z.string().default("") });
  const Check = new StateSchema({ q: z.string(), verdict: z.string().default(""), route: z.string().default("") });

  it.each(modes)("%s: a contestant graph calling interrupt() cancels the others and the race rejects with one RaceInterruptError; not retried", async (_label, mode) => {
    const events: string[] = [];
    const othersStarted = barrier(3); // `slow`, `sure` and the asking contestant
    const asker = new StateGraph(Question)
      .addNode("ask", async (s) => {
        await othersStarted.arrive();
        events.push("asker asks");
        return { a: String(interrupt({ question: `Is "${s.q}" true?` })) };
      })
      .addEdge(START, "ask")
      .addEdge("ask", END)
      .compile();
    const started = { slow: latch(), sure: latch() };
    void started.slow.wait().then(() => othersStarted.arrive());
    void started.sure.wait().then(() => othersStarted.arrive());
    const graph = new StateGraph(Check)
      .addNode("check", async (s) => {
        const outcomes = await race(
          { slow: stalling("slow", events, started.slow), asker, sure: stalling("sure", events, started.sure) },
          { q: s.q },
          { mode, retry: retryAll },
        );
        return { verdict: outcomes.map((o) => o.status).join(",") };
      })
      .addEdge(START, "check")
      .addEdge("check", END)
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "race-interrupt" } };

    const error = await graph.invoke({ q: "Water boils at 100 °C" }, config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RaceInterruptError);
    expect((error as RaceInterruptError).contestant).toBe("asker");
    expect((error as Error).message).toBe(
      'race contestant "asker" called interrupt(): a race is decided by timing and cannot pause for human input, so the other contestants were cancelled.',
    );
    expect((error as RaceInterruptError).hint).toMatch(/^Ask before the race, in an earlier node/);
    expect(isGraphInterrupt((error as Error).cause)).toBe(true);
    expect(isLangGraphSignal(error)).toBe(false); // an ordinary error: LangGraph fails the node
    const reason = 'Cancelled: contestant "asker" raised LangGraph\'s GraphInterrupt.';
    expect(events).toEqual(["slow started", "sure started", "asker asks", `slow aborted: ${reason}`, `sure aborted: ${reason}`]);
    // The run stopped on the error, not at a question nobody could answer.
    const state = await graph.getState(config);
    expect(state.next).toEqual(["check"]);
    expect(state.tasks.map((t) => ({ name: t.name, interrupts: t.interrupts, error: (t.error as Error | undefined)?.name }))).toEqual([
      { name: "check", interrupts: [], error: "RaceInterruptError" },
    ]);
  });

  it("a contestant function calling interrupt() is the same error", async () => {
    const events: string[] = [];
    const slowStarted = latch();
    const asking = async (q: string) => (await slowStarted.wait(), events.push("asking asks"), String(interrupt({ question: q })));
    const graph = new StateGraph(Check)
      .addNode("check", async (s) => ({ verdict: String(await race({ slow: stalling("slow", events, slowStarted), asking }, s.q, { mode: "any" })) }))
      .addEdge(START, "check")
      .compile({ checkpointer: new MemorySaver() });
    const error = await graph.invoke({ q: "?" }, { configurable: { thread_id: "fn" } }).catch((e: unknown) => e);
    expect((error as RaceInterruptError).contestant).toBe("asking");
    expect(events).toEqual(["slow started", "asking asks", 'slow aborted: Cancelled: contestant "asking" raised LangGraph\'s GraphInterrupt.']);
  });

  it.each(modes)("%s: a ParentCommand from a contestant sub-graph cancels the others and the parent follows its goto", async (_label, mode) => {
    const events: string[] = [];
    const slowStarted = latch();
    const handoff = new StateGraph(Question)
      .addNode("decide", async () => {
        await slowStarted.wait();
        events.push("handoff hands off");
        return new Command({ graph: Command.PARENT, goto: "escalate", update: { route: "escalated by handoff" } });
      })
      .addEdge(START, "decide")
      .compile();
    const graph = new StateGraph(Check)
      .addNode(
        "check",
        async (s) => {
          const outcomes = await race({ slow: stalling("slow", events, slowStarted), handoff }, { q: s.q }, { mode, retry: retryAll });
          events.push("check returns");
          return { verdict: outcomes.map((o) => o.status).join(",") };
        },
        { ends: ["escalate"] },
      )
      .addNode("escalate", (s) => (events.push("escalate"), { verdict: `a human decides (${s.route})` }))
      .addEdge(START, "check")
      .addEdge("escalate", END)
      .compile();

    expect(await graph.invoke({ q: "Is 1009 prime?" })).toEqual({ q: "Is 1009 prime?", verdict: "a human decides (escalated by handoff)", route: "escalated by handoff" });
    expect(events).toEqual(["slow started", "handoff hands off", 'slow aborted: Cancelled: contestant "handoff" raised LangGraph\'s ParentCommand.', "escalate"]);
  });

  it("called outside a graph, the ParentCommand comes out of race as it is", async () => {
    const command = new ParentCommand(new Command({ graph: Command.PARENT, goto: "elsewhere" }));
    const events: string[] = [];
    const slowStarted = latch();
    const error = await race({ slow: stalling("slow", events, slowStarted), boss: async () => (await slowStarted.wait(), Promise.reject(command)) }, "x").catch((e: unknown) => e);
    expect(error).toBe(command);
    expect(isParentCommand(error)).toBe(true);
    expect(events).toEqual(["slow started", 'slow aborted: Cancelled: contestant "boss" raised LangGraph\'s ParentCommand.']);
  });
});

describe("concurrent and LangGraph's signals", () => {
  const failures = ["fail-fast", "settled"] as const;
  const Review = new StateSchema({ draft: z.string(), verdicts: listField(z.string()), notes: listField(z.string()) });

  it.each(failures)("%s: a participant calling interrupt() pauses the run; Command({ resume }) completes it with the answer; the others are kept, not re-run", async (failure) => {
    const calls: string[] = [];
    const legalAnswered = latch();
    const finance = {
      name: "Finance",
      runnable: RunnableLambda.from(async () => {
        await legalAnswered.wait();
        calls.push("Finance asks");
        const answer = interrupt({ question: "Approve a budget of 5000?" });
        calls.push(`Finance got ${String(answer)}`);
        return `budget ${String(answer)}`;
      }),
    };
    const legal = { name: "Legal", runnable: RunnableLambda.from(async () => (calls.push("Legal answers"), legalAnswered.open(), "no blockers")) };
    const graph = concurrent(Review, {
      participants: [finance, legal],
      failure,
      retry: retryAll,
      aggregator: (responses) => responses.map((r) => `${r.name}: ${r.error ?? r.text}`),
      input: (s) => [new HumanMessage(s.draft)],
      output: (verdicts) => ({ verdicts }),
    });
    graph.checkpointer = new MemorySaver();
    const config = { configurable: { thread_id: `interrupt-${failure}` } };

    const paused = await graph.invoke({ draft: "Launch in the EU." }, config);
    const question = { id: expect.any(String), value: { question: "Approve a budget of 5000?" } };
    expect(paused).toEqual({ draft: "Launch in the EU.", verdicts: [], notes: [], __interrupt__: [question] });
    const state = await graph.getState(config);
    expect(state.next).toEqual(["finance"]);
    expect(state.tasks.map((t) => ({ name: t.name, interrupts: t.interrupts, error: t.error }))).toEqual([
      { name: "finance", interrupts: [question], error: undefined },
      { name: "legal", interrupts: [], error: undefined },
    ]);

    const done = await graph.invoke(new Command({ resume: "approved" }), config);
    expect(done).toEqual({ draft: "Launch in the EU.", verdicts: ["Finance: budget approved", "Legal: no blockers"], notes: [] });
    expect(calls).toEqual(["Legal answers", "Finance asks", "Finance asks", "Finance got approved"]);
  });

  it("the paused run streams the question in an __interrupt__ chunk", async () => {
    const asking = { name: "Finance", runnable: RunnableLambda.from(async () => String(interrupt({ question: "Approve?" }))) };
    const graph = concurrent({ participants: [asking] });
    graph.checkpointer = new MemorySaver();
    const chunks: unknown[] = [];
    for await (const chunk of await graph.stream({ messages: [new HumanMessage("x")] }, { configurable: { thread_id: "stream" }, streamMode: "updates" })) chunks.push(chunk);
    expect(chunks).toEqual([{ __interrupt__: [{ id: expect.any(String), value: { question: "Approve?" } }] }]);
  });

  it("several participants may ask in one step: each is its own task, and a resume map by interrupt id answers each", async () => {
    const calls: string[] = [];
    const bothAsk = barrier(2);
    const asking = (name: string) => ({
      name,
      runnable: RunnableLambda.from(async () => {
        await bothAsk.arrive();
        calls.push(`${name} asks`);
        const answer = String(interrupt({ question: `${name}: approve?` }));
        calls.push(`${name} got ${answer}`);
        return answer;
      }),
    });
    const graph = concurrent({ participants: [asking("Finance"), asking("Legal")], aggregator: (responses) => responses.map((r) => `${r.name}: ${r.text}`) });
    graph.checkpointer = new MemorySaver();
    const config = { configurable: { thread_id: "two" } };
    await graph.invoke({ messages: [new HumanMessage("Launch?")] }, config);
    const state = await graph.getState(config);
    const asked = state.tasks.map((t) => ({ name: t.name, questions: t.interrupts.map((i) => i.value) }));
    expect(asked).toEqual([
      { name: "finance", questions: [{ question: "Finance: approve?" }] },
      { name: "legal", questions: [{ question: "Legal: approve?" }] },
    ]);
    const answers = Object.fromEntries(state.tasks.map((t) => [t.interrupts[0]!.id!, `yes, ${t.name}`]));
    const done = await graph.invoke(new Command({ resume: answers }), config);
    expect(done.result).toEqual(["Finance: yes, finance", "Legal: yes, legal"]);
    expect(calls.slice(0, 2).sort()).toEqual(["Finance asks", "Legal asks"]);
    expect(calls.slice(2).sort()).toEqual(["Finance asks", "Finance got yes, finance", "Legal asks", "Legal got yes, legal"]);
  });

  it("an agent whose tool calls interrupt(): the run pauses, and on resume the agent goes on inside its own conversation", async () => {
    const model = new OfflineChatModel({ latencyMs: 0 });
    const asked: number[] = [];
    const requestApproval = tool(
      async ({ amount }: { amount: number }) => (asked.push(amount), `approval: ${String(interrupt({ question: `Approve ${amount}?` }))}`),
      { name: "request_approval", description: "Request approval for a budget", schema: z.object({ amount: z.number() }) },
    );
    const finance = agent({ name: "Finance", model, instructions: "Request approval for the budget.", tools: [requestApproval] });
    const legal = agent({ name: "Legal", model, instructions: "Flag legal risks." });
    const graph = concurrent({ participants: [finance, legal] });
    graph.checkpointer = new MemorySaver();
    // Model calls per agent, told apart by their instructions (the first message of each call).
    const modelCalls = { Finance: 0, Legal: 0 };
    const callbacks = [{ handleChatModelStart: (_llm: unknown, prompts: { text: string }[][]) => void modelCalls[prompts[0]![0]!.text.startsWith("Request") ? "Finance" : "Legal"]++ }];
    const config = { configurable: { thread_id: "agent" }, callbacks };

    const paused = await graph.invoke({ messages: [new HumanMessage("Request approval for the launch budget of 5000")] }, config);
    expect((paused as { __interrupt__?: unknown }).__interrupt__).toEqual([{ id: expect.any(String), value: { question: "Approve 5000?" } }]);
    expect(modelCalls).toEqual({ Finance: 1, Legal: 1 });
    expect((await graph.getState(config)).tasks.map((t) => [t.name, t.interrupts.length])).toEqual([["finance", 1], ["legal", 0]]);

    const done = await graph.invoke(new Command({ resume: "approved" }), config);
    expect(done.messages.filter((m) => m.name === "Finance").map((m) => m.text)).toEqual(["The request_approval tool returned: approval: approved"]);
    expect(done.responses.map((r) => [r.name, r.transcript])).toEqual([
      ["Finance", ["human", "ai → request_approval", "tool request_approval", "ai"]],
      ["Legal", ["human", "ai"]],
    ]);
    // Legal is not asked again, and Finance's first model call is not made again; the tool runs
    // again up to its interrupt(), which now returns the answer.
    expect(modelCalls).toEqual({ Finance: 2, Legal: 1 });
    expect(asked).toEqual([5000, 5000]);
  });

  it.each(failures)("%s: a ParentCommand from a participant sub-graph is followed: its update is written, and it is no participant's failure", async (failure) => {
    const events: string[] = [];
    const legalAnswered = latch();
    const Inner = new StateSchema({ messages: MessagesValue });
    const triage = new StateGraph(Inner)
      .addNode("decide", async () => {
        await legalAnswered.wait();
        events.push("triage hands off");
        return new Command({ graph: Command.PARENT, update: { notes: ["Triage: a human should read this"] } });
      })
      .addEdge(START, "decide")
      .compile();
    const legal = { name: "Legal", runnable: RunnableLambda.from(async () => (events.push("legal answers"), legalAnswered.open(), "no blockers")) };
    const graph = concurrent(Review, {
      participants: [{ name: "Triage", runnable: triage }, legal],
      failure,
      retry: retryAll,
      aggregator: (responses) => (events.push(`aggregate ${responses.length}`), responses.map((r) => `${r.name}: ${r.error ?? r.text}`)),
      input: (s) => [new HumanMessage(s.draft)],
      output: (verdicts) => ({ verdicts }),
    });
    expect(await graph.invoke({ draft: "d" })).toEqual({ draft: "d", verdicts: ["Legal: no blockers"], notes: ["Triage: a human should read this"] });
    expect(events).toEqual(["legal answers", "triage hands off", "aggregate 1"]);
  });

  it.each(failures)("%s: aborting the run stops every participant and rejects with the signal's reason; nothing is recorded", async (failure) => {
    const events: string[] = [];
    const allStarted = barrier(3); // two participants and the test
    const stall = (name: string) => ({
      name,
      runnable: RunnableLambda.from(
        (_input: unknown, config) =>
          new Promise<string>((_, reject) => {
            const signal = config.signal!;
            signal.addEventListener("abort", () => (events.push(`${name} aborted: ${(signal.reason as Error).message}`), reject(signal.reason)), { once: true });
            events.push(`${name} started`);
            void allStarted.arrive();
          }),
      ),
    });
    const graph = concurrent(Review, {
      participants: [stall("A"), stall("B")],
      failure,
      retry: retryAll,
      aggregator: (rs) => rs.map((r) => r.text),
      input: (s) => [new HumanMessage(s.draft)],
      output: (verdicts) => ({ verdicts }),
    });
    graph.checkpointer = new MemorySaver();
    const controller = new AbortController();
    const config = { configurable: { thread_id: `abort-${failure}` } };
    const run = graph.invoke({ draft: "d" }, { ...config, signal: controller.signal });
    await allStarted.arrive();
    const reason = new Error("The user closed the tab.");
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
    expect(events).toEqual(["A started", "B started", "A aborted: The user closed the tab.", "B aborted: The user closed the tab."]);
    // No participant wrote an answer or an error: a resume runs both again.
    const state = await graph.getState(config);
    expect(state.next).toEqual(["a", "b"]);
    expect(state.tasks.map((t) => ({ name: t.name, error: t.error }))).toEqual([
      { name: "a", error: undefined },
      { name: "b", error: undefined },
    ]);
    expect(state.values.__concurrent_responses).toEqual([]);
  });
});
