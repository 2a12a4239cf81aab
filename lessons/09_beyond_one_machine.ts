/**
 * Lesson 9 — Beyond one machine: a map step's items on a job queue (BullMQ on Redis).
 *
 * Review: lessons 2 and 8 ran `mapReduce` in one process: a pool of promises, a memo for
 * resume. One process is one machine's worth of work, and it dies with that machine.
 *
 * Goals:
 *  - run lesson 2's passage digest in this process, then hand the same map step to a queue
 *    (`executor: queueExecutor(...)`) served by two worker processes started with the worker CLI;
 *  - see which worker ran which passages, and that the digest is the same;
 *  - count the workers' model calls in this lesson's summary: their tokens come back with each
 *    job's result (`queueExecutor({ costs })`), and a call whose result never comes back (its
 *    worker was killed) is counted from the workers' journal, as a failed call;
 *  - kill a worker with SIGKILL mid-run and watch BullMQ's stalled-job check give its jobs to the
 *    others: nothing lost, and the passages it was holding run a second time (at least once).
 *
 * Needs Redis: REDIS_URL, or `redis-server` on the PATH (the lesson starts its own on a free
 * loopback port and stops it); without either it says what to install and exits 0.
 *
 * Run: npm run lesson -- 9 [--json] [--latency <ms per passage, at least 20>] [--model openai]
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { defineLesson } from "../src/cli/define-lesson.js";
import type { LessonContext } from "../src/cli/lesson.js";
import { findOnPath, type LocalRedis, startLocalRedis } from "../src/cli/local-redis.js";
import { startWorkerProcess, type WorkerProcess } from "../src/cli/worker-process.js";
import { buildPassageDigestGraph, corpusPassages, type DigestState } from "../src/graphs/passage-digest.js";
import { DIGEST_WORKER_VERSION, type JournalEntry, readJournal } from "../src/graphs/passage-digest-workers.js";
import { OfflineChatModel } from "../src/models/offline-chat-model.js";
import { parseQueueUrl, queueExecutor, redactQueueUrl } from "../src/queue.js";

type Digest = typeof DigestState.State;

/** Passages each worker process runs at once; the in-process pool runs both workers' worth. */
export const WORKER_CONCURRENCY = 4;
/** Lock and stalled-check intervals of the lesson's workers, ms (BullMQ's defaults: 30 s each). */
export const LOCK_MS = 1_000;
export const STALLED_CHECK_MS = 500;
/** worker-c hangs at the passage it starts n-th, and is then killed. */
export const HANG_AT = 3;
const WORKER_MODULE = "src/graphs/passage-digest-workers.ts";

export default defineLesson(import.meta.url, {
  number: 9,
  title: "Beyond one machine: map-reduce items on a job queue, a worker killed mid-run",
  async run(ctx) {
    const { out } = ctx;
    const redisUrl = process.env.REDIS_URL;
    const binary = redisUrl ? undefined : findOnPath("redis-server");
    if (!redisUrl && !binary) {
      out.line("This lesson needs a Redis server, and there is none here: REDIS_URL is not set and redis-server is");
      out.line("not on the PATH. Either install one (the lesson then starts its own on a free port and stops it):");
      out.line("  apt-get install redis-server      # Debian/Ubuntu; brew install redis on macOS");
      out.line("or point the lesson at a running one:");
      out.line("  REDIS_URL=redis://127.0.0.1:6379 npm run lesson -- 9");
      out.line("Lesson 9 is skipped; nothing failed.");
      out.json({ lesson: 9, skipped: "no Redis: set REDIS_URL or install redis-server" });
      return;
    }
    const local: LocalRedis | undefined = binary ? await startLocalRedis(binary) : undefined;
    const url = local?.url ?? (redisUrl as string);
    const journalDir = mkdtempSync(join(tmpdir(), "lgp-lesson9-"));
    const workers: WorkerProcess[] = [];
    const queuePrefix = `lesson9-${randomUUID().slice(0, 8)}`;
    try {
      out.line(local ? `Redis: a redis-server of this lesson's own at ${url} (stopped at the end)` : `Redis: REDIS_URL (${redactQueueUrl(url)})`);
      await lesson(ctx, { url, queuePrefix, journalDir, workers });
    } finally {
      for (const w of workers) w.kill("SIGTERM");
      await Promise.all(workers.map((w) => w.exited));
      if (!local) await obliterate(url, `${queuePrefix}-summarise`);
      await local?.stop();
      rmSync(journalDir, { recursive: true, force: true });
    }
  },
});

interface Setup {
  url: string;
  queuePrefix: string;
  journalDir: string;
  workers: WorkerProcess[];
}

