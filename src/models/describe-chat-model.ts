/**
 * A one-line label for any chat model, for print-outs. It knows the offline model and
 * `@langchain/openai`'s `ChatOpenAI` by shape, without importing that optional package.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { OfflineChatModel } from "./offline-chat-model.js";

/**
 * The OpenAI API root used when `OPENAI_BASE_URL` is not set.
 *
 * @example
 * ```ts
 * import { DEFAULT_OPENAI_BASE_URL } from "langgraph-parallel/openai";
 * DEFAULT_OPENAI_BASE_URL; // "https://api.openai.com/v1"
 * ```
 */
export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";

/** `ChatOpenAI`'s shape as far as a label needs it (its `_llmType()` is "openai"). */
interface OpenAiLike {
  model: string;
  clientConfig?: { baseURL?: string | null };
}

function isChatOpenAI(model: unknown): model is OpenAiLike {
  const m = model as Partial<BaseChatModel> & Partial<OpenAiLike>;
  return typeof m?._llmType === "function" && m._llmType() === "openai" && typeof m.model === "string";
}

/**
 * A one-line label for print-outs: "offline (deterministic, simulated latency 100–400 ms)" or
 * "openai gpt-4o-mini at api.openai.com". Tool-bound models (`bindTools`) are unwrapped.
 *
 * @param model - A model from `getChatModel`, any LangChain chat model, or a binding of one.
 * @returns The label.
 * @example
 * ```ts
 * import { describeChatModel, OfflineChatModel } from "langgraph-parallel/models";
 * console.log(`Model: ${describeChatModel(new OfflineChatModel({ latencyMs: 0 }))}`);
 * // Model: offline (deterministic, no simulated latency)
 * ```
 */
export function describeChatModel(model: unknown): string {
  let inner = model;
  // RunnableBinding (bindTools / withConfig) keeps the model in `bound`.
  for (let i = 0; i < 5 && typeof inner === "object" && inner !== null && "bound" in inner; i++) inner = (inner as { bound: unknown }).bound;
  if (inner instanceof OfflineChatModel) return inner.describe();
  if (isChatOpenAI(inner)) {
    const base = inner.clientConfig?.baseURL ?? DEFAULT_OPENAI_BASE_URL;
    let host = base;
    try {
      host = new URL(base).host;
    } catch {
      // Keep the raw value.
    }
    return `openai ${inner.model} at ${host}`;
  }
  const m = inner as Partial<BaseChatModel>;
  return typeof m._llmType === "function" ? `${m._llmType()} (${m.getName?.() ?? "chat model"})` : "unknown model";
}
