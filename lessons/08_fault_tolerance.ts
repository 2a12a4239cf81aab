/**
 * Lesson 8 — Production patterns: failures, timeouts, crashes and rate limits.
 *
 * Review: lessons 1–7 ran happy paths. In production a search API answers 503, a dependency
 * hangs, a process is killed mid-run, and the model provider limits how fast you may call it.
 *
 * Goals:
 *  - retry a flaky branch (transient errors only, with backoff) and time out a slow one;
 *  - keep going when a branch is broken, with its failure recorded next to the successes;
 *  - stop a long run mid-way and, started again with the same input, resume its thread without
 *    redoing finished work (`planResumeOrStart` / `resumeOrStart` pick `invoke(null)`);
 *  - share one rate limit across every branch's model calls.
 *
 * Run: npm run lesson -- 8 [--json] [--model offline|openai] [--latency <ms>]
 */
import { defineLesson } from "../src/cli/define-lesson.js";
import { AttemptLog, buildDurableMapGraph, buildFlakyBranchesGraph, type FaultDemoState } from "../src/graphs/fault-demos.js";
import { createRateLimiter } from "../src/models/rate-limiter.js";
import { planResumeOrStart } from "../src/patterns/resume-or-start.js";
import { createSqlitePersistence } from "../src/persistence/sqlite-persistence.js";

type Demo = typeof FaultDemoState.State;

export default defineLesson(import.meta.url, {
  number: 8,
  title: "Production patterns: retries, timeouts, settled failures, resume, rate limits",
  async run(ctx) {
    const { out } = ctx;
    // Each successful attempt works workMs (0 with --latency 0: only the hung attempt waits).
    const workMs = Math.min(ctx.workMs, 100);
    const timeoutMs = Math.max(100, workMs * 4);

    const attempts = new AttemptLog();
    await ctx.runGraph<Demo>("1. A flaky branch is retried, a slow one timed out and retried", buildFlakyBranchesGraph(attempts, { workMs, timeoutMs }), {});
    out.line(`  attempts: ${JSON.stringify(attempts.all())}  (news answered 503 once; archive hung past ${timeoutMs} ms once)`);
    out.line();

    const settled = await ctx.runGraph<Demo>(
      "2. A broken branch, settled: its failure is a value beside the successes",
      buildFlakyBranchesGraph(new AttemptLog(), { workMs, timeoutMs, withBroken: true }),
      {},
    );
    for (const failure of settled.finalState?.failures ?? []) out.line(`  failure recorded: ${failure}`);
    out.line("  A bug (TypeError) is not transient: tried once, not retried. The other three branches kept their results.");
    out.line();

    const persistence = createSqlitePersistence({ path: ":memory:" });
    try {
      const items = Array.from({ length: 12 }, (_, i) => `item ${i + 1}`);
      const crash = { armed: true, at: "item 7" };
      const calls = new AttemptLog();
      const graph = buildDurableMapGraph(ctx.model, { crash, calls, checkpointer: persistence.checkpointer, store: persistence.store });
      const config = { configurable: { thread_id: "lesson-8" } };
      // Both runs start the way a restarted program would: the same input, and planResumeOrStart
      // picks the call (a new thread: invoke({ items }); an unfinished one: invoke(null)).
      const first = await planResumeOrStart(graph, { items }, config);
      await ctx.runGraph("3. A long run stops mid-way (the worker dies at item 7)", graph, first.input, { config, expectError: true });
      const doneBefore = Object.keys(calls.all()).filter((k) => k !== crash.at);
      crash.armed = false;
      const again = await planResumeOrStart(graph, { items }, config);
      const found = again.action === "resume" ? `unfinished at ${again.next.join(", ")}: resume (input null)` : `${again.thread}: start`;
      out.line(`  started again with the same { items }: planResumeOrStart finds the thread ${found}.`);
      out.line(`  (invoke({ items }) here would start a new run and redo all ${items.length} items.)`);
      out.line();
      const resumed = await ctx.runGraph<Demo>("4. Resume the same thread", graph, again.input, {
        config,
        summarize: (s: Demo) => ({ results: `${s.results.length} summaries` }),
      });
      const twice = Object.entries(calls.all()).filter(([, n]) => n > 1).map(([k]) => k);
      const finished = doneBefore.filter((k) => !twice.includes(k));
      out.line(`  finished before the stop: ${finished.join(", ")}: restored from the memo, not run again.`);
      out.line(`  running when it stopped (cancelled, so run again): ${twice.filter((k) => k !== crash.at).join(", ") || "none"}; and ${crash.at}.`);
      out.line(`  on resume ${items.length - finished.length} of ${items.length} items ran.`);
      out.json({ lesson: 8, graph: "4. resume (calls)", state: { calls: calls.all(), results: resumed.finalState?.results.length } });
    } finally {
      persistence.close();
    }
    out.line();

    const limiter = createRateLimiter({ requestsPerSecond: 20, maxConcurrent: 2 });
    // The lesson's provider behind the limiter: with --model openai the limiter sits in the client's fetch.
    const limited = ctx.createModel({ rateLimiter: limiter, latencyMs: Math.min(workMs, 50) });
    const items = Array.from({ length: 10 }, (_, i) => `request ${i + 1}`);
    await ctx.runGraph<Demo>("5. Ten branches share one rate limit (20 requests/s, 2 in flight)", buildDurableMapGraph(limited, { concurrency: 10 }), { items }, {
      summarize: (s: Demo) => ({ results: `${s.results.length} answers` }),
    });
    const stats = limiter.stats();
    out.line(`  limiter: ${stats.started} requests, at most ${stats.maxInFlight} in flight, though the map ran 10 branches at once.`);
    out.line("  The model is getChatModel({ rateLimiter }): with --model openai the limiter sits in the client's");
    out.line("  fetch, and a 429 with Retry-After holds every branch (the fault suite in docs/reliability.md shows it).");
    out.line();
    out.line("Try next: make the flaky branch fail three times; set retry: false; pass timeoutMs: 10 and watch");
    out.line("every branch time out; run lesson 4 and kill it with Ctrl-C, then resume it with --thread.");
  },
});
