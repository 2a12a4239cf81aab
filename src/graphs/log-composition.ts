/**
 * Lesson 3, composing: the same failure analysis called *from inside a node* (a sub-graph with
 * different key names, mapped in and out by hand), and a triage graph that puts the library's
 * pieces together: a `mapReduce` step inside a parent graph, then one `Send` per log needing
 * review whose worker is itself a compiled sub-graph.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { END, Send, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { mapReduce } from "../patterns/map-reduce.js";
import { listField } from "../reducers/fields.js";
import { ACADEMY_LOGS, buildQuestionSummarizationGraph, EntryGraphState, Log, validateLogs } from "./logs.js";

/**
 * State of a review sub-graph whose keys differ from the parent's: `logs` in; `failures`,
 * `summary` and `processed` out.
 *
 * @example
 * ```ts
 * import { FailureReviewState } from "langgraph-parallel/graphs";
 *
 * const summarise = (s: typeof FailureReviewState.State) => ({ summary: `${s.failures.length} failures` });
 * ```
 */
export const FailureReviewState = new StateSchema({
  logs: z.array(Log),
  failures: z.array(Log).default(() => []),
  summary: z.string().default(""),
  processed: z.array(z.string()).default(() => []),
});

/**
 * Builds failure analysis with its own vocabulary. It cannot be added as a node of the parent
 * (no key in common), so a parent node calls it and translates. Needs no model or tools.
 *
 * @returns The compiled sub-graph over {@link FailureReviewState}: `{ logs }` in, `failures`, `summary` and `processed` out.
 * @example
 * ```ts
 * import { ACADEMY_LOGS, buildFailureReviewGraph } from "langgraph-parallel/graphs";
 *
 * const { processed } = await buildFailureReviewGraph().invoke({ logs: ACADEMY_LOGS }); // ["failure-analysis-on-log-2"]
 * ```
 */
export function buildFailureReviewGraph() {
  return new StateGraph(FailureReviewState)
    .addNode("find_failures", (s: typeof FailureReviewState.State) => ({ failures: s.logs.filter((l) => l.grade !== undefined) }))
    .addNode("summarise", (s: typeof FailureReviewState.State) => ({
      summary: "Poor quality retrieval of Chroma documentation.",
      processed: s.failures.map((f) => `failure-analysis-on-log-${f.id}`),
    }))
    .addEdge(START, "find_failures")
    .addEdge("find_failures", "summarise")
    .addEdge("summarise", END)
    .compile({ name: "failure_review" });
}

/**
 * Builds the academy's parent graph, with failure analysis called from a node: the node maps
 * `cleaned_logs → logs` in and `summary → fa_summary`, `processed → processed_logs` out. Passing
 * the node's `config` on makes the call part of the run explicitly (in Node, LangGraph also finds
 * the run through AsyncLocalStorage; other runtimes need the config). Needs no model or tools.
 *
 * @returns The compiled parent graph over {@link EntryGraphState}; same output as `buildLogsGraph()`.
 * @example
 * ```ts
 * import { ACADEMY_LOGS, buildLogsGraphCallingSubgraph } from "langgraph-parallel/graphs";
 *
 * const { fa_summary } = await buildLogsGraphCallingSubgraph().invoke({ raw_logs: ACADEMY_LOGS });
 * // "Poor quality retrieval of Chroma documentation."
 * ```
 */
export function buildLogsGraphCallingSubgraph() {
  const review = buildFailureReviewGraph();
  return new StateGraph(EntryGraphState)
    .addNode("clean_logs", (s: typeof EntryGraphState.State) => ({ cleaned_logs: validateLogs(s.raw_logs) }))
    .addNode("failure_analysis", async (s: typeof EntryGraphState.State, config: LangGraphRunnableConfig) => {
      const out = await review.invoke({ logs: s.cleaned_logs }, config);
      return { fa_summary: out.summary, processed_logs: out.processed };
    })
    .addNode("question_summarization", buildQuestionSummarizationGraph())
    .addEdge(START, "clean_logs")
    .addEdge("clean_logs", "failure_analysis")
    .addEdge("clean_logs", "question_summarization")
    .addEdge("failure_analysis", END)
    .addEdge("question_summarization", END)
    .compile();
}

/**
 * The academy's two logs plus two graded ones of ours: one more failure, one good grade.
 *
 * @example
 * ```ts
 * import { TRIAGE_EXAMPLE_LOGS } from "langgraph-parallel/graphs";
 *
 * TRIAGE_EXAMPLE_LOGS.map((log) => log.grade); // [undefined, 0, 0, 1]
 * ```
 */
export const TRIAGE_EXAMPLE_LOGS: Log[] = [
  ...ACADEMY_LOGS,
  {
    id: "3",
    question: "How do I run two nodes in parallel?",
    answer: "Call graph.parallel(nodeA, nodeB).",
    grade: 0,
    grader: "Hallucination",
    feedback: "There is no graph.parallel method; parallel nodes come from edges out of one node",
  },
  {
    id: "4",
    question: "What does a reducer do?",
    answer: "It merges the writes a key receives in one superstep into the key's value.",
    grade: 1,
    grader: "Answer Correctness",
  },
];

/**
 * How triage classifies a log: `"answered"` (not graded), `"graded-ok"` or `"needs-review"`.
 *
 * @example
 * ```ts
 * import { Triage } from "langgraph-parallel/graphs";
 *
 * Triage.options; // ["answered", "graded-ok", "needs-review"]
 * ```
 */
