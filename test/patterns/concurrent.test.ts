import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { RunnableLambda } from "@langchain/core/runnables";
import { type LangGraphRunnableConfig, MemorySaver, MessagesValue, StateSchema } from "@langchain/langgraph";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { ConfigurationError } from "../../src/errors.js";
import { buildStockAnalystsGraph } from "../../src/graphs/stock-analysts.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { nodesBySuperstep, traceRun } from "../../src/observe/run-trace.js";
import { agent } from "../../src/patterns/agent.js";
import { concurrent, type ConcurrentGraph, type ParticipantResponse } from "../../src/patterns/concurrent.js";
import { BranchError } from "../../src/patterns/fan-out.js";
import { listField } from "../../src/reducers/fields.js";
import { latch, type Latch } from "../support/barrier.js";

// A participant that answers once `after` is open (at once without it), then opens `done`,
// reporting the messages it was given and noting in `finished` when it finished.
const participant = (name: string, { after, done, finished }: { after?: Latch; done?: Latch; finished?: string[] } = {}) => ({
  name,
  runnable: RunnableLambda.from(async ({ messages }: { messages: HumanMessage[] }) => {
    await after?.wait();
    finished?.push(name);
    done?.open();
    return `${name} saw ${messages.length} message(s): ${messages.map((m) => m.text).join(" | ")}`;
  }),
});

