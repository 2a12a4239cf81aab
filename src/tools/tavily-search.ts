/**
 * Web search on the Tavily API when `TAVILY_API_KEY` is set, the offline corpus otherwise. This
 * file imports `TavilySearch` from the optional peer `@langchain/tavily`; it is the
 * `langgraph-parallel/tavily` entry's only reason to exist.
 */
import { TavilySearch } from "@langchain/tavily";
import { createWebSearch, type WebSearch, type WebSearchOptions } from "./web-search.js";

/** Options of {@link createTavilySearch}. */
export interface TavilySearchOptions extends WebSearchOptions {
  /** Environment to read `TAVILY_API_KEY` from. Default: `process.env`. */
  env?: Record<string, string | undefined>;
}

/**
 * Creates a web search function, choosing its backend once: the given `tavily` tool, else a
 * `TavilySearch` built from a non-blank `TAVILY_API_KEY`, else the offline corpus (no network).
 *
 * @param options - `env` (default: `process.env`), `maxResults` (default: 3), `tavily`
 *   (default: none), `corpusDir` (default: the shipped corpus).
 * @returns An async `(query) => WebResult[]` with a `backend` property ("tavily" or "offline").
 * @throws {SearchError} From the returned function: blank query, or a Tavily failure.
 * @example
 * ```ts
 * import { createTavilySearch } from "langgraph-parallel/tavily";
 * const search = createTavilySearch(); // Tavily if TAVILY_API_KEY is set
 * const results = await search("LangGraph Send API");
 * ```
 */
export function createTavilySearch(options: TavilySearchOptions = {}): WebSearch {
  const { env = process.env, ...rest } = options;
  const apiKey = env.TAVILY_API_KEY?.trim();
  if (rest.tavily || !apiKey) return createWebSearch(rest);
  return createWebSearch({ ...rest, tavily: new TavilySearch({ maxResults: rest.maxResults ?? 3, tavilyApiKey: apiKey }) });
}
