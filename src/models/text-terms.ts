/**
 * Small text utilities the offline model reads its input with: sentences, terms (lower-cased
 * words minus stop words, lightly stemmed), and salient phrases (runs of content words kept in
 * their original spelling). No dictionaries, no randomness: the same text gives the same terms.
 */

// Function words and prompt boilerplate that never make a useful term.
const STOP_WORDS = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below " +
    "between both but by can could did do does doing down during each few for from further had has have having " +
    "he her here hers herself him himself his how i if in into is it its itself just me more most my myself no " +
    "nor not now of off on once only or other our ours ourselves out over own same she should so some such than " +
    "that the their theirs them themselves then there these they this those through to too under until up very " +
    "was we were what when where which while who whom why will with would you your yours yourself yourselves " +
    "let lets us may might must shall please tell give make use using used get got want need like one two three " +
    "four five six seven eight nine ten many much every via per etc e.g i.e " +
    "answer question questions context following based below above provided given return returns write list " +
    "generate create describe explain summarise summarize summary brief briefly short sentence sentences " +
    "document documents text task instructions respond response reply"
  ).split(" "),
);

/**
 * Whether a lower-case word is a stop word (function words and common prompt boilerplate such as
 * "answer", "question", "context", "generate").
 *
 * @param word - A lower-case word.
 * @returns `true` for stop words.
 * @example
 * ```ts
 * isStopWord("the"); // true
 * isStopWord("langgraph"); // false
 * ```
 */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/**
 * The words of a text in order, with their original spelling (letters, digits, inner `-`/`'`/`.`).
 *
 * @param text - Any text.
 * @returns Words such as `["LangGraph.js", "runs", "nodes", "in", "parallel"]`.
 * @example
 * ```ts
 * words("Map-reduce, in 3 steps."); // ["Map-reduce", "in", "3", "steps"]
 * ```
 */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*/gu) ?? [];
}

/**
 * A light stem: lower-case, with a plural or possessive ending removed, so "agents" and "agent"
 * (or "Graph's" and "graph") count as the same term.
 *
 * @param word - One word.
 * @returns The stemmed, lower-cased word.
 * @example
 * ```ts
 * stem("Libraries"); // "library"
 * ```
 */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, "");
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ches|shes|sses|xes)$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  return w;
}

/**
 * The content terms of a text: stemmed words that are not stop words and not single characters.
 *
 * @param text - Any text.
 * @returns Terms in order of appearance (with repeats).
 * @example
 * ```ts
 * terms("What are the benefits of parallel nodes?"); // ["benefit", "parallel", "node"]
 * ```
 */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const lower = w.toLowerCase();
    if (lower.length < 2 || STOP_WORDS.has(lower)) continue;
    out.push(stem(lower));
  }
  return out;
}

/**
 * Salient phrases of a text: maximal runs of up to `maxWords` content words (no stop word,
 * punctuation or line break inside), in original spelling, de-duplicated case-insensitively,
 * in order of first appearance.
 *
 * @param text - Any text.
 * @param maxWords - Longest phrase kept (default 3); longer runs keep their first words.
 * @returns Phrases such as `["benefits", "LangGraph", "agent framework"]`.
 * @example
 * ```ts
 * salientPhrases("the benefits of using LangGraph as an agent framework");
 * // ["benefits", "LangGraph", "agent framework"]
 * ```
 */
export function salientPhrases(text: string, maxWords = 3): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  // Split at punctuation and line breaks first so phrases never cross a clause boundary.
  for (const clause of text.split(/[\n\r,;:!?()[\]{}"“”<>/|=*#]+|\.(?:\s|$)|\s-\s/)) {
    let run: string[] = [];
    const flush = () => {
      if (run.length > 0) {
        const phrase = run.slice(0, maxWords).join(" ");
        const key = phrase.toLowerCase();
        if (!seen.has(key)) {
          seen.add(key);
          out.push(phrase);
        }
      }
      run = [];
    };
    for (const w of words(clause)) {
      const lower = w.toLowerCase();
      if (lower.length < 2 || STOP_WORDS.has(lower) || /^\d+$/.test(w)) flush();
      else run.push(w);
    }
    flush();
  }
  return out;
}

/**
 * Sentences of a text: split after `.`, `!` or `?` followed by whitespace and a capital, digit or
 * quote, and at line breaks; bullet markers are removed and whitespace is collapsed.
 *
 * @param text - Any text (markdown is fine).
 * @returns Non-empty trimmed sentences in order.
 * @example
 * ```ts
 * sentences("LangGraph runs nodes. Each step is a superstep!\n- A bullet");
 * // ["LangGraph runs nodes.", "Each step is a superstep!", "A bullet"]
 * ```
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const clean = line.replace(/^\s*(?:[-*•>]+|\d+[.)]|#+)\s+/, "").replace(/\s+/g, " ").trim();
    if (!clean) continue;
    for (const s of clean.split(/(?<=[.!?])\s+(?=["'“([]?[\p{Lu}\p{N}])/u)) {
      const t = s.trim();
      if (t) out.push(t);
    }
  }
  return out;
}

/**
 * The text with its first letter in upper case, as a sentence or a heading starts.
 *
 * @param text - Any text.
 * @returns e.g. `"Map-reduce in practice"` for `"map-reduce in practice"`.
 * @example
 * ```ts
 * upperFirst("fan-out"); // "Fan-out"
 * ```
 */
export function upperFirst(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/**
 * Joins items as English prose: `a`, `a and b`, `a, b and c`.
 *
 * @param items - Strings to join.
 * @returns The joined string (empty for no items).
 * @example
 * ```ts
 * joinWithAnd(["map", "reduce", "send"]); // "map, reduce and send"
 * ```
 */
export function joinWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