describe("concurrent", () => {
  it("sends the same input to every participant in one superstep; the conversation is in participant order, not finish order", async () => {
    // Fast finishes first, then Medium, then Slow: each waits for the one before it.
    const [fastDone, mediumDone] = [latch(), latch()];
    const finished: string[] = [];
    const graph = concurrent({
      participants: [
        participant("Slow", { after: mediumDone, finished }),
        participant("Medium", { after: fastDone, done: mediumDone, finished }),
        participant("Fast", { done: fastDone, finished }),
      ],
    });
    const trace = await traceRun<{ messages: HumanMessage[] }>(graph, { messages: [new HumanMessage("Plan the launch.")] });
    expect(nodesBySuperstep(trace)).toEqual([["fast", "medium", "slow"], ["aggregate"]]);
    expect(finished).toEqual(["Fast", "Medium", "Slow"]);
    expect(trace.finalState!.messages.map((m) => [m.getType(), m.name ?? null, m.text])).toEqual([
      ["human", null, "Plan the launch."],
      ["ai", "Slow", "Slow saw 1 message(s): Plan the launch."],
      ["ai", "Medium", "Medium saw 1 message(s): Plan the launch."],
      ["ai", "Fast", "Fast saw 1 message(s): Plan the launch."],
    ]);
  });

  it("a custom aggregator is a function of the participants' results, in participant order; result is typed as it returns", async () => {
    const aDone = latch(); // B finishes after A
    const graph = concurrent({
      participants: [participant("B", { after: aDone }), participant("A", { done: aDone })],
      aggregator: async (responses, input) => ({ order: responses.map((r) => r.name), prompt: input[0]!.text }),
    });
    expectTypeOf(graph).toEqualTypeOf<ConcurrentGraph<{ order: string[]; prompt: string }>>();
    const out = await graph.invoke({ messages: [new HumanMessage("Go.")] });
    expectTypeOf(out.result).toEqualTypeOf<{ order: string[]; prompt: string }>();
    expect(out.result).toEqual({ order: ["B", "A"], prompt: "Go." });
    expect(out.messages).toHaveLength(1); // the custom aggregator does not touch the conversation
  });

  it("types: no aggregator is ConcurrentGraph<undefined>; ConcurrentGraph alone still takes every concurrent graph", async () => {
    const plain = concurrent({ participants: [participant("A")] });
    expectTypeOf(plain).toEqualTypeOf<ConcurrentGraph<undefined>>();
    const out = await plain.invoke({ messages: [new HumanMessage("Go.")] });
    expectTypeOf(out.result).toEqualTypeOf<undefined>();
    expectTypeOf(out.responses).toEqualTypeOf<ParticipantResponse[]>();
    expect(out.result).toBeUndefined();
    const counted = concurrent({ participants: [participant("A")], aggregator: (responses) => responses.length });
    expectTypeOf(counted.invoke).returns.resolves.toHaveProperty("result").toEqualTypeOf<number>();
    // The pre-generic spelling: code that takes any concurrent graph compiles as it did.
    const anyOf: ConcurrentGraph[] = [plain, counted, buildStockAnalystsGraph(new OfflineChatModel({ latencyMs: 0 }))];
    expect(anyOf).toHaveLength(3);
  });

  it("on a thread with several turns, each turn aggregates only its own answers", async () => {
    const bDone = latch(); // on the first turn A finishes after B
    const withMemory = concurrent({ participants: [participant("A", { after: bDone }), participant("B", { done: bDone })] });
    withMemory.checkpointer = new MemorySaver();
    const config = { configurable: { thread_id: "two-turns" } };
    await withMemory.invoke({ messages: [new HumanMessage("first")] }, config);
    const out = await withMemory.invoke({ messages: [new HumanMessage("second")] }, config);
    expect(out.messages.map((m) => m.name ?? m.text)).toEqual(["first", "A", "B", "second", "A", "B"]);
    expect(out.messages.slice(4).map((m) => m.text)).toEqual([
      "A saw 2 message(s): first | second",
      "B saw 2 message(s): first | second",
    ]);
    expect(out.responses.map((r) => [r.turn, r.name])).toEqual([[1, "A"], [1, "B"], [2, "A"], [2, "B"]]);
  });

  it("an unknown ticker reaches the tool and comes back to the analyst as a clear error", async () => {
    const out = await buildStockAnalystsGraph(new OfflineChatModel({ latencyMs: 0 })).invoke({ messages: [new HumanMessage("What about ACME's news?")] });
    const sentiment = out.responses.find((r) => r.name === "Sentiment Analyst")!;
    expect(sentiment.transcript).toEqual(["human", "ai → search_news", "tool search_news", "ai"]);
    expect(sentiment.text).toContain('no offline data for "ACME"; known tickers: TERN, KITE, MOSS');
  });

  it("rejects no participants and duplicate names", () => {
    expect(() => concurrent({ participants: [] })).toThrow(ConfigurationError);
    expect(() => concurrent({ participants: [participant("X"), participant("X")] })).toThrow('Two participants are named "X".');
  });

  it("isolated analysts: each conversation holds only its own tools; the aggregator gets only final texts under headers", async () => {
    const model = new OfflineChatModel({ latencyMs: 0 });
    const out = await buildStockAnalystsGraph(model).invoke({
      messages: [new HumanMessage("Should we invest in KITE? Look at its financials, price history, news and social sentiment.")],
    });
    expect(out.responses.map((r) => [r.name, r.transcript])).toEqual([
      ["Fundamental Analyst", ["human", "ai → get_financials", "tool get_financials", "ai"]],
      ["Technical Analyst", ["human", "ai → get_price_history", "tool get_price_history", "ai"]],
      ["Sentiment Analyst", ["human", "ai → get_social_sentiment", "tool get_social_sentiment", "ai"]],
    ]);
    expect(out.responses[0]!.text).toContain("Kite Robotics (KITE) had revenue of $1280 million");
    expect(out.responses[1]!.text).toContain("a falling trend");
    expectTypeOf(out.result).toEqualTypeOf<{ briefs: string; report: string }>();
    const { briefs, report } = out.result;
    expect(briefs.split("\n").filter((l) => l.startsWith("==="))).toEqual([
      "=== Fundamental Analyst ===",
      "=== Technical Analyst ===",
      "=== Sentiment Analyst ===",
    ]);
    expect(briefs).toBe(out.responses.map((r) => `=== ${r.name} ===\n${r.text}`).join("\n\n"));
    expect(report.length).toBeGreaterThan(0);
  });

  it("an agent without tools is one model call with its instructions", async () => {
    const result = await agent({ name: "Marketer", model: new OfflineChatModel({ latencyMs: 0 }), instructions: "You are a marketer. Propose a tagline." }).run([
      new HumanMessage("We sell kettles."),
    ]);
    expect(result.messages.map((m) => m.getType())).toEqual(["human", "ai"]);
    // The offline marketer writes its part of the launch from the prompt's own words.
    expect(result.text.split("\n").filter((l) => l.startsWith("**"))).toEqual([
      "**Value proposition:**",
      "**Target messaging:**",
      '**Tagline:** "Kettles, made for you."',
      "**Channels:** social media where its first buyers already are, reviews by trusted creators and hands-on demos at the places it will be used.",
    ]);
    expect(result.text).toContain('"Kettles for its first buyers: made around the way you actually live."');
  });
});

