/**
 * Cost tracking as a LangChain callback handler: every chat-model call's `usage_metadata` is added
 * to the branch that made it and to the run's total, in tokens and dollars (see `pricing.ts`).
 * A branch is named by the call's `metadata.branch` when a node sets it, else by its graph node.
 * An optional budget (dollars or tokens) lets nodes stop starting new work once it is spent.
 */
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { AIMessage, UsageMetadata } from "@langchain/core/messages";
import type { LLMResult } from "@langchain/core/outputs";
import { LanggraphParallelError } from "../errors.js";
import { costUsd, MODEL_PRICES, type ModelPrice, priceOf } from "../models/pricing.js";

/** Token and dollar totals of one branch (or of the run). */
export interface CostLine {
  branch: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** Dollars; calls to models missing from the price table add nothing here (see `unpricedModels`). */
  usd: number;
}

/** A spending limit: either or both. */
export interface Budget {
  usd?: number;
  tokens?: number;
}

/** Options of {@link CostTracker}. */
export interface CostTrackerOptions {
  /** Price table. Default {@link MODEL_PRICES}. */
  prices?: Readonly<Record<string, ModelPrice>>;
  /** Spending limit checked by {@link CostTracker.overBudget}. Default none. */
  budget?: Budget;
}

/**
 * The budget was spent; no further branch was started. Thrown by `assertWithinBudget`.
 *
 * @example
 * ```ts
 * import { BudgetExceededError, CostTracker } from "langgraph-parallel";
 * const costs = new CostTracker({ budget: { tokens: 1_000 } });
 * costs.record("research", "gpt-4o-mini", 2_000, 500);
 * try {
 *   costs.assertWithinBudget("the writer");
 * } catch (error) {
 *   if (error instanceof BudgetExceededError) console.log(error.message); // "Budget of 1000 tokens spent (…): the writer was not started."
 * }
 * ```
 */
export class BudgetExceededError extends LanggraphParallelError {}

/**
 * Totals tokens and dollars per branch and per run. Pass it in `callbacks` when you run a graph.
 *
 * @example
 * ```ts
 * import { CostTracker, OfflineChatModel } from "langgraph-parallel";
 * const costs = new CostTracker({ budget: { usd: 0.05 } });
 * await new OfflineChatModel({ latencyMs: 0 }).invoke("Hi!", { callbacks: [costs] }); // or graph.invoke(input, { callbacks: [costs] })
 * costs.total(); // { branch: "total", calls: 1, inputTokens: 4, outputTokens: 43, usd: 0 }
 * costs.overBudget(); // false
 * ```
 */
export class CostTracker extends BaseCallbackHandler {
  name = "langgraph_parallel_cost_tracker";
  override awaitHandlers = true;
  private readonly prices: Readonly<Record<string, ModelPrice>>;
  readonly budget: Budget | undefined;
  private readonly branchOfRun = new Map<string, string>();
  private readonly byBranch = new Map<string, CostLine>();
  private readonly unpriced = new Set<string>();

  constructor(options: CostTrackerOptions = {}) {
    super();
    this.prices = options.prices ?? MODEL_PRICES;
    this.budget = options.budget;
  }

  override async handleChatModelStart(
    _llm: unknown,
    _messages: unknown,
    runId: string,
    _parentRunId?: string,
    _extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): Promise<void> {
    const branch = metadata?.branch ?? metadata?.langgraph_node ?? "run";
    this.branchOfRun.set(runId, String(branch));
  }

  override async handleLLMEnd(output: LLMResult, runId: string): Promise<void> {
    const branch = this.branchOfRun.get(runId) ?? "run";
    this.branchOfRun.delete(runId);
    const message = (output.generations[0]?.[0] as { message?: AIMessage } | undefined)?.message;
    const usage: UsageMetadata | undefined = message?.usage_metadata;
    const model = String(message?.response_metadata?.model_name ?? output.llmOutput?.model_name ?? "unknown");
    this.record(branch, model, usage?.input_tokens ?? 0, usage?.output_tokens ?? 0);
  }

  /**
   * Adds one call's usage (what the callbacks do; public for code that calls models directly).
   *
   * @param branch - Branch name.
   * @param model - Model name (for the price).
   * @param inputTokens - Prompt tokens.
   * @param outputTokens - Completion tokens.
   */
  record(branch: string, model: string, inputTokens: number, outputTokens: number): void {
    const line = this.byBranch.get(branch) ?? { branch, calls: 0, inputTokens: 0, outputTokens: 0, usd: 0 };
    const price = priceOf(model, this.prices);
    if (!price) this.unpriced.add(model);
    line.calls++;
    line.inputTokens += inputTokens;
    line.outputTokens += outputTokens;
    line.usd += price ? costUsd(price, inputTokens, outputTokens) : 0;
    this.byBranch.set(branch, line);
  }

  /** One line per branch, in first-seen order. */
  lines(): CostLine[] {
    return [...this.byBranch.values()].map((l) => ({ ...l }));
  }

  /** The run's total. */
  total(): CostLine {
    return this.lines().reduce(
      (t, l) => ({ ...t, calls: t.calls + l.calls, inputTokens: t.inputTokens + l.inputTokens, outputTokens: t.outputTokens + l.outputTokens, usd: t.usd + l.usd }),
      { branch: "total", calls: 0, inputTokens: 0, outputTokens: 0, usd: 0 },
    );
  }

  /** Models that had no price (their calls cost 0 in the totals). */
  unpricedModels(): string[] {
    return [...this.unpriced];
  }

  /** Whether the budget is spent (false when there is none). */
  overBudget(): boolean {
    if (!this.budget) return false;
    const t = this.total();
    return (this.budget.usd !== undefined && t.usd >= this.budget.usd) || (this.budget.tokens !== undefined && t.inputTokens + t.outputTokens >= this.budget.tokens);
  }

  /**
   * Throws when the budget is spent: call it before starting a branch.
   *
   * @param what - What was about to start, for the message.
   * @throws {BudgetExceededError}
   */
  assertWithinBudget(what: string): void {
    if (!this.overBudget()) return;
    const t = this.total();
    const limit = [this.budget?.usd !== undefined ? `$${this.budget.usd}` : "", this.budget?.tokens !== undefined ? `${this.budget.tokens} tokens` : ""].filter(Boolean).join(" / ");
    const spent = [this.budget?.usd !== undefined ? `$${t.usd.toFixed(6)}, ` : "", `${t.inputTokens + t.outputTokens} tokens in ${t.calls} calls`].join("");
    throw new BudgetExceededError(
      `Budget of ${limit} spent (${spent}): ${what} was not started.`,
      "Raise the budget, or make fewer or smaller branches.",
    );
  }
}
