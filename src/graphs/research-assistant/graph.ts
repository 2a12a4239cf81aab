/**
 * The research assistant (LangChain Academy module 4, "research-assistant"), built from its
 * parts: analysts with human feedback, one interview sub-graph per analyst in parallel (`Send`),
 * and a report written in parallel and finalised.
 *
 *   START → create_analysts → human_feedback ─┬→ create_analysts            (feedback given)
 *                                             └→ conduct_interview × N (Send) (approved)
 *   conduct_interview → (write_introduction ∥ write_report ∥ write_conclusion) → finalize_report → END
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage } from "@langchain/core/messages";
import { type BaseCheckpointSaver, END, Send, START, StateGraph } from "@langchain/langgraph";
import type { EncyclopediaDoc } from "../../tools/encyclopedia-search.js";
import type { WebResult } from "../../tools/web-search.js";
import { createAnalystsNode, humanFeedbackNode } from "./analysts.js";
import { buildInterviewGraph } from "./interview.js";
import { finalizeReport, reportWriters } from "./report.js";
import { ResearchState } from "./schemas.js";

/** What the research assistant is built from. */
export interface ResearchAssistantOptions {
  model: BaseChatModel;
  webSearch: (query: string) => Promise<WebResult[]>;
  encyclopediaSearch: (query: string) => Promise<EncyclopediaDoc[]>;
  /** Needed for the human-feedback pause and for resuming (SQLite by default in the lesson). */
  checkpointer?: BaseCheckpointSaver;
}

/**
 * The opening line of every interview, said to the analyst.
 *
 * @param topic - The research topic.
 * @returns The line.
 * @example
 * ```ts
 * import { openingLine } from "langgraph-parallel/graphs";
 *
 * openingLine("LangGraph"); // "Thanks for joining. I hear you are researching LangGraph: what would you like to know?"
 * ```
 */
export const openingLine = (topic: string) => `Thanks for joining. I hear you are researching ${topic}: what would you like to know?`;

/**
 * Builds the research assistant graph. Expects a chat model (with structured output), the two
 * search functions (`createWebSearch()`, `createEncyclopediaSearch()`: offline by default) and a
 * checkpointer, which the human-feedback pause needs.
 *
 * @param options - `model`, `webSearch`, `encyclopediaSearch`; `checkpointer` (default none).
 * @returns The compiled graph over {@link ResearchState}: `{ topic, maxAnalysts?, maxTurns? }` in;
 *   it pauses with an `AnalystReview` (`__interrupt__`), and once approved returns `sections` and `finalReport`.
 * @example
 * ```ts
 * import { Command, MemorySaver } from "@langchain/langgraph";
 * import { createEncyclopediaSearch, createWebSearch } from "langgraph-parallel";
 * import { buildResearchAssistantGraph } from "langgraph-parallel/graphs";
 *
 * const searches = { webSearch: createWebSearch(), encyclopediaSearch: createEncyclopediaSearch() };
 * const graph = buildResearchAssistantGraph({ model, ...searches, checkpointer: new MemorySaver() });
 * const thread = { configurable: { thread_id: "research-1" } };
 * await graph.invoke({ topic: "LangGraph", maxAnalysts: 3 }, thread); // pauses for feedback on the analysts
 * const { finalReport } = await graph.invoke(new Command({ resume: "" }), thread); // approved: interviews, then the report
 * ```
 */
export function buildResearchAssistantGraph({ model, webSearch, encyclopediaSearch, checkpointer }: ResearchAssistantOptions) {
  const interview = buildInterviewGraph({ model, webSearch, encyclopediaSearch });
  const { writeIntroduction, writeReport, writeConclusion } = reportWriters(model);

  const afterFeedback = (s: typeof ResearchState.State) =>
    s.humanAnalystFeedback
      ? "create_analysts"
      : s.analysts.map(
          (analyst, position) =>
            new Send("conduct_interview", {
              topic: s.topic,
              analyst,
              position,
              peers: s.analysts.filter((_, i) => i !== position).map((a) => a.description),
              maxTurns: s.maxTurns,
              messages: [new HumanMessage(openingLine(s.topic))],
            }),
        );

  return new StateGraph(ResearchState)
    .addNode("create_analysts", createAnalystsNode(model))
    .addNode("human_feedback", humanFeedbackNode)
    .addNode("conduct_interview", interview)
    .addNode("write_introduction", writeIntroduction)
    .addNode("write_report", writeReport)
    .addNode("write_conclusion", writeConclusion)
    .addNode("finalize_report", finalizeReport)
    .addEdge(START, "create_analysts")
    .addEdge("create_analysts", "human_feedback")
    .addConditionalEdges("human_feedback", afterFeedback, ["create_analysts", "conduct_interview"])
    .addEdge("conduct_interview", "write_introduction")
    .addEdge("conduct_interview", "write_report")
    .addEdge("conduct_interview", "write_conclusion")
    .addEdge(["write_introduction", "write_report", "write_conclusion"], "finalize_report")
    .addEdge("finalize_report", END)
    .compile({ checkpointer });
}
