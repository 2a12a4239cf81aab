/**
 * `concurrent`: the same input goes to every participant at once (each an agent, a runnable or a
 * graph), each in its own node of one superstep; an aggregator combines their answers. By default
 * the result is the conversation: the user's prompt, then one message per participant tagged with
 * its name, in participant order (not the order they finished).
 *
 *   START → (participant₁ ∥ participant₂ ∥ …) → aggregate → END
 */
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { Runnable } from "@langchain/core/runnables";
import { type CompiledStateGraph, END, type LangGraphRunnableConfig, MessagesValue, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { ConfigurationError } from "../errors.js";
import { listField } from "../reducers/fields.js";
import { sortedMerge } from "../reducers/sorted-merge.js";
import type { Agent } from "./agent.js";
import type { BranchOptions } from "./branch-options.js";
import { BranchError } from "./fan-out.js";
import { resolveRetry, RetryExhausted, retrying } from "./retry.js";
import { withTimeout } from "./timeout.js";

/** A participant: an {@link Agent}, or any runnable/compiled graph taking `{ messages }`. */
export type Participant = Agent | { name: string; runnable: Runnable };

/**
 * One participant's answer, as stored in {@link ConcurrentState}'s `responses`.
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
  /** Which user turn this answers (1 for the first prompt of a thread). */
  turn: z.number().int(),
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
 * State of a concurrent graph.
 *
 * @example
 * ```ts
 * import { ConcurrentState } from "langgraph-parallel";
 *
 * // Every participant's answer from the final state of a `concurrent` graph:
 * const answers = (state: typeof ConcurrentState.State) => state.responses.map((r) => `${r.name}: ${r.error ?? r.text}`);
 * ```
 */
export const ConcurrentState = new StateSchema({
  /** In: the user's prompt. Out (default aggregator): the prompt and every participant's reply. */
  messages: MessagesValue,
  /** Every participant's answer, by turn, in participant order whatever order they finish in. */
  responses: listField(ParticipantResponse, sortedMerge<ParticipantResponse>({ compare: (a, b) => a.turn - b.turn || a.index - b.index })),
  /** What a custom aggregator returned. */
  result: z.unknown().optional(),
});

/** What {@link concurrent} returns: a compiled graph over {@link ConcurrentState}, one node per participant. */
export type ConcurrentGraph = CompiledStateGraph<typeof ConcurrentState.State, typeof ConcurrentState.Update, string, typeof ConcurrentState, typeof ConcurrentState>;

/** Combines the participants' answers (in participant order) with the input. */
export type Aggregator = (
  responses: ParticipantResponse[],
  input: BaseMessage[],
  config: LangGraphRunnableConfig,
) => unknown | Promise<unknown>;

/**
 * Options of {@link concurrent}: participants, an aggregator, and the shared branch options for
 * each participant (`retry`, `timeoutMs`, `failure`; participants are nodes of one superstep, so
 * limit how many run at once with the run's `maxConcurrency`).
 */
export interface ConcurrentOptions extends Pick<BranchOptions, "retry" | "timeoutMs" | "failure"> {
  participants: Participant[];
  /** Default: the conversation (prompt + one named message per participant) in `messages`. */
  aggregator?: Aggregator;
}

/**
 * Builds a graph that sends the same input to every participant in parallel and aggregates.
 *
 * @param options - `participants` (at least one, unique names); `aggregator` (default: conversation);
 *   per participant `retry` (3 attempts, transient errors), `timeoutMs` (none), `failure`
 *   ("fail-fast"; "settled" keeps going and records `error` on the failed participant's response).
 * @returns The compiled graph over {@link ConcurrentState}.
 * @throws {ConfigurationError} for no participants or duplicate names.
 * @example
 * ```ts
 * import { HumanMessage } from "@langchain/core/messages";
 * import { agent, concurrent } from "langgraph-parallel";
 *
 * const participants = ["Researcher", "Marketer", "Legal reviewer"].map((name) =>
 *   agent({ name, model, instructions: `You are the ${name} of a launch team. Answer in one paragraph.` }));
 * const launch = concurrent({ participants });
 * const { messages } = await launch.invoke({ messages: [new HumanMessage("Plan the launch of a smart kettle.")] });
 * // messages: [prompt, Researcher's reply, Marketer's reply, Legal reviewer's reply]
 * ```
 */
export function concurrent({ participants, aggregator, retry, timeoutMs, failure = "fail-fast" }: ConcurrentOptions): ConcurrentGraph {
  const policy = resolveRetry(retry);
  if (participants.length === 0) throw new ConfigurationError("concurrent needs at least one participant.");
  const names = participants.map((p) => p.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new ConfigurationError(`Two participants are named "${duplicate}".`, "Give every participant a unique name.");

  const builder = new StateGraph(ConcurrentState) as unknown as StateGraph<typeof ConcurrentState, typeof ConcurrentState.State, typeof ConcurrentState.Update, string>;
  const inputOf = (s: typeof ConcurrentState.State) => s.messages.filter((m) => m.getType() === "human" || m.getType() === "system");
  const used = new Set<string>();
  participants.forEach((participant, index) => {
    const node = nodeName(participant.name, index, used);
    builder.addNode(node, async (s: typeof ConcurrentState.State, config: LangGraphRunnableConfig) => {
      const base = { turn: turnOf(s), index, name: participant.name };
      try {
        const { value } = await retrying(
          () => withTimeout((signal) => answer(participant, inputOf(s), { ...config, signal }), timeoutMs, config.signal),
          policy,
          config.signal,
        );
        return { responses: [{ ...base, ...value }] };
      } catch (caught) {
        const error = caught instanceof RetryExhausted ? caught.error : caught;
        if (failure !== "settled") throw new BranchError(participant.name, error, caught instanceof RetryExhausted ? caught.attempts : 1);
        return { responses: [{ ...base, text: "", transcript: [], error: error instanceof Error ? error.message : String(error) }] };
      }
    });
    builder.addEdge(START, node);
    builder.addEdge(node, "aggregate");
  });
  builder.addNode("aggregate", async (s: typeof ConcurrentState.State, config: LangGraphRunnableConfig) => {
    // On a thread with several turns, aggregate this turn's answers only.
    const current = s.responses.filter((r) => r.turn === turnOf(s));
    if (aggregator) return { result: await aggregator(current, inputOf(s), config) };
    return { messages: current.map((r) => new AIMessage({ content: r.error ? `(no answer: ${r.error})` : r.text, name: r.name })) };
  });
  builder.addEdge("aggregate", END);
  return builder.compile() as ConcurrentGraph;
}

// The turn is the number of user messages so far.
const turnOf = (s: typeof ConcurrentState.State) => s.messages.filter((m) => m.getType() === "human").length;

async function answer(
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

// Node names: readable, unique, and never one of the state keys.
function nodeName(name: string, index: number, used: Set<string>): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "") || `participant_${index + 1}`;
  const node = ["messages", "responses", "result", "aggregate"].includes(slug) || used.has(slug) ? `${slug}_${index + 1}` : slug;
  used.add(node);
  return node;
}