async function lesson(ctx: LessonContext, { url, queuePrefix, journalDir, workers }: Setup): Promise<void> {
  const { out } = ctx;
  const itemMs = Math.max(20, ctx.options.latencyMs ?? 20);
  const passages = corpusPassages();
  const model = ctx.createModel({ latencyMs: itemMs });
  const offline = model instanceof OfflineChatModel;
  out.line(`${passages.length} passages of the offline corpus, each summarised by one ${offline ? `offline model call of ${itemMs} ms` : "model call"}.`);
  if (!offline) out.line("(The workers use the same provider; a real model may word a summary differently on each run, and then a digest is not the same.)");
  out.line();
  const summarize = (s: Digest) => ({ digest: `${s.digest.length} documents, ${s.digest.reduce((n, d) => n + d.summaries.length, 0)} summaries`, failed: s.failed });

  // 1. The baseline: lesson 2's graph, in this process.
  const concurrency = 2 * WORKER_CONCURRENCY;
  const inProcess = await ctx.runGraph<Digest>(`1. In this process: ${concurrency} passages at a time`, buildPassageDigestGraph({ model, concurrency }), { passages }, { summarize });
  const expected = JSON.stringify(inProcess.finalState?.digest);

  // 2. The same graph, its map step on the queue; two worker processes serve it.
  const journal = join(journalDir, "journal.jsonl");
  const start = (id: string, extra: Record<string, string> = {}) => {
    const worker = startWorkerProcess({
      id, module: WORKER_MODULE, connection: url, queuePrefix, concurrency: WORKER_CONCURRENCY, lockDurationMs: LOCK_MS, stalledIntervalMs: STALLED_CHECK_MS,
      // The workers inherit this process's environment (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL).
      env: { LGP_DIGEST_PROVIDER: offline ? "offline" : "openai", LGP_DIGEST_ITEM_MS: String(itemMs), LGP_DIGEST_JOURNAL: journal, LGP_DIGEST_WORKER: id, ...extra },
    });
    workers.push(worker);
    return worker;
  };
  const a = start("worker-a");
  const b = start("worker-b");
  out.line("Starting two worker processes with the worker CLI, e.g.:");
  out.line(`  ${a.command.replace(url, redactQueueUrl(url))}`);
  await readyWithin([a, b], 60_000);
  out.line(`  worker-a and worker-b serve "summarise" (version ${DIGEST_WORKER_VERSION}), ${WORKER_CONCURRENCY} jobs at once each.`);
  out.line();

  const ranBy = new Map<string, string[]>(); // worker → passages it finished (as the queue reports)
  const onItem = (e: { worker: string | undefined; index: number }) => {
    const list = ranBy.get(e.worker ?? "?") ?? [];
    list.push((passages[e.index] as { id: string }).id);
    ranBy.set(e.worker ?? "?", list);
  };
  // The workers' token usage comes back with each result, into the lesson's summary.
  const executor = () => queueExecutor({ connection: url, worker: "summarise", version: DIGEST_WORKER_VERSION, queuePrefix, pollIntervalMs: 200, onItem, costs: ctx.costs });
  let reportedBefore = ctx.costs.total().calls;
  const onQueue = await ctx.runGraph<Digest>("2. On the queue: the map step's items are BullMQ jobs", buildPassageDigestGraph({ model, executor: executor() }), { passages }, { summarize });
  const same2 = JSON.stringify(onQueue.finalState?.digest) === expected;
  out.line(`  ${counts(ranBy)}`);
  out.line(`  same digest as in this process: ${same2 ? "yes" : "NO"}`);
  const calls2 = workerCalls(ctx, journal, reportedBefore);
  out.line(`  ${calls2.text}`);
  out.json({ lesson: 9, graph: "2. workers", state: { ranBy: Object.fromEntries([...ranBy].map(([w, l]) => [w, l.length])), sameAsInProcess: same2, workerCalls: calls2.counts } });
  out.line();

  // 3. A third worker joins, hangs at its HANG_AT-th passage, and is killed with SIGKILL.
  ranBy.clear();
  rmSync(journal, { force: true });
  const c = start("worker-c", { LGP_DIGEST_HANG_AT: String(HANG_AT) });
  await readyWithin([c], 60_000);
  out.line(`worker-c joins; it will stop answering at its passage #${HANG_AT}, and the lesson then kills it with SIGKILL.`);
  let killedAt: JournalEntry[] | undefined;
  let runOver = false;
  const killer = (async () => {
    while (!readJournal(journal).some((e) => e.event === "hang")) {
      if (runOver) return; // worker-c never got that far: nothing to kill
      await sleep(10);
    }
    c.kill("SIGKILL");
    await c.exited;
    killedAt = readJournal(journal);
  })();
  reportedBefore = ctx.costs.total().calls;
  const killedRun = await ctx.runGraph<Digest>("3. On the queue, worker-c killed (SIGKILL) mid-run", buildPassageDigestGraph({ model, executor: executor() }), { passages }, { summarize }).finally(() => (runOver = true));
  await killer;
  if (!killedAt) out.line(`  worker-c did not reach its passage #${HANG_AT} (the others took them all), so it was not killed.`);
  const entries = readJournal(journal);
  const same3 = JSON.stringify(killedRun.finalState?.digest) === expected;
  const byC = (event: JournalEntry["event"]) => (killedAt ?? []).filter((e) => e.worker === "worker-c" && e.event === event).map((e) => e.passage);
  const doneOnC = new Set(byC("done"));
  const held = byC("start").filter((p) => !doneOnC.has(p));
  const finishedBy = (p: string) => entries.filter((e) => e.event === "done" && e.passage === p).map((e) => e.worker);
  const starts = tally(entries.filter((e) => e.event === "start"));
  const dones = tally(entries.filter((e) => e.event === "done"));
  const twice = [...starts].filter(([, n]) => n > 1).map(([p]) => p);
  const effectsTwice = [...dones].filter(([, n]) => n > 1).map(([p]) => p);
  const results = killedRun.finalState?.digest.reduce((n, d) => n + d.summaries.length, 0) ?? 0;
  out.line(`  ${counts(ranBy)}`);
  out.line(`  worker-c started ${byC("start").length} passages and finished ${doneOnC.size} before it was killed; it held ${held.length}:`);
  for (const p of held) out.line(`    ${p}: run again by ${finishedBy(p).join(", ") || "nobody"}`);
  out.line(`  BullMQ's stalled-job check (lock ${LOCK_MS} ms, checked every ${STALLED_CHECK_MS} ms) gave them to the other workers.`);
  out.line(`  nothing lost: ${results} of ${passages.length} passages summarised, ${killedRun.finalState?.failed.length ?? 0} failed; same digest as in this process: ${same3 ? "yes" : "NO"}`);
  out.line(`  passages run twice (at least once, not exactly once): ${twice.join(", ") || "none"}; side effects recorded twice: ${effectsTwice.join(", ") || "none"}`);
  const calls3 = workerCalls(ctx, journal, reportedBefore);
  out.line(`  ${calls3.text}`);
  out.json({
    lesson: 9,
    graph: "3. worker killed",
    state: { ranBy: Object.fromEntries([...ranBy].map(([w, l]) => [w, l.length])), held, ranTwice: twice, effectsTwice, results, sameAsInProcess: same3, workerCalls: calls3.counts },
  });
  out.line();
  out.line("Try next: raise HANG_AT in lessons/09_beyond_one_machine.ts so worker-c finishes a few passages first;");
  out.line("set LOCK_MS to 5000 and watch part 3 wait for the lock; run it on your own Redis with REDIS_URL=redis://…;");
  out.line("docs/09-beyond-one-machine.md starts workers by hand, and covers PostgreSQL, resume and the deployment picture.");
}

