import { describe, expect, it } from "vitest";
import lesson from "../../lessons/03_sub_graphs.js";
import { runLessonOffline } from "./run-lesson.js";

describe("lesson 3: sub-graphs", () => {
  it("narrates every part: parallel sub-graphs, the failure, namespaces, mapping, persistence, composition", async () => {
    const text = await runLessonOffline(lesson);
    expect(text).toContain(
      "▸ 1. Two sub-graphs as nodes, in parallel, with output schemas\n  superstep 1: clean_logs\n  superstep 2: failure_analysis ∥ question_summarization   (2 nodes in parallel)\n" +
        '  final state: {"fa_summary":"Poor quality retrieval of Chroma documentation.","report":"foo bar baz","processed_logs":["failure-analysis-on-log-2","summary-on-log-1","summary-on-log-2"]}\n',
    );
    expect(text).toContain('  ✗ InvalidUpdateError: Invalid update for channel "cleaned_logs" with values');
    expect(text).toMatch(/ {2}failure_analysis:[0-9a-f]{8}… +get_failures → \{\}/);
    expect(text).toMatch(/ {2}question_summarization:[0-9a-f]{8}… +send_to_slack → \{"report":"foo bar baz"\}/);
    expect(text).toContain("Same result as graph 1: yes.");
    expect(text).toContain('    failure_analysis.failures = ["log 2"]\n');
    expect(text).toContain('    question_summarization.qs_summary = "Questions focused on usage of ChatOllama and Chroma vector store."\n');
    expect(text).toContain("  superstep 3: review_log ∥ review_log   (2 nodes in parallel)\n");
    expect(text).toContain('"processed_logs":["review-on-log-2","review-on-log-3"]');
  });

  it("--json prints each graph's final state (and the sub-graph states), nothing else", async () => {
    const lines = (await runLessonOffline(lesson, { json: true })).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.graph)).toEqual([
      "1. Two sub-graphs as nodes, in parallel, with output schemas",
      "2. The same graph without output schemas",
      "4. Failure analysis called from a node, with keys of its own",
      "5. A checkpointer on the parent only (SQLite)",
      "5. sub-graph states",
      "6. Composing: a mapReduce sub-graph, then Send to a review sub-graph per failing log",
    ]);
    expect(lines[0].state.processed_logs).toEqual(["failure-analysis-on-log-2", "summary-on-log-1", "summary-on-log-2"]);
    expect(lines[1].error.name).toBe("InvalidUpdateError");
    expect(lines[4].state.failure_analysis.failures.map((f: { id: string }) => f.id)).toEqual(["2"]);
  });
});
