import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { LLMResult } from "@langchain/core/outputs";
import { describe, expect, it } from "vitest";
import { buildDecompositionGraph } from "../../src/graphs/decomposition.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { costUsd, priceOf } from "../../src/models/pricing.js";
import { BudgetExceededError, CostTracker } from "../../src/observe/cost-tracker.js";
import { nodesBySuperstep, traceRun } from "../../src/observe/run-trace.js";
import { createSearchTools } from "../../src/tools/search-tools.js";

// Records each model call's usage as the model reported it, independently of the tracker.
class UsageLog extends BaseCallbackHandler {
  name = "usage_log";
  override awaitHandlers = true;
  calls: { input: number; output: number }[] = [];
  override async handleLLMEnd(output: LLMResult) {
    const usage = (output.generations[0]?.[0] as { message?: { usage_metadata?: { input_tokens: number; output_tokens: number } } }).message?.usage_metadata;
    this.calls.push({ input: usage?.input_tokens ?? 0, output: usage?.output_tokens ?? 0 });
  }
}

const model = () => new OfflineChatModel({ latencyMs: 0 });
const TASK = "Write a briefing on LangGraph supersteps, reducers, the Send API and checkpointers";

describe("prices", () => {
  it("finds a model by exact name or longest prefix, and prices calls per million tokens", () => {
    expect(priceOf("gpt-4o-mini-2024-07-18")).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 });
    expect(priceOf("gpt-4o-2024-08-06")).toEqual({ inputPerMillion: 2.5, outputPerMillion: 10 });
    expect(priceOf("claude-3")).toBeUndefined();
    expect(costUsd(priceOf("gpt-4o-mini")!, 1_000_000, 1_000_000)).toBeCloseTo(0.75, 10);
  });

  it("totals per branch and run in tokens and dollars; unknown models are listed, not guessed", () => {
    const costs = new CostTracker();
    costs.record("worker 1", "gpt-4o-mini", 2000, 500);
    costs.record("worker 1", "gpt-4o-mini", 1000, 500);
    costs.record("worker 2", "mystery-model", 100, 100);
    expect(costs.lines()).toEqual([
      { branch: "worker 1", calls: 2, inputTokens: 3000, outputTokens: 1000, usd: (3000 * 0.15 + 1000 * 0.6) / 1e6 },
      { branch: "worker 2", calls: 1, inputTokens: 100, outputTokens: 100, usd: 0 },
    ]);
    expect(costs.total()).toMatchObject({ calls: 3, inputTokens: 3100, outputTokens: 1100 });
    expect(costs.unpricedModels()).toEqual(["mystery-model"]);
  });

  it("a dollar budget: overBudget and a clear error once spent", () => {
    const costs = new CostTracker({ budget: { usd: 0.001 } });
    costs.assertWithinBudget("worker 1");
    costs.record("worker 1", "gpt-4o", 100, 100); // $0.00125
    expect(costs.overBudget()).toBe(true);
    expect(() => costs.assertWithinBudget("worker 2")).toThrow(BudgetExceededError);
    expect(() => costs.assertWithinBudget("worker 2")).toThrow("Budget of $0.001 spent ($0.001250, 200 tokens in 1 calls): worker 2 was not started.");
  });
});

describe("dynamic decomposition with cost tracking", () => {
  it("runs one worker per sub-task the orchestrator returned, all in one superstep", async () => {
    for (const maxSubtasks of [3, 5]) {
      const trace = await traceRun<{ subtasks: string[]; results: { subtask: string }[] }>(buildDecompositionGraph({ model: model(), maxSubtasks }), { task: TASK });
      const subtasks = trace.finalState!.subtasks;
      expect(subtasks.length).toBe(maxSubtasks);
      expect(nodesBySuperstep(trace)).toEqual([["orchestrator"], subtasks.map(() => "worker"), ["synthesiser"]]);
      expect(trace.finalState!.results.map((r) => r.subtask)).toEqual(subtasks);
    }
  });

  it("the tracker's totals equal the sum of every call's reported usage, and each worker is its own branch", async () => {
    const costs = new CostTracker();
    const log = new UsageLog();
    const graph = buildDecompositionGraph({ model: model(), costs, tools: [...createSearchTools()] });
    await graph.invoke({ task: TASK }, { callbacks: [costs, log] });
    const total = costs.total();
    expect(total.calls).toBe(log.calls.length);
    expect(total.inputTokens).toBe(log.calls.reduce((s, c) => s + c.input, 0));
    expect(total.outputTokens).toBe(log.calls.reduce((s, c) => s + c.output, 0));
    expect(total.usd).toBe(0);
    expect(costs.lines().map((l) => l.branch).sort()).toEqual(["orchestrator", "synthesiser", "worker 1", "worker 2", "worker 3", "worker 4", "worker 5"]);
    expect(costs.lines().filter((l) => l.branch.startsWith("worker")).every((l) => l.calls === 2)).toBe(true); // tool call + answer
  });

  it("a token budget stops workers from starting once spent; they report why, and the rest is kept", async () => {
    const full = new CostTracker();
    await buildDecompositionGraph({ model: model(), costs: full, tools: [...createSearchTools()] }).invoke({ task: TASK }, { callbacks: [full] });
    const budget = Math.round((full.total().inputTokens + full.total().outputTokens) * 0.4);
    const costs = new CostTracker({ budget: { tokens: budget } });
    const out = await buildDecompositionGraph({ model: model(), costs, tools: [...createSearchTools()] }).invoke(
      { task: TASK },
      { callbacks: [costs], maxConcurrency: 2 },
    );
    const skipped = out.results.filter((r) => r.skipped);
    const done = out.results.filter((r) => !r.skipped);
    expect(skipped.length).toBeGreaterThan(0);
    expect(done.length).toBeGreaterThan(0);
    expect(out.results).toHaveLength(5);
    for (const r of skipped) expect(r.skipped).toMatch(new RegExp(`^Budget of ${budget} tokens spent \\(\\d+ tokens in \\d+ calls\\): worker ${r.index + 1} was not started\\.$`));
    expect(costs.lines().map((l) => l.branch)).not.toContain(`worker ${skipped[0]!.index + 1}`);
    expect(out.answer.length).toBeGreaterThan(0);
  });
});
