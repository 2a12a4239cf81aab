/**
 * Sub-topics of a topic, the way a person would list them for "List 3 subjects related to
 * animals": narrower subjects, each different, none of them the topic itself. A compound topic
 * ("cats and dogs") gives its parts, a long one its subject phrases ("The benefits of adopting
 * LangGraph as an agent framework" → "LangGraph"), and facets ("the history of animals", "animals in everyday life", …)
 * fill the rest. The offline model fills lists named `subjects`, `topics` or `subtopics` with these.
 */
import { fieldWords, facetOf } from "./field-values.js";
import { topicPhrase } from "./interview-question.js";
import { subjectPhrases } from "./subject-terms.js";
import { namedParts } from "./task-parts.js";
import { words } from "./text-terms.js";

/**
 * Whether an array field holds sub-topics of a topic (by its name).
 *
 * @param name - The field name, e.g. `subjects` or `sub_topics`.
 * @returns `true` for topic lists.
 * @example
 * ```ts
 * isTopicList("subjects"); // true
 * isTopicList("subtasks"); // false
 * ```
 */
export function isTopicList(name: string): boolean {
  return /^(?:sub ?topics?|topics|subjects|sub ?subjects?|themes|sub ?themes?)$/.test(fieldWords(name).join(" "));
}

// How a phrase compares to others: case, articles, spacing and end punctuation aside.
const key = (phrase: string) =>
  words(phrase)
    .map((w) => w.toLowerCase())
    .filter((w, i) => i > 0 || !["the", "a", "an"].includes(w))
    .join(" ");

/**
 * `count` distinct sub-topics of `topic`, none equal to it: the parts of a compound topic, then
 * (for a topic of more than four words) its subject phrases, then facets of the topic.
 *
 * @param topic - The topic as typed.
 * @param count - How many (at least 1).
 * @returns Sub-topic phrases, in that order.
 * @example
 * ```ts
 * planSubtopics("animals", 3); // ["the history of animals", "animals in everyday life", "the science of animals"]
 * ```
 */
export function planSubtopics(topic: string, count: number): string[] {
  const whole = key(topic);
  const seen = new Set([whole]);
  const out: string[] = [];
  const add = (phrase: string) => {
    const k = key(phrase);
    if (!k || seen.has(k) || out.length >= count) return;
    seen.add(k);
    out.push(phrase);
  };
  const short = words(topic).length <= 4;
  for (const part of namedParts(topic)) add(part);
  // A short topic's phrases are broader than it ("medicine" in "quantum computing in medicine").
  if (!short) for (const phrase of subjectPhrases(topic)) add(phrase);
  // Facets of the topic when it is short, else of its main phrase ("the history of LangGraph").
  const core = short ? topicPhrase(topic) : (subjectPhrases(topic)[0] ?? topicPhrase(topic));
  for (let i = 0; out.length < count && i < 64; i++) add(facetOf(core, i) + (i >= 8 ? ` (${Math.floor(i / 8) + 1})` : ""));
  return out;
}
