/**
 * `concurrent`: the same input goes to every participant at once (each an agent, a runnable or a
 * graph), each in its own node of one superstep; an aggregator combines their answers. Two
 * shapes, as `mapReduce`:
 *
 * - `concurrent({ participants, aggregator })`: a graph over {@link ConcurrentState}. By default
 *   the result is the conversation: the user's prompt, then one message per participant tagged
 *   with its name, in participant order (not the order they finished). With an aggregator, its
 *   return value is the state's `result`, typed as the aggregator's return type.
 * - `concurrent(schema, { participants, input, aggregator, output })`: a graph over your own
 *   state schema. `input` picks what the participants are given, `output` turns the aggregator's
 *   result into an update of your keys; the answers between the two steps stay internal.
 *
 *   START → (participant₁ ∥ participant₂ ∥ …) → aggregate → END
 *
 * LangGraph's signals pass through a participant as they are: never wrapped in a `BranchError`,
 * retried, or recorded as a failure in settled mode. An `interrupt()` (in a participant, or in an
 * agent's tool) pauses the run with a checkpointer, as in any node; each participant is its own
 * task, so the others finish and keep their answers, and `Command({ resume })` runs only the ones
 * that asked. A `ParentCommand` is followed by LangGraph; an abort of the run stops them all.
 */
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { CompiledStateGraph, InferStateSchemaUpdate, InferStateSchemaValue, LangGraphRunnableConfig, StateSchemaFields } from "@langchain/langgraph";
import { DeltaValue, END, MessagesValue, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { ConfigurationError } from "../errors.js";
import { listField } from "../reducers/fields.js";
import { sortedMerge } from "../reducers/sorted-merge.js";
import type { BranchOptions } from "./branch-options.js";
import { BranchError } from "./fan-out.js";
import { rethrowIfSignal } from "./graph-signals.js";
import { type Participant, ParticipantResponse, runParticipant } from "./participant.js";
import { resolveRetry, RetryExhausted, retrying } from "./retry.js";
import { withTimeout } from "./timeout.js";

export { ParticipantResponse, transcriptOf } from "./participant.js";
export type { Participant } from "./participant.js";

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
  /** What a custom aggregator returned (typed by {@link ConcurrentGraph}`<Result>`). */
  result: z.unknown().optional(),
});

/**
 * What {@link concurrent} returns for your own state schema: a compiled graph that takes and
 * returns your state (the answers between the two steps stay internal), one node per participant
 * and an `aggregate` node (`aggregate_1` if your state has an `aggregate` key).
 */
export type ConcurrentGraphOf<Fields extends StateSchemaFields> = CompiledStateGraph<
  InferStateSchemaValue<Fields>,
  InferStateSchemaUpdate<Fields>,
  string,
  StateSchema<Fields>,
  StateSchema<Fields>
>;

/**
 * What {@link concurrent} returns without a schema: a compiled graph over {@link ConcurrentState},
 * one node per participant, whose `result` is typed `Result`: what the aggregator returns, or
 * `undefined` without one. `ConcurrentGraph` alone (`Result` left `any`) is the type of every
 * concurrent graph, as before it was generic: LangGraph's compiled graphs are invariant in their
 * state, so only `any` admits them all.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ConcurrentGraph<Result = any> = ConcurrentGraphOf<
  Omit<(typeof ConcurrentState)["fields"], "result"> & { result: z.ZodType<Result, Result> }
>;

/**
 * Combines the participants' answers (in participant order) with the input they were given. What
 * it returns, or resolves to, is the graph's `result` (with your own schema: what `output` gets).
 */
export type Aggregator<Result = unknown> = (
  responses: ParticipantResponse[],
  input: BaseMessage[],
  config: LangGraphRunnableConfig,
) => Result | Promise<Result>;

/**
 * Options of {@link concurrent}: participants, an aggregator, and the shared branch options for
 * each participant (`retry`, `timeoutMs`, `failure`; participants are nodes of one superstep, so
 * limit how many run at once with the run's `maxConcurrency`).
 */
