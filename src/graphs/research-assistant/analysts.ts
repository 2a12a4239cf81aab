/**
 * The analysts step and the human in the loop: a model proposes analyst personas for the topic;
 * the run pauses (`interrupt()`) with the analysts for a human to review; an answer with feedback
 * regenerates them taking it into account, an empty answer approves them.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { strictStructuredOutput } from "../../models/strict-structured-output.js";
import { analystsPrompt } from "./prompts.js";
import { type Analyst, Perspectives, type Research } from "./schemas.js";


/** What the run shows the human when it pauses: resume with feedback, or with "" to approve. */
export interface AnalystReview {
  type: "analyst_review";
  analysts: Analyst[];
  round: number;
  question: string;
}

/**
 * Builds the node that asks the model for `maxAnalysts` analysts (taking any feedback into
 * account). Expects a chat model with structured output ({@link Perspectives}); no tools.
 *
 * @param model - The chat model.
 * @returns A node over any state with `topic`, `maxAnalysts` and `humanAnalystFeedback` (the research
 *   state, {@link Research}, or the analysts-only graph's) returning `{ analysts }`.
 * @example
 * ```ts
 * import { createAnalystsNode } from "langgraph-parallel/graphs";
 *
 * builder.addNode("create_analysts", createAnalystsNode(model));
 * ```
 */
export function createAnalystsNode(model: BaseChatModel) {
  const perspectives = strictStructuredOutput(model, Perspectives, { name: "Perspectives" });
  return async (s: Pick<Research, "topic" | "maxAnalysts" | "humanAnalystFeedback">, config: LangGraphRunnableConfig) => {
    const { analysts } = await perspectives.invoke(
      [new SystemMessage(analystsPrompt(s.topic, s.maxAnalysts, s.humanAnalystFeedback)), new HumanMessage("Generate the set of analysts.")],
      { signal: config.signal },
    );
    return { analysts: analysts.slice(0, s.maxAnalysts) };
  };
}

/**
 * Node: pauses the run for review of the analysts. Resume with `new Command({ resume: "…" })`.
 *
 * @param s - The research state.
 * @returns The feedback as a state update (empty string: approved).
 * @example
 * ```ts
 * import { Command } from "@langchain/langgraph";
 * import { humanFeedbackNode } from "langgraph-parallel/graphs";
 *
 * const graph = builder.addNode("human_feedback", humanFeedbackNode).compile({ checkpointer });
 * await graph.invoke(new Command({ resume: "Add a security researcher" }), config); // "" approves
 * ```
 */
export function humanFeedbackNode(s: Research) {
  const answer = interrupt<AnalystReview, string | undefined>({
    type: "analyst_review",
    analysts: s.analysts,
    round: s.feedbackRounds + 1,
    question: "Feedback on the analysts? (empty to approve)",
  });
  const feedback = (answer ?? "").trim();
  return { humanAnalystFeedback: feedback, feedbackRounds: s.feedbackRounds + (feedback ? 1 : 0) };
}
