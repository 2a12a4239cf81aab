/**
 * The offline model's text replies, derived from what it was given. In order of precedence:
 * tool results are reported as they are (search results get an extractive answer); an instruction
 * that asks for a joke gets a templated pun on its subject; a researcher, marketer or legal
 * persona given a launch writes its brief of it (see `launch-brief.ts`); another persona with a
 * task outlines it; a section with a `Focus:` gets the documents' sentences on that focus; an
 * introduction or conclusion recalls the parts of its material; labelled parts are summarised when
 * asked (one line each, then their common ground), else combined, one line each; a summary request
 * gets the first sentences of the text to summarise; context documents get an extractive answer
 * with citations (or say they do not cover the question); a request to ask a question gets one
 * about its subject; a greeting gets a greeting; a question gets an honest "I am offline" reply
 * naming its key terms; anything else gets the most central sentences of the material it
 * contains, or a short acknowledgement built from its key terms.
 */
import { extractiveAnswer } from "./extractive-answer.js";
import { interviewQuestion, topicPhrase } from "./interview-question.js";
import type { ConversationView } from "./read-conversation.js";
import { briefKind, launchBrief, launchFacts } from "./launch-brief.js";
import { labelledParts, partsReply, sectionReply, summaryOfParts } from "./section-reply.js";
import { askedFor, hasTerm, sameTerm, subjectPhrases, subjectTerms } from "./subject-terms.js";
import type { SeededRandom } from "./seeded-random.js";
import { joinWithAnd, salientPhrases, sentences, terms } from "./text-terms.js";

const JOKES = [
  "Why did the expert on {x} bring a ladder to the meeting? To take the discussion to the next level.",
  "I tried to write a joke about {x}, but every draft is still waiting for review.",
  "How many fans of {x} does it take to change a light bulb? One, plus a forty-minute talk on {x} first.",
  "My therapist says I talk about {x} too much. I told her it's a subject I just can't drop.",
  "I'd tell you a joke about {x}, but it only works in parallel.",
  "Why don't secrets last in a talk on {x}? Everything about {x} eventually gets fanned out.",
];

/**
 * A deterministic, templated pun about a subject.
 *
 * @param subject - What the joke is about, e.g. "cats".
 * @param rng - Chooses the template.
 * @returns One sentence or a question-and-answer pair.
 * @example
 * ```ts
 * offlineJoke("cats", seededRandomFor("cats")); // "I'd tell you a joke about cats, but it only works in parallel."
 * ```
 */
export function offlineJoke(subject: string, rng: SeededRandom): string {
  const x = subject.trim() || "parallel graphs";
  return rng.pick(JOKES).replaceAll("{x}", x);
}

/**
 * The subject of a joke request: "a joke about X", else the prompt's topic, else its salient phrases.
 *
 * @param view - The conversation as read by `readConversation`.
 * @returns The subject, e.g. "cats" for "Tell me a joke about cats".
 * @example
 * ```ts
 * jokeSubject(readConversation([new HumanMessage("Write a pun about dogs.")])); // "dogs"
 * ```
 */
export function jokeSubject(view: ConversationView): string {
  const m = /\b(?:joke|pun)s?\b[^.?!\n]*?\b(?:about|on|regarding)\s+([^.?!\n]+)/i.exec(view.request);
  if (m?.[1]) return m[1].trim().replace(/^(?:the topic|topic)\s*[:=]?\s*/i, "");
  return view.topic ?? (salientPhrases(view.request).slice(0, 2).join(" ") || "parallel graphs");
}

/**
 * The text a summary request refers to: the documents; the human message when the instruction
 * is the system message; after the instruction's colon or first line; else the rest.
 */
function summaryMaterial(view: ConversationView): string {
  if (view.documents.length > 0) return view.documents.map((d) => d.content).join("\n");
  if (view.instructions && SUMMARY.test(view.instructions) && !SUMMARY.test(view.request)) return view.request;
  const colon = /^[^\n]*?(?:summari[sz]e|summary|tl;?dr)[^\n:]*:\s*([\s\S]+)$/i.exec(view.request);
  if (colon?.[1]?.trim()) return colon[1];
  // "…, previewing these sections:\n\n<material>": the material follows the colon.
  const given = /^[\s\S]*?:[ \t]*\n([\s\S]+)$/.exec(view.request);
  if (given?.[1]?.trim()) return given[1];
  const nl = view.request.indexOf("\n");
  if (nl > 0 && view.request.slice(nl).trim()) return view.request.slice(nl + 1);
  const rest = view.text.replace(view.request, "").trim();
  return rest || view.request;
}

