/**
 * Lesson 1 — Parallelization (LangChain Academy, module 4).
 *
 * Review: in earlier modules every graph ran one node at a time. LangGraph can do better: nodes
 * that become ready in the same superstep run side by side.
 *
 * Goals:
 *  - see which nodes share a superstep (fan-out a → b ∥ c → d, fan-in at d), and what each node
 *    saw when it ran (the academy's "Adding I'm B2 to [...]" lines);
 *  - meet the error LangGraph raises when parallel nodes write one key without a reducer, and
 *    fix it with the concat reducer;
 *  - wait for branches of different lengths with a waiting edge;
 *  - control the order of parallel writes: a sorting reducer, or a sink node;
 *  - run two searches in parallel and answer a question from both (on the offline model by default).
 *
 * Run: npm run lesson -- 1 [--step] [--json] [--model offline|openai] [--latency <ms>] [--question <text>]
 */
import { defineLesson } from "../src/cli/define-lesson.js";
import type { TaskRecord } from "../src/observe/run-trace.js";
import {
  buildFanOutGraph,
  buildLinearGraph,
  buildOrderedFanInGraph,
  buildWaitingEdgeGraph,
} from "../src/graphs/parallelization.js";
import { buildSearchAnswerGraph, SearchAnswerState } from "../src/graphs/search-answer.js";
import { createEncyclopediaSearch } from "../src/tools/encyclopedia-search.js";
import { createTavilySearch } from "../src/tools/tavily-search.js";

/**
 * The academy's `ReturnNodeValue` prints what it adds and the list it saw: `Adding I'm B2 to
 * ["I'm A", "I'm B", "I'm C"]`. Here the same line comes from the run's own record of the task
 * (its input and its write), for each list it appended to (a key other than `state` is named).
 */
export function adding(task: TaskRecord): string[] {
  const read = (task.input ?? {}) as Record<string, unknown>;
  return Object.entries(task.writes ?? {}).flatMap(([key, value]) => {
    if (!Array.isArray(value)) return []; // sink's Overwrite clears a key; it adds nothing
    const seen = Array.isArray(read[key]) ? (read[key] as unknown[]) : [];
    return [`Adding ${value.join(", ")} to ${key === "state" ? "" : `${key} `}[${seen.map((v) => JSON.stringify(v)).join(", ")}]`];
  });
}

/** The question of the search example when `--question` is not given. */
export const DEFAULT_QUESTION = "How does LangGraph run nodes in parallel, and why do parallel writes need a reducer?";

export default defineLesson(import.meta.url, {
  number: 1,
  title: "Parallelization: fan-out, fan-in and reducers",
  async run(ctx) {
    const { out, workMs } = ctx;
    const empty = { state: [] };
    const searchInput = await ctx.validateFlag(SearchAnswerState, { question: ctx.options.question ?? DEFAULT_QUESTION }, "--question");
    out.line(`Each toy node appends "I'm <name>" to the list \`state\` after ${workMs} ms of simulated work.`);
    out.line();

    out.line("Under each superstep, each node says what it added and what it saw, as in the academy.");
    out.line();
    const narrate = adding;

    await ctx.runGraph("1. Linear a → b → c → d (no reducer)", buildLinearGraph({ workMs }), empty, { narrate });
    out.line("  One node per superstep. With no reducer each write replaces `state`, so only \"I'm D\" is left.");
    out.line();

    await ctx.runGraph("2. Fan-out a → (b ∥ c) → d, no reducer", buildFanOutGraph({ workMs, reducer: false }), empty, {
      expectError: true,
      narrate,
    });
    out.line("  b and c ran in the same superstep and both wrote `state`. A plain key keeps one value per");
    out.line("  step, so LangGraph refuses the update (INVALID_CONCURRENT_GRAPH_UPDATE) instead of guessing.");
    out.line();

    await ctx.runGraph("3. The same fan-out with the concat reducer", buildFanOutGraph({ workMs }), empty, { narrate });
    out.line("  `listField(z.string())` folds both writes with `concat`. Writes land in a fixed task order");
    out.line("  (b before c, by node name), not in the order the branches happened to finish.");
    out.line();

    await ctx.runGraph("4. Waiting edge: a → (b → b2 ∥ c) → d", buildWaitingEdgeGraph({ workMs }), empty, { narrate });
    out.line("  `addEdge([\"b2\", \"c\"], \"d\")` makes d wait for both paths. c wrote a superstep before b2 ran,");
    out.line("  so b2 already saw \"I'm C\" (its Adding line), and \"I'm C\" comes before \"I'm B2\".");
    out.line();

    await ctx.runGraph("5. Sorting reducer", buildWaitingEdgeGraph({ workMs, order: "sorted" }), empty, { narrate });
    out.line("  `sortedMerge()` keeps the list in lexical order. That works here only because the names sort");
    out.line("  the way we want; a global sort knows nothing about branches.");
    out.line();

    await ctx.runGraph("6. Ordered fan-in: branch keys and a sink node", buildOrderedFanInGraph({ workMs }), empty, { narrate });
    out.line("  Each branch wrote its own key (bPath, cPath); `sink` appended them in branch order and");
    out.line("  cleared them with Overwrite. The order now follows the graph, not names or timing.");
    out.line();

    const webSearch = createTavilySearch();
    const encyclopediaSearch = createEncyclopediaSearch({ source: ctx.options.encyclopedia });
    out.line(`Searches: web = ${webSearch.backend}, encyclopedia = ${encyclopediaSearch.source}.`);
    const graph = buildSearchAnswerGraph({ model: ctx.model, webSearch, encyclopediaSearch });
    const trace = await ctx.runGraph<typeof SearchAnswerState.State>(
      "7. Search the web ∥ the encyclopedia, then answer",
      graph,
      searchInput,
      { schema: SearchAnswerState },
    );
    out.line(`  question: ${trace.finalState?.question}`);
    out.line("  answer:");
    for (const line of (trace.finalState?.answer ?? "").split("\n")) out.line(`    ${line}`);
    out.line();
    out.line("Try next: --step to pause after every superstep; --latency 0 to see pure framework overhead;");
    out.line("--question \"What is Amdahl's law?\"; --model openai with OPENAI_API_KEY set.");
  },
});
