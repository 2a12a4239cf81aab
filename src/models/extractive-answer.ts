/**
 * Extractive answers: the offline model answers a question from context documents by quoting the
 * two or three sentences that share the most (rarity-weighted) terms with the question, each
 * followed by a citation marker, and ends with a numbered "Sources:" list. Documents that do not
 * cover the question's subject are not quoted: when none does, the answer says so.
 */
import type { ContextDocument } from "./read-conversation.js";
import { covers, hasTerm, subjectPhrases, subjectTerms } from "./subject-terms.js";
import { namedParts } from "./task-parts.js";
import { joinWithAnd, sentences, terms } from "./text-terms.js";

/** A context sentence with its relevance to the question. */
export interface RankedSentence {
  /** The sentence, whitespace-collapsed (long sentences are cut at ~300 characters). */
  text: string;
  /** Index of its document in the input list. */
  documentIndex: number;
  /** Index of the sentence within its document. */
  sentenceIndex: number;
  /** Sum of the inverse-document-frequency weights of the question terms it contains. */
  score: number;
}

const MAX_SENTENCE_CHARS = 300;

function shorten(sentence: string): string {
  if (sentence.length <= MAX_SENTENCE_CHARS) return sentence;
  const cut = sentence.slice(0, MAX_SENTENCE_CHARS);
  return `${cut.slice(0, cut.lastIndexOf(" ") > 200 ? cut.lastIndexOf(" ") : MAX_SENTENCE_CHARS)}…`;
}

/**
 * Ranks every sentence of the documents against the question. A sentence scores the sum of
 * `log(1 + N / (1 + df))` over the distinct question terms it contains (N sentences, df of them
 * containing the term), so rare, specific terms count more than common ones; the last word of
 * each subject phrase (its head: "supersteps" in "LangGraph supersteps") counts double. Ties go to
 * the earlier document, then the earlier sentence.
 *
 * @param question - The question (its content terms are used, see `terms`).
 * @param documents - Context documents.
 * @returns All candidate sentences (≥ 20 characters), best first.
 * @example
 * ```ts
 * rankSentences("When was LangGraph released?", docs)[0].text;
 * ```
 */
export function rankSentences(question: string, documents: readonly ContextDocument[]): RankedSentence[] {
  const candidates: Array<Omit<RankedSentence, "score"> & { terms: Set<string> }> = [];
  documents.forEach((doc, documentIndex) => {
    sentences(doc.content).forEach((s, sentenceIndex) => {
      if (s.length < 20 || !/\p{L}{3}/u.test(s)) return;
      candidates.push({ text: shorten(s), documentIndex, sentenceIndex, terms: new Set(terms(s)) });
    });
  });
  const queryTerms = [...new Set(terms(question))];
  const df = new Map<string, number>();
  for (const t of queryTerms) df.set(t, candidates.filter((c) => c.terms.has(t)).length);
  const n = candidates.length;
  // The head of each subject phrase ("supersteps" in "LangGraph supersteps") says what is asked about.
  const heads = new Set(subjectPhrases(question).map((p) => terms(p).pop()).filter((t): t is string => t !== undefined));
  return candidates
    .map(({ terms: st, ...rest }) => ({
      ...rest,
      score: queryTerms.reduce((sum, t) => (st.has(t) ? sum + Math.log(1 + n / (1 + (df.get(t) ?? 0))) * (heads.has(t) ? 2 : 1) : sum), 0),
    }))
    .sort((a, b) => b.score - a.score || a.documentIndex - b.documentIndex || a.sentenceIndex - b.sentenceIndex);
}

/** Options of {@link extractiveAnswer}. */
export interface ExtractiveAnswerOptions {
  /** Most sentences quoted (default 3). A second sentence needs a quarter of the best score, a third half. */
  maxSentences?: number;
  /**
   * The terms a document must cover (more than half of them) before any of its sentences is
   * quoted, and one of which every quoted sentence must contain. Default: the question's subject
   * terms (`subjectTerms`), or, for a compound question, each of its parts' (`namedParts`): a
   * document then needs to cover one part. An empty list turns the check off.
   */
  subject?: readonly string[];
  /** Sentences this answer may quote (default all): e.g. leave out what another section covers. */
  keep?: (sentence: string) => boolean;
  /** What to say when no document covers the subject. Default: the context "does not answer"/"does not cover" it. */
  uncovered?: string;
}

