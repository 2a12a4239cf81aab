// `langgraph-parallel/models`: the offline model, model labels, prices, token estimates and rate
// limits. Provider selection with `ChatOpenAI` is in `langgraph-parallel/openai`.
export { OFFLINE_MODEL_NAME, OfflineChatModel } from "./offline-chat-model.js";
export type { OfflineChatModelCallOptions, OfflineChatModelFields } from "./offline-chat-model.js";
export { describeChatModel } from "./describe-chat-model.js";
export { strictStructuredOutput } from "./strict-structured-output.js";
export type { StrictStructuredOutputOptions } from "./strict-structured-output.js";
export { strictOutputSchema } from "./strict-output-schema.js";
export type { JsonSchema } from "./schema-fill.js";
export { DEFAULT_LATENCY_MS, latencyRange } from "./simulated-latency.js";
export type { LatencyOption } from "./simulated-latency.js";
export { sleepWithSignal } from "../patterns/sleep.js";
export { estimatePromptTokens, estimateTokens } from "./token-count.js";
export { MODEL_PRICES, costUsd, priceOf } from "./pricing.js";
export type { ModelPrice } from "./pricing.js";
export { createRateLimiter, rateLimitedFetch } from "./rate-limiter.js";
export type { RateLimitOptions, RateLimiter } from "./rate-limiter.js";
