/**
 * Lesson 6: dynamic decomposition. An orchestrator breaks a task into sub-tasks (structured
 * output; how many is decided at run time), one worker per sub-task runs in parallel (`Send`), and
 * a synthesiser combines their results. With a {@link CostTracker} every model call is costed per
 * branch, and a budget stops workers from starting once it is spent: they report that they were
 * skipped, and the synthesiser works with what was done.
 *
 *   START → orchestrator ─Send×N→ worker → synthesiser → END
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { END, type LangGraphRunnableConfig, Send, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { ConfigurationError } from "../errors.js";
import { BudgetExceededError, type CostTracker } from "../observe/cost-tracker.js";
import { strictStructuredOutput } from "../models/strict-structured-output.js";
import { agent } from "../patterns/agent.js";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { listField } from "../reducers/fields.js";
import { sortedMerge } from "../reducers/sorted-merge.js";

/**
 * Most sub-tasks a plan may have (the upper bound of `maxSubtasks`).
 *
 * @example
 * ```ts
 * import { MAX_SUBTASKS } from "langgraph-parallel/graphs";
 *
 * MAX_SUBTASKS; // 12
 * ```
 */
export const MAX_SUBTASKS = 12;

/**
 * The orchestrator's structured output: 1 to {@link MAX_SUBTASKS} self-contained sub-tasks.
 *
 * @example
 * ```ts
 * import { Plan } from "langgraph-parallel/graphs";
 *
 * Plan.parse({ subtasks: ["Define parallel agents", "List their risks"] }).subtasks.length; // 2
 * ```
 */
export const Plan = z.object({ subtasks: z.array(z.string().min(1)).min(1).max(MAX_SUBTASKS).describe("Self-contained sub-tasks.") });

/**
 * One worker's result; `skipped` says why it did not run (the budget).
 *
 * @example
 * ```ts
 * import { WorkerResult } from "langgraph-parallel/graphs";
 *
 * const result: WorkerResult = WorkerResult.parse({ index: 0, subtask: "Define parallel agents", output: "…" });
 * ```
 */
export const WorkerResult = z.object({ index: z.number().int(), subtask: z.string(), output: z.string(), skipped: z.string().optional() });
export type WorkerResult = z.infer<typeof WorkerResult>;

/**
 * State of the decomposition graph: `task` (non-empty) in; `subtasks`, the workers' `results` (in
 * sub-task order) and the synthesised `answer` out.
 *
 * @example
 * ```ts
 * import { DecompositionState } from "langgraph-parallel/graphs";
 *
 * const skipped = (s: typeof DecompositionState.State) => s.results.filter((r) => r.skipped).length;
 * ```
 */
export const DecompositionState = new StateSchema({
  task: z.string().trim().min(1, "the task is empty"),
  subtasks: z.array(z.string()).default(() => []),
  /** Written by the workers in parallel; kept in sub-task order. */
  results: listField(WorkerResult, sortedMerge<WorkerResult>({ by: (r) => r.index })),
  answer: z.string().default(""),
});

/**
 * What one `Send` carries to a worker: the whole `task`, its `subtask` and the sub-task's `index`.
 *
 * @example
 * ```ts
 * import { Send } from "@langchain/langgraph";
 * import { WorkerState } from "langgraph-parallel/graphs";
 *
 * new Send("worker", { task: "Brief me", subtask: "Define it", index: 0 } satisfies typeof WorkerState.State);
 * ```
 */
export const WorkerState = new StateSchema({ task: z.string(), subtask: z.string(), index: z.number().int() });

/** Options of {@link buildDecompositionGraph}. */
export interface DecompositionOptions {
  model: BaseChatModel;
  /** Costs per branch and the budget; pass the same tracker in the run's `callbacks`. Default none. */
  costs?: CostTracker;
  /** Most sub-tasks the orchestrator may create. Default 5. */
  maxSubtasks?: number;
  /** Tools every worker may use (e.g. `createSearchTools()`). Default none: one model call per worker. */
  tools?: StructuredToolInterface[];
}

const withBranch = (config: LangGraphRunnableConfig, branch: string) => ({ ...config, metadata: { ...config.metadata, branch } });

