/**
 * The two searches as LangChain tools (`web_search`, `encyclopedia_search`) for agents that
 * call tools. Each takes `{ query }` and returns the formatted `<Document …/>` blocks of
 * `format-documents.ts`, the same text the graph nodes put into their context.
 */
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { createEncyclopediaSearch } from "./encyclopedia-search.js";
import type { EncyclopediaDoc } from "./encyclopedia-search.js";
import { formatEncyclopediaDocs, formatWebResults } from "./format-documents.js";
import { createWebSearch } from "./web-search.js";
import type { WebResult } from "./web-search.js";

/**
 * Input schema shared by both search tools: `{ query: string }`.
 *
 * @example
 * ```ts
 * import { searchToolInput } from "langgraph-parallel";
 * searchToolInput.parse({ query: "Send API" }); // { query: "Send API" }
 * searchToolInput.safeParse({ query: "" }).success; // false
 * ```
 */
export const searchToolInput = z.object({
  query: z.string().min(1).describe("What to search for, in a few keywords or one short question."),
});

/**
 * Creates the `web_search` tool.
 *
 * @param search - The web search to wrap. Default: `createWebSearch()` (the offline corpus; `createTavilySearch()` from `langgraph-parallel/tavily` for Tavily).
 * @returns A structured tool; its output is formatted text, or a "No web results" line.
 * @example
 * ```ts
 * import { createWebSearchTool } from "langgraph-parallel";
 * const webSearch = createWebSearchTool();
 * const text = await webSearch.invoke({ query: "LangGraph checkpointers" });
 * ```
 */
export function createWebSearchTool(search: (query: string) => Promise<WebResult[]> = createWebSearch()) {
  return tool(
    async ({ query }) => {
      const results = await search(query);
      return results.length > 0 ? formatWebResults(results) : `No web results for ${JSON.stringify(query)}.`;
    },
    {
      name: "web_search",
      description:
        "Search the web for articles and documentation pages. Returns <Document href=...> blocks; cite the href.",
      schema: searchToolInput,
    },
  );
}

/**
 * Creates the `encyclopedia_search` tool.
 *
 * @param search - The encyclopedia search to wrap. Default: `createEncyclopediaSearch()` (offline corpus).
 * @returns A structured tool; its output is formatted text, or a "No encyclopedia articles" line.
 * @example
 * ```ts
 * import { createEncyclopediaSearchTool } from "langgraph-parallel";
 * const encyclopedia = createEncyclopediaSearchTool();
 * const text = await encyclopedia.invoke({ query: "Bulk synchronous parallel" });
 * ```
 */
export function createEncyclopediaSearchTool(
  search: (query: string) => Promise<EncyclopediaDoc[]> = createEncyclopediaSearch(),
) {
  return tool(
    async ({ query }) => {
      const docs = await search(query);
      return docs.length > 0 ? formatEncyclopediaDocs(docs) : `No encyclopedia articles for ${JSON.stringify(query)}.`;
    },
    {
      name: "encyclopedia_search",
      description:
        "Search an encyclopedia for background articles on a concept. Returns <Document source=... page=...> blocks; cite the source.",
      schema: searchToolInput,
    },
  );
}

/** Options of {@link createSearchTools}. */
export interface SearchToolsOptions {
  /** Web search to wrap. Default: `createWebSearch()`. */
  webSearch?: (query: string) => Promise<WebResult[]>;
  /** Encyclopedia search to wrap. Default: `createEncyclopediaSearch()`. */
  encyclopediaSearch?: (query: string) => Promise<EncyclopediaDoc[]>;
}

/**
 * Creates both tools, ready for `model.bindTools(...)` or a `ToolNode`.
 *
 * @param options - `webSearch` (default: `createWebSearch()`), `encyclopediaSearch`
 *   (default: `createEncyclopediaSearch()`).
 * @returns `[web_search, encyclopedia_search]`.
 * @example
 * ```ts
 * import { createSearchTools, OfflineChatModel } from "langgraph-parallel";
 * const [webSearch, encyclopedia] = createSearchTools();
 * const agentModel = new OfflineChatModel({ latencyMs: 0 }).bindTools([webSearch, encyclopedia]);
 * ```
 */
export function createSearchTools(options: SearchToolsOptions = {}) {
  // A mutable tuple: `bindTools`, `ToolNode` and agents take `StructuredToolInterface[]`, not readonly arrays.
  const tools: [ReturnType<typeof createWebSearchTool>, ReturnType<typeof createEncyclopediaSearchTool>] = [
    createWebSearchTool(options.webSearch),
    createEncyclopediaSearchTool(options.encyclopediaSearch),
  ];
  return tools;
}
