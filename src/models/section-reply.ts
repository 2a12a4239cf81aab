/**
 * Replies made of parts: a report section written from one angle while other sections cover
 * theirs (a `Focus:` line, a list of what the others cover, and context documents), and a reply
 * that combines labelled parts (`=== Analyst ===` blocks, `Part 1 (label):` blocks) by drawing on
 * every one of them, so that no part is left out of a synthesis.
 */
import { extractiveAnswer } from "./extractive-answer.js";
import { angleOf } from "./personas.js";
import { topicPhrase } from "./interview-question.js";
import type { ContextDocument, ConversationView } from "./read-conversation.js";
import { hashString } from "./seeded-random.js";
import { covers, hasTerm, subjectPhrases, subjectTerms } from "./subject-terms.js";
import { salientPhrases, sentences, terms, upperFirst, words } from "./text-terms.js";

/**
 * Which of several focuses a sentence belongs to: the one whose own terms (those not in the topic)
 * it contains most; ties are shared out by a hash of the sentence over the tied focuses in sorted
 * order. Every writer that knows the same focuses assigns every sentence to the same one, so
 * sections written in parallel never quote the same sentence.
 *
 * @param sentence - A sentence from the documents.
 * @param focuses - Every section's focus (any order).
 * @param topicTerms - The topic's subject terms (shared by all sections, so they decide nothing).
 * @returns The focus that owns the sentence.
 * @example
 * ```ts
 * ownerOf("Retries cost money.", ["Cares about costs.", "Cares about failures."], []); // "Cares about costs."
 * ```
 */
export function ownerOf(sentence: string, focuses: readonly string[], topicTerms: readonly string[]): string {
  const st = new Set(terms(sentence));
  const scored = [...new Set(focuses)].sort().map((focus) => {
    const own = subjectTerms(focus).filter((t) => !topicTerms.some((u) => hasTerm(new Set([u]), t)));
    return { focus, score: own.filter((t) => hasTerm(st, t)).length };
  });
  const best = Math.max(...scored.map((s) => s.score));
  const tied = scored.filter((s) => s.score === best);
  return tied[hashString(sentence.toLowerCase()) % tied.length]!.focus;
}

/**
 * The topic as a title can carry it: a short topic whole (as a noun phrase); from a long one, its
 * phrase that holds a name ("adopting LangGraph"), else its first phrase of two or more words.
 */
function titleTopic(topic: string): string {
  const np = topicPhrase(topic);
  if (words(topic).length <= 4) return np;
  const phrases = salientPhrases(topic);
  const named = phrases.find((p, i) => words(p).some((w, j) => /\p{Lu}/u.test(w.slice(i === 0 && j === 0 ? 1 : 0))));
  return named ?? phrases.find((p) => words(p).length >= 2) ?? phrases[0] ?? np;
}

/**
 * A section's title, topical as the academy's are: the focus's angle on the topic, never the
 * analyst's name.
 *
 * @param focus - The section's focus (an analyst's description).
 * @param topic - The report's topic.
 * @returns E.g. "Vector databases: costs and budgets".
 * @example
 * ```ts
 * sectionTitle("Cares about design and structure when it comes to the benefits of adopting LangGraph.", "The benefits of adopting LangGraph");
 * // "Adopting LangGraph: design and structure"
 * ```
 */
export function sectionTitle(focus: string, topic: string): string {
  const angle = angleOf(focus, topic) ?? (subjectPhrases(focus).slice(0, 2).join(" and ").toLowerCase() || "what the sources say");
  // A question stays whole, after the angle: "Speed and scale: How do checkpointers work?"
  if (topicPhrase(topic).startsWith('"')) return `${upperFirst(angle)}: ${topic.trim()}`;
  const about = titleTopic(topic);
  return `${upperFirst(about)}: ${angle}`;
}

