/**
 * Extractive answers: the offline model answers a question from context documents by quoting the
 * two or three sentences that share the most (rarity-weighted) terms with the question, each
 * followed by a citation marker, and ends with a numbered "Sources:" list.
 */
import type { ContextDocument } from "./read-conversation.js";
import { joinWithAnd, salientPhrases, sentences, terms } from "./text-terms.js";

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
 * containing the term), so rare, specific terms count more than common ones. Ties go to the
 * earlier document, then the earlier sentence.
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
  return candidates
    .map(({ terms: st, ...rest }) => ({
      ...rest,
      score: queryTerms.reduce((sum, t) => (st.has(t) ? sum + Math.log(1 + n / (1 + (df.get(t) ?? 0))) : sum), 0),
    }))
    .sort((a, b) => b.score - a.score || a.documentIndex - b.documentIndex || a.sentenceIndex - b.sentenceIndex);
}

/** Options of {@link extractiveAnswer}. */
export interface ExtractiveAnswerOptions {
  /** Most sentences quoted (default 3). A second sentence needs a quarter of the best score, a third half. */
  maxSentences?: number;
}

/**
 * An answer quoted from the documents: the best 2–3 sentences (see {@link rankSentences}; when
 * only one is relevant, the sentence after it is added), grouped by document and in reading order,
 * each followed by `[n]`, then a blank line and `Sources:` with one `[n] URL` line per cited
 * document (numbered in order of first citation). When no sentence shares a term with the
 * question, says so and quotes the first sentence.
 *
 * @param question - What to answer.
 * @param documents - Context documents (see `parseDocuments`); must not be empty.
 * @param options - `maxSentences` (default 3).
 * @returns A short paragraph with citations and a sources list.
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
  const ranked = rankSentences(question, documents);
  const chosen: RankedSentence[] = [];
  const seen = new Set<string>();
  for (const r of ranked) {
    if (r.score <= 0 || chosen.length >= max) break;
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
    if (next) chosen.push(next);
  }
  let lead = "";
  if (chosen.length === 0) {
    const first = ranked.slice().sort((a, b) => a.documentIndex - b.documentIndex || a.sentenceIndex - b.sentenceIndex)[0];
    const keyTerms = joinWithAnd(salientPhrases(question).slice(0, 3)) || "the question";
    lead = `None of the ${documents.length === 1 ? "context" : `${documents.length} context documents`} mention${documents.length === 1 ? "s" : ""} ${keyTerms}.`;
    if (!first) return lead;
    lead += " The closest passage reads:";
    chosen.push(first);
  }
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
  return `${lead ? `${lead} ` : ""}${body}\n\nSources:\n${sources.join("\n")}`;
}