const ASK_QUESTION = /\b(?:ask|generate|write|pose|suggest|come up with)\b[^.?!\n]*\bquestions?\b/i;

// A joke is asked for by a verb a few words before "joke"/"pun" ("Tell me a short joke"), or by a
// request that starts with one; "one joke per generated subject" in retrieved text is not a request.
const JOKE_REQUEST = /\b(?:tell|write|make|give|share|generate|create|crack|invent|come up with)\s+(?:me\s+|us\s+)?(?:[\w'-]+\s+){0,3}?(?:jokes?|puns?)\b|^\s*(?:a\s+|one\s+|another\s+)?(?:jokes?|puns?)\b/im;

/**
 * The instruction part of a conversation: the system message and the request up to its material
 * (text after a colon and a line break, or after a blank line, is what to work on).
 */
function instructionHead(view: ConversationView): string {
  const head = view.request.split(/:[ \t]*\n|\n[ \t]*\n/)[0] ?? view.request;
  return `${view.instructions ?? ""}\n${head}`;
}

/**
 * Whether the instruction asks for a joke (not merely mentions jokes in its material).
 *
 * @param view - The conversation as read by `readConversation`.
 * @returns `true` for "Tell me a joke about cats", `false` for a summary of a text about jokes.
 * @example
 * ```ts
 * asksForJoke(readConversation([new HumanMessage("Tell a short joke about owls.")])); // true
 * ```
 */
export function asksForJoke(view: ConversationView): boolean {
  return JOKE_REQUEST.test(instructionHead(view));
}

const SUMMARY = /\bsummari[sz]|\bsummary\b|\btl;?dr\b/i;
const SENTENCE_COUNTS: Record<string, number> = { one: 1, a: 1, single: 1, two: 2, three: 3, four: 4, five: 5 };

/** How many sentences a summary request asks for ("in one sentence", "in 3 sentences"); default 2. */
function summarySentences(instruction: string): number {
  const m = /\bin\s+(\d|one|a|single|two|three|four|five)\s+(?:short\s+)?sentences?\b/i.exec(instruction);
  if (!m?.[1]) return 2;
  return Math.max(1, Math.min(5, SENTENCE_COUNTS[m[1].toLowerCase()] ?? Number(m[1])));
}

/** The best sentences of `material` by how many of the text's own frequent terms they contain. */
function centralSentences(material: string, count: number): string[] {
  // Citation markers belong to the source text, not to a new summary; repeated sentences count once.
  const cleaned = sentences(material.replace(/\s*\[\d+\]/g, "")).filter((s) => s.length >= 20);
  const all = [...new Set(cleaned)];
  const freq = new Map<string, number>();
  for (const t of terms(material)) freq.set(t, (freq.get(t) ?? 0) + 1);
  return all
    .map((s, i) => ({ s, i, score: [...new Set(terms(s))].reduce((sum, t) => sum + Math.log(1 + (freq.get(t) ?? 0)), 0) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, count)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.s);
}

function isQuestion(text: string): boolean {
  return /\?\s*$/.test(text.trim()) || /^\s*(?:who|what|when|where|why|how|which|is|are|can|could|does|do|did|should|will)\b/i.test(text);
}

function answerFromToolResults(view: ConversationView): string {
  if (view.toolResults.length === 0) return "The tool returned no output.";
  // Plain outputs (numbers, statuses, fact sheets, errors) are reported as they are; search
  // results are documents to quote from, when they cover what was asked.
  const docs = [...view.toolResults.filter((d) => !d.source.endsWith(" tool")), ...view.documents];
  // "No results for …" says nothing when another search returned documents.
  const plain = view.toolResults.filter((d) => d.source.endsWith(" tool") && !(docs.length > 0 && /^No\b[^.\n]*\b(?:results?|articles?|documents?)\b/i.test(d.content)));
  const lines = plain.map((d) => {
    // A tool error (LangGraph's ToolNode reports it as "Error: …"): what the tool could not do.
    const error = /^Error:\s*([\s\S]*?)(?:\s*Please fix your mistakes\.?)?\s*$/.exec(d.content)?.[1];
    if (error !== undefined) return `The ${d.source} could not answer: ${error}`;
    return `The ${d.source} returned: ${d.content.length > 400 ? `${d.content.slice(0, 400)}…` : d.content}`;
  });
  if (docs.length > 0) lines.push(extractiveAnswer(askedFor(view.task), docs));
  else if (plain.length > 0 && plain.every((d) => /^No\b[^.\n]*\b(?:results?|articles?|documents?)\b/i.test(d.content))) {
    return `The searches returned nothing, so the sources do not cover ${askedFor(view.task)}.`;
  }
  return lines.join("\n\n");
}

/**
 * An answer from context documents. With a topic, the documents must cover the topic; sentences
 * the model already quoted earlier in the conversation are not repeated; and when nothing quoted
 * speaks to the question's own angle (its subject beyond the topic), the answer says so first.
 */
function answerFromDocuments(view: ConversationView): string {
  const question = askedFor(view.task);
  if (!view.topic) return extractiveAnswer(question, view.documents, { keep: (s) => !view.priorReplies.some((r) => r.includes(s)) });
  const topicTerms = subjectTerms(view.topic);
  const answer = extractiveAnswer(question, view.documents, {
    subject: topicTerms,
    keep: (s) => !view.priorReplies.some((r) => r.includes(s)),
    uncovered: `The documents I was given do not cover ${topicPhrase(view.topic)}.`,
  });
  const angle = subjectPhrases(question).filter((p) => !terms(p).every((t) => topicTerms.some((u) => sameTerm(t, u))));
  const angleTerms = subjectTerms(angle.join(" ")).filter((t) => !topicTerms.some((u) => sameTerm(t, u)));
  const { body } = splitBody(answer);
  if (angleTerms.length === 0 || !body.includes("[1]")) return answer;
  const quoted = new Set(terms(body));
  if (angleTerms.some((t) => hasTerm(quoted, t))) return answer;
  return `The documents say nothing specific about ${joinWithAnd(angle.slice(0, 2))}; on ${topicPhrase(view.topic)} they say: ${answer}`;
}

// A sentence saying that the sources had nothing on a part.
const GAP = /\bdo(?:es)? not (?:cover|answer)\b|\bsay little about\b/;

/** Whether every paragraph of the material says that its sources do not cover the subject. */
function allUncovered(material: string): boolean {
  const parts = material.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return parts.length > 0 && parts.every((p) => /\bdo(?:es)? not (?:cover|answer)\b/.test(p));
}

const splitBody = (answer: string) => ({ body: answer.split("\n\nSources:")[0] ?? answer });

/**
 * The offline model's text reply for a conversation (see the module comment for the rules).
 *
 * @param view - The conversation as read by `readConversation`.
 * @param rng - Seeded from the input; only used where a choice is arbitrary (joke templates).
 * @returns Plain text that reads sensibly in a lesson print-out.
 * @example
 * ```ts
 * composeReply(readConversation([new HumanMessage("Tell me a joke about cats")]), rng);
 * ```
 */
export function composeReply(view: ConversationView, rng: SeededRandom): string {
  const request = view.request;
  if (view.afterToolCall) return answerFromToolResults(view);
  if (asksForJoke(view)) return offlineJoke(jokeSubject(view), rng);
  const instruction = instructionHead(view);
  // A persona with a task ("You are a marketer. Propose …"): outline the task for the request.
  const persona = /^\s*you are (an? |the )?([^.\n]{2,60})[.\n]\s*([\s\S]*)$/i.exec(view.instructions ?? "");
  if (persona && view.documents.length === 0 && !ASK_QUESTION.test(view.instructions ?? "") && labelledParts(view.text).length === 0) {
    const [, article = "", role = "", task = ""] = persona;
    // A researcher, marketer or legal reviewer given a launch writes its part of the launch.
    const kind = briefKind(view.instructions ?? "");
    const facts = kind ? launchFacts(request) : undefined;
    if (kind && facts) return launchBrief(kind, facts);
    const first = sentences(request)[0] ?? request;
    const about = first.length > 90 ? `${first.slice(0, 90)}…` : first;
    const todo = sentences(task)[0]?.replace(/\.$/, "") ?? "help";
    return `As ${article}${role}, for "${about}": ${lowerFirst(todo)}. (Offline model: it outlines the task instead of doing it; run with OPENAI_API_KEY set for a full answer.)`;
  }
  // A section from one angle, leaving the other sections' material to them.
  if (view.focus && view.documents.length > 0) return sectionReply(view, view.documents);
  // An introduction previews each part of the material; a conclusion recalls how each part ends.
  const frame = /\b(introduction|conclusion)\b/i.exec(instruction)?.[1]?.toLowerCase();
  const material = summaryMaterial(view);
  // Material whose every part says its sources do not cover the topic: say it once, plainly.
  if (view.documents.length === 0 && material.trim() !== request.trim() && view.topic && allUncovered(material)) {
    const np = topicPhrase(view.topic);
    if (frame === "conclusion") return `A report on ${np} needs sources that cover it: search the web (set TAVILY_API_KEY) or add documents on it to the corpus.`;
    return `The sources found for this report do not cover ${np}${frame === "introduction" ? "; each section below says what its analyst looked for" : ""}.`;
  }
  if (frame && view.documents.length === 0 && material.trim() !== request.trim()) {
    const parts = material
      .split(/\n\s*\n/)
      .map((p) => sentences(p.replace(/\s*\[\d+\]/g, "")).filter((s) => s.length >= 20))
      .filter((p) => p.length > 0);
    const picked = [...new Set(parts.map((p) => (frame === "introduction" ? p[0]! : p[p.length - 1]!)))];
    // Parts that found nothing are counted, not quoted, when other parts found something.
    const gaps = picked.filter((p) => GAP.test(p));
    const found = picked.filter((p) => !GAP.test(p)).slice(0, 4);
    if (found.length > 0 && gaps.length > 0) return `${found.join(" ")} ${gaps.length} of the ${parts.length} sections found little in their sources.`;
    if (picked.length > 0) return picked.slice(0, 4).join(" ");
  }
  // Labelled parts (analysts' briefs, workers' results): draw on every one of them.
  const parts = view.documents.length === 0 ? labelledParts(view.text) : [];
  if (parts.length > 0 && SUMMARY.test(instruction)) return summaryOfParts(parts, promptBefore(view.request));
  if (parts.length > 0) return partsReply(parts);
  if (SUMMARY.test(instruction)) {
    const first = sentences(summaryMaterial(view)).slice(0, summarySentences(instruction)).join(" ");
    return first || "There is no text to summarise.";
  }
  if (view.documents.length > 0) return answerFromDocuments(view);
  if (ASK_QUESTION.test(request)) {
    const about = /\babout\s+([^.?!\n]+)/i.exec(request)?.[1]?.trim() ?? view.topic ?? joinWithAnd(salientPhrases(request).slice(0, 2));
    return `What should we know about ${about || "this topic"}, and where does it matter most in practice?`;
  }
  // An interviewer persona (the instruction asks for a question): a question from its angle, per turn.
  if (view.instructions && ASK_QUESTION.test(view.instructions)) return interviewQuestion(view);
  if (/^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening))\b/i.test(request) && request.length < 40) {
    return "Hello! I am the offline model: deterministic and without network access. Give me a question with context documents, or bind tools, and I will work from what you provide.";
  }
  const phrases = salientPhrases(view.task).slice(0, 4);
  const keyTerms = phrases.length > 0 ? joinWithAnd(phrases) : "your request";
  if (view.question || isQuestion(request)) {
    return (
      `I am the offline model, so I cannot look up an answer to "${view.task}"; I only see the text I am given. ` +
      `Its key terms are ${keyTerms}. Give me context documents (or run with OPENAI_API_KEY set) and I will answer from them.`
    );
  }
  // Material given after the instruction ("…: <text>") is what to work from, not the instruction.
  const given = /:\s*\n/.test(request) && material.trim() !== request.trim() ? material : view.text;
  const central = centralSentences(given, 3);
  if (central.length >= 2) return central.join(" ");
  return `Offline model reply about ${keyTerms}: no model is connected, so this short reply is built from your own words. Run with OPENAI_API_KEY set for a full answer.`;
}

/** What labelled parts answered: the request's text before its first part, without a `Prompt:` label. */
function promptBefore(request: string): string | undefined {
  const at = request.search(/^[ \t]*(?:={2,}|Part[ \t]+\d+[ \t]*\()/m);
  const text = (at > 0 ? request.slice(0, at) : "").replace(/^\s*(?:prompt|request|task|question)\s*:\s*/i, "").trim();
  return text || undefined;
}

function lowerFirst(text: string): string {
  return text ? text[0]!.toLowerCase() + text.slice(1) : text;
}
