/**
 * How the offline model reads its input: the task (an explicit question or topic in the prompt,
 * else the last human message), the context documents it was given (`<Document …/>` blocks), and
 * the results of tool calls it made. Everything downstream derives its text from this view.
 */
import type { BaseMessage } from "@langchain/core/messages";

/** One context document found in the messages. */
export interface ContextDocument {
  /** Where it came from: the `href`/`source`/`url` attribute, or a label such as "search tool". */
  source: string;
  /** The `page`/`title` attribute when present. */
  title?: string;
  /** The document's text. */
  content: string;
}

/** What the offline model understood of a conversation. */
export interface ConversationView {
  /** An explicit question found in the prompt (`Question: …`, "Answer the question … using …"). */
  question?: string;
  /** An explicit topic found in the prompt (`topic: …`, "research topic:\n…"). */
  topic?: string;
  /** Feedback given in the prompt (`… feedback …: text`), which generated items should reflect first. */
  feedback?: string;
  /** An explicit focus (`Focus: …`): the angle this reply should take on the subject. */
  focus?: string;
  /** What other parts of the work cover (a "… cover …:" line followed by `- item` lines): leave it to them. */
  others: string[];
  /** The model's own earlier replies in the conversation (AI messages), oldest first. */
  priorReplies: string[];
  /** The last human message (documents removed); the system message when there is no human one. */
  request: string;
  /** The last system message (documents removed), when there is one. */
  instructions?: string;
  /** What to answer: `question`, else `request`. */
  task: string;
  /** What the conversation is about: `topic`, else `question`, else `request`. */
  subject: string;
  /** Context documents from the prompt, in order of appearance. */
  documents: ContextDocument[];
  /** Results of the trailing tool calls, when the last message is a tool message. */
  toolResults: ContextDocument[];
  /** Whether the last message is a tool message (the model should now answer in text). */
  afterToolCall: boolean;
  /** All message texts joined with blank lines, documents removed. */
  text: string;
}

const DOCUMENT_BLOCK = /<Document\b([^>]*?)\/?>([\s\S]*?)<\/Document>/g;
const ATTRIBUTE = /([\w-]+)\s*=\s*"([^"]*)"/g;

/**
 * Parses `<Document href="URL"/>\nCONTENT\n</Document>` (or `source=`/`page=`/`title=`
 * attributes) blocks out of a text.
 *
 * @param text - Text that may contain document blocks separated by `---` lines.
 * @returns The documents, in order; empty when there are none.
 * @example
 * ```ts
 * parseDocuments('<Document href="https://a.example"/>\nHello.\n</Document>');
 * // [{ source: "https://a.example", content: "Hello." }]
 * ```
 */
export function parseDocuments(text: string): ContextDocument[] {
  const docs: ContextDocument[] = [];
  for (const match of text.matchAll(DOCUMENT_BLOCK)) {
    const attrs: Record<string, string> = {};
    for (const [, key, value] of (match[1] ?? "").matchAll(ATTRIBUTE)) attrs[key!.toLowerCase()] = unescapeAttribute(value!);
    const title = attrs.page ?? attrs.title;
    const source = attrs.href ?? attrs.source ?? attrs.url ?? title ?? `document ${docs.length + 1}`;
    const content = (match[2] ?? "").trim();
    if (content) docs.push(title === undefined ? { source, content } : { source, title, content });
  }
  return docs;
}

