/**
 * The academy's first research-assistant graph, on its own: analysts and a human review in the
 * academy's style. The graph is compiled with `interruptBefore: ["human_feedback"]`, so the run
 * stops *before* that node (a static breakpoint); the person reads the analysts from
 * `getState(config)`, writes feedback into the state as if `human_feedback` had written it
 * (`updateState(config, { humanAnalystFeedback }, "human_feedback")`), and resumes with `null`.
 * The node itself does nothing. The full graph (`buildResearchAssistantGraph`) does the same
 * review with `interrupt()` inside the node instead.
 *
 *   START → create_analysts → human_feedback ─┬→ create_analysts   (feedback given)
 *                                             └→ END               (no feedback: approved)
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { type BaseCheckpointSaver, END, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { createAnalystsNode } from "./analysts.js";
import { Analyst, ResearchState } from "./schemas.js";

/**
 * State of the analysts-only graph (the academy's `GenerateAnalystsState`): `topic` and
 * `maxAnalysts` in (validated as in {@link ResearchState}), `humanAnalystFeedback` written by the
 * reviewer through `updateState`, `analysts` out.
 *
 * @example
 * ```ts
 * import { AnalystsState } from "langgraph-parallel/graphs";
 *
 * const names = (s: typeof AnalystsState.State) => s.analysts.map((a) => a.name);
 * ```
 */
export const AnalystsState = new StateSchema({
  topic: ResearchState.fields.topic,
  maxAnalysts: ResearchState.fields.maxAnalysts,
  humanAnalystFeedback: z.string().default(""),
  analysts: z.array(Analyst).default(() => []),
});

/** What the analysts-only graph is built from. */
export interface AnalystsGraphOptions {
  /** The chat model (structured output fills the analysts). */
  model: BaseChatModel;
  /** Required: the breakpoint and `updateState` work on a saved thread. */
  checkpointer: BaseCheckpointSaver;
}

/**
 * Builds the analysts-only graph with a breakpoint before `human_feedback`. Expects a chat model
 * with structured output and a checkpointer; no tools.
 *
 * @param options - `model` and `checkpointer` (no default: a breakpoint needs a saved thread).
 * @returns The compiled graph over {@link AnalystsState}: `{ topic, maxAnalysts? }` in; it stops
 *   before `human_feedback` each time analysts are (re)generated, and ends once resumed with no feedback.
 * @example
 * ```ts
 * import { MemorySaver } from "@langchain/langgraph";
 * import { buildAnalystsGraph } from "langgraph-parallel/graphs";
 *
 * const graph = buildAnalystsGraph({ model, checkpointer: new MemorySaver() });
 * const thread = { configurable: { thread_id: "analysts-1" } };
 * await graph.invoke({ topic: "LangGraph", maxAnalysts: 2 }, thread); // stops before human_feedback
 * (await graph.getState(thread)).next; // ["human_feedback"]
 * await graph.updateState(thread, { humanAnalystFeedback: "Add a security researcher" }, "human_feedback");
 * await graph.invoke(null, thread); // regenerates the analysts, stops again
 * await graph.updateState(thread, { humanAnalystFeedback: "" }, "human_feedback"); // approve: next is []
 * ```
 */
export function buildAnalystsGraph({ model, checkpointer }: AnalystsGraphOptions) {
  const afterFeedback = (s: typeof AnalystsState.State) => (s.humanAnalystFeedback ? "create_analysts" : END);
  return new StateGraph(AnalystsState)
    .addNode("create_analysts", createAnalystsNode(model))
    .addNode("human_feedback", () => ({})) // a no-op: the review happens at the breakpoint before it
    .addEdge(START, "create_analysts")
    .addEdge("create_analysts", "human_feedback")
    .addConditionalEdges("human_feedback", afterFeedback, ["create_analysts", END])
    .compile({ checkpointer, interruptBefore: ["human_feedback"], name: "analysts" });
}
