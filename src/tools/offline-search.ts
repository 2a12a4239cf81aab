/**
 * Full-text search over the offline corpus with MiniSearch (BM25-style ranking): titles are
 * boosted, terms match by prefix and, for longer words, with light fuzziness; common English
 * stop words are ignored. One index is built lazily per corpus and section, then reused.
 */
import MiniSearch, { type SearchOptions } from "minisearch";
import { loadCorpus, type CorpusDocument, type CorpusSection } from "./corpus.js";
import { requirePositiveInteger, requireQuery } from "./search-errors.js";

/** One ranked result of {@link searchCorpus}. */
export interface CorpusHit {
  /** Corpus id, `<section>/<slug>`. */
  readonly id: string;
  readonly title: string;
  /** `corpus://<section>/<slug>`. */
  readonly url: string;
  /** The whole document body (the documents are short). */
  readonly content: string;
  /** Relevance score; higher is better. Only comparable within one search. */
  readonly score: number;
}

/** Options of {@link searchCorpus}. */
export interface SearchCorpusOptions {
  /** Search only this section. Default: both sections. */
  section?: CorpusSection;
  /** Maximum number of hits. Default: 3. */
  limit?: number;
  /** Corpus folder, as for `loadCorpus`. Default: the shipped corpus. */
  dir?: string;
}

/** Words too common to help ranking; dropped from documents and queries alike. */
const STOP_WORDS = new Set(
  (
    "a about after all also an and any are as at be because been before being between both but by can could " +
    "did do does doing each for from had has have having he her here his how i if in into is it its itself just " +
    "may me more most my no nor not of off on once only or other our out over own same she should so some such " +
    "than that the their them then there these they this those through to too under until up very was we were " +
    "what when where which while who whom why will with would you your"
  ).split(" "),
);

/** Lowercases a token and drops stop words and single characters (e.g. the "s" of "Amdahl's"). */
function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  return lower.length < 2 || STOP_WORDS.has(lower) ? null : lower;
}

const SEARCH_OPTIONS: SearchOptions = {
  boost: { title: 3 },
  // Prefix matching from three letters ("checkpoint" finds "checkpointers"); fuzzy (20 % of
  // the term's length in edits) only for words of five letters or more, to tolerate typos
  // without turning short words into noise.
  prefix: (term) => term.length >= 3,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  combineWith: "OR",
};

type IndexedDoc = Pick<CorpusDocument, "id" | "title" | "text">;

// Indexes per corpus (keyed by the cached document array) and per section ("all" = both).
const indexes = new WeakMap<readonly CorpusDocument[], Map<CorpusSection | "all", MiniSearch<IndexedDoc>>>();

function indexFor(docs: readonly CorpusDocument[], section: CorpusSection | undefined): MiniSearch<IndexedDoc> {
  let bySection = indexes.get(docs);
  if (!bySection) {
    bySection = new Map();
    indexes.set(docs, bySection);
  }
  const key = section ?? "all";
  let index = bySection.get(key);
  if (!index) {
    index = new MiniSearch<IndexedDoc>({
      idField: "id",
      fields: ["title", "text"],
      processTerm,
      searchOptions: { ...SEARCH_OPTIONS, processTerm },
    });
    index.addAll(docs.filter((doc) => section === undefined || doc.section === section));
    bySection.set(key, index);
  }
  return index;
}

/**
 * Searches the offline corpus and returns the best hits, ranked by score, ties broken by id
 * so the same query always gives the same list. A query made only of stop words finds nothing.
 *
 * @param query - Free text, e.g. `"Send API map-reduce"`. Must not be blank.
 * @param options - `section` (default: both), `limit` (default: 3), `dir` (default: shipped corpus).
 * @returns Up to `limit` hits, best first; `[]` when nothing matches.
 * @throws {SearchError} When the query is blank or `limit` is not a positive integer.
 * @throws {CorpusError} When the corpus cannot be loaded.
 * @example
 * ```ts
 * import { searchCorpus } from "langgraph-parallel";
 * const [best] = searchCorpus("Amdahl speedup", { section: "encyclopedia", limit: 1 });
 * best?.title; // "Amdahl's law"
 * ```
 */
export function searchCorpus(query: string, options: SearchCorpusOptions = {}): CorpusHit[] {
  const { section, limit = 3, dir } = options;
  const text = requireQuery(query, "offline");
  requirePositiveInteger("limit", limit, "offline");

  const docs = loadCorpus(dir === undefined ? {} : { dir });
  const byId = new Map(docs.map((doc) => [doc.id, doc]));
  return indexFor(docs, section)
    .search(text)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit)
    .flatMap((result) => {
      const doc = byId.get(result.id as string);
      return doc ? [{ id: doc.id, title: doc.title, url: doc.url, content: doc.text, score: result.score }] : [];
    });
}
