/**
 * Lesson 5, part two: isolated analysts. A fundamental, a technical and a sentiment analyst each
 * get their own instructions, their own tools and their own message list, and run concurrently.
 * The aggregator receives only their final texts, under `=== <Analyst> ===` headers, and writes
 * the report. No analyst sees another's messages or tool results.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { agent } from "../patterns/agent.js";
import { concurrent, type ConcurrentGraph, type ParticipantResponse } from "../patterns/concurrent.js";
import { financialsTool, newsTool, priceHistoryTool, socialSentimentTool } from "../tools/market-data.js";

/**
 * The aggregator's input: each analyst's final text under a header, nothing else.
 *
 * @param responses - The analysts' answers in order.
 * @returns The text the report writer sees.
 * @example
 * ```ts
 * import { analystBriefs } from "langgraph-parallel/graphs";
 *
 * analystBriefs([{ turn: 1, index: 0, name: "Technical Analyst", text: "Uptrend.", transcript: [] }]);
 * // "=== Technical Analyst ===\nUptrend."
 * ```
 */
export function analystBriefs(responses: readonly ParticipantResponse[]): string {
  return responses.map((r) => `=== ${r.name} ===\n${r.text}`).join("\n\n");
}

/**
 * Builds the isolated-analysts graph. Expects a chat model that can call tools (`bindTools`),
 * shared by the three analysts and the report writer; the analysts' tools (financials, price
 * history, news, social sentiment over fictional offline market data) are built in.
 *
 * @param model - The chat model every analyst and the report writer use.
 * @returns A compiled `concurrent` graph: `{ messages }` in; out, each analyst's `responses` and a
 *   typed `result`: `briefs` (the report writer's input) and `report`.
 * @example
 * ```ts
 * import { HumanMessage } from "@langchain/core/messages";
 * import { buildStockAnalystsGraph } from "langgraph-parallel/graphs";
 *
 * const { result } = await buildStockAnalystsGraph(model).invoke({ messages: [new HumanMessage("Should we invest in TERN?")] });
 * console.log(result.report); // result: { briefs: string; report: string }
 * ```
 */
export function buildStockAnalystsGraph(model: BaseChatModel): ConcurrentGraph<{ briefs: string; report: string }> {
  const analysts = [
    agent({
      name: "Fundamental Analyst",
      model,
      instructions: "You are a fundamental analyst. Judge the company's financial health and valuation from its financial statements.",
      tools: [financialsTool],
    }),
    agent({
      name: "Technical Analyst",
      model,
      instructions: "You are a technical analyst. Read the price trend, momentum and volatility from the price history.",
      tools: [priceHistoryTool],
    }),
    agent({
      name: "Sentiment Analyst",
      model,
      instructions: "You are a sentiment analyst. Weigh the recent news and the social media sentiment about the company.",
      tools: [newsTool, socialSentimentTool],
    }),
  ];
  return concurrent({
    participants: analysts,
    aggregator: async (responses, input, config) => {
      const request = input.map((m) => m.text).join("\n");
      const reply = await model.invoke(
        [
          new SystemMessage("Write a short investment report for the committee from the analysts' briefs only."),
          new HumanMessage(`Request: ${request}\n\nBriefs:\n\n${analystBriefs(responses)}`),
        ],
        config,
      );
      return { briefs: analystBriefs(responses), report: reply.text };
    },
  });
}
