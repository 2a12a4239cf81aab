// Measurable properties of generated text, for the tests that check that the offline model's
// answers follow the question: sentences, content words, report sections, citations, joke text.
// Deliberately independent of the model's own text utilities, so the tests do not grade the
// model with its own yardstick.
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import { OfflineChatModel, type OfflineChatModelFields } from "../../src/models/offline-chat-model.js";

/** One model call: what it was given and what it answered. */
export interface RecordedCall {
  messages: BaseMessage[];
  text: string;
  message: AIMessage;
}

/** The offline model, recording every call (structured output and tool calls included). */
export class RecordingModel extends OfflineChatModel {
  /**
   * @param fields - The offline model's fields (callbacks, a rate limiter); latency 0 unless given.
   * @param calls - Where calls are recorded: pass another model's `calls` to record several models in one list.
   */
  constructor(
    fields: OfflineChatModelFields = {},
    readonly calls: RecordedCall[] = [],
  ) {
    super({ latencyMs: 0, ...fields });
  }

  override async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    const result = await super._generate(messages, options, runManager);
    const generation = result.generations[0]!;
    this.calls.push({ messages, text: generation.text, message: generation.message as AIMessage });
    return result;
  }

  /** Calls whose system message starts with `prefix`. */
  callsWithSystem(prefix: string): RecordedCall[] {
    return this.calls.filter((c) => c.messages.some((m) => m.getType() === "system" && m.text.startsWith(prefix)));
  }
}

const STOP = new Set(
  (
    "about above after again also among around because been before being below between both cannot could does doing down during each " +
    "from further have having here into itself just more most much must only other over same should some such than that their theirs " +
    "them then there these they this those through under until very what when where which while whom will with would your yours " +
    "understand first comes sources still uncertain looking matter matters common mistake people make makes recommend someone working " +
    "need needs cares care tell explain compare briefing write search" 
  ).split(" "),
);

/** Lower-case words of four letters or more that are not function words or question frame. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*/gu) ?? []).filter((w) => w.length >= 4 && !STOP.has(w));
}

/** Same word up to an ending: equal, or sharing the first five letters (database / databases). */
const sameWord = (a: string, b: string) => a === b || (a.length >= 5 && b.length >= 5 && a.slice(0, 5) === b.slice(0, 5));

/** Whether `text` contains a content word of `reference`. */
export function sharesContentWord(text: string, reference: string): boolean {
  const ref = contentWords(reference);
  return contentWords(text).some((w) => ref.some((r) => sameWord(w, r)));
}

/** Whether `text` contains every content word of `part` (in any ending). */
export function mentionsAll(text: string, part: string): boolean {
  const have = contentWords(text);
  const want = contentWords(part);
  return want.length > 0 && want.every((w) => have.some((h) => sameWord(h, w)));
}

/** Sentences of a text, citation markers and source lists removed. */
export function sentencesOf(text: string): string[] {
  const body = text.split(/\n\s*(?:#+\s*)?Sources:?\s*\n/)[0] ?? text;
  return body
    .replace(/\s*\[\d+\]/g, "")
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=["“(]?[\p{Lu}\p{N}])/u))
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !/^#/.test(s));
}

/** Word count of a sentence. */
export const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** The analyst sections of a research report: heading and sentences, up to the conclusion. */
export function analystSections(report: string): Array<{ heading: string; sentences: string[] }> {
  const end = report.indexOf("\n## Conclusion");
  return [...report.slice(0, end < 0 ? undefined : end).matchAll(/^### (.+)\n\n([\s\S]*?)(?=\n### |$)/gm)].map((m) => ({
    heading: m[1]!,
    sentences: sentencesOf(m[2]!),
  }));
}

/** Sentences of more than `words` words that appear under two sections: `"…" under A and B`. */
export function repeatedSentences(sections: ReturnType<typeof analystSections>, words = 6): string[] {
  const owner = new Map<string, string>();
  const repeated: string[] = [];
  for (const { heading, sentences } of sections) {
    for (const s of sentences.filter((x) => wordCount(x) > words)) {
      const first = owner.get(s);
      if (first !== undefined && first !== heading) repeated.push(`"${s}" under ${first} and ${heading}`);
      else owner.set(s, heading);
    }
  }
  return repeated;
}

/** The share of `sentences` that have a content word of `topic` (1 for none). */
export function onTopicShare(sentences: readonly string[], topic: string): number {
  return sentences.length === 0 ? 1 : sentences.filter((s) => sharesContentWord(s, topic)).length / sentences.length;
}

/** The body of a report part (`## Introduction` …) as sentences. */
export function reportPart(report: string, heading: string): string[] {
  const m = new RegExp(`^## ${heading}\\n\\n([\\s\\S]*?)(?=\\n## |$)`, "m").exec(report);
  return m ? sentencesOf(m[1]!) : [];
}

/** The URLs in a trailing `Sources:` list. */
export function citedSources(text: string): string[] {
  const at = text.search(/^\s*Sources:?\s*$/m);
  return at < 0 ? [] : [...text.slice(at).matchAll(/(?:corpus|https?):\/\/[^\s)\]]+/g)].map((m) => m[0]);
}

/** Says that its sources do not cover (or answer) the question. */
export const SAYS_NOT_COVERED = /\bdo(?:es)? not (?:cover|answer)\b|\bsay little about\b|\bsay nothing specific\b|\bcould not answer\b/;

// Phrases of the offline model's joke templates (src/models/offline-reply.ts).
const JOKE_FRAGMENTS = [
  "bring a ladder to the meeting",
  "every draft is still waiting for review",
  "to change a light bulb",
  "My therapist says I talk about",
  "but it only works in parallel",
  "eventually gets fanned out",
];

/** Whether a text contains joke text of the offline model. */
export function containsJoke(text: string): boolean {
  return JOKE_FRAGMENTS.some((f) => text.includes(f));
}

/** All text a call produced: its reply and its tool-call arguments (structured output). */
export function outputText(call: RecordedCall): string {
  return `${call.text}\n${JSON.stringify(call.message.tool_calls ?? [])}`;
}
