/**
 * Provider selection: the offline model by default, `ChatOpenAI` when asked for or when
 * `OPENAI_API_KEY` is set. `OPENAI_BASE_URL` points it at any OpenAI-compatible server (Ollama,
 * vLLM, LM Studio…) and `OPENAI_MODEL` names the model. Configuration mistakes fail fast with a
 * one-line `ConfigurationError` that says how to fix them.
 */
import type { Callbacks } from "@langchain/core/callbacks/manager";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOpenAI } from "@langchain/openai";
import { ConfigurationError } from "../errors.js";
import { OfflineChatModel } from "./offline-chat-model.js";
import { rateLimitedFetch, type RateLimiter } from "./rate-limiter.js";
import { DEFAULT_OPENAI_BASE_URL } from "./describe-chat-model.js";
import type { LatencyOption } from "./simulated-latency.js";

/**
 * The providers {@link getChatModel} knows.
 *
 * @example
 * ```ts
 * import { CHAT_MODEL_PROVIDERS } from "langgraph-parallel/openai";
 * CHAT_MODEL_PROVIDERS; // ["offline", "openai"]
 * ```
 */
export const CHAT_MODEL_PROVIDERS = ["offline", "openai"] as const;

/** A provider name. */
export type ChatModelProvider = (typeof CHAT_MODEL_PROVIDERS)[number];

/**
 * Default `OPENAI_MODEL`.
 *
 * @example
 * ```ts
 * import { DEFAULT_OPENAI_MODEL } from "langgraph-parallel/openai";
 * DEFAULT_OPENAI_MODEL; // "gpt-4o-mini"
 * ```
 */
export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";

export { DEFAULT_OPENAI_BASE_URL } from "./describe-chat-model.js";

/** Options of {@link getChatModel}. */
export interface GetChatModelOptions {
  /** "offline" or "openai"; unset: "openai" when `OPENAI_API_KEY` is set, else "offline". */
  provider?: ChatModelProvider | (string & {});
  /** Offline model latency, ms or `[min, max]` (default `[100, 400]`; ignored for openai). */
  latencyMs?: LatencyOption;
  /** Environment to read `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_MODEL` from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Sampling temperature for openai (default: the provider's; the offline model is always deterministic). */
  temperature?: number;
  /** A limiter shared by every call of this model (requests per second, in flight, Retry-After). Default none. */
  rateLimiter?: RateLimiter;
  /** Retries inside the OpenAI client (default: the client's). Set 0 to leave retrying to the graph. */
  maxRetries?: number;
  /**
   * Callback handlers for every call of this model, wherever it is invoked (e.g. a `CostTracker`
   * that sees calls made outside a graph too). Default none. Passed to the constructor, so that
   * copies the client makes (`ChatOpenAI`'s `bindTools`, `withConfig`, `withStructuredOutput`) keep
   * them: setting `model.callbacks` afterwards would miss those calls.
   */
  callbacks?: Callbacks;
}

const read = (env: Record<string, string | undefined>, key: string): string | undefined => env[key]?.trim() || undefined;

function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    url = new URL("invalid:");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigurationError(
      `OPENAI_BASE_URL "${value}" is not a valid http(s) URL.`,
      "Set it to the server's API root, e.g. http://localhost:11434/v1 for Ollama, or unset it to use api.openai.com.",
    );
  }
  return value.replace(/\/+$/, "");
}

/**
 * The chat model to run lessons and graphs on.
 *
 * @param options - `provider` (default: "openai" if `OPENAI_API_KEY` is set, else "offline"),
 *   `latencyMs` (offline, default `[100, 400]`), `env` (default `process.env`), `temperature` (openai),
 *   `rateLimiter` (default none), `maxRetries` (openai, default the client's), `callbacks` (default none).
 * @returns An {@link OfflineChatModel} or a `ChatOpenAI`.
 * @throws ConfigurationError for an unknown provider, "openai" without `OPENAI_API_KEY`, or a
 *   malformed `OPENAI_BASE_URL`.
 * @example
 * ```ts
 * import { getChatModel } from "langgraph-parallel/openai";
 * const model = getChatModel(); // offline unless OPENAI_API_KEY is set
 * const local = getChatModel({
 *   provider: "openai",
 *   env: { OPENAI_API_KEY: "ollama", OPENAI_BASE_URL: "http://localhost:11434/v1", OPENAI_MODEL: "llama3.2" },
 * });
 * ```
 */
export function getChatModel(options: GetChatModelOptions = {}): BaseChatModel {
  const env = options.env ?? process.env;
  const apiKey = read(env, "OPENAI_API_KEY");
  const provider = options.provider ?? (apiKey ? "openai" : "offline");
  const callbacks = options.callbacks === undefined ? {} : { callbacks: options.callbacks };
  if (provider === "offline") return new OfflineChatModel({ latencyMs: options.latencyMs, rateLimiter: options.rateLimiter, ...callbacks });
  if (provider !== "openai") {
    throw new ConfigurationError(`Unknown model provider "${provider}".`, `Use one of: ${CHAT_MODEL_PROVIDERS.join(", ")}.`);
  }
  if (!apiKey) {
    throw new ConfigurationError(
      'The "openai" provider needs OPENAI_API_KEY.',
      "Export OPENAI_API_KEY=… and run again (any non-empty value works for a local server such as Ollama or vLLM), or use the offline model.",
    );
  }
  const baseUrl = read(env, "OPENAI_BASE_URL");
  return new ChatOpenAI({
    model: read(env, "OPENAI_MODEL") ?? DEFAULT_OPENAI_MODEL,
    apiKey,
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...callbacks,
    // Always pass the base URL so ChatOpenAI does not fall back to process.env behind `env`'s back.
    configuration: {
      baseURL: baseUrl ? parseBaseUrl(baseUrl) : DEFAULT_OPENAI_BASE_URL,
      ...(options.rateLimiter ? { fetch: rateLimitedFetch(options.rateLimiter) } : {}),
    },
  });
}
