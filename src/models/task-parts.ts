/**
 * Decomposing a task the way a person would: a compound task names its parts ("Compare CrewAI,
 * AutoGen and LangGraph", "a briefing on supersteps, reducers and checkpointers", "How does X
 * work, and why does Y matter?"), and each part becomes its own sub-task; a task with one subject
 * gets a few aspects of that subject instead. The offline model fills lists named `subtasks`,
 * `tasks`, `steps`, `parts` or `sub_questions` with these.
 */
import { fieldWords } from "./field-values.js";
import { topicPhrase } from "./interview-question.js";
import { isFrameWord, subjectPhrases } from "./subject-terms.js";
import { upperFirst, words } from "./text-terms.js";

/**
 * Whether an array field holds sub-tasks (by its name).
 *
 * @param name - The field name, e.g. `subtasks` or `sub_questions`.
 * @returns `true` for task lists.
 * @example
 * ```ts
 * isTaskList("subtasks"); // true
 * isTaskList("subjects"); // false
 * ```
 */
export function isTaskList(name: string): boolean {
  const w = fieldWords(name).join(" ");
  return /^(?:sub ?tasks?|tasks|steps|parts|sub ?questions?|work items)$/.test(w);
}

// Instructions before the subject: "Compare", "Write a briefing on", "What are the differences between".
const LEADS = [
  /^(?:please\s+)?(?:compare|contrast|explain|describe|summari[sz]e|research|evaluate|assess|review|analy[sz]e|discuss|cover|outline|investigate|tell me about)\s+/i,
  /^(?:please\s+)?(?:write|prepare|draft|give me|produce|create|make)\s+(?:me\s+)?(?:an?\s+|the\s+)?(?:short\s+|brief\s+|quick\s+)?(?:briefing|report|summary|overview|memo|note|comparison|analysis|introduction|primer|guide)\s+(?:on|about|of|for|comparing|covering)\s+/i,
  /^what\s+(?:are|is)\s+the\s+(?:main\s+|key\s+)?(?:differences?|similarities)\s+(?:between|among)\s+/i,
];
const QUESTION_START = /^(?:who|what|when|where|why|how|which|is|are|can|could|does|do|did|should|will|would)\b/i;
const TAIL = /^(.+?)\s+((?:in|for|with|on|at|within|inside|across|under|when)\s+.+)$/i;

/** The task without its leading instruction and final punctuation. */
function stripLead(task: string): string {
  let t = task.trim().replace(/\s+/g, " ").replace(/[.!]+$/, "");
  for (const lead of LEADS) t = t.replace(lead, "");
  return t;
}

/**
 * The parts a compound task names, in order: two or more questions joined by "and" / ";" / "?",
 * or a list of two or more short items ("A, B and C", "A vs B", "between A and B"). A qualifier
 * after the last item ("… and LangGraph for parallel agents") applies to every item.
 *
 * @param task - The task or question as typed.
 * @returns The parts (empty when the task is not compound).
 * @example
 * ```ts
 * namedParts("Compare CrewAI, AutoGen and LangGraph"); // ["CrewAI", "AutoGen", "LangGraph"]
 * ```
 */
export function namedParts(task: string): string[] {
  const t = stripLead(task);
  // Several questions: "How does X work, and why does Y matter?"
  const clauses = t.split(/\?\s+|;\s+|,\s+and\s+(?=(?:who|what|when|where|why|how|which)\b)/i).map((c) => c.trim().replace(/\?$/, "")).filter(Boolean);
  if (clauses.length >= 2 && clauses.every((c) => QUESTION_START.test(c) && words(c).length >= 3)) {
    return clauses.map((c) => `${upperFirst(c)}?`);
  }
  const body = t.replace(/\?$/, "");
  let items = body.split(/\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|vs\.?|versus)\s+/i).map((i) => i.trim()).filter(Boolean);
  if (items.length < 2) return [];
  // A qualifier after the last item belongs to all of them.
  const tail = TAIL.exec(items[items.length - 1]!);
  let suffix = "";
  if (tail && words(tail[1]!).length <= 4) {
    items[items.length - 1] = tail[1]!;
    suffix = ` ${tail[2]}`;
  }
  items = items.filter((i) => !words(i).every((w) => isFrameWord(w)));
  if (items.length < 2 || items.some((i) => words(i).length > 5 || QUESTION_START.test(i))) return [];
  return items.map((i) => `${i}${suffix}`);
}

/**
 * Sub-tasks for a task: one per named part (see {@link namedParts}), else three aspects of its
 * subject (what it is, how it works in practice, its limits and risks); at most `max`.
 *
 * @param task - The task or question.
 * @param max - Most sub-tasks (at least 1).
 * @returns Sub-task texts.
 * @example
 * ```ts
 * planSubtasks("Write a briefing on vector databases", 5);
 * // ["What vector databases are and why they matter", "How vector databases work in practice", "Limits and risks of vector databases"]
 * ```
 */
export function planSubtasks(task: string, max: number): string[] {
  const parts = namedParts(task);
  if (parts.length >= 2) return parts.slice(0, max);
  const stripped = stripLead(task);
  const core = QUESTION_START.test(stripped) ? subjectPhrases(stripped).slice(0, 2).join(" ") || stripped : stripped;
  const np = topicPhrase(core);
  const plural = /s$/i.test(words(core).pop() ?? "") && !/ss$/i.test(core);
  return [
    `What ${np} ${plural ? "are" : "is"} and why ${plural ? "they matter" : "it matters"}`,
    `How ${np} ${plural ? "work" : "works"} in practice`,
    `Limits and risks of ${np}`,
  ].slice(0, Math.max(1, max));
}
