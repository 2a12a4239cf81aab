/**
 * One interview, as a sub-graph run once per analyst (started by `Send`): the analyst asks, the
 * question is searched on the web and in the encyclopedia in parallel (results accumulate in
 * `context`, each with its source), the expert answers citing them; repeat until `maxTurns`
 * answers or the analyst says thank you; then the transcript becomes a report section.
 *
 *   START → ask_question → (search_web ∥ search_encyclopedia) → answer_question ─┬→ ask_question
 *                                                                              └→ save_interview → write_section → END
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { END, START, StateGraph } from "@langchain/langgraph";
import { strictStructuredOutput } from "../../models/strict-structured-output.js";
import type { EncyclopediaDoc } from "../../tools/encyclopedia-search.js";
import { formatEncyclopediaDocs, formatWebResults } from "../../tools/format-documents.js";
import type { WebResult } from "../../tools/web-search.js";
import { expertPrompt, questionPrompt, searchQueryPrompt, sectionPrompt, THANK_YOU } from "./prompts.js";
import { type Analyst, InterviewOutputState, InterviewState, SearchQuery, type SourcedDocument } from "./schemas.js";
import { splitSources } from "./sources.js";

type Interview = typeof InterviewState.State;

/** What an interview needs. */
export interface InterviewDeps {
  model: BaseChatModel;
  webSearch: (query: string) => Promise<WebResult[]>;
  encyclopediaSearch: (query: string) => Promise<EncyclopediaDoc[]>;
}

/** A progress event an interview emits on the `custom` stream. */
export interface InterviewEvent {
  type: "interview";
  analyst: string;
  turn: number;
  stage: "question" | "answer" | "section" | "done";
}

const ANALYST = "analyst";
const EXPERT = "expert";

// Each persona sees the other one as the user: the model always answers the last human message.
const asSeenBy = (messages: readonly BaseMessage[], speaker: string): BaseMessage[] =>
  messages.map((m) => (m.name === speaker ? new AIMessage(m.text) : new HumanMessage(m.text)));

const expertAnswers = (messages: readonly BaseMessage[]) => messages.filter((m) => m.name === EXPERT).length;

/**
 * Formats accumulated search results as the `<Document …/>` blocks prompts use.
 *
 * @param docs - Search results with their sources.
 * @returns One text block.
 * @example
 * ```ts
 * import { formatContext } from "langgraph-parallel/graphs";
 *
 * formatContext([{ source: "corpus://web/x", title: "X", content: "…", via: "web" }]); // one `<Document …/>` block
 * ```
 */
export function formatContext(docs: readonly SourcedDocument[]): string {
  return docs
    .map((d) =>
      d.via === "web"
        ? formatWebResults([{ url: d.source, title: d.title, content: d.content }])
        : formatEncyclopediaDocs([{ source: d.source, title: d.title, content: d.content }]),
    )
    .join("\n\n---\n\n");
}

/**
 * Builds the interview sub-graph. Expects a chat model (with structured output for the search
 * queries) and the two search functions (`createWebSearch()`, `createEncyclopediaSearch()`).
 *
 * @param deps - `model`, `webSearch`, `encyclopediaSearch`.
 * @returns The compiled sub-graph over {@link InterviewState}: `{ topic, analyst, messages }` in
 *   (`position`, `maxTurns` optional); its output is only `sections` (one).
 * @example
 * ```ts
 * import { HumanMessage } from "@langchain/core/messages";
 * import { createEncyclopediaSearch, createWebSearch } from "langgraph-parallel";
 * import { buildInterviewGraph } from "langgraph-parallel/graphs";
 *
 * const interview = buildInterviewGraph({ model, webSearch: createWebSearch(), encyclopediaSearch: createEncyclopediaSearch() });
 * const analyst = { name: "Ada", role: "Reviewer", affiliation: "Lab", description: "Cares about cost." };
 * const { sections } = await interview.invoke({ topic: "LangGraph", analyst, messages: [new HumanMessage("Hello")] });
 * ```
 */
