/**
 * Encyclopedia search with two sources and one document shape (`{ source, title, content }`,
 * like the Wikipedia loader of LangChain Academy's module 4): the offline corpus's
 * `encyclopedia` section by default, or Wikipedia through the public MediaWiki API.
 */
import { searchCorpus } from "./offline-search.js";
import { requirePositiveInteger, requireQuery, SearchError } from "./search-errors.js";

/** One encyclopedia article. */
export interface EncyclopediaDoc {
  /** The article's URL (`corpus://encyclopedia/<slug>` offline, `https://…wikipedia.org/wiki/…` online). */
  readonly source: string;
  readonly title: string;
  /** Plain text, at most `maxChars` characters. */
  readonly content: string;
}

/** Where {@link createEncyclopediaSearch} looks things up. */
export type EncyclopediaSource = "offline" | "wikipedia";

/** An encyclopedia search function; `source` says where its documents come from. */
export interface EncyclopediaSearch {
  (query: string): Promise<EncyclopediaDoc[]>;
  readonly source: EncyclopediaSource;
}

/** Options of {@link createEncyclopediaSearch}. */
export interface EncyclopediaSearchOptions {
  /** Offline corpus or live Wikipedia. Default: "offline". */
  source?: EncyclopediaSource;
  /** Maximum number of documents per query. Default: 2. */
  maxDocs?: number;
  /** Longest `content`, in characters; longer articles are cut. Default: 4000. */
  maxChars?: number;
  /** `fetch` used for Wikipedia (inject a stub in tests). Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** MediaWiki API endpoint. Default: "https://en.wikipedia.org/w/api.php". */
  apiUrl?: string;
  /** User-Agent sent to Wikipedia, as its API etiquette asks. Default: "langgraph-parallel/0.1 (course)". */
  userAgent?: string;
  /** Corpus folder for the offline source. Default: the shipped corpus. */
  corpusDir?: string;
}

interface WikiPage {
  pageid?: number;
  title?: string;
  extract?: string;
  fullurl?: string;
  missing?: boolean;
}

/** Cuts `text` to `max` characters, at a word boundary when there is one near the end. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return (space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd();
}

/** GETs a MediaWiki API URL and returns its JSON, or throws a {@link SearchError}. */
async function getJson(doFetch: typeof fetch, url: URL, userAgent: string): Promise<Record<string, unknown>> {
  const hint = 'Retry later, or use createEncyclopediaSearch({ source: "offline" }).';
  let response: Response;
  try {
    response = await doFetch(url, { headers: { "User-Agent": userAgent, Accept: "application/json" } });
  } catch (cause) {
    throw new SearchError("wikipedia", `Could not reach Wikipedia at ${url.origin}: ${describeCause(cause)}.`, hint, { cause });
  }
  if (!response.ok) {
    throw new SearchError("wikipedia", `Wikipedia answered HTTP ${response.status} ${response.statusText}`.trim() + ".", hint);
  }
  const body = (await response.json()) as Record<string, unknown>;
  const error = body.error as { code?: string; info?: string } | undefined;
  if (error) {
    throw new SearchError("wikipedia", `Wikipedia API error ${error.code ?? "unknown"}: ${error.info ?? "no details"}.`, hint);
  }
  return body;
}

/** "fetch failed (ENOTFOUND)": undici hides the useful part (DNS, refused, reset) in `cause.code`. */
function describeCause(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
  return typeof code === "string" ? `${message} (${code})` : message;
}

/** Builds an API URL with the common parameters (JSON, format version 2, anonymous CORS). */
function apiCall(apiUrl: string, params: Record<string, string>): URL {
  const url = new URL(apiUrl);
  for (const [key, value] of Object.entries({ action: "query", format: "json", formatversion: "2", origin: "*", ...params })) {
    url.searchParams.set(key, value);
  }
  return url;
}

/**
 * Creates an encyclopedia search function.
 *
 * `"offline"` ranks the corpus `encyclopedia` section (no network). `"wikipedia"` is our own
 * small MediaWiki adapter: one `list=search` request, then one plain-text `prop=extracts`
 * request per hit, run in parallel, results kept in search-rank order. (LangChain's
 * `WikipediaQueryRun` lives in `@langchain/community`, which does not install next to zod 4
 * because of a required peer dependency, hence this adapter.)
 *
 * @param options - `source` (default: "offline"), `maxDocs` (default: 2), `maxChars`
 *   (default: 4000), `fetch` (default: global fetch), `apiUrl` (default: English Wikipedia),
 *   `userAgent`, `corpusDir` (default: the shipped corpus).
 * @returns An async `(query) => EncyclopediaDoc[]` with a `source` property.
 * @throws {SearchError} From the returned function: blank query, HTTP failure, API error.
 * @example
 * ```ts
 * import { createEncyclopediaSearch } from "langgraph-parallel";
 * const search = createEncyclopediaSearch();
 * const [doc] = await search("Amdahl's law");
 * doc?.source; // "corpus://encyclopedia/amdahls-law"
 * ```
 */
export function createEncyclopediaSearch(options: EncyclopediaSearchOptions = {}): EncyclopediaSearch {
  const {
    source = "offline",
    maxDocs = 2,
    maxChars = 4000,
    apiUrl = "https://en.wikipedia.org/w/api.php",
    userAgent = "langgraph-parallel/0.1 (course)",
    corpusDir,
  } = options;
  requirePositiveInteger("maxDocs", maxDocs, source);
  requirePositiveInteger("maxChars", maxChars, source);

  if (source === "offline") {
    const search = async (query: string): Promise<EncyclopediaDoc[]> =>
      searchCorpus(query, { section: "encyclopedia", limit: maxDocs, ...(corpusDir === undefined ? {} : { dir: corpusDir }) }).map(
        (hit) => ({ source: hit.url, title: hit.title, content: truncate(hit.content, maxChars) }),
      );
    return Object.assign(search, { source } as const);
  }

  const search = async (query: string): Promise<EncyclopediaDoc[]> => {
    const text = requireQuery(query, "wikipedia");
    // Read the global lazily, so a test can stub it after the search was created.
    const doFetch = options.fetch ?? globalThis.fetch;
    const found = await getJson(doFetch, apiCall(apiUrl, { list: "search", srsearch: text, srlimit: String(maxDocs) }), userAgent);
    const hits = ((found.query as { search?: WikiPage[] } | undefined)?.search ?? []).slice(0, maxDocs);

    const pages = await Promise.all(
      hits.map(async (hit) => {
        if (hit.pageid === undefined) return undefined;
        const body = await getJson(
          doFetch,
          apiCall(apiUrl, { prop: "extracts|info", inprop: "url", explaintext: "1", pageids: String(hit.pageid) }),
          userAgent,
        );
        return (body.query as { pages?: WikiPage[] } | undefined)?.pages?.[0];
      }),
    );
    return pages.flatMap((page) =>
      page && !page.missing && page.title && page.extract?.trim()
        ? [{ source: page.fullurl ?? wikiUrl(apiUrl, page.title), title: page.title, content: truncate(page.extract.trim(), maxChars) }]
        : [],
    );
  };
  return Object.assign(search, { source } as const);
}

/** The article URL for `title` on the wiki that serves `apiUrl`, when the API gave none. */
function wikiUrl(apiUrl: string, title: string): string {
  return `${new URL(apiUrl).origin}/wiki/${encodeURIComponent(title.replace(/ /g, "_"))}`;
}
