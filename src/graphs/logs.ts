/**
 * Lesson 3 graphs (LangChain Academy module 4, "sub-graphs"): logs of a question-answering app
 * are cleaned, then two sub-graphs run in parallel on them, each with its own state: failure
 * analysis (graded logs → a summary) and question summarisation (all logs → a report). Output
 * schemas decide what flows back to the parent: only `fa_summary`, `report` and `processed_logs`.
 *
 *   START → clean_logs → (failure_analysis ∥ question_summarization) → END
 */
import { END, START, StateGraph, StateSchema, type BaseCheckpointSaver } from "@langchain/langgraph";
import { z } from "zod";
import { InputValidationError } from "../errors.js";
import { listField } from "../reducers/fields.js";

/**
 * One log of the question-answering app; graded logs carry `grade`, `grader` and `feedback`.
 *
 * @example
 * ```ts
 * import { Log } from "langgraph-parallel/graphs";
 *
 * const log: Log = Log.parse({ id: "7", question: "What is a reducer?", answer: "It merges writes." });
 * ```
 */
export const Log = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  docs: z.array(z.unknown()).optional(),
  answer: z.string().min(1),
  grade: z.number().int().optional(),
  grader: z.string().optional(),
  feedback: z.string().optional(),
});
export type Log = z.infer<typeof Log>;

/**
 * The academy's two example logs: a plain answer, and one graded 0 with feedback.
 *
 * @example
 * ```ts
 * import { ACADEMY_LOGS } from "langgraph-parallel/graphs";
 *
 * ACADEMY_LOGS.map((log) => [log.id, log.grade]); // [["1", undefined], ["2", 0]]
 * ```
 */
export const ACADEMY_LOGS: Log[] = [
  {
    id: "1",
    question: "How can I import ChatOllama?",
    answer: "To import ChatOllama, use: 'from langchain_community.chat_models import ChatOllama.'",
  },
  {
    id: "2",
    question: "How can I use Chroma vector store?",
    answer: "To use Chroma, define: rag_chain = create_retrieval_chain(retriever, question_answer_chain).",
    grade: 0,
    grader: "Document Relevance Recall",
    feedback: "The retrieved documents discuss vector stores in general, but not Chroma specifically",
  },
];

/**
 * Parent state: `raw_logs` in; `cleaned_logs`, `fa_summary`, `report` and `processed_logs` out.
 * `processed_logs` is written by both sub-graphs in one superstep: it has a reducer.
 *
 * @example
 * ```ts
 * import { StateGraph } from "@langchain/langgraph";
 * import { EntryGraphState, validateLogs } from "langgraph-parallel/graphs";
 *
 * new StateGraph(EntryGraphState).addNode("clean_logs", (s) => ({ cleaned_logs: validateLogs(s.raw_logs) }));
 * ```
 */
export const EntryGraphState = new StateSchema({
  raw_logs: z.array(z.record(z.string(), z.unknown())),
  cleaned_logs: z.array(Log).default(() => []),
  fa_summary: z.string().default(""),
  report: z.string().default(""),
  processed_logs: listField(z.string()),
});

/**
 * Failure-analysis sub-graph state: `cleaned_logs` from the parent, its own `failures`, and
 * `fa_summary` and `processed_logs` for the parent.
 *
 * @example
 * ```ts
 * import { FailureAnalysisState } from "langgraph-parallel/graphs";
 *
 * const getFailures = (s: typeof FailureAnalysisState.State) => ({ failures: s.cleaned_logs.filter((l) => l.grade !== undefined) });
 * ```
 */
export const FailureAnalysisState = new StateSchema({
  cleaned_logs: z.array(Log),
  failures: z.array(Log).default(() => []),
  fa_summary: z.string().default(""),
  processed_logs: z.array(z.string()).default(() => []),
});
/**
 * What failure analysis hands back to the parent: only `fa_summary` and `processed_logs`.
 *
 * @example
 * ```ts
 * import { StateGraph } from "@langchain/langgraph";
 * import { FailureAnalysisOutputState, FailureAnalysisState } from "langgraph-parallel/graphs";
 *
 * new StateGraph({ state: FailureAnalysisState, output: FailureAnalysisOutputState });
 * ```
 */
