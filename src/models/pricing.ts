/**
 * Prices of common OpenAI chat models, in US dollars per million tokens, for cost estimates.
 * Taken from OpenAI's public price list (standard tier); prices change, so check them and pass
 * your own table where it matters. The offline model costs nothing (but its tokens are counted).
 */

/** Dollars per million input and output tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

/**
 * The built-in price table, by model name.
 *
 * @example
 * ```ts
 * import { MODEL_PRICES } from "langgraph-parallel/models";
 * MODEL_PRICES["gpt-4o-mini"]; // { inputPerMillion: 0.15, outputPerMillion: 0.6 }
 * ```
 */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  offline: { inputPerMillion: 0, outputPerMillion: 0 },
  "gpt-4o-mini": { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  "gpt-4o": { inputPerMillion: 2.5, outputPerMillion: 10 },
  "gpt-4.1": { inputPerMillion: 2, outputPerMillion: 8 },
  "gpt-4.1-mini": { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  "gpt-4.1-nano": { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  "o4-mini": { inputPerMillion: 1.1, outputPerMillion: 4.4 },
};

/**
 * The price of a model: an exact match, else the longest table entry the name starts with
 * (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`).
 *
 * @param model - Model name as reported in `response_metadata.model_name`.
 * @param prices - Price table. Default {@link MODEL_PRICES}.
 * @returns The price, or undefined for an unknown model.
 * @example
 * ```ts
 * import { priceOf } from "langgraph-parallel/models";
 * priceOf("gpt-4o-mini-2024-07-18"); // { inputPerMillion: 0.15, outputPerMillion: 0.6 }
 * ```
 */
export function priceOf(model: string, prices: Readonly<Record<string, ModelPrice>> = MODEL_PRICES): ModelPrice | undefined {
  if (prices[model]) return prices[model];
  const prefix = Object.keys(prices)
    .filter((name) => model.startsWith(name))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? prices[prefix] : undefined;
}

/**
 * Cost of one call in dollars.
 *
 * @param price - The model's price.
 * @param inputTokens - Prompt tokens.
 * @param outputTokens - Completion tokens.
 * @returns US dollars.
 * @example
 * ```ts
 * import { costUsd, priceOf } from "langgraph-parallel/models";
 * costUsd(priceOf("gpt-4o-mini")!, 1_000_000, 0); // 0.15
 * ```
 */
export function costUsd(price: ModelPrice, inputTokens: number, outputTokens: number): number {
  return (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
}