// The workers' model calls of one part: those whose usage came back with a result (already in
// ctx.costs), and those the journal shows begun that never reported back (counted as failed).
function workerCalls(ctx: LessonContext, journal: string, reportedBefore: number): { text: string; counts: { made: number; reported: number; lost: number } } {
  const made = readJournal(journal).filter((e) => e.event === "call").length;
  const reported = ctx.costs.total().calls - reportedBefore;
  const lost = Math.max(0, made - reported);
  ctx.countLostCalls(lost);
  const text = `model calls on the workers: ${made} begun, ${reported} reported back with their results${lost ? `, ${lost} never reported back (begun on a worker that was killed; counted in the summary as failed)` : ""}`;
  return { text, counts: { made, reported, lost } };
}

function counts(ranBy: Map<string, string[]>): string {
  return `ran: ${[...ranBy].sort(([x], [y]) => x.localeCompare(y)).map(([w, l]) => `${w} ${l.length}`).join(", ")} passages`;
}

function tally(entries: JournalEntry[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const e of entries) n.set(e.passage, (n.get(e.passage) ?? 0) + 1);
  return n;
}

async function readyWithin(workers: WorkerProcess[], ms: number): Promise<void> {
  const cancel = new AbortController();
  const timer = sleep(ms, undefined, { signal: cancel.signal }).then(() => {
    throw new Error(`${workers.map((w) => w.id).join(", ")} did not connect within ${ms / 1000} s: is Redis running at that URL?\n${workers.map((w) => w.output()).join("\n")}`);
  });
  timer.catch(() => undefined);
  try {
    await Promise.race([Promise.all(workers.map((w) => w.ready)), timer]);
  } finally {
    cancel.abort();
  }
}

// On a Redis the lesson does not own: remove its queue (jobs, results, events).
async function obliterate(url: string, name: string): Promise<void> {
  const parsed = parseQueueUrl(url);
  if (parsed.backend !== "redis") return;
  const queue = new Queue(name, { connection: parsed.redis });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }
}
