/**
 * The offline interviewer: an analyst persona (a prompt with `Topic:`, `Role:` and `Description:`
 * lines that asks for a question) asks about the topic from its own angle, a different question
 * each turn. Questions are built so that any topic a learner types reads grammatically: the topic
 * only ever follows a preposition ("When it comes to …", "for …").
 */
import type { ConversationView } from "./read-conversation.js";
import { angleOf } from "./personas.js";
import { subjectPhrases } from "./subject-terms.js";
import { joinWithAnd, salientPhrases } from "./text-terms.js";

const LOWER_LEAD = /^(?:The|A|An|This|These|Those|Our|My|Your|How|Why|What|When|Where|Which)\b/;
const QUESTION_LEAD = /^(?:who|what|when|where|why|how|which|is|are|can|could|does|do|did|should|will|would)\b/i;

/**
 * A topic as a noun phrase that can follow a preposition: a leading article is lower-cased ("The
 * benefits of X" → "the benefits of X"), so is a sentence-case first word ("Quantum error
 * correction" → "quantum error correction"), a question is quoted, a final full stop dropped.
 *
 * @param topic - The topic as typed.
 * @returns The phrase, e.g. `the benefits of adopting LangGraph` or `"How do checkpointers work?"`.
 * @example
 * ```ts
 * topicPhrase("The history of jazz"); // "the history of jazz"
 * ```
 */
export function topicPhrase(topic: string): string {
  const t = topic.trim().replace(/\s+/g, " ").replace(/\.+$/, "");
  if (!t) return "this topic";
  if (/\?$/.test(t) || (QUESTION_LEAD.test(t) && t.split(" ").length > 2 && !/^how to\b/i.test(t))) return `"${t}"`;
  if (LOWER_LEAD.test(t)) return t.charAt(0).toLowerCase() + t.slice(1);
  // Sentence case ("Quantum error correction") reads lower-case mid-sentence; names keep theirs.
  const [first = "", ...rest] = t.split(" ");
  if (rest.length > 0 && /^\p{Lu}\p{Ll}+$/u.test(first) && rest.every((w) => !/\p{Lu}/u.test(w))) return first.toLowerCase() + t.slice(first.length);
  return t;
}

const TEMPLATES: ReadonlyArray<(np: string, angle: string) => string> = [
  (np, angle) => `When it comes to ${np}, what should I understand first about ${angle}?`,
  (np, angle) => `What do the sources say about ${angle} for ${np}, and what is still uncertain?`,
  (np, angle) => `Looking at ${np}, which trade-offs around ${angle} matter most?`,
  (np, angle) => `For ${np}, what is the most common mistake people make about ${angle}?`,
  (np, angle) => `What would you recommend on ${angle}, for someone working with ${np}?`,
];

/**
 * The interviewer's next question: about the topic (`Topic:` line, else the instruction's key
 * phrases), from the angle its persona's `Description:` states (see `angleOf`), one template per
 * turn (the turn is the number of questions it has already asked).
 *
 * @param view - The conversation as read by `readConversation`.
 * @returns One question.
 * @example
 * ```ts
 * interviewQuestion(readConversation([new SystemMessage("Topic: vector databases\nDescription: Cares about costs when it comes to vector databases.\nAsk one question.")]));
 * // "When it comes to vector databases, what should I understand first about costs?"
 * ```
 */
export function interviewQuestion(view: ConversationView): string {
  const instructions = view.instructions ?? view.request;
  const topic = view.topic ?? (joinWithAnd(subjectPhrases(instructions).slice(0, 2)) || "this topic");
  const description = /^Description:\s*(.+)$/im.exec(instructions)?.[1]?.trim() ?? "";
  const role = /^Role:\s*(.+)$/im.exec(instructions)?.[1]?.trim();
  const angle = angleOf(description, topic) ?? (role ? `what matters to a ${role.toLowerCase()}` : (salientPhrases(description)[0] ?? "the essentials").toLowerCase());
  const turn = view.priorReplies.length;
  return TEMPLATES[turn % TEMPLATES.length]!(topicPhrase(topic), angle);
}
