import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult, LLMResult } from "@langchain/core/outputs";
import { END, type LangGraphRunnableConfig, Send, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ConfigurationError } from "../../src/errors.js";
import { buildDecompositionGraph } from "../../src/graphs/decomposition.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { costUsd, priceOf } from "../../src/models/pricing.js";
import { BudgetExceededError, CostTracker } from "../../src/observe/cost-tracker.js";
import { nodesBySuperstep, traceRun } from "../../src/observe/run-trace.js";
import { listField } from "../../src/reducers/fields.js";
import { createSearchTools } from "../../src/tools/search-tools.js";
import { type Latch, latch } from "../support/barrier.js";

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
    expect(() => costs.assertWithinBudget("worker 2")).toThrow("Budget of $0.001 spent ($0.001250, 200 tokens in 1 call): worker 2 was not started.");
  });
});

describe("dynamic decomposition with cost tracking", () => {
  it("runs one worker per sub-task the orchestrator returned, all in one superstep", async () => {
    // The task names four parts: one sub-task each, at most maxSubtasks.
    for (const [maxSubtasks, expected] of [[3, 3], [5, 4]] as const) {
      const trace = await traceRun<{ subtasks: string[]; results: { subtask: string }[] }>(buildDecompositionGraph({ model: model(), maxSubtasks }), { task: TASK });
      const subtasks = trace.finalState!.subtasks;
      expect(subtasks.length).toBe(expected);
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
    expect(costs.lines().map((l) => l.branch).sort()).toEqual(["orchestrator", "synthesiser", "worker 1", "worker 2", "worker 3", "worker 4"]);
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
    expect(out.results).toHaveLength(4);
    for (const r of skipped) expect(r.skipped).toMatch(new RegExp(`^Budget of ${budget} tokens spent \\(\\d+ tokens in \\d+ calls\\): worker ${r.index + 1} was not started\\.$`));
    expect(costs.lines().map((l) => l.branch)).not.toContain(`worker ${skipped[0]!.index + 1}`);
    expect(out.answer.length).toBeGreaterThan(0);
  });
});

/** One call of a {@link GatedModel}: it runs until the test opens `finish` or its signal aborts. */
interface GatedCall {
  prompt: string;
  signal: AbortSignal | undefined;
  finish: Latch;
  /** Whether it ended because its signal aborted. */
  aborted: boolean;
}

/**
 * A chat model the test drives. Every call is recorded as it reaches the model and then waits
 * until the test finishes it (60 tokens: 30 in, 30 out) or, unless `ignoresSignal`, until its
 * signal aborts. `started(n)` resolves once n calls have reached the model.
 */
class GatedModel extends BaseChatModel {
  readonly calls: GatedCall[] = [];
  private readonly arrivals: { count: number; reached: Latch }[] = [];

  constructor(private readonly ignoresSignal = false) {
    super({});
  }

  _llmType() {
    return "gated";
  }

  started(count: number): Promise<void> {
    const reached = latch();
    this.arrivals.push({ count, reached });
    if (this.calls.length >= count) reached.open();
    return reached.wait();
  }

  call(prompt: string): GatedCall {
    return this.calls.find((c) => c.prompt === prompt)!;
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const call: GatedCall = { prompt: messages[0]!.text, signal: options.signal, finish: latch(), aborted: false };
    this.calls.push(call);
    for (const a of this.arrivals) if (this.calls.length >= a.count) a.reached.open();
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        call.aborted = true;
        reject(options.signal!.reason);
      };
      if (!this.ignoresSignal) options.signal?.addEventListener("abort", onAbort, { once: true });
      void call.finish.wait().then(() => {
        options.signal?.removeEventListener("abort", onAbort);
        resolve();
      });
    });
    const message = new AIMessage({
      content: `answer to ${call.prompt}`,
      usage_metadata: { input_tokens: 30, output_tokens: 30, total_tokens: 60 },
      response_metadata: { model_name: "gated" },
    });
    return { generations: [{ text: message.text, message }] };
  }
}

const PER_CALL = 60;

/**
 * START ─Send×n→ worker → END; worker i calls the model once with "w<i>" (after `before[i]`, when
 * given). `nodes` lists the workers that started; `settled` every model call's promise, so that a
 * test can wait for calls that outlive a rejected run.
 */
