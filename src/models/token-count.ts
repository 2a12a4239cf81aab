/**
 * Token estimates for the offline model, so cost tracking and token budgets work without a
 * tokenizer or network: about four characters per token, plus a small fixed overhead per message
 * (roughly what OpenAI's chat format adds for the role and separators).
 */
import type { UsageMetadata } from "@langchain/core/messages";

/** Characters per token assumed by {@link estimateTokens}. */
export const CHARS_PER_TOKEN = 4;

/** Tokens added per message for its role and separators. */
export const MESSAGE_OVERHEAD_TOKENS = 3;

/**
 * Estimated token count of a text: `ceil(length / 4)`; 0 for the empty string.
 *
 * @param text - Any string.
 * @returns A non-negative integer.
 * @example
 * ```ts
 * import { estimateTokens } from "langgraph-parallel/models";
 * estimateTokens("hello world"); // 3 (11 characters)
 * ```
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/**
 * Estimated prompt tokens of a list of message texts: each text's {@link estimateTokens} plus
 * `MESSAGE_OVERHEAD_TOKENS` per message, plus the tokens of any extra prompt material
 * (for example the JSON of bound tool definitions).
 *
 * @param messageTexts - The serialised content of each message, in order.
 * @param extra - Further prompt text counted once (default `""`).
 * @returns A non-negative integer.
 * @example
 * ```ts
 * import { estimatePromptTokens } from "langgraph-parallel/models";
 * estimatePromptTokens(["You are helpful.", "Hi!"]); // 4 + 3 + 1 + 3 = 11
 * ```
 */
export function estimatePromptTokens(messageTexts: readonly string[], extra = ""): number {
  let total = estimateTokens(extra);
  for (const text of messageTexts) total += estimateTokens(text) + MESSAGE_OVERHEAD_TOKENS;
  return total;
}

/**
 * A LangChain `usage_metadata` object from estimated prompt tokens and the reply's text.
 * `total_tokens` is always `input_tokens + output_tokens`.
 *
 * @param inputTokens - Prompt tokens (see {@link estimatePromptTokens}).
 * @param outputText - Everything the reply contains: its text plus the JSON of any tool calls.
 * @returns `{ input_tokens, output_tokens, total_tokens }`.
 * @example
 * ```ts
 * usageFor(11, "Hello there!"); // { input_tokens: 11, output_tokens: 3, total_tokens: 14 }
 * ```
 */
export function usageFor(inputTokens: number, outputText: string): UsageMetadata {
  const output = estimateTokens(outputText);
  return { input_tokens: inputTokens, output_tokens: output, total_tokens: inputTokens + output };
}
