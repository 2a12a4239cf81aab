/**
 * Lesson 5 — Concurrent agents: participants with an aggregator, and isolated analysts.
 *
 * Review: lesson 4 fanned out one sub-graph per analyst with `Send`. Other agent frameworks call
 * the simplest version of this "concurrent orchestration": the same input to several agents at
 * once, and something that combines what they say.
 *
 * Goals:
 *  - send one prompt to several participants in parallel with `concurrent()`; get back the
 *    conversation in participant order, whatever order they finish in (printed as Microsoft Agent
 *    Framework's concurrent sample prints it: `01 [user]`, `02 [researcher]`, …);
 *  - swap in a custom aggregator that asks the model to summarise the participants;
 *  - run analysts that each have their own instructions, tools and message list, and check that
 *    none of them sees another's messages; the aggregator gets only their final texts, under
 *    `=== Fundamental Analyst ===` headers.
 *
 * Run: npm run lesson -- 5 [--topic <launch prompt>] [--question <text>] [--step] [--json] [--model offline|openai] [--latency <ms>]
 */
import { HumanMessage } from "@langchain/core/messages";
import { defineLesson } from "../src/cli/define-lesson.js";
import { AnswerState } from "../src/graphs/answer-strategies.js";
import { buildLaunchSummaryGraph, buildProductLaunchGraph, formatConversation, LAUNCH_PROMPT, LaunchInput } from "../src/graphs/product-launch.js";
import { buildStockAnalystsGraph } from "../src/graphs/stock-analysts.js";

/** The analysts' question when `--question` is not given. */
export const DEFAULT_INVESTMENT_QUESTION = "Should we invest in TERN? Look at its financials, price history, news and social sentiment.";

/** A graph's final state, as its `invoke` returns it: the `result` each graph's aggregator types. */
type FinalState<Graph extends { invoke(...args: never[]): Promise<unknown> }> = Awaited<ReturnType<Graph["invoke"]>>;

export default defineLesson(import.meta.url, {
  number: 5,
  title: "Concurrent agents: participants, aggregators, isolated analysts",
  async run(ctx) {
    const { out, model } = ctx;
    const { question } = await ctx.validateFlag(AnswerState, { question: ctx.options.question ?? DEFAULT_INVESTMENT_QUESTION }, "--question");
    const { prompt: launchPrompt } = await ctx.validateFlag(LaunchInput, { prompt: ctx.options.topic ?? LAUNCH_PROMPT }, "--topic");
    const prompt = [new HumanMessage(launchPrompt)];

    const launchGraph = buildProductLaunchGraph(model);
    type Launch = FinalState<typeof launchGraph>;
    const launch = await ctx.runGraph<Launch>("1. One prompt, three participants, the default aggregator", launchGraph, { messages: prompt }, {
      summarize: (s: Launch) => ({ messages: s.messages.length, responses: s.responses.map((r) => r.name) }),
    });
    out.line("  The default aggregator's output, the conversation in participant order:");
    out.line();
    for (const line of formatConversation(launch.finalState?.messages ?? [])) out.line(line);
    out.line();

    const summaryGraph = buildLaunchSummaryGraph(model);
    type Summary = FinalState<typeof summaryGraph>; // result: string, what the aggregator returns
    const summary = await ctx.runGraph<Summary>("2. The same participants, a custom aggregator: the model summarises them", summaryGraph, { messages: prompt }, {
      summarize: (s: Summary) => ({ responses: s.responses.map((r) => r.name), result: `${s.result.length} chars` }),
    });
    out.line("  The aggregator's summary (one more model call, given the prompt and the three answers):");
    for (const line of (summary.finalState?.result ?? "").split("\n")) out.line(`    ${line}`);
    out.line();

    const analystsGraph = buildStockAnalystsGraph(model);
    type Analysts = FinalState<typeof analystsGraph>; // result: { briefs, report }
    const analysts = await ctx.runGraph<Analysts>(
      "3. Isolated analysts: own instructions, own tools, own messages",
      analystsGraph,
      { messages: [new HumanMessage(question)] },
      { summarize: (s: Analysts) => ({ responses: s.responses.map((r) => r.name), result: "briefs + report" }) },
    );
    out.line("  What each analyst's own conversation contained (nobody else's messages or tool results):");
    for (const r of analysts.finalState?.responses ?? []) out.line(`    ${r.name.padEnd(20)} ${r.transcript.join("  ·  ")}`);
    const result = analysts.finalState?.result;
    out.line("  The aggregator was given the request and these briefs, nothing else:");
    for (const line of (result?.briefs ?? "").split("\n")) out.line(`    ${line}`);
    out.line("  Report:");
    for (const line of (result?.report ?? "").split("\n")) out.line(`    ${line}`);
    out.line();
    out.line('Try next: --topic "We are launching Tern, a pocket-sized solar charger for hikers, in the EU and the US.";');
    out.line('--question "Should we invest in MOSS?"; --question "What about ACME?" (no data: the tools say so);');
    out.line("give the marketer a web_search tool; --model openai for real briefs.");
  },
});
