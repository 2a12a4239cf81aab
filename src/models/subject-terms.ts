/**
 * What a question or task is about, as opposed to how it is asked. "When it comes to vector
 * databases, what should I understand first about costs?" is about vector databases and costs;
 * "when it comes to", "understand" and "first" only frame it. The offline model retrieves and
 * judges relevance with these subject terms, and names the subject back in the asker's words.
 */
import { salientPhrases, stem, terms, words } from "./text-terms.js";

// Words that frame a question, name an instruction or an aspect, but never identify a subject.
const FRAME_WORDS = new Set(
  (
    "how does do work works worked working matter matters mattering important importance best first know knowing " +
    "understand understanding learn learning explain explaining describe overview introduction basic basics " +
    "benefit advantage drawback pro con good bad impact role future compare comparing comparison contrast difference " +
    "differ versus vs similar similarity way thing kind type example regarding concerning around look looking " +
    "mean meaning define definition happen happens practice practical real world everyday common mistake " +
    "team avoid trade-off stand hold say says said still uncertain recommend someone responsible come comes " +
    "coming care cares caring when where which why what who whom whose look research researching search searching " +
    "find finding part brief briefing report section write writing draft prepare memo note analysis analyse analyze " +
    "investigate assess assessing evaluate evaluating judge review reviewing adopt adopting adoption choose choosing " +
    "should invest investing investment buy buying sell selling worth idea ideas problem problems issue issues " +
    "interesting question topic subject theme aspect angle people person perspective show shows shown up deal handle " +
    "handled get go goes going went wrong right new old big small far long history origin future today source sources make makes made"
  ).split(" "),
);

/**
 * Whether a lower-case word (or its stem) only frames a question: question words, instruction
 * verbs ("explain", "compare", "write"), and aspect nouns ("benefits", "history").
 *
 * @param word - A lower-case word.
 * @returns `true` for frame words.
 * @example
 * ```ts
 * isFrameWord("benefits"); // true
 * isFrameWord("checkpointers"); // false
 * ```
 */
export function isFrameWord(word: string): boolean {
  const lower = word.toLowerCase();
  return FRAME_WORDS.has(lower) || FRAME_WORDS.has(stem(lower));
}

/**
 * The subject terms of a text: its content terms (see `terms`) minus frame words, each once, in
 * order of first appearance.
 *
 * @param text - A question, task, topic or focus.
 * @returns Distinct stemmed terms, e.g. `["vector", "database", "cost"]`.
 * @example
 * ```ts
 * subjectTerms("When it comes to vector databases, what should I understand first about costs?");
 * // ["vector", "database", "cost"]
 * ```
 */
export function subjectTerms(text: string): string[] {
  return [...new Set(terms(text).filter((t) => !FRAME_WORDS.has(t)))];
}

/**
 * The subject phrases of a text in the asker's spelling: salient phrases with frame words removed
 * from their edges (and phrases made only of frame words dropped).
 *
 * @param text - A question, task or topic.
 * @param maxWords - Longest phrase kept (default 4).
 * @returns Phrases such as `["vector databases", "costs"]`.
 * @example
 * ```ts
 * subjectPhrases("The benefits of adopting LangGraph as an agent framework"); // ["LangGraph", "agent framework"]
 * ```
 */
export function subjectPhrases(text: string, maxWords = 4): string[] {
  const out: string[] = [];
  for (const phrase of salientPhrases(text, maxWords)) {
    const ws = words(phrase);
    let start = 0;
    let end = ws.length;
    while (start < end && isFrameWord(ws[start]!)) start++;
    while (end > start && isFrameWord(ws[end - 1]!)) end--;
    if (end > start) {
      const kept = ws.slice(start, end).join(" ");
      if (!out.some((p) => p.toLowerCase() === kept.toLowerCase())) out.push(kept);
    }
  }
  return out;
}

/**
 * Whether two terms are the same word in different spellings: equal, or one a prefix-variant of
 * the other ("checkpoint" / "checkpointer", "agent" / "agentic"), for words of five letters or more.
 *
 * @param a - A stemmed term.
 * @param b - Another stemmed term.
 * @returns `true` when they match.
 * @example
 * ```ts
 * sameTerm("checkpoint", "checkpointer"); // true
 * sameTerm("data", "database"); // false
 * ```
 */
export function sameTerm(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 5) return false;
  let common = 0;
  while (common < shorter && a[common] === b[common]) common++;
  return common === shorter || common >= Math.max(5, shorter - 2);
}

/**
 * Whether a set of text terms contains `term` in any spelling (see {@link sameTerm}).
 *
 * @param haystack - Terms of a text.
 * @param term - The term to look for.
 * @returns `true` when present.
 * @example
 * ```ts
 * hasTerm(new Set(["checkpointer", "thread"]), "checkpoint"); // true
 * ```
 */
export function hasTerm(haystack: ReadonlySet<string>, term: string): boolean {
  if (haystack.has(term)) return true;
  for (const t of haystack) if (sameTerm(t, term)) return true;
  return false;
}

/**
 * Whether a text covers a subject: it contains more than half of the subject's terms (all of them
 * for one or two terms), in any spelling. With `absent` (terms no document at hand mentions), those
 * count double: "marathon training plans" is not covered by a text on training plans when nothing
 * at hand mentions marathons.
 *
 * @param subject - Subject terms (see {@link subjectTerms}).
 * @param textTerms - Terms of the text.
 * @param absent - Subject terms found in none of the documents at hand (default none).
 * @returns `true` when covered; `false` for an empty subject.
 * @example
 * ```ts
 * covers(["vector", "database"], new Set(["database", "checkpointer"])); // false
 * ```
 */
export function covers(subject: readonly string[], textTerms: ReadonlySet<string>, absent: ReadonlySet<string> = new Set()): boolean {
  if (subject.length === 0) return false;
  const weight = (t: string) => (absent.has(t) ? 2 : 1);
  const total = subject.reduce((sum, t) => sum + weight(t), 0);
  const found = subject.filter((t) => hasTerm(textTerms, t)).reduce((sum, t) => sum + weight(t), 0);
  return found > total / 2;
}

/**
 * The part of a request that says what is asked for: an instruction before a colon made only of
 * frame words ("Search for and explain: X") and parenthetical context ("(part of: …)") are removed.
 *
 * @param text - A request or task.
 * @returns What is asked about, e.g. `"CrewAI"` for `"Search for and explain: CrewAI (part of: Compare…)"`.
 * @example
 * ```ts
 * askedFor("Search for and explain: the Send API (part of: a briefing)"); // "the Send API"
 * ```
 */
export function askedFor(text: string): string {
  let out = text.replace(/\s*\((?:part of|context|for|as part of)\b[^)]*\)/gi, "").trim();
  const colon = /^([^:\n]{1,60}):\s*(\S[\s\S]*)$/.exec(out);
  if (colon && words(colon[1]!).every((w) => isFrameWord(w) || terms(w).length === 0)) out = colon[2]!.trim();
  return out;
}