export interface ConcurrentOptions<Result = unknown> extends Pick<BranchOptions, "retry" | "timeoutMs" | "failure"> {
  /** At least one, with unique names; their answers are kept in this order. */
  participants: Participant[];
  /**
   * Default: the conversation (prompt + one named message per participant) in `messages`; with
   * your own schema, those named messages (`AIMessage[]`) are what `output` gets.
   */
  aggregator?: Aggregator<Result>;
}

/**
 * Options of {@link concurrent} over your own state schema: {@link ConcurrentOptions}, `output`,
 * and `input`, which may be left out only when your state has a `messages` list.
 */
export type ConcurrentSchemaOptions<State, Update, Result = AIMessage[]> = ConcurrentOptions<Result> & {
  /**
   * Turns the aggregator's result into an update of your state, returned by the `aggregate` node
   * (keys with reducers reduce it as usual; keys it leaves out keep their value).
   */
  output: (result: NoInfer<Result>, state: State, config: LangGraphRunnableConfig) => Update | Promise<Update>;
} & (State extends { messages: BaseMessage[] }
    ? {
        /** What every participant is given. Default: the human and system messages of `messages`. */
        input?: (state: State) => BaseMessage[];
      }
    : {
        /** What every participant is given (your state has no `messages` list to default to). */
        input: (state: State) => BaseMessage[];
      });

/**
 * Builds a graph that sends the same input to every participant in parallel and aggregates, over
 * {@link ConcurrentState}: `{ messages }` in; out, `messages`, every participant's `responses`,
 * and `result`, typed as what the aggregator returns.
 *
 * @param options - `participants` (at least one, unique names); `aggregator` (default: the
 *   conversation in `messages`); per participant `retry` (3 attempts, transient errors),
 *   `timeoutMs` (none), `failure` ("fail-fast"; "settled" keeps going and records `error` on the
 *   failed participant's response). LangGraph's signals (`interrupt()`, `ParentCommand`) and an
 *   abort of the run are no participant's failure, in either mode: see the module comment.
 * @returns The compiled graph; `ConcurrentGraph<Result>` for an aggregator returning `Result`.
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
 *
 * const checklist = concurrent({ participants, aggregator: (responses) => responses.map((r) => `[ ] ${r.name}`) });
 * const { result } = await checklist.invoke({ messages: [new HumanMessage("Plan the launch of a smart kettle.")] });
 * result; // string[]: ["[ ] Researcher", "[ ] Marketer", "[ ] Legal reviewer"]
 * ```
 */
export function concurrent<Result = undefined>(options: ConcurrentOptions<Result>): ConcurrentGraph<Result>;
/**
 * Builds the same graph over your own state schema. Every participant is given `input(state)`;
 * their answers, in participant order whatever order they finish in, go to the aggregator, and
 * `output(result, state)` is the update of your keys. The graph takes and returns your state
 * only; the keys `output` leaves out keep their value.
 *
 * @param schema - Your state schema (the graph's input and output). It must not have the keys
 *   `__concurrent_responses` and `__concurrent_turn`, which the graph keeps for itself.
 * @param options - As above, plus `output` (required) and `input` (default: the human and system
 *   messages of the state's `messages`; required when the state has no `messages` list). Without
 *   an aggregator, `output` gets the participants' replies as named `AIMessage`s.
 * @returns The compiled graph over your schema.
 * @throws {ConfigurationError} for no participants, duplicate names, no `output`, no `input` for a
 *   state without `messages`, or a reserved key in the schema.
 * @example
 * ```ts
 * import { HumanMessage } from "@langchain/core/messages";
 * import { StateSchema } from "@langchain/langgraph";
 * import { z } from "zod";
 * import { agent, concurrent } from "langgraph-parallel";
 *
 * const Review = new StateSchema({ draft: z.string(), verdicts: z.array(z.string()).default(() => []), approved: z.boolean().default(false) });
 * const review = concurrent(Review, {
 *   participants: ["Editor", "Legal reviewer"].map((name) => agent({ name, model, instructions: `You are the ${name}. Start with APPROVE or REJECT.` })),
 *   input: (state) => [new HumanMessage(`Review this draft:\n${state.draft}`)],
 *   aggregator: (responses) => responses.map((r) => `${r.name}: ${r.text}`),
 *   output: (verdicts) => ({ verdicts, approved: verdicts.every((v) => v.includes(": APPROVE")) }),
 * });
 * const { draft, verdicts, approved } = await review.invoke({ draft: "Tern charges a phone in two hours of sun." });
 * ```
 */
