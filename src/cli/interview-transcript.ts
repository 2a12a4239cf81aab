/**
 * Lesson 4's live transcript of an interview, built from the interview graph's own task results
 * (what each node read and wrote, as LangGraph streams them): the analyst's questions, what each
 * search found, the expert's answers, the section. Every line starts with the analyst's name, so
 * three interviews printing at once stay readable, and a long answer is wrapped into several
 * whole lines rather than left to interleave with the others.
 */
import type { BaseMessage } from "@langchain/core/messages";

/** A finished task of the interview graph: its node, what it read and what it wrote. */
export interface InterviewTask {
  node: string;
  input?: unknown;
  writes?: Record<string, unknown>;
  error?: string;
}

/**
 * The transcript lines one finished interview task adds: `ask_question` → `Q1 (analyst): …`,
 * `search_web` / `search_encyclopedia` → the sources found, `answer_question` → `A1 (expert): …`,
 * `write_section` → `section written`; other nodes add nothing. The turn number counts the
 * speaker's earlier messages in what the task read, so a resumed interview keeps its numbering.
 *
 * @param analyst - The analyst's name, the prefix of every line.
 * @param task - The task (a `TaskRecord` of a standalone interview, or a `SubgraphTaskRecord`).
 * @param width - Longest text per line (after the prefix and label) before wrapping. Default 80.
 * @returns The lines, each `[<analyst>] …`.
 * @example
 * ```ts
 * interviewLines("Ada Lovelace", { node: "ask_question", input: { messages: [] }, writes: { messages: [question] } });
 * // ["[Ada Lovelace] Q1 (analyst): How do you recover when part of a run fails?"]
 * ```
 */
export function interviewLines(analyst: string, task: InterviewTask, width = 80): string[] {
  const prefix = `[${analyst}] `;
  if (task.error !== undefined) return [`${prefix}${task.node} failed: ${task.error}`];
  if (!task.writes) return [];
  switch (task.node) {
    case "ask_question":
      return turn(prefix, "Q", task, width);
    case "answer_question":
      return turn(prefix, "A", task, width);
    case "search_web":
      return labelled(prefix, "searched the web: ", [sources(task.writes)], width);
    case "search_encyclopedia":
      return labelled(prefix, "searched the encyclopedia: ", [sources(task.writes)], width);
    case "write_section":
      return [`${prefix}section written`];
    default:
      return [];
  }
}

// "Q2 (analyst): first line", then the rest of the message indented under its text.
function turn(prefix: string, letter: "Q" | "A", task: InterviewTask, width: number): string[] {
  const message = (task.writes?.messages as BaseMessage[] | undefined)?.[0];
  if (!message) return [];
  const speaker = message.name ?? (letter === "Q" ? "analyst" : "expert");
  const before = ((task.input as { messages?: BaseMessage[] } | undefined)?.messages ?? []).filter((m) => m.name === speaker).length;
  return labelled(prefix, `${letter}${before + 1} (${speaker}): `, message.text.split("\n"), width);
}

// Each paragraph wrapped to `width`; the first line carries the label, the others align under it.
function labelled(prefix: string, label: string, paragraphs: string[], width: number): string[] {
  const lines = paragraphs.filter((p) => p.trim()).flatMap((p) => wrap(p.trim(), width));
  return lines.map((line, i) => `${prefix}${i === 0 ? label : " ".repeat(label.length)}${line}`);
}

function sources(writes: Record<string, unknown>): string {
  const found = ((writes.context as { source: string }[] | undefined) ?? []).map((d) => d.source);
  return found.length ? found.join(", ") : "nothing";
}

// Whole words, at most `width` characters a line (a longer word gets a line of its own).
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
