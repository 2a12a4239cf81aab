/**
 * Lesson 7 — foreach, races and fire-and-forget.
 *
 * Review: lessons 2–6 fanned work out and always waited for all of it. Often you want something
 * else: each result by key, only the fastest answer, a majority, or work that runs on its own.
 *
 * Goals:
 *  - `foreach`: a list in input order, or an object keyed by each item;
 *  - `race`: the same input to several workflows (graphs), with `settled` (all, failures as values),
 *    `any` (first success; the losers are cancelled through their AbortSignal) and `quorum(k)`;
 *  - `launch`: fire work from a node without waiting, recorded in an outbox first so that it runs
 *    exactly once even across a crash, retried when it fails on a transient error, and read its
 *    result later by id, typed by the worker.
 *
 * Run: npm run lesson -- 7 [--question <text>] [--json] [--model offline|openai] [--latency <ms>]
 */
import { setTimeout as sleep } from "node:timers/promises";
import { defineLesson } from "../src/cli/define-lesson.js";
import type { LessonContext } from "../src/cli/lesson.js";
import { createTavilySearch } from "../src/tools/tavily-search.js";
import { AnswerState, answerStrategies, buildNotifyGraph, type NotifyState } from "../src/graphs/answer-strategies.js";
import { foreach } from "../src/patterns/foreach.js";
import { createLauncher, type LaunchContext } from "../src/patterns/launch.js";
import { quorum, race, type RaceMode, type Workflow, type WorkflowOutcome } from "../src/patterns/race.js";
import { createSqlitePersistence } from "../src/persistence/sqlite-persistence.js";
import { financials, TICKERS } from "../src/tools/market-data.js";

/** The question the workflows race on when `--question` is not given. */
export const DEFAULT_RACE_QUESTION = "How does LangGraph run nodes in parallel?";

export default defineLesson(import.meta.url, {
  number: 7,
  title: "foreach, races (settled, any, quorum) and fire-and-forget launches",
  async run(ctx) {
    const { out } = ctx;
    const { question } = await ctx.validateFlag(AnswerState, { question: ctx.options.question ?? DEFAULT_RACE_QUESTION }, "--question");

    out.line("▸ 1. foreach over the tickers, two at a time");
    const tickers = TICKERS.map((ticker) => ({ ticker }));
    const summarise = async ({ ticker }: { ticker: string }) => financials(ticker).split(". ")[0]!;
    const list = await foreach(tickers, summarise, { concurrency: 2 });
    const byTicker = await foreach(tickers, summarise, { concurrency: 2, as: "object", key: "ticker" });
    list.forEach((line, i) => out.line(`  [${i}] ${line}`));
    out.line(`  as an object: { ${Object.keys(byTicker).join(", ")} }; byTicker.KITE = "${byTicker.KITE}"`);
    out.json({ lesson: 7, graph: "1. foreach", state: { list, byTicker } });
    out.line();

    const strategies = answerStrategies(ctx.model, createTavilySearch());
    const flaky: Workflow<{ question: string }, unknown> = async () => {
      await sleep(Math.min(ctx.workMs, 50));
      throw Object.assign(new Error("429 Too Many Requests from the paid search API"), { status: 429 });
    };
    await showRace(ctx, "2. settled: every workflow, failures as values", { ...strategies, paid_api: flaky }, question, "settled");
    await showRace(ctx, "3. any: the first answer wins, the others are cancelled", strategies, question, "any");
    await showRace(ctx, "4. quorum(2): the first two answers", strategies, question, quorum(2));

    out.line("Fire-and-forget notifications with launch (the outbox is a SQLite store):");
    const persistence = createSqlitePersistence({ path: ":memory:" });
    try {
      const launcher = createLauncher({
        store: persistence.store,
        workers: {
          notify: async (person: string) => (await sleep(ctx.workMs * 2), `notified ${person}`),
          // A webhook whose first attempt gets a 503: the retry option below tries again.
          webhook: async (event: { kind: string }, { attempt }: LaunchContext) => {
            if (attempt === 1) throw Object.assign(new Error("503 Service Unavailable from the webhook"), { status: 503 });
            return `delivered ${event.kind}`;
          },
        },
        retry: { maxAttempts: 3 }, // transient errors (429, 5xx, timeouts) only, with backoff
      });
      const people = ["ada", "bo", "cyd"];
      const trace = await ctx.runGraph<typeof NotifyState.State>("5. The notify graph: announce → write_report → collect", buildNotifyGraph(launcher), { people }, {
        config: { configurable: { thread_id: "lesson-7" } },
        summarize: (s: typeof NotifyState.State) => ({ launched: s.launched.length, results: s.results }),
      });
      const announce = trace.supersteps[0]?.tasks[0];
      if (announce?.endedAt) out.line(`  announce returned after ${Math.round(announce.endedAt - announce.startedAt)} ms; each notification takes ${ctx.workMs * 2} ms.`);
      for (const id of trace.finalState?.launched ?? []) {
        const record = await launcher.get(id);
        out.line(`  outbox ${id.split(":").slice(-2).join(":")}: ${record?.status}, ${record?.attempts} attempt(s), result "${record?.result}"`);
      }
      // Outside a node, with an id of our own: launch() checks the input against webhook's type, and
      // result() is typed by what webhook returns (a string).
      const hook = await launcher.launch("webhook", { kind: "report-ready" }, { id: "lesson-7-webhook" });
      const delivered: string = await launcher.result(hook);
      const hookRecord = await launcher.get(hook);
      out.line(`  outbox webhook: ${hookRecord?.status}, ${hookRecord?.attempts} attempt(s) (attempt 1 got a 503 and was retried), result "${delivered}"`);
      out.line("  With a file-backed store (createSqlitePersistence({ path })), a crash between announce and");
      out.line("  collect loses nothing: the outbox has every launch, and recover() finishes the ones that had");
      out.line("  not (the launch test kills a process to show it). Here the store is in memory.");
    } finally {
      persistence.close();
    }
    out.line();
    out.line('Try next: --question "What is Amdahl\'s law?"; race two real models with --model openai;');
    out.line("kill a run during the notifications and call launcher.recover() (see the launch test).");
  },
});

async function showRace(ctx: LessonContext, title: string, workflows: Record<string, Workflow<{ question: string }, unknown>>, question: string, mode: RaceMode) {
  const { out } = ctx;
  out.line(`▸ ${title}`);
  const started = performance.now();
  const outcomes: WorkflowOutcome<unknown>[] = await race(workflows, { question }, { mode });
  const ms = Math.round(performance.now() - started);
  for (const o of outcomes) {
    const detail = o.status === "fulfilled" ? answerOf(o.value) : o.status === "rejected" ? o.error.message : "cancelled (lost the race; its signal was aborted)";
    out.line(`  ${o.name.padEnd(13)} ${o.status.padEnd(10)} ${detail}`);
  }
  out.line(`  decided after ${ms} ms`);
  out.json({ lesson: 7, graph: title, state: outcomes.map((o) => ({ name: o.name, status: o.status })) });
  out.line();
}

function answerOf(value: unknown): string {
  const answer = String((value as { answer?: string }).answer ?? "").split("\n")[0]!;
  return answer.length > 90 ? `${answer.slice(0, 90)}…` : answer;
}