function workers(model: GatedModel, n: number, before: Record<number, Latch> = {}) {
  const nodes: number[] = [];
  const settled: Promise<unknown>[] = [];
  const State = new StateSchema({ answers: listField(z.string()) });
  const Worker = new StateSchema({ i: z.number() });
  const graph = new StateGraph(State)
    .addNode(
      "worker",
      async ({ i }: { i: number }, config: LangGraphRunnableConfig) => {
        nodes.push(i);
        await before[i]?.wait();
        const reply = model.invoke(`w${i}`, config);
        settled.push(reply.catch(() => undefined));
        return { answers: [(await reply).text] };
      },
      { input: Worker },
    )
    .addConditionalEdges(START, () => Array.from({ length: n }, (_, i) => new Send("worker", { i })), ["worker"])
    .addEdge("worker", END)
    .compile();
  return { graph, nodes, settled };
}

/** The error `promise` rejects with (fails the test if it resolves). */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected the run to reject"),
    (error: unknown) => error,
  );

/** Resolves when the tracker stops the run (its signal aborts). */
const stopOf = (costs: CostTracker) => new Promise<void>((resolve) => costs.signal.addEventListener("abort", () => resolve(), { once: true }));

describe('a budget that stops the run (enforce: "stop")', () => {
  afterEach(() => vi.restoreAllMocks());

  it("the call that reaches the budget aborts the calls in flight through their signals; graph.invoke rejects with that one error", async () => {
    const model = new GatedModel();
    const costs = new CostTracker({ budget: { tokens: 50 }, enforce: "stop" });
    const { graph, settled } = workers(model, 3);
    const run = graph.invoke({}, { callbacks: [costs], signal: costs.signal });
    await model.started(3);
    model.call("w1").finish.open(); // 60 tokens: the budget is reached while w0 and w2 run

    const error = await rejection(run);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toBe(costs.signal.reason);
    expect((error as BudgetExceededError).message).toBe("Budget of 50 tokens reached (60 tokens in 1 call, 10 tokens over) with 2 calls in flight: the run was stopped.");
    expect((error as BudgetExceededError).details).toEqual({
      budget: { tokens: 50 },
      spent: { branch: "total", calls: 1, inputTokens: 30, outputTokens: 30, usd: 0 },
      overshoot: { tokens: 10, usd: 0 },
      inFlight: 2,
    });
    expect(costs.stopped()).toBe((error as BudgetExceededError).details);

    await Promise.all(settled);
    expect(model.calls.map((c) => c.prompt)).toEqual(["w0", "w1", "w2"]);
    expect(model.calls.map((c) => [c.prompt, c.aborted, c.signal?.aborted])).toEqual([
      ["w0", true, true],
      ["w1", false, true],
      ["w2", true, true],
    ]);
    // The aborted calls reported nothing: what was counted is the call that reached the budget.
    expect(costs.total()).toEqual({ branch: "total", calls: 1, inputTokens: 30, outputTokens: 30, usd: 0 });
    expect(costs.overshoot()).toEqual({ tokens: 10, usd: 0 });
  });

  it("no call starts once the budget is reached: tasks waiting for a slot (maxConcurrency) never run", async () => {
    const model = new GatedModel();
    const costs = new CostTracker({ budget: { tokens: 50 }, enforce: "stop" });
    const { graph, nodes, settled } = workers(model, 5);
    const run = graph.invoke({}, { callbacks: [costs], signal: costs.signal, maxConcurrency: 2 });
    await model.started(2);
    model.call("w0").finish.open();
    expect(await rejection(run)).toBe(costs.signal.reason);
    await Promise.all(settled);
    await new Promise((resolve) => setImmediate(resolve));
    expect(nodes).toEqual([0, 1]);
    expect(model.calls.map((c) => c.prompt)).toEqual(["w0", "w1"]);
    expect(costs.stopped()?.inFlight).toBe(1);
  });

  it("a model that ignores its signal: the run still rejects at once; its calls finish later, and the overshoot grows by their usage, no more", async () => {
    const model = new GatedModel(true);
    const costs = new CostTracker({ budget: { tokens: 50 }, enforce: "stop" });
    const { graph, settled } = workers(model, 3);
    const run = graph.invoke({}, { callbacks: [costs], signal: costs.signal });
    await model.started(3);
    model.call("w0").finish.open();
    expect(await rejection(run)).toBe(costs.signal.reason);
    const stop = costs.stopped()!;
    expect([stop.overshoot, stop.inFlight]).toEqual([{ tokens: 10, usd: 0 }, 2]);
    expect(costs.total().calls).toBe(1); // w1 and w2 are still running

    model.call("w1").finish.open();
    model.call("w2").finish.open();
    await Promise.all(settled);
    expect(costs.total()).toMatchObject({ calls: 3, inputTokens: 90, outputTokens: 90 });
    expect(costs.overshoot()).toEqual({ tokens: 130, usd: 0 });
    // The bound: the overshoot at the stop plus what the calls in flight at that moment spent.
    expect(costs.overshoot().tokens).toBeLessThanOrEqual(stop.overshoot.tokens + stop.inFlight * PER_CALL);
    expect(model.calls).toHaveLength(3);
  });

  it("without the tracker's signal: the calls in flight finish, the next call is refused before it reaches the model, and the run rejects with the same error", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const model = new GatedModel();
    const costs = new CostTracker({ budget: { tokens: 50 }, enforce: "stop" });
    const late = latch();
    const { graph, nodes, settled } = workers(model, 2, { 1: late });
    const run = graph.invoke({}, { callbacks: [costs] });
    await model.started(1);
    const stopped = stopOf(costs);
    model.call("w0").finish.open();
    await stopped;
    expect(costs.stopped()?.inFlight).toBe(0);
    late.open(); // worker 1 now asks for its call
    expect(await rejection(run)).toBe(costs.signal.reason);
    await Promise.all(settled);
    expect(nodes).toEqual([0, 1]);
    expect(model.calls.map((c) => c.prompt)).toEqual(["w0"]);
    expect(costs.total().calls).toBe(1);
    // LangChain's callback manager logs an error a handler lets through, then rethrows it.
    expect(logged.mock.calls.map(([line]) => String(line))).toEqual([
      "Error in handler CostTracker, handleLLMStart: BudgetExceededError: Budget of 50 tokens reached (60 tokens in 1 call, 10 tokens over) with 0 calls in flight: the run was stopped.",
    ]);
  });

  it("without the tracker's signal and with nothing left to refuse, the run still rejects, when it ends", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const model = new GatedModel();
    const costs = new CostTracker({ budget: { tokens: 50 }, enforce: "stop" });
    const { graph } = workers(model, 2);
    const run = graph.invoke({}, { callbacks: [costs] });
    await model.started(2);
    const stopped = stopOf(costs);
    model.call("w0").finish.open();
    await stopped;
    model.call("w1").finish.open();
    expect(await rejection(run)).toBe(costs.signal.reason);
    expect(model.calls.map((c) => [c.prompt, c.aborted])).toEqual([
      ["w0", false],
      ["w1", false],
    ]);
    expect(costs.stopped()?.inFlight).toBe(1);
    expect(costs.overshoot()).toEqual({ tokens: 70, usd: 0 }); // 10 at the stop + the 60 of the call in flight
    expect(logged.mock.calls.map(([line]) => String(line).split(":")[0])).toEqual(["Error in handler CostTracker, handleChainEnd"]);
  });

  it("record() that reaches the budget stops too; a stopped tracker refuses a direct model call and stays stopped", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const costs = new CostTracker({ budget: { usd: 0.001, tokens: 1_000 }, enforce: "stop" });
    costs.record("worker 1", "gpt-4o", 100, 50); // $0.00075
    expect(costs.signal.aborted).toBe(false);
    costs.record("worker 1", "gpt-4o", 40, 20); // $0.00105, 210 tokens
    expect(costs.signal.aborted).toBe(true);
    expect((costs.signal.reason as BudgetExceededError).message).toBe(
      "Budget of $0.001 / 1000 tokens reached ($0.001050, 210 tokens in 2 calls, $0.000050 over) with 0 calls in flight: the run was stopped.",
    );
    expect((costs.signal.reason as BudgetExceededError).hint).toBe(
      "Raise the budget, or make fewer or smaller calls; the overshoot is at most what the calls in flight spend, so set the budget that much below your limit.",
    );
    expect(costs.overshoot().tokens).toBe(0);
    expect(costs.overshoot().usd).toBeCloseTo(0.00005, 12);
    const model = new GatedModel();
    expect(await rejection(model.invoke("one more", { callbacks: [costs] }))).toBe(costs.signal.reason);
    expect(await rejection(model.invoke("and another", { callbacks: [costs] }))).toBe(costs.signal.reason);
    expect(model.calls).toEqual([]);
    expect(costs.total().calls).toBe(2);
  });

  it("a budget of 0 stops at the first call, which never reaches the model", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const model = new GatedModel();
    const costs = new CostTracker({ budget: { tokens: 0 }, enforce: "stop" });
    const { graph, nodes } = workers(model, 3);
    const error = await rejection(graph.invoke({}, { callbacks: [costs], signal: costs.signal }));
    expect(error).toBe(costs.signal.reason);
    expect((error as Error).message).toBe("Budget of 0 tokens reached (0 tokens in 0 calls, 0 tokens over) with 0 calls in flight: the run was stopped.");
    expect(nodes.length).toBeGreaterThan(0);
    expect(model.calls).toEqual([]);
  });

  it('"check" (the default) leaves running and new calls alone, and never aborts its signal', async () => {
    const costs = new CostTracker({ budget: { tokens: 50 } });
    expect(costs.enforce).toBe("check");
    costs.record("a", "gpt-4o-mini", 100, 100);
    expect(costs.overBudget()).toBe(true);
    expect(costs.signal.aborted).toBe(false);
    expect(costs.stopped()).toBeUndefined();
    const model = new GatedModel();
    const reply = model.invoke("still runs", { callbacks: [costs] });
    await model.started(1);
    model.call("still runs").finish.open();
    expect((await reply).text).toBe("answer to still runs");
    expect(costs.total().calls).toBe(2);
    expect(costs.overshoot()).toEqual({ tokens: 210, usd: 0 });
  });

  it("rejects options that cannot work, saying what to pass", () => {
    expect(() => new CostTracker({ enforce: "stop" })).toThrow('enforce: "stop" needs a budget.');
    expect(() => new CostTracker({ enforce: "stop", budget: {} })).toThrow(ConfigurationError);
    expect(() => new CostTracker({ budget: { tokens: -1 } })).toThrow("budget.tokens must be a number ≥ 0, not -1.");
    expect(() => new CostTracker({ budget: { usd: Number.NaN } })).toThrow("budget.usd must be a number ≥ 0, not NaN.");
    expect(() => new CostTracker({ budget: { tokens: 5 }, enforce: "hard" as "stop" })).toThrow('enforce must be "check" or "stop", not "hard".');
    expect(() => new CostTracker({ enforce: "stop" })).toThrow(
      expect.objectContaining({ name: "ConfigurationError", hint: 'Pass budget: { tokens } and/or { usd }, or leave enforce at "check".' }),
    );
  });

  it("stops the decomposition graph in its workers' superstep: the synthesiser never starts, no maxConcurrency needed", async () => {
    const full = new CostTracker();
    await buildDecompositionGraph({ model: model(), costs: full, tools: [...createSearchTools()] }).invoke({ task: TASK }, { callbacks: [full] });
    const budget = Math.round((full.total().inputTokens + full.total().outputTokens) * 0.4);
    const costs = new CostTracker({ budget: { tokens: budget }, enforce: "stop" });
    const graph = buildDecompositionGraph({ model: model(), costs, tools: [...createSearchTools()] });
    const error = await rejection(graph.invoke({ task: TASK }, { callbacks: [costs], signal: costs.signal }));
    expect(error).toBe(costs.signal.reason);
    expect((error as Error).message).toMatch(new RegExp(`^Budget of ${budget} tokens reached \\(\\d+ tokens in \\d+ calls, \\d+ tokens over\\) with \\d+ calls? in flight: the run was stopped\\.$`));
    const branches = costs.lines().map((l) => l.branch);
    expect(branches[0]).toBe("orchestrator");
    expect(branches).not.toContain("synthesiser");
    expect(costs.total().inputTokens + costs.total().outputTokens).toBeLessThan(full.total().inputTokens + full.total().outputTokens);
  });
});
