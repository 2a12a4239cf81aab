/**
 * How many items the prompt asks for. The offline model sizes arrays in structured output with
 * this: "max_analysts: 3", "number of questions = 5", "3 subjects", "three jokes" (for a field
 * named `analysts`, `questions`, `subjects`, `jokes`), or generically "a list of 3 sub-topics" /
 * "the top 3 themes" for the outermost array.
 */
import { stem, words } from "./text-terms.js";

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};
const NUM = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join("|")})`;
// "one" is left out where the number precedes the noun: "assign one analyst to each theme" is not a count.
const NUM_BEFORE_NOUN = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).filter((w) => w !== "one").join("|")})`;

/** Largest count ever inferred; larger numbers in the prompt are years, prices, ids… not counts. */
export const MAX_INFERRED_COUNT = 50;

const toNumber = (s: string): number => NUMBER_WORDS[s.toLowerCase()] ?? Number.parseInt(s, 10);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Regex source matching a field name's noun in singular or plural, with `_`, `-`, space or
 * nothing between its words: `sub_topics` → "sub-topics", "sub topics", "subtopics", "sub_topic"…
 */
function nounPattern(fieldName: string): string | undefined {
  const parts = words(fieldName.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ")).map((w) => w.toLowerCase());
  if (parts.length === 0) return undefined;
  const last = stem(parts[parts.length - 1]!);
  const head = parts.slice(0, -1).map(escape).join("[-_ ]?");
  const lastPattern = last.endsWith("y") ? `${escape(last.slice(0, -1))}(?:y|ies)` : `${escape(last)}(?:e?s)?`;
  return head ? `${head}[-_ ]?${lastPattern}` : lastPattern;
}

/**
 * The number of items a prompt requests for an array field, or `undefined` when it names none.
 * Field-specific forms are tried first, in this order: `max_<field>: N` / `number of <field>: N`,
 * `<field>: N`, `N <up to two words> <field>` (each on one line). With `generic: true`, "list of
 * N <nouns>", "top N <nouns>", "generate N <nouns>" (any plural noun) are tried last. Numbers may
 * be digits or words (two … twelve; "one" only in the `:`/`=` forms, since "assign one analyst
 * to each theme" is no count); counts of 0 or above {@link MAX_INFERRED_COUNT} are ignored.
 *
 * @param text - The prompt text (all messages).
 * @param fieldName - The array's property name, e.g. `analysts` or `sub_topics`.
 * @param generic - Also accept the field-agnostic forms (default `false`).
 * @returns The requested count, or `undefined`.
 * @example
 * ```ts
 * requestedCount("Pick the top 3 themes. max_analysts: 4", "analysts"); // 4
 * requestedCount("Generate a list of 3 sub-topics about animals.", "subjects", true); // 3
 * ```
 */
export function requestedCount(text: string, fieldName: string, generic = false): number | undefined {
  const noun = nounPattern(fieldName);
  const patterns: RegExp[] = [];
  if (noun) {
    patterns.push(
      new RegExp(`\\b(?:max|maximum|num|number|n|count|total)[-_ ]?(?:of[-_ ])?(?:the[-_ ])?${noun}\\b[ \\t]*(?:[:=]|is|of)[ \\t]*${NUM}\\b`, "i"),
      new RegExp(`\\b${noun}[ \\t]*[:=][ \\t]*${NUM}\\b`, "i"),
      new RegExp(`\\b${NUM_BEFORE_NOUN}[ \\t]+(?:[\\w-]+[ \\t]+){0,2}?${noun}\\b`, "i"),
    );
  }
  if (generic) {
    patterns.push(
      new RegExp(`\\b(?:list of|top|generate|create|write|pick|choose|select|give me|produce|propose|suggest)[ \\t]+(?:exactly[ \\t]+|up to[ \\t]+)?${NUM_BEFORE_NOUN}[ \\t]+(?:[\\w-]+[ \\t]+){0,2}?[\\w-]+s\\b`, "i"),
    );
  }
  for (const pattern of patterns) {
    const m = pattern.exec(text);
    if (!m?.[1]) continue;
    const n = toNumber(m[1]);
    if (n > 0 && n <= MAX_INFERRED_COUNT) return n;
  }
  return undefined;
}
