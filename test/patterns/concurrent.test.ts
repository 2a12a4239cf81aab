import { HumanMessage } from "@langchain/core/messages";
import { RunnableLambda } from "@langchain/core/runnables";
import { MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/errors.js";
import { buildStockAnalystsGraph } from "../../src/graphs/stock-analysts.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { nodesBySuperstep, traceRun } from "../../src/observe/run-trace.js";
import { agent } from "../../src/patterns/agent.js";
import { concurrent } from "../../src/patterns/concurrent.js";
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

  it("a custom aggregator is a function of the participants' results, in participant order", async () => {
    const aDone = latch(); // B finishes after A
    const graph = concurrent({
      participants: [participant("B", { after: aDone }), participant("A", { done: aDone })],
      aggregator: (responses, input) => ({ order: responses.map((r) => r.name), prompt: input[0]!.text }),
    });
    const out = await graph.invoke({ messages: [new HumanMessage("Go.")] });
    expect(out.result).toEqual({ order: ["B", "A"], prompt: "Go." });
    expect(out.messages).toHaveLength(1); // the custom aggregator does not touch the conversation
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
    const sentiment = out.responses.find((r) => r.name === "Sentiment analyst")!;
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
      ["Fundamental analyst", ["human", "ai → get_financials", "tool get_financials", "ai"]],
      ["Technical analyst", ["human", "ai → get_price_history", "tool get_price_history", "ai"]],
      ["Sentiment analyst", ["human", "ai → get_social_sentiment", "tool get_social_sentiment", "ai"]],
    ]);
    expect(out.responses[0]!.text).toContain("Kite Robotics (KITE) had revenue of $1280 million");
    expect(out.responses[1]!.text).toContain("a falling trend");
    const { briefs, report } = out.result as { briefs: string; report: string };
    expect(briefs.split("\n").filter((l) => l.startsWith("==="))).toEqual([
      "=== Fundamental analyst ===",
      "=== Technical analyst ===",
      "=== Sentiment analyst ===",
    ]);
    expect(briefs).toBe(out.responses.map((r) => `=== ${r.name} ===\n${r.text}`).join("\n\n"));
    expect(report.length).toBeGreaterThan(0);
  });

  it("an agent without tools is one model call with its instructions", async () => {
    const result = await agent({ name: "Marketer", model: new OfflineChatModel({ latencyMs: 0 }), instructions: "You are a marketer. Propose a tagline." }).run([
      new HumanMessage("We sell kettles."),
    ]);
    expect(result.messages.map((m) => m.getType())).toEqual(["human", "ai"]);
    expect(result.text).toBe('As a marketer, for "We sell kettles.": propose a tagline. (Offline model: it outlines the task instead of doing it; run with OPENAI_API_KEY set for a full answer.)');
  });
});
