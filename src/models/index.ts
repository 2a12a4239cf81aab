// `langgraph-parallel/models`: the offline model, provider selection, prices and rate limits.
export { OFFLINE_MODEL_NAME, OfflineChatModel } from "./offline-chat-model.js";
export type { OfflineChatModelCallOptions, OfflineChatModelFields } from "./offline-chat-model.js";
export { CHAT_MODEL_PROVIDERS, DEFAULT_OPENAI_BASE_URL, DEFAULT_OPENAI_MODEL, describeChatModel, getChatModel } from "./get-chat-model.js";
export type { ChatModelProvider, GetChatModelOptions } from "./get-chat-model.js";
export { DEFAULT_LATENCY_MS, latencyRange } from "./simulated-latency.js";
export { sleepWithSignal } from "../patterns/sleep.js";
export type { LatencyOption } from "./simulated-latency.js";
export { CHARS_PER_TOKEN, MESSAGE_OVERHEAD_TOKENS, estimatePromptTokens, estimateTokens } from "./token-count.js";
export { MODEL_PRICES, costUsd, priceOf } from "./pricing.js";
export type { ModelPrice } from "./pricing.js";
export { createRateLimiter, rateLimitedFetch } from "./rate-limiter.js";
export type { RateLimitOptions, RateLimiter } from "./rate-limiter.js";
