/**
 * Lesson 5, part one: a product-launch prompt goes to a researcher, a marketer and a legal
 * reviewer at once (`concurrent`), as in Microsoft Agent Framework's concurrent sample. The default
 * aggregator returns the conversation, printed the way that sample prints it (`01 [user]:` …); a
 * custom aggregator asks the model to summarise what the participants said.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { type BaseMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { agent } from "../patterns/agent.js";
import { concurrent, type ConcurrentGraph } from "../patterns/concurrent.js";
import { analystBriefs } from "./stock-analysts.js";

/**
 * The three launch participants' instructions, in participant order (the sample's names).
 *
 * @example
 * ```ts
 * import { LAUNCH_TEAM } from "langgraph-parallel/graphs";
 *
 * LAUNCH_TEAM.map((p) => p.name); // ["researcher", "marketer", "legal"]
 * ```
 */
export const LAUNCH_TEAM = [
  {
    name: "researcher",
    instructions: "You are a market and product researcher. For the launch you are given, set out brief, factual insights, then the opportunities and the risks.",
  },
  {
    name: "marketer",
    instructions: "You are a creative marketing strategist. Write the value proposition, the target messaging, a tagline and the channels for the launch you are given.",
  },
  {
    name: "legal",
    instructions: "You are a careful legal and compliance reviewer. List the constraints, disclaimers and policy concerns the launch you are given raises.",
  },
] as const;

/**
 * The launch prompt of Microsoft Agent Framework's concurrent sample, the lesson's default.
 *
 * @example
 * ```ts
 * import { HumanMessage } from "@langchain/core/messages";
 * import { LAUNCH_PROMPT } from "langgraph-parallel/graphs";
 *
 * new HumanMessage(LAUNCH_PROMPT); // "We are launching a new budget-friendly electric bike for urban commuters."
 * ```
 */
export const LAUNCH_PROMPT = "We are launching a new budget-friendly electric bike for urban commuters.";

/**
 * The launch prompt as a learner gives it (`--topic` in lesson 5), checked before a run: not empty.
 *
 * @example
 * ```ts
 * import { validateInput } from "langgraph-parallel";
 * import { LaunchInput } from "langgraph-parallel/graphs";
 *
 * await validateInput(LaunchInput, { prompt: " " }); // throws InputValidationError: the launch prompt is empty
 * ```
 */
export const LaunchInput = new StateSchema({ prompt: z.string().trim().min(1, "the launch prompt is empty") });

const team = (model: BaseChatModel) => LAUNCH_TEAM.map((p) => agent({ name: p.name, model, instructions: p.instructions }));

/**
 * Builds the product-launch graph: the {@link LAUNCH_TEAM} as `agent`s run at once by
 * `concurrent`. Expects a chat model, shared by every participant; no tools.
 *
 * @param model - The chat model every participant uses.
 * @returns The compiled `concurrent` graph: `{ messages }` in; out, `messages` (the prompt, then
 *   each participant's reply) and `responses`; no aggregator, so `result` is `undefined`.
 * @example
 * ```ts
 * import { HumanMessage } from "@langchain/core/messages";
 * import { LAUNCH_PROMPT, buildProductLaunchGraph } from "langgraph-parallel/graphs";
 *
 * const { messages } = await buildProductLaunchGraph(model).invoke({ messages: [new HumanMessage(LAUNCH_PROMPT)] });
 * // [prompt, researcher's reply, marketer's reply, legal's reply]
 * ```
 */
export function buildProductLaunchGraph(model: BaseChatModel): ConcurrentGraph<undefined> {
  return concurrent({ participants: team(model) });
}

/**
 * Builds the same launch team with a custom aggregator: one more model call that summarises the
 * participants' answers (given under `=== <name> ===` headers, after the prompt) into one brief.
 *
 * @param model - The chat model every participant and the summariser use.
 * @returns The compiled `concurrent` graph: `{ messages }` in; out, `responses` and `result`, the summary.
 * @example
 * ```ts
 * import { HumanMessage } from "@langchain/core/messages";
 * import { LAUNCH_PROMPT, buildLaunchSummaryGraph } from "langgraph-parallel/graphs";
 *
 * const { result } = await buildLaunchSummaryGraph(model).invoke({ messages: [new HumanMessage(LAUNCH_PROMPT)] });
 * console.log(result); // one summary of what the researcher, the marketer and legal said
 * ```
 */
export function buildLaunchSummaryGraph(model: BaseChatModel): ConcurrentGraph<string> {
  return concurrent({
    participants: team(model),
    aggregator: async (responses, input, config) => {
      const prompt = input.map((m) => m.text).join("\n");
      const reply = await model.invoke(
        [
          new SystemMessage(
            "Summarise what the participants said about the prompt in one consolidated brief: a line per participant with their main points, then what they have in common.",
          ),
          new HumanMessage(`Prompt: ${prompt}\n\n${analystBriefs(responses)}`),
        ],
        config,
      );
      return reply.text;
    },
  });
}

/**
 * The conversation as Agent Framework's concurrent sample prints its aggregated output: a title,
 * then per message a rule of 60 dashes, a blank line, `NN [name]:` (`user` for the prompt) and
 * the message's text.
 *
 * @param messages - The conversation (the default aggregator's `messages`).
 * @returns The printed lines.
 * @example
 * ```ts
 * import { HumanMessage } from "@langchain/core/messages";
 * import { formatConversation } from "langgraph-parallel/graphs";
 *
 * formatConversation([new HumanMessage("Hi")]);
 * // ["===== Final Aggregated Conversation (messages) =====", "-".repeat(60), "", "01 [user]:", "Hi"]
 * ```
 */
export function formatConversation(messages: readonly BaseMessage[]): string[] {
  const lines = ["===== Final Aggregated Conversation (messages) ====="];
  messages.forEach((m, i) => lines.push("-".repeat(60), "", `${String(i + 1).padStart(2, "0")} [${m.name ?? "user"}]:`, ...m.text.split("\n")));
  return lines;
}