/**
 * Builds the orchestrator–workers–synthesiser graph. Expects a chat model (with structured output
 * for the plan); optionally a {@link CostTracker} with a budget and the tools each worker may use.
 *
 * @param options - `model`; `costs` (a CostTracker, default none); `maxSubtasks` (1 to
 *   {@link MAX_SUBTASKS}, default 5); `tools` for every worker (default none).
 * @returns The compiled graph over {@link DecompositionState}: `{ task }` in, `subtasks`, `results` and `answer` out.
 * @throws {ConfigurationError} when `maxSubtasks` is not a whole number from 1 to {@link MAX_SUBTASKS}.
 * @example
 * ```ts
 * import { CostTracker, createSearchTools } from "langgraph-parallel";
 * import { buildDecompositionGraph } from "langgraph-parallel/graphs";
 *
 * const costs = new CostTracker({ budget: { usd: 0.01 } });
 * const graph = buildDecompositionGraph({ model, costs, tools: [...createSearchTools()] });
 * const { answer } = await graph.invoke({ task: "Write a briefing on parallel agents" }, { callbacks: [costs] });
 * ```
 */
export function buildDecompositionGraph({ model, costs, maxSubtasks = 5, tools = [] }: DecompositionOptions) {
  if (!Number.isInteger(maxSubtasks) || maxSubtasks < 1 || maxSubtasks > MAX_SUBTASKS) {
    throw new ConfigurationError(`maxSubtasks must be a whole number from 1 to ${MAX_SUBTASKS}, not ${maxSubtasks}.`);
  }
  const researcher = (task: string) =>
    agent({
      name: "worker",
      model,
      tools,
      instructions: `You work on one part of a larger task: ${task}. Research your part and answer it concisely, citing sources.`,
    });
  const plan = strictStructuredOutput(model, Plan, { name: "Plan" });
  const orchestrator = async (s: typeof DecompositionState.State, config: LangGraphRunnableConfig) => {
    const { subtasks } = await plan.invoke(
      [
        new SystemMessage(`Break the task into at most ${maxSubtasks} subtasks that can be done independently and in parallel.`),
        new HumanMessage(`Topic: ${s.task}`),
      ],
      withBranch(config, "orchestrator"),
    );
    return { subtasks: subtasks.slice(0, maxSubtasks) };
  };

  const assign = (s: typeof DecompositionState.State) => s.subtasks.map((subtask, index) => new Send("worker", { task: s.task, subtask, index }));

  const worker = async (s: typeof WorkerState.State, config: LangGraphRunnableConfig) => {
    const branch = `worker ${s.index + 1}`;
    try {
      costs?.assertWithinBudget(branch);
    } catch (error) {
      if (!(error instanceof BudgetExceededError)) throw error;
      return { results: [{ index: s.index, subtask: s.subtask, output: "", skipped: error.message }] };
    }
    // The request is the sub-task alone: the worker searches for its part, not for the whole task
    // (which its instructions give as context).
    const request = new HumanMessage(`Search for and explain: ${s.subtask}`);
    const { text } = await researcher(s.task).run([request], withBranch(config, branch));
    return { results: [{ index: s.index, subtask: s.subtask, output: text }] };
  };

  const synthesiser = async (s: typeof DecompositionState.State, config: LangGraphRunnableConfig) => {
    const parts = s.results.map((r) => `Part ${r.index + 1} (${r.subtask}):\n${r.skipped ? "(not done: over budget)" : r.output}`).join("\n\n");
    const reply = await model.invoke(
      [new HumanMessage(`Combine these parts into one answer to the task "${s.task}":\n\n${parts}`)],
      withBranch(config, "synthesiser"),
    );
    return { answer: reply.text };
  };

  return new StateGraph(DecompositionState)
    .addNode("orchestrator", orchestrator)
    .addNode("worker", worker, { input: WorkerState })
    .addNode("synthesiser", synthesiser)
    .addEdge(START, "orchestrator")
    .addConditionalEdges("orchestrator", assign, ["worker"])
    .addEdge("worker", "synthesiser")
    .addEdge("synthesiser", END)
    .compile();
}

/**
 * The line LionAGI's fan-out/in sample ends with: the analysis's total cost in dollars, to four
 * decimal places.
 *
 * @param usd - What the run's model calls cost, in dollars (a `CostTracker`'s `total().usd`).
 * @returns E.g. `Analysis complete. Total cost: $0.0012`.
 * @example
 * ```ts
 * import { analysisCompleteLine } from "langgraph-parallel/graphs";
 *
 * analysisCompleteLine(0.00123); // "Analysis complete. Total cost: $0.0012"
 * ```
 */
export function analysisCompleteLine(usd: number): string {
  return `Analysis complete. Total cost: $${usd.toFixed(4)}`;
}