export const FailureAnalysisOutputState = new StateSchema({
  fa_summary: z.string().default(""),
  processed_logs: z.array(z.string()).default(() => []),
});

/**
 * Question-summarisation sub-graph state: `cleaned_logs` from the parent, its own `qs_summary`,
 * and `report` and `processed_logs` for the parent.
 *
 * @example
 * ```ts
 * import { QuestionSummarizationState } from "langgraph-parallel/graphs";
 *
 * const logIds = (s: typeof QuestionSummarizationState.State) => s.cleaned_logs.map((log) => log.id);
 * ```
 */
export const QuestionSummarizationState = new StateSchema({
  cleaned_logs: z.array(Log),
  qs_summary: z.string().default(""),
  report: z.string().default(""),
  processed_logs: z.array(z.string()).default(() => []),
});
/**
 * What question summarisation hands back to the parent: only `report` and `processed_logs`.
 *
 * @example
 * ```ts
 * import { StateGraph } from "@langchain/langgraph";
 * import { QuestionSummarizationOutputState, QuestionSummarizationState } from "langgraph-parallel/graphs";
 *
 * new StateGraph({ state: QuestionSummarizationState, output: QuestionSummarizationOutputState });
 * ```
 */
export const QuestionSummarizationOutputState = new StateSchema({
  report: z.string().default(""),
  processed_logs: z.array(z.string()).default(() => []),
});

/**
 * Checks raw logs and returns them typed; a bad log fails with its id and the field at fault.
 *
 * @param rawLogs - Logs as received.
 * @returns The logs, validated (strings trimmed).
 * @throws {InputValidationError} e.g. `Invalid input for "raw_logs": log "2" (position 1): "answer" is required.`
 * @example
 * ```ts
 * import { validateLogs } from "langgraph-parallel/graphs";
 *
 * validateLogs([{ id: "1", question: "q", answer: "a" }]); // [{ id: "1", question: "q", answer: "a" }]
 * validateLogs([{ id: "2", question: "q" }]); // throws InputValidationError: log "2" (position 0): "answer" is required.
 * ```
 */
export function validateLogs(rawLogs: readonly unknown[]): Log[] {
  return rawLogs.map((raw, position) => {
    const parsed = Log.safeParse(raw);
    if (parsed.success) return parsed.data;
    const id = typeof raw === "object" && raw !== null && "id" in raw ? JSON.stringify(String(raw.id)) : "without an id";
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? `"${issue.path.join(".")}"` : "the log";
    const problem = issue.code === "invalid_type" && issue.message.includes("received undefined") ? "is required" : issue.message.replace(/^Invalid input: /, "");
    throw new InputValidationError("raw_logs", `log ${id} (position ${position}): ${field} ${problem}`);
  });
}

/** Options of the log graphs. */
export interface LogGraphOptions {
  /** Give the sub-graphs output schemas (default true). Without them both return `cleaned_logs`. */
  outputSchemas?: boolean;
  /** Checkpointer for the parent graph only; the sub-graphs inherit it. Default none. */
  checkpointer?: BaseCheckpointSaver;
}

/**
 * Builds the failure-analysis sub-graph: get_failures → generate_summary. Needs no model or tools.
 *
 * @param options - `outputSchemas` (default true).
 * @returns The compiled sub-graph over {@link FailureAnalysisState}: `{ cleaned_logs }` in; with
 *   output schemas only `fa_summary` and `processed_logs` out.
 * @example
 * ```ts
 * import { ACADEMY_LOGS, buildFailureAnalysisGraph } from "langgraph-parallel/graphs";
 *
 * await buildFailureAnalysisGraph().invoke({ cleaned_logs: ACADEMY_LOGS });
 * // { fa_summary: "Poor quality retrieval of Chroma documentation.", processed_logs: ["failure-analysis-on-log-2"] }
 * ```
 */