const unescapeAttribute = (v: string) => v.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** Removes document blocks and the `---` separators between them. */
function stripDocuments(text: string): string {
  return text
    .replace(DOCUMENT_BLOCK, " ")
    .replace(/^\s*-{3,}\s*$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const clean = (s: string): string => s.trim().replace(/^["“'`]+|["”'`]+$/g, "").replace(/[\s.:;,]+$/, "").trim();

/** Finds an explicit question in a prompt. */
function findQuestion(text: string): string | undefined {
  const line = /^\s*(?:question|query)\s*[:=]\s*(\S.*)$/im.exec(text);
  if (line?.[1]) return clean(line[1]);
  // "Answer the question <Q> using this context" (but not "the question using only this context").
  const inline = /\bquestion\s*[:-]?\s+(?!using\b|based\b|given\b|from\b|with\b|below\b|above\b)([^\n]{3,300}?)\s+(?:using|based on|given|from|with)\s+(?:only\s+)?(?:this|the|these|following)\b/i.exec(text);
  if (inline?.[1]) return clean(inline[1]);
  return undefined;
}

/** Finds an explicit focus (`Focus: X`). */
function findFocus(text: string): string | undefined {
  const m = /^[ \t]*focus[ \t]*:[ \t]*(\S[^\n]*)$/im.exec(text);
  return m?.[1] ? clean(m[1]) || undefined : undefined;
}

/** The `- item` lines after a line that says what others cover ("The other sections … cover …:"). */
function findOthers(text: string): string[] {
  const m = /^[^\n]*\bother\b[^\n]*\bcover\b[^\n]*:[ \t]*\n((?:[ \t]*-[ \t]+\S[^\n]*(?:\n|$))+)/im.exec(text);
  if (!m?.[1]) return [];
  return m[1].split("\n").map((l) => l.replace(/^\s*-\s+/, "").trim()).filter(Boolean);
}

/** Finds an explicit topic in a prompt (`topic: X` on the same or the next line). */
function findTopic(text: string): string | undefined {
  const m = /\b(?:topic|subject)\s*[:=][ \t]*\n?[ \t]*(\S[^\n]*)/i.exec(text);
  return m?.[1] ? clean(m[1]) || undefined : undefined;
}

/**
 * Reads a tool's output as context documents: `<Document>` blocks, a JSON list of search results
 * (`[{ url, title, content }]` or `{ results: [...] }`, as Tavily returns), or else the whole text
 * as one document whose source is "<toolName> tool".
 *
 * @param output - The tool message's text.
 * @param toolName - The tool's name, used as the source of plain-text output.
 * @returns The documents (empty for empty output).
 * @example
 * ```ts
 * toolOutputDocuments("12", "multiply"); // [{ source: "multiply tool", content: "12" }]
 * ```
 */
export function toolOutputDocuments(output: string, toolName: string): ContextDocument[] {
  const blocks = parseDocuments(output);
  if (blocks.length > 0) return blocks;
  try {
    const parsed: unknown = JSON.parse(output);
    const list = Array.isArray(parsed) ? parsed : (parsed as { results?: unknown })?.results;
    if (Array.isArray(list)) {
      const docs: ContextDocument[] = [];
      for (const item of list) {
        if (typeof item !== "object" || item === null) continue;
        const r = item as Record<string, unknown>;
        const content = [r.content, r.snippet, r.text, r.pageContent, r.page_content].find((v) => typeof v === "string");
        if (typeof content !== "string" || !content.trim()) continue;
        const source = [r.url, r.href, r.source, r.link].find((v) => typeof v === "string") as string | undefined;
        const title = typeof r.title === "string" ? r.title : undefined;
        docs.push({ source: source ?? title ?? `${toolName} tool`, ...(title ? { title } : {}), content });
      }
      if (docs.length > 0) return docs;
    }
  } catch {
    // Not JSON: plain text below.
  }
  return output.trim() ? [{ source: `${toolName} tool`, content: output.trim() }] : [];
}

/**
 * Reads a conversation the way the offline model does.
 *
 * @param messages - The model's input messages.
 * @returns A {@link ConversationView}.
 * @example
 * ```ts
 * const view = readConversation([new HumanMessage("Answer the question Who won? using this context: …")]);
 * view.question; // "Who won?"
 * ```
 */
export function readConversation(messages: readonly BaseMessage[]): ConversationView {
  const documents: ContextDocument[] = [];
  const texts: string[] = [];
  let question: string | undefined;
  let topic: string | undefined;
  let request: string | undefined;
  let systemText: string | undefined;
  let focus: string | undefined;
  let others: string[] = [];
  const priorReplies: string[] = [];
  for (const message of messages) {
    const raw = message.text;
    const type = message.getType();
    if (type !== "tool") documents.push(...parseDocuments(raw));
    const stripped = stripDocuments(raw);
    if (type === "tool") continue;
    if (type === "ai" && stripped) priorReplies.push(stripped);
    texts.push(stripped);
    focus = findFocus(stripped) ?? focus;
    const listed = findOthers(stripped);
    if (listed.length > 0) others = listed;
    // Later messages win: the newest explicit question/topic is the current one.
    question = findQuestion(stripped) ?? question;
    topic = findTopic(stripped) ?? topic;
    if (type === "human" || type === "generic") request = stripped;
    if (type === "system") systemText = stripped;
  }
  // Tool results: the trailing run of tool messages.
  const toolResults: ContextDocument[] = [];
  let i = messages.length - 1;
  while (i >= 0 && messages[i]!.getType() === "tool") i--;
  for (const message of messages.slice(i + 1)) {
    toolResults.push(...toolOutputDocuments(message.text, message.name ?? "tool"));
  }
  const req = request ?? systemText ?? texts[texts.length - 1] ?? "";
  // A labelled line ("Editorial feedback to take into account: …"); the request verb is dropped.
  const feedback = /^[ \t]*[\w ]{0,40}\bfeedback\b[\w ]{0,30}:[ \t]*(\S[^\n]*)/im
    .exec(texts.join("\n"))?.[1]
    ?.replace(/^(?:please\s+)?(?:add|include|use|consider|focus on|bring in|get)\s+(?:an?\s+|the\s+|more\s+)?/i, "")
    .trim();
  return {
    ...(question ? { question } : {}),
    ...(topic ? { topic } : {}),
    ...(feedback ? { feedback } : {}),
    ...(focus ? { focus } : {}),
    others,
    priorReplies,
    request: req,
    ...(systemText !== undefined && request !== undefined ? { instructions: systemText } : {}),
    task: question ?? req,
    subject: topic ?? question ?? req,
    documents,
    toolResults,
    afterToolCall: messages.length > 0 && messages[messages.length - 1]!.getType() === "tool",
    text: texts.filter(Boolean).join("\n\n"),
  };
}