export function concurrent<Fields extends StateSchemaFields, Result = AIMessage[]>(
  schema: StateSchema<Fields>,
  options: ConcurrentSchemaOptions<InferStateSchemaValue<Fields>, InferStateSchemaUpdate<Fields>, Result>,
): ConcurrentGraphOf<Fields>;
export function concurrent(first: ConcurrentOptions | StateSchema<StateSchemaFields>, second?: LooseSchemaOptions): unknown {
  return StateSchema.isInstance(first) ? overSchema(first, second) : overConversation(first as ConcurrentOptions);
}

// The options of the schema form as the implementation sees them (any state).
type LooseSchemaOptions = ConcurrentOptions & {
  input?: (state: Record<string, unknown>) => BaseMessage[];
  output?: (result: unknown, state: Record<string, unknown>, config: LangGraphRunnableConfig) => unknown;
};

// The built-in state: responses by turn, and the default aggregator writes the conversation.
function overConversation(options: ConcurrentOptions): unknown {
  type State = typeof ConcurrentState.State;
  const inputOf = (s: State) => conversationInput(s.messages);
  const turnOf = (s: State) => s.messages.filter((m) => m.getType() === "human").length;
  return wire<State>(new StateGraph(ConcurrentState), options, {
    reserved: Object.keys(ConcurrentState.fields),
    key: "responses",
    inputOf,
    turnOf,
    aggregate: async (s, config) => {
      // On a thread with several turns, aggregate this turn's answers only.
      const current = s.responses.filter((r) => r.turn === turnOf(s));
      if (options.aggregator) return { result: await options.aggregator(current, inputOf(s), config) };
      return { messages: replies(current) };
    },
  });
}

// Keys of the schema form's internal state: this run's answers, and how many runs the thread had.
const ANSWERS_KEY = "__concurrent_responses";
const TURN_KEY = "__concurrent_turn";

// Answers in participant order; a null write (the aggregate step's) empties the list.
const byIndex = sortedMerge<ParticipantResponse>({ by: (r) => r.index });
const answersReducer = (current: ParticipantResponse[], writes: (ParticipantResponse[] | null)[]): ParticipantResponse[] => {
  const cleared = writes.lastIndexOf(null);
  const base = cleared === -1 ? current : [];
  const rest = writes.slice(cleared + 1) as ParticipantResponse[][];
  return rest.length > 0 ? byIndex(base, rest) : base;
};

function overSchema(schema: StateSchema<StateSchemaFields>, options: LooseSchemaOptions | undefined): unknown {
  const keys = Object.keys(schema.fields);
  const output = options?.output;
  if (!options || typeof output !== "function") {
    throw new ConfigurationError("concurrent(schema, options) needs an output function.", "Pass output: (result, state) => update, the update of your state's keys from what the aggregator returned.");
  }
  const taken = keys.find((k) => k === ANSWERS_KEY || k === TURN_KEY);
  if (taken) throw new ConfigurationError(`The state has a key named "${taken}", which concurrent keeps for itself.`, "Rename that key of your state schema.");
  const input = options.input;
  if (!input && !keys.includes("messages")) {
    throw new ConfigurationError(
      "concurrent(schema, options) needs input: the state has no messages list to give the participants.",
      "Pass input: (state) => [new HumanMessage(…)], the messages every participant is given.",
    );
  }

  type State = Record<string, unknown> & { [ANSWERS_KEY]: ParticipantResponse[]; [TURN_KEY]: number };
  const Internal = new StateSchema({
    ...schema.fields,
    [ANSWERS_KEY]: new DeltaValue(z.array(ParticipantResponse).default(() => []), {
      inputSchema: z.array(ParticipantResponse).nullable(),
      reducer: answersReducer,
    }),
    [TURN_KEY]: z.number().int().default(0),
  });
  const own = (s: State): Record<string, unknown> => {
    const { [ANSWERS_KEY]: _answers, [TURN_KEY]: _turn, ...state } = s;
    return state;
  };
  const inputOf = (s: State) => (input ? input(own(s)) : conversationInput(s.messages as BaseMessage[]));
  const turnOf = (s: State) => s[TURN_KEY] + 1;
  return wire<State>(new StateGraph({ state: Internal, input: schema, output: schema }), options, {
    reserved: Object.keys(Internal.fields),
    key: ANSWERS_KEY,
    inputOf,
    turnOf,
    aggregate: async (s, config) => {
      const current = s[ANSWERS_KEY].filter((r) => r.turn === turnOf(s));
      const result = options.aggregator ? await options.aggregator(current, inputOf(s), config) : replies(current);
      const update = await output(result, own(s), config);
      return { ...(update as Record<string, unknown>), [ANSWERS_KEY]: null, [TURN_KEY]: turnOf(s) };
    },
  });
}