// A section prompt that asks for a Markdown title ("Start with a '## ' title …").
const TITLE_REQUEST = /\btitle\b[^\n]*##|##[^\n]*\btitle\b/i;

/**
 * A report section from the view's `focus`: sentences of the documents that cover the topic,
 * ranked by the focus, leaving to the other sections (`others`) the sentences that belong to them
 * (see {@link ownerOf}). Says so when the documents do not cover the topic, or add nothing on this
 * focus beyond the other sections.
 *
 * @param view - The conversation (its `focus`, `others`, `topic`).
 * @param documents - The context documents.
 * @returns The section text with citations and a Sources list, or one sentence saying what is
 *   missing; first a `## ` title line (see {@link sectionTitle}) when the instructions ask for one.
 * @example
 * ```ts
 * sectionReply(readConversation([new SystemMessage(`Topic: LangGraph\nFocus: Cares about costs.\n${docs}`)]), documents);
 * ```
 */
export function sectionReply(view: ConversationView, documents: readonly ContextDocument[]): string {
  const focus = view.focus ?? view.subject;
  const topic = view.topic ?? view.subject;
  const topicTerms = subjectTerms(topic);
  const focuses = [focus, ...view.others];
  const angle = angleOf(focus, topic) ?? focus.replace(/\.$/, "");
  const np = topicPhrase(topic);
  const docTerms = documents.map((d) => new Set(terms(`${d.title ?? ""} ${d.content}`)));
  const absent = new Set(topicTerms.filter((t) => !docTerms.some((d) => hasTerm(d, t))));
  const covered = docTerms.some((d) => covers(topicTerms, d, absent));
  const uncovered = covered
    ? `Beyond what the other sections report, the documents found say little about ${angle} for ${np}.`
    : `The documents found on ${angle} do not cover ${np}.`;
  const query = `${subjectPhrases(focus).join(" ")} ${topic}`;
  const text = extractiveAnswer(query, documents, {
    subject: topicTerms,
    keep: (s) => view.others.length === 0 || ownerOf(s, focuses, topicTerms) === focus,
    uncovered,
  });
  return TITLE_REQUEST.test(view.instructions ?? view.request) ? `## ${sectionTitle(focus, topic)}\n\n${text}` : text;
}

/** One labelled part of a text. */
export interface LabelledPart {
  label: string;
  body: string;
}

/**
 * The labelled parts of a text: `=== Label ===` headers or `Part N (Label):` lines, each with the
 * text up to the next header. Fewer than two parts means the text is not made of parts.
 *
 * @param text - Material to combine.
 * @returns The parts in order (empty when there are fewer than two).
 * @example
 * ```ts
 * labelledParts("=== A ===\nOne.\n\n=== B ===\nTwo."); // [{ label: "A", body: "One." }, { label: "B", body: "Two." }]
 * ```
 */
export function labelledParts(text: string): LabelledPart[] {
  const header = /^[ \t]*(?:={2,}[ \t]*(.+?)[ \t]*={2,}|Part[ \t]+\d+[ \t]*\((.+?)\)[ \t]*:)[ \t]*$/gm;
  const marks = [...text.matchAll(header)];
  if (marks.length < 2) return [];
  return marks.map((m, i) => {
    const start = m.index! + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1]!.index! : text.length;
    return { label: (m[1] ?? m[2] ?? "").trim(), body: text.slice(start, end).trim() };
  });
}

/**
 * A reply that draws on every part: one line per part, its label and the first sentence of each
 * of its paragraphs (two sentences of a one-paragraph part; citations, source lists, Markdown
 * emphasis and lines that are only a label such as `**Insights:**` left out).
 *
 * @param parts - From {@link labelledParts}.
 * @returns Lines such as `Sentiment analyst: Social sentiment about MOSS is mixed, …`.
 * @example
 * ```ts
 * partsReply([{ label: "CrewAI", body: "CrewAI runs crews of agents. [1]\n\nSources:\n[1] corpus://web/crewai-crews" }]);
 * // "CrewAI: CrewAI runs crews of agents."
 * ```
 */
