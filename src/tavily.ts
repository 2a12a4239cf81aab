// `langgraph-parallel/tavily`: web search on the Tavily API when `TAVILY_API_KEY` is set.
// Needs the optional peer `@langchain/tavily`.
export { createTavilySearch } from "./tools/tavily-search.js";
export type { TavilySearchOptions } from "./tools/tavily-search.js";
