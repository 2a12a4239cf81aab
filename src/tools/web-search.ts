/**
 * Web search with two backends and one result shape (Tavily's `{ url, title, content }`):
 * the offline corpus's `web` section by default, or a Tavily tool you pass in. Building one from
 * `TAVILY_API_KEY` needs the optional `@langchain/tavily` package, so it lives in its own entry,
 * `langgraph-parallel/tavily` (`createTavilySearch`).
 */
import { searchCorpus } from "./offline-search.js";
import { requirePositiveInteger, requireQuery, SearchError } from "./search-errors.js";

/** One web search result, shaped like a Tavily result. */
export interface WebResult {
  readonly url: string;
  readonly title: string;
  readonly content: string;
}

/** Which backend a {@link WebSearch} uses. */
export type WebSearchBackend = "offline" | "tavily";

/** A web search function; `backend` says where its results come from. */
export interface WebSearch {
  (query: string): Promise<WebResult[]>;
  readonly backend: WebSearchBackend;
}

/**
 * What {@link createWebSearch} needs from a Tavily tool: a `TavilySearch` instance satisfies
 * it, and so does a fake in tests.
 */
export interface TavilyLike {
  invoke(input: { query: string }): Promise<unknown>;
}

/** Options of {@link createWebSearch}. */
export interface WebSearchOptions {
  /** Maximum number of results per query. Default: 3. */
  maxResults?: number;
  /** A ready Tavily tool to use instead of building one; forces the "tavily" backend. Default: none. */
  tavily?: TavilyLike;
  /** Corpus folder for the offline backend. Default: the shipped corpus. */
  corpusDir?: string;
}

// TavilySearch catches its own errors and returns { error }; this one only means "nothing found".
const NO_RESULTS = /^No search results found/;

/** Maps a TavilySearch response (or its `{ error }` object) to results, or throws. */
function toWebResults(response: unknown, maxResults: number): WebResult[] {
  if (response && typeof response === "object" && "error" in response) {
    const message = String((response as { error: unknown }).error);
    if (NO_RESULTS.test(message)) return [];
    throw new SearchError(
      "tavily",
      `Tavily search failed: ${message}`,
      "Check TAVILY_API_KEY and your network, or unset TAVILY_API_KEY to use the offline corpus.",
    );
  }
  const results = response && typeof response === "object" ? (response as { results?: unknown }).results : undefined;
  if (!Array.isArray(results)) {
    throw new SearchError(
      "tavily",
      "Tavily returned a response without a results array.",
      "Check the @langchain/tavily version, or unset TAVILY_API_KEY to use the offline corpus.",
    );
  }
  return results.slice(0, maxResults).map((item: Record<string, unknown>) => ({
    url: String(item.url ?? ""),
    title: String(item.title ?? ""),
    content: String(item.content ?? ""),
  }));
}

/**
 * Creates a web search function: on the `tavily` tool when one is given ("tavily"), else on the
 * offline corpus's `web` section ("offline", no network). To choose Tavily from
 * `TAVILY_API_KEY`, use `createTavilySearch` from `langgraph-parallel/tavily`.
 *
 * @param options - `maxResults` (default: 3), `tavily` (default: none), `corpusDir` (default:
 *   the shipped corpus).
 * @returns An async `(query) => WebResult[]` with a `backend` property.
 * @throws {SearchError} From the returned function: blank query, or a Tavily failure.
 * @example
 * ```ts
 * import { createWebSearch } from "langgraph-parallel";
 * const search = createWebSearch();
 * search.backend; // "offline"
 * const results = await search("LangGraph Send API");
 * results[0]?.url; // "corpus://web/send-api-map-reduce"
 * ```
 */
export function createWebSearch(options: WebSearchOptions = {}): WebSearch {
  const { maxResults = 3, corpusDir, tavily } = options;
  const backend: WebSearchBackend = tavily ? "tavily" : "offline";
  requirePositiveInteger("maxResults", maxResults, backend);

  let search: (query: string) => Promise<WebResult[]>;
  if (tavily) {
    search = async (query) => toWebResults(await tavily.invoke({ query: requireQuery(query, "tavily") }), maxResults);
  } else {
    search = async (query) =>
      searchCorpus(query, { section: "web", limit: maxResults, ...(corpusDir === undefined ? {} : { dir: corpusDir }) }).map(
        ({ url, title, content }) => ({ url, title, content }),
      );
  }
  return Object.assign((query: string) => search(query), { backend } as const);
}