export function buildFailureAnalysisGraph({ outputSchemas = true }: LogGraphOptions = {}) {
  const init = outputSchemas ? { state: FailureAnalysisState, output: FailureAnalysisOutputState } : { state: FailureAnalysisState };
  return new StateGraph(init as { state: typeof FailureAnalysisState })
    .addNode("get_failures", (s: typeof FailureAnalysisState.State) => ({
      failures: s.cleaned_logs.filter((log) => log.grade !== undefined),
    }))
    .addNode("generate_summary", (s: typeof FailureAnalysisState.State) => ({
      fa_summary: "Poor quality retrieval of Chroma documentation.",
      processed_logs: s.failures.map((failure) => `failure-analysis-on-log-${failure.id}`),
    }))
    .addEdge(START, "get_failures")
    .addEdge("get_failures", "generate_summary")
    .addEdge("generate_summary", END)
    .compile({ name: "failure_analysis" });
}

/**
 * Builds the question-summarisation sub-graph: generate_summary → send_to_slack. Needs no model
 * or tools.
 *
 * @param options - `outputSchemas` (default true).
 * @returns The compiled sub-graph over {@link QuestionSummarizationState}: `{ cleaned_logs }` in;
 *   with output schemas only `report` and `processed_logs` out.
 * @example
 * ```ts
 * import { ACADEMY_LOGS, buildQuestionSummarizationGraph } from "langgraph-parallel/graphs";
 *
 * await buildQuestionSummarizationGraph().invoke({ cleaned_logs: ACADEMY_LOGS });
 * // { report: "foo bar baz", processed_logs: ["summary-on-log-1", "summary-on-log-2"] }
 * ```
 */
export function buildQuestionSummarizationGraph({ outputSchemas = true }: LogGraphOptions = {}) {
  const init = outputSchemas
    ? { state: QuestionSummarizationState, output: QuestionSummarizationOutputState }
    : { state: QuestionSummarizationState };
  return new StateGraph(init as { state: typeof QuestionSummarizationState })
    .addNode("generate_summary", (s: typeof QuestionSummarizationState.State) => ({
      qs_summary: "Questions focused on usage of ChatOllama and Chroma vector store.",
      processed_logs: s.cleaned_logs.map((log) => `summary-on-log-${log.id}`),
    }))
    .addNode("send_to_slack", () => ({ report: "foo bar baz" }))
    .addEdge(START, "generate_summary")
    .addEdge("generate_summary", "send_to_slack")
    .addEdge("send_to_slack", END)
    .compile({ name: "question_summarization" });
}

/**
 * Builds the parent graph: clean_logs, then both sub-graphs as nodes, in parallel. Needs no model
 * or tools.
 *
 * @param options - `outputSchemas` (default true; false reproduces the academy's failure:
 *   `InvalidUpdateError` on `cleaned_logs`); `checkpointer` (parent only; default none).
 * @returns The compiled parent graph over {@link EntryGraphState}: `{ raw_logs }` in, `cleaned_logs`,
 *   `fa_summary`, `report` and `processed_logs` out.
 * @example
 * ```ts
 * import { ACADEMY_LOGS, buildLogsGraph } from "langgraph-parallel/graphs";
 *
 * const out = await buildLogsGraph().invoke({ raw_logs: ACADEMY_LOGS });
 * out.processed_logs; // ["failure-analysis-on-log-2", "summary-on-log-1", "summary-on-log-2"]
 * ```
 */
export function buildLogsGraph(options: LogGraphOptions = {}) {
  return new StateGraph(EntryGraphState)
    .addNode("clean_logs", (s: typeof EntryGraphState.State) => ({ cleaned_logs: validateLogs(s.raw_logs) }))
    .addNode("failure_analysis", buildFailureAnalysisGraph(options))
    .addNode("question_summarization", buildQuestionSummarizationGraph(options))
    .addEdge(START, "clean_logs")
    .addEdge("clean_logs", "failure_analysis")
    .addEdge("clean_logs", "question_summarization")
    .addEdge("failure_analysis", END)
    .addEdge("question_summarization", END)
    .compile({ checkpointer: options.checkpointer });
}
