/**
 * Cost tracking as a LangChain callback handler: every chat-model call's `usage_metadata` is added
 * to the branch that made it and to the run's total, in tokens and dollars (see `pricing.ts`).
 * A branch is named by the call's `metadata.branch` when a node sets it, else by its graph node.
 * An optional budget (dollars or tokens) lets nodes stop starting new work once it is spent
 * (`enforce: "check"`, the default), or stops the run itself (`enforce: "stop"`): every model call
 * is refused once it is reached, and `signal` is aborted so LangGraph aborts the running branches.
 */
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { AIMessage, UsageMetadata } from "@langchain/core/messages";
import type { LLMResult } from "@langchain/core/outputs";
import type { ChainValues } from "@langchain/core/utils/types";
import { ConfigurationError, LanggraphParallelError } from "../errors.js";
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

/** How far the spending went past a {@link Budget}: 0 for a limit that was not passed, or not set. */
export interface Overshoot {
  tokens: number;
  usd: number;
}

/** What a tracker with `enforce: "stop"` knew at the moment the budget was reached. */
export interface BudgetStop {
  /** The budget that was reached. */
  budget: Budget;
  /** The run's total at that moment (the call that reached the budget included). */
  spent: CostLine;
  /** How far `spent` is past the budget. */
  overshoot: Overshoot;
  /** Model calls that had started and not finished at that moment: the ones `signal` aborts. */
  inFlight: number;
}

/** Options of {@link CostTracker}. */
export interface CostTrackerOptions {
  /** Price table. Default {@link MODEL_PRICES}. */
  prices?: Readonly<Record<string, ModelPrice>>;
  /** Spending limit: either or both, each ≥ 0; spent once the total reaches a limit. Default none. */
  budget?: Budget;
  /**
   * What reaching the budget does. Default `"check"`.
   * - `"check"`: nothing by itself. Code asks {@link CostTracker.overBudget} or
   *   {@link CostTracker.assertWithinBudget} before it starts work; calls that are running, and
   *   calls made without asking, go on spending.
   * - `"stop"`: the tracker stops the run. From the moment the total reaches the budget, every
   *   model call that would start is refused with one {@link BudgetExceededError}, and
   *   {@link CostTracker.signal} is aborted with it. Pass that signal as the run's `signal` so that
   *   LangGraph aborts the branches running then and `graph.invoke` rejects with that error at once.
   *   Needs a `budget`.
   *
   * Warning: "stop" bounds the spending, it cannot cap it exactly. The call that reaches the
   * budget has already been paid for, and so has whatever the calls in flight at that moment used
   * before they were aborted (a provider may bill an aborted request). The overshoot is at most
   * what those calls spend: set the budget that much below your limit.
   */
  enforce?: "check" | "stop";
}

/**
 * The budget was spent. Thrown by `assertWithinBudget` (nothing more was started), and, with
 * `enforce: "stop"`, by every model call refused once the budget was reached, and given as the
 * reason of the tracker's aborted `signal`: then `details` says what was spent, by how much it
 * passed the budget and how many calls were in flight at that moment.
 *
 * @param message - What went wrong.
 * @param hint - What to do next.
 * @param options - `details` (a {@link BudgetStop}) when a tracker stopped a run; `cause`.
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
export class BudgetExceededError extends LanggraphParallelError {
  /** What the tracker knew when it stopped the run (`enforce: "stop"`); undefined from `assertWithinBudget`. */
  readonly details: BudgetStop | undefined;

  constructor(message: string, hint?: string, options: ErrorOptions & { details?: BudgetStop } = {}) {
    super(message, hint, options);
    this.details = options.details;
  }
}