/** For each document that covers a subject group (see `covers`; terms no document mentions count double), the groups' terms it covers. */
function coveringDocuments(groups: readonly (readonly string[])[], documents: readonly ContextDocument[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const docTerms = documents.map((doc) => new Set(terms(`${doc.title ?? ""} ${doc.content}`)));
  const absent = new Set(groups.flat().filter((t) => !docTerms.some((d) => hasTerm(d, t))));
  documents.forEach((_, i) => {
    const covered = groups.filter((g) => covers(g, docTerms[i]!, absent)).flat();
    if (covered.length > 0) out.set(i, covered);
  });
  return out;
}

/**
 * What to say when the documents do not cover the question: a question is quoted ("does not
 * answer …"), anything else is named by its subject phrases ("does not cover …").
 *
 * @param question - The question or task.
 * @param documentCount - How many documents were given (0 is fine).
 * @returns One sentence.
 * @example
 * ```ts
 * notCovered("Who painted the Mona Lisa?", 1); // 'The context does not answer "Who painted the Mona Lisa?".'
 * ```
 */
export function notCovered(question: string, documentCount: number): string {
  const given = documentCount === 1 ? "The context does" : documentCount === 0 ? "The context does" : `The ${documentCount} context documents do`;
  const q = question.trim().replace(/\s+/g, " ");
  if (/\?$/.test(q) && q.length <= 160) return `${given} not answer "${q}".`;
  const phrases = subjectPhrases(q).slice(0, 3);
  return `${given} not cover ${phrases.length > 0 ? joinWithAnd(phrases) : "the question"}.`;
}

/**
 * An answer quoted from the documents: the best 2–3 sentences (see {@link rankSentences}; when
 * only one is relevant, the sentence after it is added), grouped by document and in reading order,
 * each followed by `[n]`, then a blank line and `Sources:` with one `[n] URL` line per cited
 * document (numbered in order of first citation). Only documents that cover the question's subject
 * are quoted (see `subject`); when none does, the answer says so in one sentence and cites nothing.
 *
 * @param question - What to answer.
 * @param documents - Context documents (see `parseDocuments`).
 * @param options - `maxSentences` (default 3), `subject` (default the question's subject terms),
 *   `keep` (default all sentences), `uncovered` (default {@link notCovered}).
 * @returns A short paragraph with citations and a sources list, or the one "does not cover" sentence.
 * @example
 * ```ts
 * extractiveAnswer("Who created LangGraph?", [{ source: "https://x.example", content: "LangGraph was created by LangChain." }]);
 * // "LangGraph was created by LangChain. [1]\n\nSources:\n[1] https://x.example"
 * ```
 */
export function extractiveAnswer(
  question: string,
  documents: readonly ContextDocument[],
  options: ExtractiveAnswerOptions = {},
): string {
  const max = Math.max(1, options.maxSentences ?? 3);
  // A compound question ("How does X …, and why does Y …?") is covered part by part.
  const parts = options.subject ? [] : namedParts(question);
  const groups = (options.subject ? [options.subject] : parts.length >= 2 ? parts.map(subjectTerms) : [subjectTerms(question)]).filter((g) => g.length > 0);
  const keep = options.keep ?? (() => true);
  const covering = groups.length > 0 ? coveringDocuments(groups, documents) : undefined;
  const onSubject = (r: RankedSentence) => {
    if (!covering) return true;
    const covered = covering.get(r.documentIndex);
    if (!covered) return false;
    const st = new Set(terms(r.text));
    return covered.some((t) => hasTerm(st, t));
  };
  const ranked = rankSentences(question, documents);
  const chosen: RankedSentence[] = [];
  const seen = new Set<string>();
  for (const r of ranked) {
    if (r.score <= 0 || chosen.length >= max) break;
    if (!onSubject(r) || !keep(r.text)) continue;
    // The second sentence must score a quarter of the best, the third half: no padding with noise.
    if (chosen.length >= 1 && r.score < chosen[0]!.score * (chosen.length === 1 ? 0.25 : 0.5)) break;
    const key = r.text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    chosen.push(r);
  }
  // One strong sentence: add the sentence after it, which usually continues the thought.
  if (chosen.length === 1 && max > 1) {
    const top = chosen[0]!;
    const next = ranked.find((r) => r.documentIndex === top.documentIndex && r.sentenceIndex === top.sentenceIndex + 1);
    if (next && next.score > 0 && keep(next.text)) chosen.push(next);
  }
  if (chosen.length === 0) return options.uncovered ?? notCovered(question, documents.length);
  // Number sources in order of first citation.
  const numbers = new Map<number, number>();
  const cite = (docIndex: number) => {
    if (!numbers.has(docIndex)) numbers.set(docIndex, numbers.size + 1);
    return numbers.get(docIndex)!;
  };
  // Read in document order: documents by their best sentence's rank, sentences as written.
  const docOrder = [...new Set(chosen.map((c) => c.documentIndex))];
  chosen.sort((a, b) => docOrder.indexOf(a.documentIndex) - docOrder.indexOf(b.documentIndex) || a.sentenceIndex - b.sentenceIndex);
  const body = chosen.map((s) => `${s.text} [${cite(s.documentIndex)}]`).join(" ");
  const sources = [...numbers].map(([docIndex, num]) => {
    const doc = documents[docIndex]!;
    const label = doc.title && doc.title !== doc.source ? `${doc.title} — ${doc.source}` : doc.source;
    return `[${num}] ${label}`;
  });
  return `${body}\n\nSources:\n${sources.join("\n")}`;
}