export const Triage = z.enum(["answered", "graded-ok", "needs-review"]);

/**
 * State of the triage graph: `raw_logs` in; `cleaned_logs`, one verdict per log, and the reviews'
 * `findings` and `processed_logs` out.
 *
 * @example
 * ```ts
 * import { TriageState } from "langgraph-parallel/graphs";
 *
 * const toReview = (s: typeof TriageState.State) => s.verdicts.filter((v) => v.verdict === "needs-review");
 * ```
 */
export const TriageState = new StateSchema({
  raw_logs: z.array(z.record(z.string(), z.unknown())),
  cleaned_logs: z.array(Log).default(() => []),
  verdicts: z.array(z.object({ id: z.string(), verdict: Triage })).default(() => []),
  findings: listField(z.string()),
  processed_logs: listField(z.string()),
});

/**
 * State of one review: the `log` it was sent, what it found (`findings`, `processed_logs`).
 *
 * @example
 * ```ts
 * import { Send } from "@langchain/langgraph";
 * import { ACADEMY_LOGS, LogReviewState } from "langgraph-parallel/graphs";
 *
 * new Send("review_log", { log: ACADEMY_LOGS[1]! } satisfies typeof LogReviewState.Update);
 * ```
 */
export const LogReviewState = new StateSchema({
  log: Log,
  findings: z.array(z.string()).default(() => []),
  processed_logs: z.array(z.string()).default(() => []),
});
const LogReviewOutput = new StateSchema({
  findings: z.array(z.string()).default(() => []),
  processed_logs: z.array(z.string()).default(() => []),
});

/**
 * Builds one log's review, as a sub-graph: check_grade → write_finding. Used as the worker of a
 * `Send`. Needs no model or tools.
 *
 * @returns The compiled sub-graph over {@link LogReviewState}: `{ log }` in, only `findings` and `processed_logs` out.
 * @example
 * ```ts
 * import { ACADEMY_LOGS, buildLogReviewGraph } from "langgraph-parallel/graphs";
 *
 * const { findings } = await buildLogReviewGraph().invoke({ log: ACADEMY_LOGS[1]! });
 * // ["log 2: graded 0 by Document Relevance Recall", "log 2: The retrieved documents discuss …"]
 * ```
 */
export function buildLogReviewGraph() {
  return new StateGraph({ state: LogReviewState, output: LogReviewOutput })
    .addNode("check_grade", (s: typeof LogReviewState.State) => ({
      findings: [`log ${s.log.id}: graded ${s.log.grade} by ${s.log.grader ?? "an unknown grader"}`],
    }))
    .addNode("write_finding", (s: typeof LogReviewState.State) => ({
      findings: [...s.findings, `log ${s.log.id}: ${s.log.feedback ?? "no feedback given"}`],
      processed_logs: [`review-on-log-${s.log.id}`],
    }))
    .addEdge(START, "check_grade")
    .addEdge("check_grade", "write_finding")
    .addEdge("write_finding", END)
    .compile({ name: "review_log" });
}

/**
 * Builds the triage graph: clean_logs → triage (a `mapReduce` sub-graph over every log,
 * returning only `verdicts`) → one `Send` per log that needs review, each running the review
 * sub-graph ({@link buildLogReviewGraph}) → END. Needs no model or tools.
 *
 * @param options - `concurrency` of the triage step (default 10).
 * @returns The compiled graph over {@link TriageState}: `{ raw_logs }` in, `verdicts`, `findings` and `processed_logs` out.
 * @throws {InputValidationError} at run time, from `clean_logs`, for a log that is not a valid {@link Log}.
 * @example
 * ```ts
 * import { TRIAGE_EXAMPLE_LOGS, buildLogTriageGraph } from "langgraph-parallel/graphs";
 *
 * const { verdicts, processed_logs } = await buildLogTriageGraph().invoke({ raw_logs: TRIAGE_EXAMPLE_LOGS });
 * // verdicts: answered, needs-review, needs-review, graded-ok; processed_logs: ["review-on-log-2", "review-on-log-3"]
 * ```
 */
export function buildLogTriageGraph({ concurrency = 10 }: { concurrency?: number } = {}) {
  const triage = mapReduce(TriageState, {
    name: "triage",
    concurrency,
    // A sub-graph returns its whole output state: limit it to the key it owns (see lesson 3).
    outputs: ["verdicts"],
    items: (s) => s.cleaned_logs,
    worker: (log) => (log.grade === undefined ? "answered" : log.grade >= 1 ? "graded-ok" : "needs-review") as z.infer<typeof Triage>,
    reduce: (verdicts, s) => ({ verdicts: verdicts.map((verdict, i) => ({ id: s.cleaned_logs[i]!.id, verdict })) }),
  });
  const toReviews = (s: typeof TriageState.State) =>
    s.cleaned_logs.filter((_, i) => s.verdicts[i]?.verdict === "needs-review").map((log) => new Send("review_log", { log }));
  return new StateGraph(TriageState)
    .addNode("clean_logs", (s: typeof TriageState.State) => ({ cleaned_logs: validateLogs(s.raw_logs) }))
    .addNode("triage", triage)
    .addNode("review_log", buildLogReviewGraph())
    .addEdge(START, "clean_logs")
    .addEdge("clean_logs", "triage")
    .addConditionalEdges("triage", toReviews, ["review_log"])
    .addEdge("review_log", END)
    .compile();
}
