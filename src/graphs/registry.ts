/**
 * Every lesson graph by a stable id (`<lesson>.<graph>`). One list serves three consumers: the
 * tutorial diagrams (`npm run docs:diagrams`), the LangGraph CLI / Studio entry points
 * (`src/graphs/studio.ts`, `langgraph.json`), and the tests that keep those in sync.
 */
import { getChatModel } from "../models/get-chat-model.js";
import { createEncyclopediaSearch } from "../tools/encyclopedia-search.js";
import { createTavilySearch } from "../tools/tavily-search.js";
import {
  buildFanOutGraph,
  buildLinearGraph,
  buildOrderedFanInGraph,
  buildWaitingEdgeGraph,
} from "./parallelization.js";
import { buildJokesGraph } from "./jokes.js";
import { buildLogsGraphCallingSubgraph, buildLogTriageGraph } from "./log-composition.js";
import { buildLogsGraph } from "./logs.js";
import { buildDecompositionGraph } from "./decomposition.js";
import { buildSingleSourceAnswerGraph } from "./answer-strategies.js";
import { AttemptLog, buildDurableMapGraph, buildFlakyBranchesGraph } from "./fault-demos.js";
import { createSearchTools } from "../tools/search-tools.js";
import { buildProductLaunchGraph } from "./product-launch.js";
import { buildStockAnalystsGraph } from "./stock-analysts.js";
import { buildResearchAssistantGraph } from "./research-assistant/graph.js";
import { buildInterviewGraph } from "./research-assistant/interview.js";
import { buildPassageDigestGraph } from "./passage-digest.js";
import { buildSearchAnswerGraph } from "./search-answer.js";

/** What the registry needs from a compiled graph: to be drawn and run. */
export interface RegisteredGraph {
  getGraphAsync(config?: { xray?: boolean | number }): Promise<{ drawMermaid(): string }>;
  invoke(input: unknown, config?: unknown): Promise<unknown>;
}

/**
 * Factories of every lesson graph with default options (offline unless `OPENAI_API_KEY` is set).
 *
 * @example
 * ```ts
 * const graph = LESSON_GRAPHS["parallelization.fan_out"]();
 * await graph.invoke({ state: [] });
 * ```
 */
export const LESSON_GRAPHS = {
  "parallelization.linear": () => buildLinearGraph(),
  "parallelization.fan_out_no_reducer": () => buildFanOutGraph({ reducer: false }),
  "parallelization.fan_out": () => buildFanOutGraph(),
  "parallelization.waiting_edge": () => buildWaitingEdgeGraph(),
  "parallelization.sorted": () => buildWaitingEdgeGraph({ order: "sorted" }),
  "parallelization.ordered_fan_in": () => buildOrderedFanInGraph(),
  "parallelization.search_answer": () =>
    buildSearchAnswerGraph({
      model: getChatModel(),
      webSearch: createTavilySearch(),
      encyclopediaSearch: createEncyclopediaSearch(),
    }),
  "map_reduce.jokes": () => buildJokesGraph({ model: getChatModel() }),
  "map_reduce.passage_digest": () => buildPassageDigestGraph({ model: getChatModel() }),
  "sub_graphs.logs": () => buildLogsGraph(),
  "sub_graphs.logs_no_output_schemas": () => buildLogsGraph({ outputSchemas: false }),
  "sub_graphs.logs_calling_subgraph": () => buildLogsGraphCallingSubgraph(),
  "sub_graphs.triage": () => buildLogTriageGraph(),
  // No checkpointer here: the LangGraph server brings its own (the lesson uses SQLite).
  "research_assistant.graph": () =>
    buildResearchAssistantGraph({ model: getChatModel(), webSearch: createTavilySearch(), encyclopediaSearch: createEncyclopediaSearch() }),
  "research_assistant.interview": () =>
    buildInterviewGraph({ model: getChatModel(), webSearch: createTavilySearch(), encyclopediaSearch: createEncyclopediaSearch() }),
  "concurrent.product_launch": () => buildProductLaunchGraph(getChatModel()),
  "concurrent.stock_analysts": () => buildStockAnalystsGraph(getChatModel()),
  "dynamic.decomposition": () => buildDecompositionGraph({ model: getChatModel(), tools: [...createSearchTools({ webSearch: createTavilySearch() })] }),
  "race.web_answer": () => buildSingleSourceAnswerGraph(getChatModel(), "web", createTavilySearch()),
  "race.encyclopedia_answer": () => buildSingleSourceAnswerGraph(getChatModel(), "encyclopedia"),
  "faults.flaky_branches": () => buildFlakyBranchesGraph(new AttemptLog(), { withBroken: true }),
  "faults.durable_map": () => buildDurableMapGraph(getChatModel()),
} satisfies Record<string, () => RegisteredGraph>;

/** Id of a registered lesson graph. */
export type LessonGraphId = keyof typeof LESSON_GRAPHS;

/**
 * The mermaid diagram of a registered graph, drawn from the compiled graph itself.
 *
 * @param id - A {@link LESSON_GRAPHS} id.
 * @param options - `xray`: expand sub-graphs (default false).
 * @returns Mermaid source (no code fence).
 * @example
 * ```ts
 * console.log(await mermaidFor("sub_graphs.logs", { xray: true }));
 * ```
 */
export async function mermaidFor(id: LessonGraphId, { xray = false }: { xray?: boolean } = {}): Promise<string> {
  const graph: RegisteredGraph = LESSON_GRAPHS[id]();
  return (await graph.getGraphAsync({ xray })).drawMermaid().trimEnd();
}
