/**
 * Lesson 5, part one: a product-launch prompt goes to a researcher, a marketer and a legal
 * reviewer at once (`concurrent`); the default aggregator returns the conversation.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { agent } from "../patterns/agent.js";
import { concurrent, type ConcurrentGraph } from "../patterns/concurrent.js";

/**
 * The three launch participants' instructions, in participant order.
 *
 * @example
 * ```ts
 * import { LAUNCH_TEAM } from "langgraph-parallel/graphs";
 *
 * LAUNCH_TEAM.map((p) => p.name); // ["Researcher", "Marketer", "Legal reviewer"]
 * ```
 */
export const LAUNCH_TEAM = [
  { name: "Researcher", instructions: "You are a market researcher. Summarise who the product is for, the market it enters and the main competitors." },
  { name: "Marketer", instructions: "You are a marketer. Propose the launch message, the channels and one memorable tagline." },
  { name: "Legal reviewer", instructions: "You are a legal reviewer. List the legal and compliance risks of the launch and what to check before it." },
] as const;

/**
 * An example launch prompt.
 *
 * @example
 * ```ts
 * import { HumanMessage } from "@langchain/core/messages";
 * import { LAUNCH_PROMPT } from "langgraph-parallel/graphs";
 *
 * new HumanMessage(LAUNCH_PROMPT); // "We are launching Tern, a pocket-sized solar charger for hikers, …"
 * ```
 */
export const LAUNCH_PROMPT =
  "We are launching Tern, a pocket-sized solar charger for hikers, in the EU and the US next month. Prepare your part of the launch plan.";

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
 * // [prompt, researcher's reply, marketer's reply, legal reviewer's reply]
 * ```
 */
export function buildProductLaunchGraph(model: BaseChatModel): ConcurrentGraph<undefined> {
  return concurrent({ participants: LAUNCH_TEAM.map((p) => agent({ name: p.name, model, instructions: p.instructions })) });
}