export function buildInterviewGraph({ model, webSearch, encyclopediaSearch }: InterviewDeps) {
  const emit = (config: LangGraphRunnableConfig, s: Interview, stage: InterviewEvent["stage"]) =>
    config.writer?.({ type: "interview", analyst: s.analyst.name, turn: expertAnswers(s.messages) + 1, stage } satisfies InterviewEvent);

  const askQuestion = async (s: Interview, config: LangGraphRunnableConfig) => {
    emit(config, s, "question");
    const reply = await model.invoke([new SystemMessage(questionPrompt(s.analyst, s.topic)), ...asSeenBy(s.messages, ANALYST)], {
      signal: config.signal,
    });
    return { messages: [new AIMessage({ content: reply.text, name: ANALYST })] };
  };

  const searchQuery = strictStructuredOutput(model, SearchQuery, { name: "SearchQuery" });
  const writeQuery = async (s: Interview, config: LangGraphRunnableConfig) =>
    (await searchQuery.invoke([new SystemMessage(searchQueryPrompt(s.topic)), ...asSeenBy(s.messages, EXPERT)], { signal: config.signal }))
      .searchQuery;

  const searchWeb = async (s: Interview, config: LangGraphRunnableConfig) => {
    const results = await webSearch(await writeQuery(s, config));
    return { context: results.map((r): SourcedDocument => ({ source: r.url, title: r.title, content: r.content, via: "web" })) };
  };

  const searchEncyclopedia = async (s: Interview, config: LangGraphRunnableConfig) => {
    const docs = await encyclopediaSearch(await writeQuery(s, config));
    return { context: docs.map((d): SourcedDocument => ({ source: d.source, title: d.title, content: d.content, via: "encyclopedia" })) };
  };

  const answerQuestion = async (s: Interview, config: LangGraphRunnableConfig) => {
    emit(config, s, "answer");
    const reply = await model.invoke(
      [new SystemMessage(expertPrompt(s.analyst, s.topic, formatContext(uniqueBySource(s.context)))), ...asSeenBy(s.messages, EXPERT)],
      { signal: config.signal },
    );
    return { messages: [new AIMessage({ content: reply.text, name: EXPERT })] };
  };

  const route = (s: Interview) => {
    const last = [...s.messages].reverse().find((m) => m.name === ANALYST);
    return expertAnswers(s.messages) >= s.maxTurns || last?.text.includes(THANK_YOU) ? "save_interview" : "ask_question";
  };

  // The transcript names the speakers (analyst, expert) rather than message types.
  const saveInterview = (s: Interview) => ({ interview: s.messages.map((m) => `${m.name ?? "host"}: ${m.text}`).join("\n") });

  const writeSection = async (s: Interview, config: LangGraphRunnableConfig) => {
    emit(config, s, "section");
    const docs = uniqueBySource(s.context);
    const reply = await model.invoke(
      [
        new SystemMessage(`${sectionPrompt(s.analyst, s.topic, s.peers)}\n\n${formatContext(docs)}`),
        new HumanMessage(`Question for the section: what did the interview about ${s.topic} establish?\n\nInterview:\n${s.interview}`),
      ],
      { signal: config.signal },
    );
    const { body: written, sources } = splitSources(reply.text);
    const { title, body } = sectionHeading(written, s.analyst);
    // A section that cites nothing (the documents did not cover its focus) lists no sources.
    const cited = sources.length ? sources : /\[\d+\]/.test(body) ? docs.map((d) => d.source) : [];
    const markdown = [`## ${title}`, body, "### Sources", ...cited.map((src, i) => `[${i + 1}] ${src}`)].join("\n\n");
    emit(config, s, "done");
    return { sections: [{ position: s.position, analyst: s.analyst.name, markdown, sources: cited }] };
  };

  return new StateGraph({ state: InterviewState, output: InterviewOutputState })
    .addNode("ask_question", askQuestion)
    .addNode("search_web", searchWeb)
    .addNode("search_encyclopedia", searchEncyclopedia)
    .addNode("answer_question", answerQuestion)
    .addNode("save_interview", saveInterview)
    .addNode("write_section", writeSection)
    .addEdge(START, "ask_question")
    .addEdge("ask_question", "search_web")
    .addEdge("ask_question", "search_encyclopedia")
    .addEdge(["search_web", "search_encyclopedia"], "answer_question")
    .addConditionalEdges("answer_question", route, ["ask_question", "save_interview"])
    .addEdge("save_interview", "write_section")
    .addEdge("write_section", END)
    .compile({ name: "conduct_interview" });
}

/**
 * A section's title and body: the title the writer put on its first line (`## …`, or `# …`/`### …`),
 * else one from the analyst's role, never the analyst's name. Sub-headings inside the body move one
 * level down, under the title.
 */
function sectionHeading(text: string, analyst: Analyst): { title: string; body: string } {
  const m = /^\s*#{1,3}[ \t]+(.+?)[ \t#]*(?:\n|$)/.exec(text);
  const body = (m ? text.slice(m[0].length) : text).trim().replace(/^(#{2,5}) /gm, "#$1 ");
  const title = m?.[1]?.replace(/\*\*/g, "").trim() || `The ${analyst.role.toLowerCase()}'s perspective`;
  return { title, body };
}

function uniqueBySource(docs: readonly SourcedDocument[]): SourcedDocument[] {
  const seen = new Set<string>();
  return docs.filter((d) => !seen.has(d.source) && seen.add(d.source));
}