/**
 * Totals tokens and dollars per branch and per run. Pass it in `callbacks` when you run a graph.
 * With `enforce: "stop"` it also stops the run once the budget is reached: pass its `signal` too.
 *
 * @param options - `prices` (default {@link MODEL_PRICES}), `budget` (default none), `enforce`
 *   (`"check"` or `"stop"`, default `"check"`); see {@link CostTrackerOptions}.
 * @throws {ConfigurationError} when a budget limit is negative or not a number, when `enforce` is
 *   neither "check" nor "stop", or when it is "stop" without a budget.
 * @example
 * ```ts
 * import { CostTracker, OfflineChatModel } from "langgraph-parallel";
 * const costs = new CostTracker({ budget: { usd: 0.05 } });
 * await new OfflineChatModel({ latencyMs: 0 }).invoke("Hi!", { callbacks: [costs] }); // or graph.invoke(input, { callbacks: [costs] })
 * costs.total(); // { branch: "total", calls: 1, inputTokens: 4, outputTokens: 43, usd: 0 }
 * costs.overBudget(); // false
 * ```
 * @example A budget that stops the run
 * ```ts
 * import { BudgetExceededError, CostTracker } from "langgraph-parallel";
 * const costs = new CostTracker({ budget: { tokens: 5_000 }, enforce: "stop" });
 * try {
 *   await builder.compile().invoke({}, { callbacks: [costs], signal: costs.signal });
 * } catch (error) {
 *   if (!(error instanceof BudgetExceededError)) throw error;
 *   console.log(error.message); // "Budget of 5000 tokens reached (5210 tokens in 4 calls, 210 tokens over) with 2 calls in flight: the run was stopped."
 *   costs.overshoot(); // { tokens: 210, usd: 0 }: grows if a call in flight ignores its signal and finishes
 * }
 * ```
 */
export class CostTracker extends BaseCallbackHandler {
  name = "langgraph_parallel_cost_tracker";
  override awaitHandlers = true;
  readonly budget: Budget | undefined;
  /** What reaching the budget does: `"check"` (the default) or `"stop"`; see {@link CostTrackerOptions.enforce}. */
  readonly enforce: "check" | "stop";
  /**
   * With `enforce: "stop"`, aborted at the moment the budget is reached, with the
   * {@link BudgetExceededError} as its reason; never aborted with `"check"`. Pass it as the run's
   * `signal` (with a signal of your own: `AbortSignal.any([mine, costs.signal])`). A stopped
   * tracker stays stopped: use a new one for the next run.
   */
  readonly signal: AbortSignal;
  private readonly prices: Readonly<Record<string, ModelPrice>>;
  private readonly stopController = new AbortController();
  /** Calls started and not yet finished, by run id, with their branch. */
  private readonly branchOfRun = new Map<string, string>();
  private readonly byBranch = new Map<string, CostLine>();
  private readonly unpriced = new Set<string>();
  private stopError: BudgetExceededError | undefined;

  constructor(options: CostTrackerOptions = {}) {
    super();
    this.prices = options.prices ?? MODEL_PRICES;
    this.budget = options.budget;
    this.enforce = options.enforce ?? "check";
    this.signal = this.stopController.signal;
    checkOptions(this.budget, this.enforce);
    // Only a stopping tracker lets its errors through LangChain's callback manager (which logs them).
    this.raiseError = this.enforce === "stop";
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
    this.start(runId, metadata);
  }

  override async handleLLMStart(
    _llm: unknown,
    _prompts: string[],
    runId: string,
    _parentRunId?: string,
    _extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): Promise<void> {
    this.start(runId, metadata);
  }

  override async handleLLMError(_error: unknown, runId: string): Promise<void> {
    this.branchOfRun.delete(runId);
  }

  /** A stopped run that had nothing left to refuse still fails, when its outermost chain ends. */
  override async handleChainEnd(_outputs: ChainValues, _runId: string, parentRunId?: string): Promise<void> {
    if (parentRunId === undefined && this.stopError) throw this.stopError;
  }

  /** Notes a call's branch, or refuses the call (throws) once a stopping tracker's budget is reached. */
  private start(runId: string, metadata: Record<string, unknown> | undefined): void {
    if (this.enforce === "stop") {
      if (!this.stopError && this.overBudget()) this.stop();
      if (this.stopError) throw this.stopError;
    }
    const branch = metadata?.branch ?? metadata?.langgraph_node ?? "run";
    this.branchOfRun.set(runId, String(branch));
  }

