/**
 * An agent for the concurrent patterns: a model with instructions and, optionally, tools of its
 * own. With tools it is LangGraph's prebuilt ReAct agent (model → tools → model … → answer); with
 * none it is one model call. Each run starts from only the messages it is given, so agents that
 * run side by side never see each other's messages.
 *
 * Run inside a graph's node, an agent passes LangGraph's signals on as they are: a tool that calls
 * `interrupt()` pauses that graph (with a checkpointer), and on `Command({ resume })` the agent
 * goes on inside its own conversation, which LangGraph checkpoints as a sub-graph: the model calls
 * before the question are not made again, and the tool runs again up to its `interrupt()`, which
 * then returns the answer.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { type BaseMessage, SystemMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { createReactAgent } from "@langchain/langgraph/prebuilt";

/** What an agent run produced: its final text and its own message list. */
export interface AgentResult {
  name: string;
  text: string;
  /** The agent's private conversation (instructions excluded): input, tool calls, tool results, answer. */
  messages: BaseMessage[];
}

/** An agent: a name and a function from input messages to a result. */
export interface Agent {
  name: string;
  run(messages: readonly BaseMessage[], config?: RunnableConfig): Promise<AgentResult>;
}

/** Options of {@link agent}. */
export interface AgentOptions {
  /** Name used to tag its reply and in reports. */
  name: string;
  model: BaseChatModel;
  /** System instructions. */
  instructions: string;
  /** Tools only this agent can call. Default none. */
  tools?: StructuredToolInterface[];
}

/**
 * Creates an agent.
 *
 * @param options - `name`, `model`, `instructions`, `tools` (default none).
 * @returns The agent.
 * @example
 * ```ts
 * import { HumanMessage } from "@langchain/core/messages";
 * import { agent } from "langgraph-parallel";
 *
 * const legal = agent({ name: "Legal reviewer", model, instructions: "Flag legal risks in launch plans." });
 * const { text } = await legal.run([new HumanMessage("We launch a smart kettle in the EU next month.")]);
 * ```
 */
export function agent({ name, model, instructions, tools = [] }: AgentOptions): Agent {
  const react = tools.length > 0 ? createReactAgent({ llm: model, tools, prompt: instructions, name: slug(name) }) : undefined;
  return {
    name,
    async run(messages, config) {
      if (react) {
        const out = await react.invoke({ messages: [...messages] }, config);
        const all = out.messages as BaseMessage[];
        return { name, text: all[all.length - 1]?.text ?? "", messages: all };
      }
      const reply = await model.invoke([new SystemMessage(instructions), ...messages], config);
      return { name, text: reply.text, messages: [...messages, reply] };
    },
  };
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "") || "agent";
}
