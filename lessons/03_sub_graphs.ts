/**
 * Lesson 3 — Sub-graphs (LangChain Academy, module 4).
 *
 * Review: lessons 1 and 2 ran nodes in parallel inside one graph with one state. Bigger systems
 * are made of parts with states of their own: a failure-analysis team and a summarisation team
 * should not have to share every key.
 *
 * Goals:
 *  - run two sub-graphs in parallel as nodes of a parent, each with its own state;
 *  - see what output schemas are for: without them both sub-graphs hand `cleaned_logs` back in
 *    the same superstep, and LangGraph refuses;
 *  - call a sub-graph with different keys from inside a node, and map its state by hand;
 *  - stream from inside sub-graphs (`subgraphs: true`) and read the namespaces;
 *  - give only the parent a checkpointer and still inspect each sub-graph's own state;
 *  - compose with the library: a `mapReduce` step and a sub-graph as the worker of `Send`.
 *
 * Run: npm run lesson -- 3 [--step] [--json]
 */
import { defineLesson } from "../src/cli/define-lesson.js";
import { formatValue } from "../src/cli/render.js";
import { buildLogsGraphCallingSubgraph, buildLogTriageGraph, TRIAGE_EXAMPLE_LOGS, TriageState } from "../src/graphs/log-composition.js";
import { ACADEMY_LOGS, buildLogsGraph, EntryGraphState } from "../src/graphs/logs.js";
import { subgraphStates } from "../src/observe/subgraph-states.js";
import { createSqlitePersistence } from "../src/persistence/sqlite-persistence.js";

type Entry = typeof EntryGraphState.State;
const outputs = (s: Entry) => ({ fa_summary: s.fa_summary, report: s.report, processed_logs: s.processed_logs });

export default defineLesson(import.meta.url, {
  number: 3,
  title: "Sub-graphs: composition, state boundaries, parallel sub-graphs",
  usesModel: false,
  async run(ctx) {
    const { out } = ctx;
    const input = { raw_logs: ACADEMY_LOGS };
    out.line(`Input: ${ACADEMY_LOGS.length} logs of a Q&A app; log 2 was graded 0 ("${ACADEMY_LOGS[1]!.grader}").`);
    out.line();

    const first = await ctx.runGraph<Entry>("1. Two sub-graphs as nodes, in parallel, with output schemas", buildLogsGraph(), input, {
      schema: EntryGraphState,
      summarize: outputs,
    });
    out.line("  Each sub-graph read `cleaned_logs` from the parent and returned only its output schema:");
    out.line("  fa_summary, or report, plus processed_logs, which the parent appends with its reducer.");
    out.line();

    await ctx.runGraph("2. The same graph without output schemas", buildLogsGraph({ outputSchemas: false }), input, {
      expectError: true,
    });
    out.line("  Without an output schema a sub-graph returns its whole state, cleaned_logs included. Both");
    out.line("  return it in the same superstep, and `cleaned_logs` has no reducer: LangGraph refuses.");
    out.line();

    if (!ctx.options.json) {
      out.line("▸ 3. Streaming from inside the sub-graphs (streamMode: \"updates\", subgraphs: true)");
      const stream = await buildLogsGraph().stream(input, { streamMode: "updates", subgraphs: true });
      for await (const [namespace, update] of stream) {
        const where = namespace.length ? namespace.map((n) => n.replace(/:(\w{8})[\w-]*/, ":$1…")).join(" / ") : "(parent)";
        for (const [node, value] of Object.entries(update as Record<string, unknown>)) {
          out.line(`  ${where.padEnd(33)} ${node} → ${formatValue(value, 40, 2)}`.slice(0, 180));
        }
      }
      out.line("  The namespace says which sub-graph (and which task of it) an update came from.");
      out.line();
    }

    const called = await ctx.runGraph<Entry>("4. Failure analysis called from a node, with keys of its own", buildLogsGraphCallingSubgraph(), input, {
      summarize: outputs,
    });
    const same = JSON.stringify(outputs(called.finalState!)) === JSON.stringify(outputs(first.finalState!));
    out.line(`  The sub-graph speaks logs/summary/processed; the node maps them. Same result as graph 1: ${same ? "yes" : "NO"}.`);
    out.line();

    const persistence = createSqlitePersistence({ path: ":memory:" });
    try {
      const config = { configurable: { thread_id: "lesson-3" } };
      await ctx.runGraph<Entry>("5. A checkpointer on the parent only (SQLite)", buildLogsGraph({ checkpointer: persistence.checkpointer }), input, {
        config,
        summarize: outputs,
      });
      const states = await subgraphStates(buildLogsGraph({ checkpointer: persistence.checkpointer }), config, [
        "failure_analysis",
        "question_summarization",
      ]);
      out.line("  The sub-graphs were checkpointed under the parent's thread. Their own keys, which never");
      out.line("  reached the parent (getState(config, { subgraphs: true })):");
      out.line(`    failure_analysis.failures = ${formatValue((states.failure_analysis?.failures as { id: string }[] | undefined)?.map((f) => `log ${f.id}`))}`);
      out.line(`    question_summarization.qs_summary = ${formatValue(states.question_summarization?.qs_summary)}`);
      out.json({ lesson: 3, graph: "5. sub-graph states", state: states });
      out.line();
    } finally {
      persistence.close();
    }

    await ctx.runGraph<typeof TriageState.State>(
      "6. Composing: a mapReduce sub-graph, then Send to a review sub-graph per failing log",
      buildLogTriageGraph(),
      { raw_logs: TRIAGE_EXAMPLE_LOGS },
      {
        schema: TriageState,
        live: true,
        summarize: (s: typeof TriageState.State) => ({ verdicts: s.verdicts.map((v) => `${v.id}:${v.verdict}`), findings: s.findings.length, processed_logs: s.processed_logs }),
      },
    );
    out.line("  triage is a mapReduce graph used as a node, returning only `verdicts` (its `outputs`).");
    out.line("  Each log marked needs-review got its own Send; the worker is a compiled sub-graph, and its");
    out.line("  findings and processed_logs were appended by the parent's reducers.");
    out.line();
    out.line("Try next: remove `outputs` from the triage step and read the error; add a third sub-graph");
    out.line("that writes `report` and see which key collides; run with --step to pause inside the parent.");
  },
});