export function partsReply(parts: readonly LabelledPart[]): string {
  return parts
    .map(({ label, body }) => {
      const text = plainBody(body);
      // The first sentence of each paragraph (a brief from two tools has two); one paragraph gives two.
      const paragraphs = text.split(/\n\s*\n/).map((p) => sentences(p)).filter((p) => p.length > 0);
      const picked = paragraphs.length > 1 ? paragraphs.slice(0, 3).map((p) => p[0]!) : (paragraphs[0] ?? []).slice(0, 2);
      const head = upperFirst(label);
      return `${head}: ${picked.join(" ") || "(no answer)"}`;
    })
    .join("\n");
}

// A part's text without its sources, citations, emphasis and label-only lines ("**Risks:**").
function plainBody(body: string): string {
  return body
    .replace(/\n\s*Sources:?\s*\n[\s\S]*$/i, "")
    .replace(/\s*\[\d+\]/g, "")
    .replace(/\*\*|__/g, "")
    .replace(/^[ \t]*[^\n.!?]{1,60}:[ \t]*$/gm, "")
    .replace(/^[ \t]*(?:[-*•]|\d+[.)])[ \t]+/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * A summary of labelled parts (participants' answers to one prompt): what it consolidates, one
 * line per part with its main points (the first line of each of its first three paragraphs, up to
 * a semicolon), then the words the parts have in common beyond the prompt's own, when two or more
 * parts share some.
 *
 * @param parts - From {@link labelledParts}.
 * @param prompt - What the parts answered, when known (its words are not common ground).
 * @returns Lines such as `Summary of 3 participants on "…":`, `- researcher: …`, `Common ground: price, warranty.`
 * @example
 * ```ts
 * summaryOfParts(labelledParts("=== a ===\nPrice first.\n\n=== b ===\nPrice matters."), "We sell kettles.");
 * // 'Summary of 2 participants on "We sell kettles.":\n- a: Price first.\n- b: Price matters.\nCommon ground: price.'
 * ```
 */
export function summaryOfParts(parts: readonly LabelledPart[], prompt?: string): string {
  const about = prompt?.trim() ? ` on "${sentences(prompt)[0] ?? prompt.trim()}"` : "";
  // Each part's main points: the first line of each of its first three paragraphs, up to a ";".
  const lines = parts.map(({ label, body }) => {
    const points = plainBody(body)
      .split(/\n\s*\n/)
      .map((p) => (p.trim().split("\n")[0] ?? "").split(/;\s/)[0]!.trim())
      .filter(Boolean)
      .slice(0, 3)
      .map((p) => (/[.!?"”]$/.test(p) ? p : `${p}.`));
    return `- ${label}: ${points.join(" ") || "(no answer)"}`;
  });
  // Words at least two parts use (each counted once per part), beyond the prompt's, most used first.
  const asked = new Set(terms(prompt ?? ""));
  const seen = new Map<string, { word: string; parts: number }>();
  for (const part of parts) {
    for (const [stemmed, word] of new Map(words(plainBody(part.body)).filter((w) => w.length >= 5 && terms(w).length === 1).map((w) => [terms(w)[0]!, w.toLowerCase()] as const))) {
      if (asked.has(stemmed)) continue;
      const entry = seen.get(stemmed) ?? { word, parts: 0 };
      entry.parts += 1;
      seen.set(stemmed, entry);
    }
  }
  const common = [...seen.values()].filter((e) => e.parts >= Math.min(2, parts.length) && parts.length > 1).sort((a, b) => b.parts - a.parts).slice(0, 4);
  return [`Summary of ${parts.length} participants${about}:`, ...lines, ...(common.length ? [`Common ground: ${common.map((e) => e.word).join(", ")}.`] : [])].join("\n");
}
