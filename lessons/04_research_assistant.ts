/**
 * Lesson 4 — The research assistant (LangChain Academy, module 4).
 *
 * Review: lessons 1–3 gave us parallel nodes with reducers, `Send`, and sub-graphs. Together they
 * make a multi-agent system.
 *
 * Goals:
 *  - generate analyst personas with structured output and let a human review them, in both of
 *    LangGraph's styles: the academy's breakpoint (`interruptBefore` + `updateState(…, asNode)` +
 *    `getState().next`), then `interrupt()` inside the node, resumed with `Command({ resume })`;
 *  - run one interview on its own, then one interview sub-graph per analyst in parallel (`Send`),
 *    each searching the web and the encyclopedia in parallel and collecting sources, and watch
 *    their questions and answers as they happen (streamed from the sub-graphs, by namespace);
 *  - write introduction, body and conclusion in parallel and merge them into a cited report;
 *  - make it durable: the run is a thread in SQLite that can be paused, killed and resumed.
 *
 * Run: npm run lesson -- 4 [--topic <text>] [--analysts <n>] [--feedback <text>]… [--thread <id>]
 *      [--db <file>] [--out report.md] [--model offline|openai] [--latency <ms>] [--step] [--json]
 */
import { randomBytes } from "node:crypto";
import { access, constants, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { HumanMessage } from "@langchain/core/messages";
import { Command, MemorySaver } from "@langchain/langgraph";
import { defineLesson } from "../src/cli/define-lesson.js";
import { formatValue } from "../src/cli/format-value.js";
import { interviewLines } from "../src/cli/interview-transcript.js";
import { UsageError } from "../src/errors.js";
import type { LessonContext } from "../src/cli/lesson.js";
import { promptLine } from "../src/cli/prompt-line.js";
import type { AnalystReview } from "../src/graphs/research-assistant/analysts.js";
import { type AnalystsState, buildAnalystsGraph } from "../src/graphs/research-assistant/analysts-graph.js";
import { buildResearchAssistantGraph, openingLine } from "../src/graphs/research-assistant/graph.js";
import { buildInterviewGraph, type InterviewDeps } from "../src/graphs/research-assistant/interview.js";
import { type Analyst, type InterviewOutputState, ResearchState } from "../src/graphs/research-assistant/schemas.js";
import type { SubgraphTaskRecord } from "../src/observe/run-trace.js";
import { createPersistence } from "../src/persistence/persistence.js";
import { createEncyclopediaSearch } from "../src/tools/encyclopedia-search.js";
import { createTavilySearch } from "../src/tools/tavily-search.js";

/** The academy's topic, used when `--topic` is not given. */
export const DEFAULT_RESEARCH_TOPIC = "The benefits of adopting LangGraph as an agent framework";

/** The feedback the academy's notebook gives its analysts-only graph (part A of the lesson). */
export const ACADEMY_FEEDBACK = "Add in someone from a startup to add an entrepreneur perspective";

type Research = typeof ResearchState.State;
const brief = (s: Research) => ({
  analysts: s.analysts.map((a) => a.name),
  sections: s.sections.length,
  finalReport: s.finalReport ? `${s.finalReport.length} chars` : "",
});

export default defineLesson(import.meta.url, {
  number: 4,
  title: "Research assistant: analysts, human feedback, parallel interviews, report",
  async run(ctx) {
    const { out, options } = ctx;
    const { topic } = await ctx.validateFlag(ResearchState, { topic: options.topic ?? DEFAULT_RESEARCH_TOPIC }, "--topic");
    const { maxAnalysts } = await ctx.validateFlag(ResearchState, { topic, maxAnalysts: options.analysts ?? 3 }, "--analysts");
    if (options.out) await checkWritableFolder(options.out);
    // --db picks a SQLite file; otherwise DATABASE_URL picks PostgreSQL, else data/langgraph.sqlite.
    const persistence = await createPersistence(options.db ? { env: {}, sqlitePath: options.db } : {});
    try {
      const searches: Omit<InterviewDeps, "model"> = {
        webSearch: createTavilySearch(),
        encyclopediaSearch: createEncyclopediaSearch({ source: options.encyclopedia }),
      };
      const graph = buildResearchAssistantGraph({ model: ctx.model, ...searches, checkpointer: persistence.checkpointer });
      const thread = options.thread ?? `research-${randomBytes(4).toString("hex")}`;
      const config = { configurable: { thread_id: thread } };
      const saved = await graph.getState(config);

      // A new thread first takes the academy's two intermediate steps; a saved one goes straight on.
      if (!saved.createdAt) {
        const analysts = await analystsOnly(ctx, topic, maxAnalysts);
        await oneInterview(ctx, { model: ctx.model, ...searches }, topic, analysts[0]!);
        out.line("C. The whole research assistant: the review as interrupt() inside human_feedback, resumed with");
        out.line("   Command({ resume }); then every interview at once, each line prefixed with its analyst.");
        out.line();
      }
      out.line(`thread: ${thread} in ${persistence.location}`);
      if (persistence.location !== ":memory:") {
        out.line(`resume it any time with: npm run lesson -- 4 --thread ${thread}${options.db ? ` --db ${options.db}` : ""}`);
      }
      out.line();

      if (saved.createdAt && (options.topic !== undefined || options.analysts !== undefined)) {
        out.line(`Thread ${thread} already exists: --topic and --analysts apply to new threads only.`);
      }
      let phase = 1;
      const run = (title: string, input: unknown) =>
        ctx.runGraph<Research>(`${phase++}. ${title}`, graph, input, { config, summarize: brief, onSubgraphTaskResult: printInterviewTurn(ctx) });

      let trace;
      if (!saved.createdAt) {
        trace = await run(`Analysts for "${topic}"`, { topic, maxAnalysts });
      } else if (saved.next.length > 0 && !saved.tasks.some((t) => t.interrupts.length > 0)) {
        out.line(`Thread ${thread} stopped while running ${[...new Set(saved.next)].join(", ")}: resuming where it left off.`);
        trace = await run("Resume", null);
      } else {
        const paused = saved.tasks.some((t) => t.interrupts.length > 0);
        out.line(paused ? `Thread ${thread} is waiting for the analyst review: continuing it.` : `Thread ${thread} has finished: here is its report.`);
        trace = { interrupts: saved.tasks.flatMap((t) => t.interrupts), finalState: saved.values as Research };
      }

      // The human in the loop: review the analysts until the answer is empty.
      let feedbackRound = 0;
      while (trace.interrupts.length > 0) {
        const review = (trace.interrupts[0] as { value: AnalystReview }).value;
        out.line(`  Analysts (review round ${review.round}):`);
        review.analysts.forEach((a, i) => {
          out.line(`   ${i + 1}. ${a.name}: ${a.role}, ${a.affiliation}`);
          out.line(`      ${a.description}`);
        });
        const answer = await feedbackFor(ctx, feedbackRound++);
        trace = await run(answer ? `Regenerate the analysts with feedback "${answer}"` : "Approved: interviews in parallel, then the report", new Command({ resume: answer }));
      }

      const report = trace.finalState?.finalReport ?? "";
      if (!report) return;
      out.line(report.split("\n").map((l) => `  │ ${l}`).join("\n"));
      out.line();
      if (options.out) {
        await writeFile(options.out, `${report}\n`);
        out.line(`Report written to ${options.out}.`);
      }
      out.line("Try next: --feedback \"Add a security researcher\" (repeat it for several rounds); kill a run");
      out.line("with Ctrl-C during the interviews and resume it with --thread; --step to see each superstep's");
      out.line("merged state; --model openai for real prose.");
    } finally {
      await persistence.close();
    }
  },
});

// --out is checked before the run, not after minutes of interviews.
async function checkWritableFolder(file: string): Promise<void> {
  const folder = dirname(resolve(file));
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw new UsageError(`Invalid --out: the folder ${folder} does not exist or is not writable.`, "Create it first, or pick another path.");
  }
}

