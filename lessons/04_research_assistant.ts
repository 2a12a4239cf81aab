/**
 * Lesson 4 — The research assistant (LangChain Academy, module 4).
 *
 * Review: lessons 1–3 gave us parallel nodes with reducers, `Send`, and sub-graphs. Together they
 * make a multi-agent system.
 *
 * Goals:
 *  - generate analyst personas with structured output and let a human review them (`interrupt`);
 *  - run one interview sub-graph per analyst in parallel (`Send`), each searching the web and the
 *    encyclopedia in parallel and collecting sources;
 *  - write introduction, body and conclusion in parallel and merge them into a cited report;
 *  - make it durable: the run is a thread in SQLite that can be paused, killed and resumed.
 *
 * Run: npm run lesson -- 4 [--topic <text>] [--analysts <n>] [--feedback <text>]… [--thread <id>]
 *      [--db <file>] [--out report.md] [--model offline|openai] [--latency <ms>] [--step] [--json]
 */
import { randomBytes } from "node:crypto";
import { access, constants, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Command } from "@langchain/langgraph";
import { defineLesson } from "../src/cli/define-lesson.js";
import { UsageError } from "../src/errors.js";
import type { LessonContext } from "../src/cli/lesson.js";
import { promptLine } from "../src/cli/prompt-line.js";
import type { AnalystReview } from "../src/graphs/research-assistant/analysts.js";
import { buildResearchAssistantGraph } from "../src/graphs/research-assistant/graph.js";
import type { InterviewEvent } from "../src/graphs/research-assistant/interview.js";
import { ResearchState } from "../src/graphs/research-assistant/schemas.js";
import { createPersistence } from "../src/persistence/persistence.js";
import { createEncyclopediaSearch } from "../src/tools/encyclopedia-search.js";
import { createTavilySearch } from "../src/tools/tavily-search.js";

/** The academy's topic, used when `--topic` is not given. */
export const DEFAULT_RESEARCH_TOPIC = "The benefits of adopting LangGraph as an agent framework";

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
      const graph = buildResearchAssistantGraph({
        model: ctx.model,
        webSearch: createTavilySearch(),
        encyclopediaSearch: createEncyclopediaSearch({ source: options.encyclopedia }),
        checkpointer: persistence.checkpointer,
      });
      const thread = options.thread ?? `research-${randomBytes(4).toString("hex")}`;
      const config = { configurable: { thread_id: thread } };
      out.line(`thread: ${thread} in ${persistence.location}`);
      if (persistence.location !== ":memory:") {
        out.line(`resume it any time with: npm run lesson -- 4 --thread ${thread}${options.db ? ` --db ${options.db}` : ""}`);
      }
      out.line();

      const saved = await graph.getState(config);
      if (saved.createdAt && (options.topic !== undefined || options.analysts !== undefined)) {
        out.line(`Thread ${thread} already exists: --topic and --analysts apply to new threads only.`);
      }
      let phase = 1;
      const run = (title: string, input: unknown) =>
        ctx.runGraph<Research>(`${phase++}. ${title}`, graph, input, { config, summarize: brief, onEvent: printInterviewEvent(ctx) });

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
      out.line("with Ctrl-C during the interviews and resume it with --thread; --model openai for real prose.");
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

function printInterviewEvent(ctx: LessonContext) {
  const label: Record<InterviewEvent["stage"], (e: InterviewEvent) => string> = {
    question: (e) => `turn ${e.turn}: asking`,
    answer: (e) => `turn ${e.turn}: searched, expert answering`,
    section: () => "writing the section",
    done: () => "section written",
  };
  return (chunk: unknown) => {
    const event = chunk as InterviewEvent;
    if (event?.type === "interview") ctx.out.line(`    [${event.analyst}] ${label[event.stage](event)}`);
  };
}