// How a state shape plugs into the one graph both forms build.
interface Wiring<S> {
  /** State keys, which no node may be named. */
  reserved: readonly string[];
  /** The key each participant writes its response to. */
  key: string;
  inputOf(s: S): BaseMessage[];
  turnOf(s: S): number;
  aggregate(s: S, config: LangGraphRunnableConfig): Promise<Record<string, unknown>>;
}

// The part of StateGraph the wiring uses, for any state.
interface Builder<S> {
  addNode(name: string, node: (s: S, config: LangGraphRunnableConfig) => Promise<Record<string, unknown>>): unknown;
  addEdge(from: string, to: string): unknown;
  compile(): unknown;
}

function wire<S>(graph: object, { participants, retry, timeoutMs, failure = "fail-fast" }: ConcurrentOptions, wiring: Wiring<S>): unknown {
  const policy = resolveRetry(retry);
  if (participants.length === 0) throw new ConfigurationError("concurrent needs at least one participant.", "Pass participants: [agent({ … }), …] or functions of the messages.");
  const names = participants.map((p) => p.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new ConfigurationError(`Two participants are named "${duplicate}".`, "Give every participant a unique name.");

  const builder = graph as Builder<S>;
  let aggregate = "aggregate";
  for (let n = 1; wiring.reserved.includes(aggregate); n++) aggregate = `aggregate_${n}`;
  const used = new Set([...wiring.reserved, aggregate]);
  participants.forEach((participant, index) => {
    const node = nodeName(participant.name, index, used);
    builder.addNode(node, async (s, config) => {
      const base = { turn: wiring.turnOf(s), index, name: participant.name };
      try {
        const { value } = await retrying(
          () => withTimeout((signal) => runParticipant(participant, wiring.inputOf(s), { ...config, signal }), timeoutMs, config.signal),
          policy,
          config.signal,
        );
        return { [wiring.key]: [{ ...base, ...value }] };
      } catch (caught) {
        const error = caught instanceof RetryExhausted ? caught.error : caught;
        // LangGraph's signals (an interrupt(), a ParentCommand) are LangGraph's to handle, and a
        // cancelled run is no participant's failure: neither is wrapped, retried or recorded.
        rethrowIfSignal(error);
        if (config.signal?.aborted) throw error;
        if (failure !== "settled") throw new BranchError(participant.name, error, caught instanceof RetryExhausted ? caught.attempts : 1);
        return { [wiring.key]: [{ ...base, text: "", transcript: [], error: error instanceof Error ? error.message : String(error) }] };
      }
    });
    builder.addEdge(START, node);
    builder.addEdge(node, aggregate);
  });
  builder.addNode(aggregate, (s, config) => wiring.aggregate(s, config));
  builder.addEdge(aggregate, END);
  return builder.compile();
}

// What participants are given from a conversation: its human and system messages.
const conversationInput = (messages: readonly BaseMessage[]) => messages.filter((m) => m.getType() === "human" || m.getType() === "system");

// The default aggregator: one message per answer, tagged with the participant's name.
const replies = (responses: readonly ParticipantResponse[]) =>
  responses.map((r) => new AIMessage({ content: r.error ? `(no answer: ${r.error})` : r.text, name: r.name }));


// Node names: readable, and unique among the nodes and the state keys (`used` holds both).
function nodeName(name: string, index: number, used: Set<string>): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "") || `participant_${index + 1}`;
  let node = slug;
  for (let n = index + 1; used.has(node); n++) node = `${slug}_${n}`;
  used.add(node);
  return node;
}