// The next feedback answer: from --feedback, else the terminal, else approve (and say so).
async function feedbackFor(ctx: LessonContext, round: number): Promise<string> {
  const given = ctx.options.feedback[round];
  if (given !== undefined) {
    ctx.out.line(`  feedback (--feedback): ${given || "(empty: approve)"}`);
    return given.trim();
  }
  if (!ctx.options.json) {
    const typed = await promptLine("  Feedback on the analysts (Enter to approve): ");
    if (typed !== undefined) return typed.trim();
  }
  ctx.out.line(ctx.options.feedback.length ? "  No more --feedback: approving the analysts." : "  Not on a terminal and no --feedback given: approving the analysts.");
  return "";
}

// The interviews' questions and answers as they happen, from the sub-graphs' own task results.
// The sub-graph's namespace ("conduct_interview:<task id>") says which interview a task belongs to;
// its input (the interview's state) says whose it is.
function printInterviewTurn(ctx: LessonContext) {
  return (task: SubgraphTaskRecord) => {
    if (!task.namespace[0]?.startsWith("conduct_interview:")) return;
    const analyst = ((task.input ?? task.parent?.input) as { analyst?: Analyst } | undefined)?.analyst;
    for (const line of analyst ? interviewLines(analyst.name, task) : []) ctx.out.line(`    ${line}`);
  };
}

