/**
 * A participant of `concurrent`, and what its answer looks like: an {@link Agent} or any runnable
 * taking `{ messages }`, run on the messages it is given; its final text and a transcript of its
 * own conversation make up its {@link ParticipantResponse}.
 */
import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import type { Runnable } from "@langchain/core/runnables";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import type { Agent } from "./agent.js";

/** A participant: an {@link Agent}, or any runnable/compiled graph taking `{ messages }`. */
export type Participant = Agent | { name: string; runnable: Runnable };

/**
 * One participant's answer, as stored in `ConcurrentState`'s `responses` and handed to an aggregator.
 *
 * @example
 * ```ts
 * import { ParticipantResponse } from "langgraph-parallel";
 *
 * const response = ParticipantResponse.parse({ turn: 1, index: 0, name: "Legal reviewer", text: "No blockers.", transcript: ["human", "ai"] });
 * response.error; // undefined: the participant answered
 * ```
 */
export const ParticipantResponse = z.object({
  /** Which turn this answers: 1 for a thread's first prompt (over your own state schema: its first run). */
  turn: z.number().int(),
  /** The participant's position in `participants`: answers are kept in this order, whoever finishes first. */
  index: z.number().int(),
  name: z.string(),
  text: z.string(),
  /** The participant's own conversation, one line per message (`ai → tool_name(args)`, `tool tool_name`, …). */
  transcript: z.array(z.string()),
  /** Settled mode: why this participant failed (its `text` is then empty). */
  error: z.string().optional(),
});
/** One participant's answer (the type of the {@link ParticipantResponse} schema). */
export type ParticipantResponse = z.infer<typeof ParticipantResponse>;

/**
 * Runs one participant on `input`: an agent's `run`, or the runnable's `invoke({ messages })`,
 * whose answer may be a string, a message, or a state with `messages` (its last one answers).
 *
 * @param participant - The participant.
 * @param input - The messages it is given.
 * @param config - The run's config (signal, callbacks).
 * @returns Its final text and its transcript.
 * @example
 * ```ts
 * const { text, transcript } = await runParticipant(legal, [new HumanMessage("We launch in the EU.")], config);
 * ```
 */
export async function runParticipant(
  participant: Participant,
  input: BaseMessage[],
  config: LangGraphRunnableConfig,
): Promise<{ text: string; transcript: string[] }> {
  if ("run" in participant) {
    const result = await participant.run(input, config);
    return { text: result.text, transcript: transcriptOf(result.messages) };
  }
  const out: unknown = await participant.runnable.invoke({ messages: input }, config);
  if (typeof out === "string") return { text: out, transcript: [...transcriptOf(input), "ai"] };
  const messages = (out as { messages?: BaseMessage[] }).messages;
  if (messages?.length) return { text: messages[messages.length - 1]!.text, transcript: transcriptOf(messages) };
  return { text: (out as BaseMessage).text ?? JSON.stringify(out), transcript: [...transcriptOf(input), "ai"] };
}

/**
 * One line per message: its type, and for tool calls and results the tool's name.
 *
 * @param messages - A conversation.
 * @returns e.g. `["human", "ai → get_financials", "tool get_financials", "ai"]`.
 * @example
 * ```ts
 * import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
 * import { transcriptOf } from "langgraph-parallel";
 *
 * transcriptOf([
 *   new HumanMessage("What was ACME's revenue?"),
 *   new AIMessage({ content: "", tool_calls: [{ id: "1", name: "get_financials", args: { ticker: "ACME" } }] }),
 *   new ToolMessage({ content: "$12M", tool_call_id: "1", name: "get_financials" }),
 *   new AIMessage("ACME made $12M."),
 * ]); // ["human", "ai → get_financials", "tool get_financials", "ai"]
 * ```
 */
export function transcriptOf(messages: readonly BaseMessage[]): string[] {
  return messages.map((m) => {
    const calls = (m as AIMessage).tool_calls ?? [];
    if (calls.length) return `ai → ${calls.map((c) => c.name).join(", ")}`;
    return m.getType() === "tool" ? `tool ${m.name ?? ""}`.trim() : m.getType();
  });
}
