/**
 * Lesson 5 — Concurrent agents: participants with an aggregator, and isolated analysts.
 *
 * Review: lesson 4 fanned out one sub-graph per analyst with `Send`. Other agent frameworks call
 * the simplest version of this "concurrent orchestration": the same input to several agents at
 * once, and something that combines what they say.
 *
 * Goals:
 *  - send one prompt to several participants in parallel with `concurrent()`; get back the
 *    conversation in participant order, whatever order they finish in;
 *  - swap in a custom aggregator;
 *  - run analysts that each have their own instructions, tools and message list, and check that
 *    none of them sees another's messages; the aggregator gets only their final texts.
 *
 * Run: npm run lesson -- 5 [--question <text>] [--step] [--json] [--model offline|openai] [--latency <ms>]
 */
import { HumanMessage } from "@langchain/core/messages";
import { defineLesson } from "../src/cli/define-lesson.js";
import { AnswerState } from "../src/graphs/answer-strategies.js";
import { buildProductLaunchGraph, LAUNCH_PROMPT, LAUNCH_TEAM } from "../src/graphs/product-launch.js";
import { buildStockAnalystsGraph } from "../src/graphs/stock-analysts.js";
import { agent } from "../src/patterns/agent.js";
import { concurrent } from "../src/patterns/concurrent.js";

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
    const prompt = [new HumanMessage(LAUNCH_PROMPT)];

    const launchGraph = buildProductLaunchGraph(model);
    type Launch = FinalState<typeof launchGraph>;
    const launch = await ctx.runGraph<Launch>("1. One prompt, three participants, the default aggregator", launchGraph, { messages: prompt }, {
      summarize: (s: Launch) => ({ messages: s.messages.length, responses: s.responses.map((r) => r.name) }),
    });
    out.line("  The conversation, in participant order:");
    for (const m of launch.finalState?.messages ?? []) out.line(`    ${(m.name ?? m.getType()).padEnd(15)} ${m.text.slice(0, 110)}${m.text.length > 110 ? "…" : ""}`);
    out.line();

    const checklist = concurrent({
      participants: LAUNCH_TEAM.map((p) => agent({ name: p.name, model, instructions: p.instructions })),
      // Any function of the results: here a review checklist with each part's size.
      aggregator: (responses) => responses.map((r) => `[ ] review ${r.name}'s part (${r.text.split(/\s+/).length} words)`),
    });
    type Checklist = FinalState<typeof checklist>; // result: string[], what the aggregator returns
    const custom = await ctx.runGraph<Checklist>("2. The same participants, a custom aggregator (a checklist)", checklist, { messages: prompt }, {
      summarize: (s: Checklist) => ({ result: `${s.result.length} checklist items` }),
    });
    for (const line of custom.finalState?.result ?? []) out.line(`    ${line}`);
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
    out.line("  The report writer was given the request and these briefs, nothing else:");
    for (const line of (result?.briefs ?? "").split("\n").filter((l) => l.startsWith("==="))) out.line(`    ${line}`);
    out.line("  Report:");
    for (const line of (result?.report ?? "").split("\n")) out.line(`    ${line}`);
    out.line();
    out.line('Try next: --question "Should we invest in MOSS?"; --question "What about ACME?" (no data: the');
    out.line("tools say so); give the marketer a web_search tool;");
    out.line("write an aggregator that asks the model to reconcile the participants' disagreements.");
  },
});