// A. The academy's first graph: analysts only, reviewed at a breakpoint before human_feedback.
async function analystsOnly(ctx: LessonContext, topic: string, maxAnalysts: number): Promise<Analyst[]> {
  const { out } = ctx;
  out.line("A. Analysts only, reviewed the academy's way: a breakpoint before human_feedback");
  out.line("   (compile({ interruptBefore })), feedback written with updateState(…, asNode), getState().next.");
  out.line();
  const graph = buildAnalystsGraph({ model: ctx.model, checkpointer: new MemorySaver() });
  const config = { configurable: { thread_id: "analysts-only" } };
  const names = (s: typeof AnalystsState.State) => ({ analysts: s.analysts.map((a) => a.name) });
  const show = async () => {
    const snapshot = await graph.getState(config);
    out.line(`  getState(config).next = ${formatValue(snapshot.next)}; its analysts:`);
    (snapshot.values as typeof AnalystsState.State).analysts.forEach((a, i) => out.line(`   ${i + 1}. ${a.name}: ${a.role}, ${a.affiliation}`));
    return (snapshot.values as typeof AnalystsState.State).analysts;
  };
  const update = async (humanAnalystFeedback: string) => {
    out.line(`  updateState(config, { humanAnalystFeedback: ${JSON.stringify(humanAnalystFeedback)} }, "human_feedback")`);
    await graph.updateState(config, { humanAnalystFeedback }, "human_feedback");
    out.line(`  getState(config).next = ${formatValue((await graph.getState(config)).next)}`);
    out.line();
  };

  await ctx.runGraph("A1. create_analysts, then stop before human_feedback", graph, { topic, maxAnalysts }, { config, summarize: names });
  await show();
  await update(ACADEMY_FEEDBACK);
  await ctx.runGraph("A2. Resume with null: create_analysts again, reading the feedback", graph, null, { config, summarize: names });
  const analysts = await show();
  await update(""); // no feedback: human_feedback's edge goes to END
  return analysts;
}

// B. One interview on its own (the academy runs the interview graph for the first analyst).
async function oneInterview(ctx: LessonContext, deps: InterviewDeps, topic: string, analyst: Analyst): Promise<void> {
  const { out } = ctx;
  out.line(`B. One interview on its own: ${analyst.name} asks, the expert answers from what both searches found.`);
  out.line();
  const interview = buildInterviewGraph(deps);
  const input = { topic, analyst, messages: [new HumanMessage(openingLine(topic))] };
  const trace = await ctx.runGraph<typeof InterviewOutputState.State>(`B. Interview of ${analyst.name}`, interview, input, {
    // The section is shown whole below; "section written" stays the parallel interviews' line.
    narrate: (task) => (task.node === "write_section" ? [] : interviewLines(analyst.name, task)),
    summarize: (s: typeof InterviewOutputState.State) => ({ sections: s.sections.length }),
  });
  const section = trace.finalState?.sections[0]?.markdown;
  if (section) out.line(`${section.split("\n").map((l) => `  │ ${l}`).join("\n")}\n`);
}
