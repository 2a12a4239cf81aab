/**
 * Lesson 6 — Dynamic decomposition with cost tracking.
 *
 * Review: in lesson 2 a model proposed subjects and `Send` fanned out over them. Here the same
 * idea becomes the orchestrator–workers pattern: the model decides how to split a task.
 *
 * Goals:
 *  - let an orchestrator break a task into N sub-tasks at run time (structured output);
 *  - run one worker per sub-task in parallel, each researching its part with tools;
 *  - combine the results in a synthesiser;
 *  - count tokens and dollars per branch with a callback handler, and stop starting workers once
 *    a budget is spent;
 *  - with `enforce: "stop"`, stop the whole run at the budget and report the overshoot;
 *  - end as LionAGI's fan-out/in sample does: `Analysis complete. Total cost: $…`, the dollars
 *    every tracked model call of the lesson cost.
 *
 * Run: npm run lesson -- 6 [--question <task>] [--step] [--json] [--model offline|openai] [--latency <ms>]
 */
import { defineLesson } from "../src/cli/define-lesson.js";
import type { LessonContext } from "../src/cli/lesson.js";
import { formatCostTable } from "../src/cli/render.js";
import { analysisCompleteLine, buildDecompositionGraph, DecompositionState } from "../src/graphs/decomposition.js";
import { type Budget, CostTracker } from "../src/observe/cost-tracker.js";
import { createSearchTools } from "../src/tools/search-tools.js";
import { createTavilySearch } from "../src/tools/tavily-search.js";

/** The task when `--question` is not given. */
export const DEFAULT_TASK = "Write a briefing on LangGraph supersteps, reducers, the Send API and checkpointers";
/** Workers running at once (LangGraph's `maxConcurrency`), so a budget can stop the later ones. */
export const WORKER_CONCURRENCY = 2;

type Decomposition = typeof DecompositionState.State;

export default defineLesson(import.meta.url, {
  number: 6,
  title: "Dynamic decomposition: orchestrator, workers, synthesiser, and what it costs",
  async run(ctx) {
    const { out } = ctx;
    const input = await ctx.validateFlag(DecompositionState, { task: ctx.options.question ?? DEFAULT_TASK }, "--question");
    out.line(`Task: ${input.task}`);
    out.line();

    const first = await runWithCosts(ctx, "1. Decompose, work in parallel, synthesise", input);
    const spent = first.total().inputTokens + first.total().outputTokens;

    const budget: Budget = { tokens: Math.round(spent * 0.4) };
    out.line(`Now the same task with a budget of ${budget.tokens} tokens (40% of what it just used), ${WORKER_CONCURRENCY} workers at a time:`);
    out.line();
    await runWithCosts(ctx, "2. The same task with a token budget", input, budget);
    out.line(`The same budget with enforce: "stop": the tracker stops the run itself, all workers at once:`);
    out.line();
    await runStopped(ctx, "3. The same task, stopped at the budget", input, budget);
    out.line("Offline, every call costs $0 but its tokens are counted; with --model openai the cost column is");
    out.line("priced from the model's name (src/models/pricing.ts). A dollar budget works the same way.");
    out.line();
    out.line('Try next: --question "Compare CrewAI, AutoGen and LangGraph"; --model openai; a budget in dollars.');
    out.line();
    // The lesson's tracker sits on the model: every call of the three runs, in dollars, as LionAGI prints them.
    out.line(analysisCompleteLine(ctx.costs.total().usd));
  },
});

async function runWithCosts(ctx: LessonContext, name: string, input: { task: string }, budget?: Budget) {
  const { out } = ctx;
  const costs = new CostTracker(budget ? { budget } : {});
  const graph = buildDecompositionGraph({ model: ctx.model, costs, tools: [...createSearchTools({ webSearch: createTavilySearch() })] });
  const trace = await ctx.runGraph<Decomposition>(name, graph, input, {
    // With a budget, workers start a few at a time so that the budget can stop the later ones.
    config: { callbacks: [costs], ...(budget ? { maxConcurrency: WORKER_CONCURRENCY } : {}) },
    summarize: (s: Decomposition) => ({ subtasks: s.subtasks.length, done: s.results.filter((r) => !r.skipped).length, answer: `${s.answer.length} chars` }),
  });
  const state = trace.finalState;
  out.line(`  ${state?.subtasks.length ?? 0} sub-tasks, decided by the orchestrator:`);
  for (const r of state?.results ?? []) {
    out.line(`    ${r.index + 1}. ${r.subtask}: ${r.skipped ? `skipped. ${r.skipped}` : `${r.output.split("\n")[0]!.slice(0, 90)}…`}`);
  }
  out.line(`  answer: ${(state?.answer ?? "").slice(0, 160)}…`);
  printCosts(ctx, name, costs, budget);
  return costs;
}

// With enforce: "stop", the run fails with the tracker's BudgetExceededError at the budget.
async function runStopped(ctx: LessonContext, name: string, input: { task: string }, budget: Budget) {
  const costs = new CostTracker({ budget, enforce: "stop" });
  const graph = buildDecompositionGraph({ model: ctx.model, costs, tools: [...createSearchTools({ webSearch: createTavilySearch() })] });
  await ctx.runGraph<Decomposition>(name, graph, input, { config: { callbacks: [costs], signal: costs.signal }, expectError: true });
  const stop = costs.stopped();
  if (stop) ctx.out.line(`  at the stop: ${stop.inFlight} call(s) in flight, ${stop.overshoot.tokens} tokens over; after the run: ${costs.overshoot().tokens} over.`);
  printCosts(ctx, name, costs, budget);
}

function printCosts(ctx: LessonContext, name: string, costs: CostTracker, budget: Budget | undefined) {
  const { out } = ctx;
  out.line("  cost by branch:");
  for (const row of formatCostTable(costs.lines(), costs.total())) out.line(`    ${row}`);
  const unpriced = costs.unpricedModels();
  if (unpriced.length) out.line(`  no price known for ${unpriced.join(", ")}: their calls count as $0 (pass a price table to CostTracker).`);
  out.json({ lesson: 6, graph: `${name} (costs)`, costs: { lines: costs.lines(), total: costs.total(), budget: budget ?? null } });
  out.line();
}
