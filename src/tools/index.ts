// `langgraph-parallel/tools`: the offline corpus and its search, web and encyclopedia search
// (offline, MediaWiki, or a Tavily tool you pass in) and their LangChain tools.
export { CorpusError, SearchError } from "./search-errors.js";
export type { SearchBackendName } from "./search-errors.js";
export { CORPUS_SECTIONS, DEFAULT_CORPUS_DIR, clearCorpusCache, loadCorpus, parseCorpusDocument } from "./corpus.js";
export type { CorpusDocument, CorpusSection, LoadCorpusOptions } from "./corpus.js";
export { searchCorpus } from "./offline-search.js";
export type { CorpusHit, SearchCorpusOptions } from "./offline-search.js";
export { createWebSearch } from "./web-search.js";
export type { TavilyLike, WebResult, WebSearch, WebSearchBackend, WebSearchOptions } from "./web-search.js";
export { createEncyclopediaSearch } from "./encyclopedia-search.js";
export type {
  EncyclopediaDoc,
  EncyclopediaSearch,
  EncyclopediaSearchOptions,
  EncyclopediaSource,
} from "./encyclopedia-search.js";
export { DOCUMENT_SEPARATOR, formatEncyclopediaDocs, formatWebResults } from "./format-documents.js";
export {
  createEncyclopediaSearchTool,
  createSearchTools,
  createWebSearchTool,
  searchToolInput,
} from "./search-tools.js";
export type { SearchToolsOptions } from "./search-tools.js";