  /** Stops the run: records what was spent and what was running, and aborts `signal`. */
  private stop(): void {
    const spent = this.total();
    const overshoot = this.overshoot();
    const inFlight = this.branchOfRun.size;
    // The limits that were passed (both can be); "0 tokens" when the budget was reached exactly.
    const set = [
      { on: this.budget?.usd !== undefined, by: overshoot.usd, text: `$${overshoot.usd.toFixed(6)}` },
      { on: this.budget?.tokens !== undefined, by: overshoot.tokens, text: `${overshoot.tokens} tokens` },
    ].filter((limit) => limit.on);
    const passed = set.filter((limit) => limit.by > 0);
    const over = (passed.length > 0 ? passed : set).map((limit) => limit.text).join(" and ");
    this.stopError = new BudgetExceededError(
      `Budget of ${this.limitText()} reached (${this.spentText(spent)}, ${over} over) with ${inFlight} ${inFlight === 1 ? "call" : "calls"} in flight: the run was stopped.`,
      "Raise the budget, or make fewer or smaller calls; the overshoot is at most what the calls in flight spend, so set the budget that much below your limit.",
      { details: { budget: { ...this.budget }, spent, overshoot, inFlight } },
    );
    this.stopController.abort(this.stopError);
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
   * With `enforce: "stop"`, the usage that reaches the budget stops the run (see {@link signal}).
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
    if (this.enforce === "stop" && !this.stopError && this.overBudget()) this.stop();
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
   * How far the total is past the budget now, per limit (0 where it is within, or not set). After
   * a stopped run this is the final overshoot: at least the stop's `details.overshoot`, more if
   * calls in flight at the stop finished anyway (a model that ignores its signal, or a run not
   * given the tracker's signal).
   */
  overshoot(): Overshoot {
    const t = this.total();
    return {
      tokens: this.budget?.tokens !== undefined ? Math.max(0, t.inputTokens + t.outputTokens - this.budget.tokens) : 0,
      usd: this.budget?.usd !== undefined ? Math.max(0, t.usd - this.budget.usd) : 0,
    };
  }

  /** What the tracker knew when it stopped the run (`enforce: "stop"`), or undefined while it has not. */
  stopped(): BudgetStop | undefined {
    return this.stopError?.details;
  }

  /**
   * Throws when the budget is spent: call it before starting a branch.
   *
   * @param what - What was about to start, for the message.
   * @throws {BudgetExceededError}
   */
  assertWithinBudget(what: string): void {
    if (!this.overBudget()) return;
    throw new BudgetExceededError(
      `Budget of ${this.limitText()} spent (${this.spentText(this.total())}): ${what} was not started.`,
      "Raise the budget, or make fewer or smaller branches.",
    );
  }

  private limitText(): string {
    return [this.budget?.usd !== undefined ? `$${this.budget.usd}` : "", this.budget?.tokens !== undefined ? `${this.budget.tokens} tokens` : ""].filter(Boolean).join(" / ");
  }

  /** "$0.001250, 200 tokens in 1 call". */
  private spentText(t: CostLine): string {
    const calls = `${t.calls} ${t.calls === 1 ? "call" : "calls"}`;
    return [this.budget?.usd !== undefined ? `$${t.usd.toFixed(6)}, ` : "", `${t.inputTokens + t.outputTokens} tokens in ${calls}`].join("");
  }
}

function checkOptions(budget: Budget | undefined, enforce: string): void {
  for (const key of ["usd", "tokens"] as const) {
    const limit = budget?.[key];
    if (limit !== undefined && !(typeof limit === "number" && limit >= 0)) {
      throw new ConfigurationError(`budget.${key} must be a number ≥ 0, not ${String(limit)}.`, `Pass e.g. budget: { ${key}: ${key === "usd" ? "0.05" : "10_000"} }.`);
    }
  }
  if (enforce !== "check" && enforce !== "stop") {
    throw new ConfigurationError(`enforce must be "check" or "stop", not ${JSON.stringify(enforce)}.`, 'Use "stop" to stop the run at the budget, or leave it out.');
  }
  if (enforce === "stop" && budget?.usd === undefined && budget?.tokens === undefined) {
    throw new ConfigurationError('enforce: "stop" needs a budget.', 'Pass budget: { tokens } and/or { usd }, or leave enforce at "check".');
  }
}
