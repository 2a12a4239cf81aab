/**
 * The offline chat model: a LangChain `BaseChatModel` that needs no key and no network. Its
 * replies are deterministic (seeded from a hash of the messages, bound tools and tool choice),
 * derived from its input (extractive answers with citations, tool calls with filled arguments,
 * schema-valid structured output), arrive after a simulated latency, and carry `usage_metadata`.
 */
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { BaseLanguageModelInput, StructuredOutputMethodOptions, ToolDefinition } from "@langchain/core/language_models/base";
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
  type LangSmithParams,
} from "@langchain/core/language_models/chat_models";
import { assembleStructuredOutputPipeline, createFunctionCallingParser } from "@langchain/core/language_models/structured_output";
import { AIMessage, type AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import type { Runnable } from "@langchain/core/runnables";
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import { isSerializableSchema, type SerializableSchema } from "@langchain/core/utils/standard_schema";
import { getSchemaDescription, isInteropZodSchema, type InteropZodType } from "@langchain/core/utils/types";
import { chooseTools, planToolCalls, toToolDefinition, toolMode } from "./bound-tools.js";
import { composeReply } from "./offline-reply.js";
import { readConversation } from "./read-conversation.js";
import { seededRandomFor } from "./seeded-random.js";
import { sleepWithSignal } from "../patterns/sleep.js";
import { latencyRange, pickLatency, type LatencyOption } from "./simulated-latency.js";
import type { RateLimiter } from "./rate-limiter.js";
import { estimatePromptTokens, usageFor } from "./token-count.js";

/** Call options of {@link OfflineChatModel}: the standard ones plus bound `tools`. */
export interface OfflineChatModelCallOptions extends BaseChatModelCallOptions {
  /** Tools the model may call (set by `bindTools`; any format `bindTools` accepts). */
  tools?: BindToolsInput[];
}

/** Constructor options of {@link OfflineChatModel}. */
export interface OfflineChatModelFields extends BaseChatModelParams {
  /** Simulated latency: milliseconds or an inclusive `[min, max]` range (default `[100, 400]`; `0` = none). */
  latencyMs?: LatencyOption;
  /** A shared limiter every call waits for (as a real API would be limited). Default none. */
  rateLimiter?: RateLimiter;
}

/**
 * The model name reported in `response_metadata.model_name` and by `describeChatModel`.
 *
 * @example
 * ```ts
 * import { OFFLINE_MODEL_NAME } from "langgraph-parallel/models";
 * OFFLINE_MODEL_NAME; // "offline"
 * ```
 */
export const OFFLINE_MODEL_NAME = "offline";

/** What the seed covers: message types, names, contents and tool calls (not ids: LangGraph assigns random ones). */
function seedText(messages: readonly BaseMessage[], tools: readonly ToolDefinition[], toolChoice: unknown): string {
  const parts = messages.map((m) => {
    const calls = (m as AIMessage).tool_calls?.map((c) => [c.name, c.args]) ?? [];
    return JSON.stringify([m.getType(), m.name ?? "", m.content, calls]);
  });
  return `${parts.join("\n")}\n${JSON.stringify(tools)}\n${JSON.stringify(toolChoice ?? null)}`;
}

/**
 * A deterministic, offline stand-in for a chat model (see the module comment). Same input → same
 * output; different input → different output. Use `latencyMs: 0` in tests.
 *
 * @param fields - `latencyMs` (default `[100, 400]`) plus the usual `BaseChatModel` options.
 * @example
 * ```ts
 * import { OfflineChatModel } from "langgraph-parallel/models";
 * const model = new OfflineChatModel({ latencyMs: 0 });
 * const reply = await model.invoke("Tell me a joke about cats");
 * reply.usage_metadata; // { input_tokens: 10, output_tokens: 25, total_tokens: 35 }
 * ```
 */
export class OfflineChatModel extends BaseChatModel<OfflineChatModelCallOptions, AIMessageChunk> {
  /** The inclusive simulated latency range in milliseconds. */
  readonly latencyMs: readonly [number, number];
  /** The shared limiter, if any. */
  readonly rateLimiter: RateLimiter | undefined;

  static override lc_name(): string {
    return "OfflineChatModel";
  }

  constructor(fields: OfflineChatModelFields = {}) {
    const { latencyMs, rateLimiter, ...rest } = fields;
    super(rest);
    this.latencyMs = latencyRange(latencyMs);
    this.rateLimiter = rateLimiter;
  }

  _llmType(): string {
    return OFFLINE_MODEL_NAME;
  }

  /** One-line label for print-outs, e.g. "offline (deterministic, simulated latency 100–400 ms)". */
  describe(): string {
    const [min, max] = this.latencyMs;
    if (max === 0) return "offline (deterministic, no simulated latency)";
    return `offline (deterministic, simulated latency ${min === max ? min : `${min}–${max}`} ms)`;
  }

  override invocationParams(): Record<string, unknown> {
    return { model_name: OFFLINE_MODEL_NAME, latency_ms: [...this.latencyMs] };
  }

  override getLsParams(options: this["ParsedCallOptions"]): LangSmithParams {
    return { ls_provider: OFFLINE_MODEL_NAME, ls_model_name: OFFLINE_MODEL_NAME, ls_model_type: "chat", ls_stop: options.stop };
  }

  /**
   * Binds tools (LangChain tools, `{ name, description, schema }`, OpenAI or Anthropic tool
   * definitions) and optional call options such as `tool_choice` ("auto", "any", "required",
   * "none" or a tool name).
   */
  override bindTools(tools: BindToolsInput[], kwargs?: Partial<OfflineChatModelCallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk, OfflineChatModelCallOptions> {
    return this.withConfig({ tools: tools.map(toToolDefinition), ...kwargs } as Partial<OfflineChatModelCallOptions>);
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"], _runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    const tools = (options.tools ?? []).map(toToolDefinition);
    const rng = seededRandomFor(seedText(messages, tools, options.tool_choice));
    const latency = pickLatency(this.latencyMs, rng.fork("latency"));
    const call = () => sleepWithSignal(latency, options.signal);
    await (this.rateLimiter ? this.rateLimiter.schedule(call, options.signal) : call());

    const view = readConversation(messages);
    const toolCalls = planToolCalls(chooseTools(tools, toolMode(options.tool_choice), view), view, rng.fork("tools"));
    let content = toolCalls.length > 0 ? "" : composeReply(view, rng.fork("reply"));
    for (const stop of options.stop ?? []) {
      const at = stop ? content.indexOf(stop) : -1;
      if (at >= 0) content = content.slice(0, at);
    }

    // Tokens: message texts (plus earlier tool calls) and tool definitions in; text and tool calls out.
    const toolCallsText = (calls: AIMessage["tool_calls"]) => (calls?.length ? JSON.stringify(calls.map(({ name, args }) => ({ name, args }))) : "");
    const promptTexts = messages.map((m) => m.text + toolCallsText((m as AIMessage).tool_calls));
    const inputTokens = estimatePromptTokens(promptTexts, tools.length ? JSON.stringify(tools) : "");
    const usage = usageFor(inputTokens, content + toolCallsText(toolCalls));
    const message = new AIMessage({
      content,
      tool_calls: toolCalls,
      usage_metadata: usage,
      response_metadata: {
        model_name: OFFLINE_MODEL_NAME,
        model_provider: OFFLINE_MODEL_NAME,
        offline: true,
        finish_reason: toolCalls.length > 0 ? "tool_calls" : "stop",
        simulated_latency_ms: latency,
      },
    });
    return {
      generations: [{ text: content, message }],
      llmOutput: { tokenUsage: { promptTokens: usage.input_tokens, completionTokens: usage.output_tokens, totalTokens: usage.total_tokens } },
    };
  }

  /* eslint-disable @typescript-eslint/no-explicit-any -- the overloads mirror BaseChatModel's */
  /**
   * Structured output through a forced tool call: the schema becomes a tool, the model must call
   * it, and the arguments are parsed with the schema (zod schemas validate and apply defaults and
   * transforms; plain JSON schemas are returned as filled). Any `method` is accepted.
   */
  override withStructuredOutput<RunOutput extends Record<string, any> = Record<string, any>>(
    outputSchema: InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, any>,
    config?: StructuredOutputMethodOptions<false>,
  ): Runnable<BaseLanguageModelInput, RunOutput>;
  override withStructuredOutput<RunOutput extends Record<string, any> = Record<string, any>>(
    outputSchema: InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, any>,
    config?: StructuredOutputMethodOptions<true>,
  ): Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }>;
  override withStructuredOutput<RunOutput extends Record<string, any> = Record<string, any>>(
    outputSchema: InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, any>,
    config?: StructuredOutputMethodOptions<boolean>,
  ): Runnable<BaseLanguageModelInput, RunOutput> | Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }> {
    const schema = outputSchema as Record<string, any>;
    const isTyped = isInteropZodSchema(schema) || isSerializableSchema(schema);
    const name: string = config?.name ?? (!isTyped && typeof schema.name === "string" ? schema.name : !isTyped && typeof schema.title === "string" ? schema.title : "extract");
    const parameters = isTyped ? toJsonSchema(schema as InteropZodType) : typeof schema.parameters === "object" ? schema.parameters : schema;
    const description = getSchemaDescription(schema) ?? (typeof schema.description === "string" ? schema.description : "Structured output.");
    const llm = this.bindTools([{ type: "function", function: { name, description, parameters } }], { tool_choice: name });
    const parser = createFunctionCallingParser<RunOutput>(schema, name);
    return assembleStructuredOutputPipeline<RunOutput>(llm, parser, config?.includeRaw, config?.includeRaw ? "StructuredOutputRunnable" : "StructuredOutput");
  }
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