describe("concurrent(schema, options): your own state", () => {
  const Review = new StateSchema({
    draft: z.string(),
    reviewer: z.string().default("team"),
    verdicts: z.array(z.string()).default(() => []),
    notes: listField(z.string()),
  });
  type ReviewState = typeof Review.State;

  it("answers reach the aggregator in participant order whatever order they finish in; output updates your keys, the others are kept", async () => {
    // Three orders, all different: participant order Zed, Mid, Alf; LangGraph applies one superstep's
    // writes by node name (alf, mid, zed); they finish Mid, then Zed, then Alf (each waits for the one before).
    const [midDone, zedDone] = [latch(), latch()];
    const finished: string[] = [];
    const graph = concurrent(Review, {
      participants: [
        participant("Zed", { after: midDone, done: zedDone, finished }),
        participant("Mid", { done: midDone, finished }),
        participant("Alf", { after: zedDone, finished }),
      ],
      input: (state) => {
        expectTypeOf(state).toEqualTypeOf<ReviewState>();
        return [new SystemMessage(`Reviewer: ${state.reviewer}`), new HumanMessage(state.draft)];
      },
      aggregator: (responses, input) => ({ verdicts: responses.map((r) => `${r.turn}.${r.index} ${r.text}`), asked: input.length }),
      output: (result, state, config) => {
        expectTypeOf(result).toEqualTypeOf<{ verdicts: string[]; asked: number }>();
        expectTypeOf(state).toEqualTypeOf<ReviewState>();
        expectTypeOf(config).toEqualTypeOf<LangGraphRunnableConfig>();
        return { verdicts: result.verdicts, notes: [`${result.asked} messages asked of each; draft kept: ${state.draft}`] };
      },
    });
    const trace = await traceRun<ReviewState>(graph, { draft: "Tern charges a phone in two hours.", notes: ["before"] });
    expect(nodesBySuperstep(trace)).toEqual([["alf", "mid", "zed"], ["aggregate"]]);
    expect(finished).toEqual(["Mid", "Zed", "Alf"]);
    // A `values` stream shows every channel, as LangGraph streams them: the two internal keys too,
    // the answers emptied once aggregated. `invoke` returns your keys only (see the next tests).
    expect(trace.finalState).toEqual({
      __concurrent_responses: [],
      __concurrent_turn: 1,
      draft: "Tern charges a phone in two hours.",
      reviewer: "team",
      verdicts: [
        "1.0 Zed saw 2 message(s): Reviewer: team | Tern charges a phone in two hours.",
        "1.1 Mid saw 2 message(s): Reviewer: team | Tern charges a phone in two hours.",
        "1.2 Alf saw 2 message(s): Reviewer: team | Tern charges a phone in two hours.",
      ],
      notes: ["before", "2 messages asked of each; draft kept: Tern charges a phone in two hours."],
    });
    expectTypeOf(graph.invoke).returns.resolves.toEqualTypeOf<ReviewState>();
  });

  it("a state with messages: input defaults to its human and system messages, and without an aggregator output gets the named replies", async () => {
    const Chat = new StateSchema({ messages: MessagesValue, topic: z.string() });
    const bDone = latch(); // A finishes after B
    const graph = concurrent(Chat, {
      participants: [participant("A", { after: bDone }), participant("B", { done: bDone })],
      output: (replies) => {
        expectTypeOf(replies).toEqualTypeOf<AIMessage[]>();
        return { messages: replies };
      },
    });
    const out = await graph.invoke({ topic: "kettles", messages: [new HumanMessage("Name a kettle."), new AIMessage("An earlier answer.")] });
    expect(Object.keys(out).sort()).toEqual(["messages", "topic"]);
    expect(out.topic).toBe("kettles");
    expect(out.messages.map((m) => [m.getType(), m.name ?? null, m.text])).toEqual([
      ["human", null, "Name a kettle."],
      ["ai", null, "An earlier answer."],
      ["ai", "A", "A saw 1 message(s): Name a kettle."],
      ["ai", "B", "B saw 1 message(s): Name a kettle."],
    ]);
  });

  it("on a thread, each run aggregates only its own answers, numbered by run", async () => {
    const graph = concurrent(Review, {
      participants: [participant("A"), participant("B")],
      input: (state) => [new HumanMessage(state.draft)],
      aggregator: (responses) => responses.map((r) => `${r.turn} ${r.text}`),
      output: (verdicts) => ({ verdicts }),
    });
    graph.checkpointer = new MemorySaver();
    const config = { configurable: { thread_id: "two-runs" } };
    await graph.invoke({ draft: "first" }, config);
    const out = await graph.invoke({ draft: "second" }, config);
    expect(out).toEqual({ draft: "second", reviewer: "team", verdicts: ["2 A saw 1 message(s): second", "2 B saw 1 message(s): second"], notes: [] });
  });

  it("fail-fast with a checkpointer: on resume only the failed participant runs again, and the answers are still in order", async () => {
    const calls: string[] = [];
    let failures = 1;
    const flaky = (name: string) => ({
      name,
      runnable: RunnableLambda.from(async ({ messages }: { messages: BaseMessage[] }) => {
        calls.push(name);
        if (name === "A" && failures-- > 0) throw new Error("A is down");
        return `${name}: ${messages[0]!.text}`;
      }),
    });
    const graph = concurrent(Review, {
      participants: [flaky("A"), flaky("B")],
      retry: false,
      input: (state) => [new HumanMessage(state.draft)],
      aggregator: (responses) => responses.map((r) => r.text),
      output: (verdicts) => ({ verdicts }),
    });
    graph.checkpointer = new MemorySaver();
    const config = { configurable: { thread_id: "resume" } };
    await expect(graph.invoke({ draft: "d" }, config)).rejects.toThrow(BranchError);
    const out = await graph.invoke(null, config);
    expect(calls.sort()).toEqual(["A", "A", "B"]);
    expect(out.verdicts).toEqual(["A: d", "B: d"]);
  });

  it("node names avoid your state's keys", async () => {
    const graph = concurrent(Review, {
      participants: [participant("Draft"), participant("Aggregate")],
      input: (state) => [new HumanMessage(state.draft)],
      output: (replies) => ({ verdicts: replies.map((m) => m.name ?? "") }),
    });
    const trace = await traceRun<ReviewState>(graph, { draft: "d" });
    expect(nodesBySuperstep(trace)).toEqual([["aggregate_2", "draft_1"], ["aggregate"]]);
    expect(trace.finalState!.verdicts).toEqual(["Draft", "Aggregate"]);
  });

  it("refuses no output, no input for a state without messages, and the keys it keeps for itself", () => {
    const participants = [participant("A")];
    // A caller without types (JavaScript) can leave output out.
    expect(() => concurrent(Review, { participants, input: () => [] } as never)).toThrow(ConfigurationError);
    expect(() => concurrent(Review, { participants, input: () => [] } as never)).toThrow("concurrent(schema, options) needs an output function.");
    // @ts-expect-error input is required: the state has no messages list
    expect(() => concurrent(Review, { participants, output: () => ({}) })).toThrow(
      "concurrent(schema, options) needs input: the state has no messages list to give the participants.",
    );
    const Taken = new StateSchema({ __concurrent_turn: z.number() });
    expect(() => concurrent(Taken, { participants, input: () => [], output: () => ({}) })).toThrow(
      'The state has a key named "__concurrent_turn", which concurrent keeps for itself.',
    );
    expect(() => concurrent(Review, { participants: [], input: () => [], output: () => ({}) })).toThrow("concurrent needs at least one participant.");
  });
});
