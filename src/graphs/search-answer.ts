/**
 * Lesson 1's LLM example (academy module 4): a question is searched on the web and in an
 * encyclopedia at the same time; both results land in one `context` list through the concat
 * reducer; a model answers from that context.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { END, type LangGraphRunnableConfig, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { listField } from "../reducers/fields.js";
import type { EncyclopediaDoc } from "../tools/encyclopedia-search.js";
import { formatEncyclopediaDocs, formatWebResults } from "../tools/format-documents.js";
import type { WebResult } from "../tools/web-search.js";

/**
 * State of the search-and-answer graph: `question` (non-empty), `context` (appended by the
 * parallel searches), `answer`.
 *
 * @example
 * ```ts
 * import { validateInput } from "langgraph-parallel";
 * import { SearchAnswerState } from "langgraph-parallel/graphs";
 *
 * const input = await validateInput(SearchAnswerState, { question: "  What is a superstep? " }); // question trimmed
 * ```
 */
export const SearchAnswerState = new StateSchema({
  question: z.string().trim().min(1, "the question is empty"),
  /** Formatted documents from every search, appended by parallel search nodes. */
  context: listField(z.string()),
  answer: z.string().default(""),
});

/** The pieces the graph is built from. */
export interface SearchAnswerDeps {
  /** The chat model that writes the answer. */
  model: BaseChatModel;
  /** Web search: question → results. */
  webSearch: (query: string) => Promise<WebResult[]>;
  /** Encyclopedia search: question → documents. */
  encyclopediaSearch: (query: string) => Promise<EncyclopediaDoc[]>;
}

/**
 * Builds START → (search_web ∥ search_encyclopedia) → generate_answer → END. Expects a chat model
 * and the two search functions (`createWebSearch()`, `createEncyclopediaSearch()`: offline by
 * default).
 *
 * @param deps - The model and the two searches.
 * @returns The compiled graph over {@link SearchAnswerState}: `{ question }` in, `context` (both
 *   searches' documents) and `answer` out.
 * @example
 * ```ts
 * import { createEncyclopediaSearch, createWebSearch } from "langgraph-parallel";
 * import { buildSearchAnswerGraph } from "langgraph-parallel/graphs";
 *
 * const graph = buildSearchAnswerGraph({ model, webSearch: createWebSearch(), encyclopediaSearch: createEncyclopediaSearch() });
 * const { context, answer } = await graph.invoke({ question: "What is a superstep?" }); // context: 2 entries
 * ```
 */
export function buildSearchAnswerGraph({ model, webSearch, encyclopediaSearch }: SearchAnswerDeps) {
  return new StateGraph(SearchAnswerState)
    .addNode("search_web", async (s: typeof SearchAnswerState.State) => ({
      context: [formatWebResults(await webSearch(s.question))],
    }))
    .addNode("search_encyclopedia", async (s: typeof SearchAnswerState.State) => ({
      context: [formatEncyclopediaDocs(await encyclopediaSearch(s.question))],
    }))
    .addNode("generate_answer", async (s: typeof SearchAnswerState.State, config: LangGraphRunnableConfig) => {
      const reply = await model.invoke([
        new SystemMessage(`Answer the question using only this context:\n\n${s.context.join("\n\n---\n\n")}`),
        new HumanMessage(s.question),
      ], config);
      return { answer: reply.text };
    })
    .addEdge(START, "search_web")
    .addEdge(START, "search_encyclopedia")
    .addEdge("search_web", "generate_answer")
    .addEdge("search_encyclopedia", "generate_answer")
    .addEdge("generate_answer", END)
    .compile();
}
