/**
 * Every lesson graph by a stable id (`<lesson>.<graph>`). One list serves three consumers: the
 * tutorial diagrams (`npm run docs:diagrams`), the LangGraph CLI / Studio entry points
 * (`src/graphs/studio.ts`, `langgraph.json`), and the tests that keep those in sync.
 */
import { getChatModel } from "../models/get-chat-model.js";
import { createEncyclopediaSearch } from "../tools/encyclopedia-search.js";
import { createWebSearch } from "../tools/web-search.js";
import {
  buildFanOutGraph,
  buildLinearGraph,
  buildOrderedFanInGraph,
  buildWaitingEdgeGraph,
} from "./parallelization.js";
import { buildJokesGraph } from "./jokes.js";
import { buildPassageDigestGraph } from "./passage-digest.js";
import { buildSearchAnswerGraph } from "./search-answer.js";

/** What the registry needs from a compiled graph: to be drawn and run. */
export interface RegisteredGraph {
  getGraphAsync(): Promise<{ drawMermaid(): string }>;
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
      webSearch: createWebSearch(),
      encyclopediaSearch: createEncyclopediaSearch(),
    }),
  "map_reduce.jokes": () => buildJokesGraph({ model: getChatModel() }),
  "map_reduce.passage_digest": () => buildPassageDigestGraph({ model: getChatModel() }),
} satisfies Record<string, () => RegisteredGraph>;

/** Id of a registered lesson graph. */
export type LessonGraphId = keyof typeof LESSON_GRAPHS;

/**
 * The mermaid diagram of a registered graph, drawn from the compiled graph itself.
 *
 * @param id - A {@link LESSON_GRAPHS} id.
 * @returns Mermaid source (no code fence).
 * @example
 * ```ts
 * console.log(await mermaidFor("parallelization.waiting_edge"));
 * ```
 */
export async function mermaidFor(id: LessonGraphId): Promise<string> {
  const graph: RegisteredGraph = LESSON_GRAPHS[id]();
  return (await graph.getGraphAsync()).drawMermaid().trimEnd();
}
