import { InvalidUpdateError } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { InputValidationError } from "../../src/errors.js";
import { buildLogsGraphCallingSubgraph, buildLogTriageGraph, TRIAGE_EXAMPLE_LOGS } from "../../src/graphs/log-composition.js";
import { ACADEMY_LOGS, buildLogsGraph, validateLogs } from "../../src/graphs/logs.js";
import { nodesBySuperstep, traceRun } from "../../src/observe/run-trace.js";
import { subgraphStates } from "../../src/observe/subgraph-states.js";
import { createSqlitePersistence } from "../../src/persistence/sqlite-persistence.js";

const ACADEMY_OUTPUT = {
  raw_logs: ACADEMY_LOGS,
  cleaned_logs: ACADEMY_LOGS,
  fa_summary: "Poor quality retrieval of Chroma documentation.",
  report: "foo bar baz",
  processed_logs: ["failure-analysis-on-log-2", "summary-on-log-1", "summary-on-log-2"],
};

describe("lesson 3: sub-graphs over the academy's logs", () => {
  it("runs both sub-graphs in one superstep and returns exactly the academy's output", async () => {
    const trace = await traceRun(buildLogsGraph(), { raw_logs: ACADEMY_LOGS });
    expect(nodesBySuperstep(trace)).toEqual([["clean_logs"], ["failure_analysis", "question_summarization"]]);
    expect(trace.finalState).toEqual(ACADEMY_OUTPUT);
    // Only the output schemas' keys came back from each sub-graph.
    expect(trace.supersteps[1]!.tasks.map((t) => Object.keys(t.writes ?? {}).sort())).toEqual([
      ["fa_summary", "processed_logs"],
      ["processed_logs", "report"],
    ]);
  });

  it("without output schemas both sub-graphs return cleaned_logs in one step: InvalidUpdateError on that key", async () => {
    const error = await buildLogsGraph({ outputSchemas: false }).invoke({ raw_logs: ACADEMY_LOGS }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidUpdateError);
    expect((error as InvalidUpdateError).lc_error_code).toBe("INVALID_CONCURRENT_GRAPH_UPDATE");
    expect((error as Error).message).toMatch(/^Invalid update for channel "cleaned_logs" with values/);
  });

  it("streams updates from inside each sub-graph under its own namespace", async () => {
    const seen: [string, string][] = [];
    for await (const [namespace, update] of await buildLogsGraph().stream({ raw_logs: ACADEMY_LOGS }, { streamMode: "updates", subgraphs: true })) {
      const where = namespace.map((n: string) => n.split(":")[0]).join("/") || "(parent)";
      for (const node of Object.keys(update)) seen.push([where, node]);
    }
    expect(seen.sort()).toEqual(
      [
        ["(parent)", "clean_logs"],
        ["(parent)", "failure_analysis"],
        ["(parent)", "question_summarization"],
        ["failure_analysis", "generate_summary"],
        ["failure_analysis", "get_failures"],
        ["question_summarization", "generate_summary"],
        ["question_summarization", "send_to_slack"],
      ].sort(),
    );
  });

  it("a sub-graph with different keys, called from a node, gives the same output", async () => {
    expect(await buildLogsGraphCallingSubgraph().invoke({ raw_logs: ACADEMY_LOGS })).toEqual(ACADEMY_OUTPUT);
  });

  it("with a checkpointer on the parent only, each sub-graph's own keys can be read back", async () => {
    const persistence = createSqlitePersistence({ path: ":memory:" });
    const graph = buildLogsGraph({ checkpointer: persistence.checkpointer });
    const config = { configurable: { thread_id: "t1" } };
    await graph.invoke({ raw_logs: ACADEMY_LOGS }, config);
    const states = await subgraphStates(graph, config, ["failure_analysis", "question_summarization"]);
    expect(states.failure_analysis).toEqual({
      cleaned_logs: ACADEMY_LOGS,
      failures: [ACADEMY_LOGS[1]],
      fa_summary: "Poor quality retrieval of Chroma documentation.",
      processed_logs: ["failure-analysis-on-log-2"],
    });
    expect(states.question_summarization).toMatchObject({ qs_summary: "Questions focused on usage of ChatOllama and Chroma vector store.", report: "foo bar baz" });
    persistence.close();
  });

  it("a log without a required field fails with the field and the log id", async () => {
    const bad = [ACADEMY_LOGS[0], { id: "2", question: "How can I use Chroma vector store?" }];
    expect(() => validateLogs(bad)).toThrow('Invalid input for "raw_logs": log "2" (position 1): "answer" is required.');
    expect(() => validateLogs([{ question: "q", answer: "a" }])).toThrow('log without an id (position 0): "id" is required.');
    const error = await buildLogsGraph().invoke({ raw_logs: [{ id: "7", question: "q", answer: 5 }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).message).toBe('Invalid input for "raw_logs": log "7" (position 0): "answer" expected string, received number.');
  });
});

describe("composition: a mapReduce sub-graph, then a review sub-graph per Send", () => {
  it("triages every log, sends only the failing ones to review, and appends their findings in send order", async () => {
    const trace = await traceRun<{ verdicts: unknown; findings: string[]; processed_logs: string[] }>(buildLogTriageGraph(), {
      raw_logs: TRIAGE_EXAMPLE_LOGS,
    });
    expect(nodesBySuperstep(trace)).toEqual([["clean_logs"], ["triage"], ["review_log", "review_log"]]);
    const state = trace.finalState!;
    expect(state.verdicts).toEqual([
      { id: "1", verdict: "answered" },
      { id: "2", verdict: "needs-review" },
      { id: "3", verdict: "needs-review" },
      { id: "4", verdict: "graded-ok" },
    ]);
    expect(state.findings).toEqual([
      "log 2: graded 0 by Document Relevance Recall",
      "log 2: The retrieved documents discuss vector stores in general, but not Chroma specifically",
      "log 3: graded 0 by Hallucination",
      "log 3: There is no graph.parallel method; parallel nodes come from edges out of one node",
    ]);
    expect(state.processed_logs).toEqual(["review-on-log-2", "review-on-log-3"]);
    // The triage sub-graph handed back only its `outputs`.
    expect(Object.keys(trace.supersteps[1]!.tasks[0]!.writes ?? {})).toEqual(["verdicts"]);
  });
});
