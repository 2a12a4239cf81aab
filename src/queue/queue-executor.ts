/**
 * `queueExecutor`: a map step's items as BullMQ jobs, run by queue workers in other processes
 * (`startMapWorker`), with the same results as the in-process pool. The graph process enqueues the
 * pending items in chunks under ids derived from the thread, the checkpoint namespace and the item
 * key, then follows them by queue events and by a periodic sweep of the jobs' states: both survive
 * a restart of Redis, and a resumed graph process re-attaches to the same jobs.
 */
import { randomUUID } from "node:crypto";
import { getConfig, type LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Job, Queue } from "bullmq";
import { ConfigurationError } from "../errors.js";
import { CostTracker } from "../observe/cost-tracker.js";
import type { ExecutorOutcome, MapExecutor, MapExecutorTask } from "../patterns/map-executor.js";
import { resolveRetry } from "../patterns/retry.js";
import { sleepWithSignal } from "../patterns/sleep.js";
import { BACKOFF_TYPE, type JobRetry, jobIdOf, type MapJobData, type MapJobReply, PROTOCOL, queueNameOf, type UsageLine } from "./job-protocol.js";
import { queueBackend } from "./queue-backend.js";
import { type QueueConnection, resolveConnection } from "./queue-connection.js";
import { QueueBoundaryError, QueueUnavailableError, QueueWorkerVersionError } from "./queue-errors.js";

/** One item finished on the queue, for tracing (the executor's `onItem`). */
export interface QueueItemEvent {
  step: string;
  index: number;
  key: string;
  jobId: string;
  /** The id of the worker that ran it (`"<host>:<pid>"` unless the worker was given one). */
  worker: string | undefined;
  attempts: number;
  ok: boolean;
}

/** Options of {@link queueExecutor}. */
export interface QueueExecutorOptions {
  /** The queue: a `redis://`, `rediss://` or `postgres://` URL, or parsed options. */
  connection: QueueConnection;
  /** The worker name: `startMapWorker({ workers: { [name]: fn } })` on the other side. */
  worker: string;
  /** The worker code version; a worker registered with another one refuses the items. Default `""`. */
  version?: string;
  /** Queue name prefix; the same as the workers'. Default `"lgp"`. */
  queuePrefix?: string;
  /**
   * Identity of the step run, for the job ids, when `mapItems` runs outside a graph. Inside a
   * graph it is the thread id and the node's checkpoint namespace (stable on resume). Default
   * there: a random id (a second call does not find the first call's jobs).
   */
  runId?: string;
  /** Items per `addBulk`. Default 500. */
  chunkSize?: number;
  /**
   * How long finished jobs (and their results) stay in the queue, seconds: a graph process that
   * resumes within it finds them and does not run them again. Default 86,400 (one day).
   */
  keepFinishedSeconds?: number;
  /** How often the executor sweeps the states of the jobs it waits for, ms. Default 1,000. */
  pollIntervalMs?: number;
  /** How long the queue may stay unreachable before the step fails, ms. Default 60,000. */
  unavailableMs?: number;
  /** The queue's global rate limit (all workers together): `max` jobs per `durationMs`. Default none. */
  rateLimit?: { max: number; durationMs: number };
  /** The queue's global concurrency (jobs running at once over all workers). Default none. */
  globalConcurrency?: number;
  /** Where the workers' token usage goes. Default: every `CostTracker` among the run's callbacks. */
  costs?: CostTracker;
  /** Called as each item finishes, with the worker that ran it. Default none. */
  onItem?: (event: QueueItemEvent) => void;
}

/**
 * A map executor that runs each item as a BullMQ job. Pass it as the `executor` option of
 * `mapReduce`, `mapReduceNode` or `mapItems`; the same options keep their meaning: results in
 * input order, `failure` (fail-fast or settled), progress events (with the worker's id), `retry`
 * (as BullMQ `attempts` with the same backoff, computed by the workers; a custom `retryOn` is
 * given to the worker instead), `timeoutMs` (per attempt, in the worker) and the run's signal
 * (jobs not started yet are removed; running ones finish). `concurrency` is the workers' business:
 * set it in `startMapWorker`, and bound the queue with `globalConcurrency` / `rateLimit`.
 *
 * Delivery is at least once: an item whose worker died mid-job is run again by another worker.
 *
 * @param options - `connection`, `worker`; `version` (""), `queuePrefix` ("lgp"), `runId`,
 *   `chunkSize` (500), `keepFinishedSeconds` (86,400), `pollIntervalMs` (1,000), `unavailableMs`
 *   (60,000), `rateLimit`, `globalConcurrency`, `costs`, `onItem` (none).
 * @returns The executor.
 * @example
 * ```ts
 * import { StateSchema } from "@langchain/langgraph";
 * import { z } from "zod";
 * import { mapReduceNode } from "langgraph-parallel";
 * import { queueExecutor } from "langgraph-parallel/queue";
 *
 * const summarise = async (text: string) => (await model.invoke(`Summarise: ${text}`)).text; // also given to startMapWorker
 * const State = new StateSchema({ passages: z.array(z.string()), summaries: z.array(z.string()).default(() => []) });
 * builder.addNode("summarise", mapReduceNode(State, {
 *   items: (s) => s.passages,
 *   worker: summarise,
 *   reduce: (summaries) => ({ summaries }),
 *   executor: queueExecutor({ connection: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", worker: "summarise", version: "2" }),
 * }));
 * ```
 */
export function queueExecutor(options: QueueExecutorOptions): MapExecutor {
  const queueName = queueNameOf(options.worker, options.queuePrefix);
  const connection = resolveConnection(options.connection);
  const chunkSize = options.chunkSize ?? 500;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new ConfigurationError(`queueExecutor chunkSize must be a whole number ≥ 1, not ${chunkSize}.`, "Pass e.g. { chunkSize: 500 }.");
  return {
    name: `queue ${queueName}`,
    run: (task) => runOnQueue(task, { ...options, queueName, connection, chunkSize }),
  };
}

type Resolved = QueueExecutorOptions & { queueName: string; connection: ReturnType<typeof resolveConnection>; chunkSize: number };

async function* runOnQueue(task: MapExecutorTask<unknown>, options: Resolved): AsyncGenerator<ExecutorOutcome<unknown>> {
  if (task.retry && task.retry.retryOn) {
    throw new ConfigurationError(`${task.step}: a custom retry.retryOn cannot cross to the queue workers.`, `Give it to the worker instead: startMapWorker({ workers: { ${options.worker}: { run, retryOn } } }).`);
  }
  if (task.pending.length === 0) return; // every item came from the memo: no queue to open
  const retry: JobRetry = task.retry === false ? { ...resolveRetryData(undefined), maxAttempts: 1 } : resolveRetryData(task.retry);
  const config = currentConfig();
  const threadId = config?.configurable?.thread_id as string | undefined;
  const runId = threadId === undefined ? (options.runId ?? randomUUID()) : `${threadId}\0${String(config?.metadata?.langgraph_checkpoint_ns ?? config?.configurable?.checkpoint_ns ?? "")}`;
  const trackers = options.costs ? [options.costs] : trackersOf(config);
  const node = config?.metadata?.langgraph_node === undefined ? "run" : String(config.metadata.langgraph_node);
  const token = randomUUID();
  const backend = queueBackend(options.connection);
  const queue = backend.openQueue(options.queueName);
  const events = backend.openEvents(options.queueName);
  queue.on("error", () => undefined); // connection errors surface through `guard`
  events.on("error", () => undefined);

  const indexOf = new Map<string, number>(); // job id → position, for items not settled yet
  const jobIds = new Array<string>(task.items.length); // position → job id, hashed once
  const jobIdAt = (index: number) => (jobIds[index] ??= jobIdOf(runId, task.step, task.keys[index] as string));
  const rerun = new Set<string>();
  const outbox: ExecutorOutcome<unknown>[] = [];
  let fatal: unknown;
  // Once the step is over (finished, failed or cancelled), the poller and the enqueue retries stop
  // waiting at once, so that closing does not sit out a poll interval.
  let stopped = false;
  const stopping = new AbortController();
  const pause = (ms: number) => sleepWithSignal(ms, stopping.signal).catch(() => undefined);
  let wake: () => void = () => undefined;
  const notify = () => wake();
  task.signal?.addEventListener("abort", notify);
  let lastOk = Date.now();
  const unavailableMs = options.unavailableMs ?? 60_000;
  const guard = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      const value = await work();
      lastOk = Date.now();
      return value;
    } catch (error) {
      if (Date.now() - lastOk > unavailableMs && fatal === undefined) {
        fatal = new QueueUnavailableError(task.step, unavailableMs, error);
        notify();
      }
      return undefined;
    }
  };
  const jobOf = (index: number) => ({
    name: task.step,
    data: { p: PROTOCOL, worker: options.worker, version: options.version ?? "", step: task.step, index, key: task.keys[index] as string, label: task.label(index), item: task.items[index], timeoutMs: task.timeoutMs ?? null, retry, run: token } satisfies MapJobData,
    opts: {
      jobId: jobIdAt(index),
      attempts: retry.maxAttempts,
      backoff: { type: BACKOFF_TYPE },
      removeOnComplete: { age: options.keepFinishedSeconds ?? 86_400 },
      removeOnFail: { age: options.keepFinishedSeconds ?? 86_400 },
    },
  });
  const add = async (indices: readonly number[]) => {
    while (fatal === undefined && !task.signal?.aborted && !stopped) {
      if (await guard(() => queue.addBulk(indices.map(jobOf)))) return;
      await pause(250);
    }
  };

  type Settled = ExecutorOutcome<unknown> extends infer O ? (O extends unknown ? Omit<O, "index"> : never) : never;
  const settle = (jobId: string, outcome: Settled, usage: UsageLine[]) => {
    const index = indexOf.get(jobId);
    if (index === undefined) return;
    indexOf.delete(jobId);
    for (const line of usage) for (const tracker of trackers) tracker.record(line.branch ?? node, line.model, line.inputTokens, line.outputTokens);
    outbox.push({ ...outcome, index } as ExecutorOutcome<unknown>);
    options.onItem?.({ step: task.step, index, key: task.keys[index] as string, jobId, worker: outcome.worker, attempts: outcome.attempts, ok: outcome.ok });
    notify();
  };
  // A failure left by another graph process (before a crash or a resume) is run again, as the
  // in-process memo keeps only successes.
  const runAgain = async (job: Job) => {
    rerun.add(job.id as string);
    if (await guard(() => queue.remove(job.id as string))) await add([indexOf.get(job.id as string) as number]);
  };
  const inspect = async (jobId: string, state: string) => {
    if (!indexOf.has(jobId)) return;
    const job = await guard(() => queue.getJob(jobId));
    if (!job || !indexOf.has(jobId)) return;
    const ours = (job.data as MapJobData).run === token || rerun.has(jobId);
    if (state === "failed") {
      if (!job.finishedOn) return; // an attempt failed and BullMQ retries it
      if (!ours) return runAgain(job);
      const message = job.failedReason || "the job failed in BullMQ";
      return settle(jobId, { ok: false, error: { name: "QueueJobFailed", message, transient: false }, attempts: job.attemptsMade, durationMs: 0, worker: job.processedBy }, (job.data as MapJobData).usage ?? []);
    }
    const reply = job.returnvalue as MapJobReply | null;
    if (!reply || reply.p !== PROTOCOL) {
      fatal ??= new QueueWorkerVersionError(options.worker, options.version ?? "", "(another protocol)", job.processedBy ?? "?");
      return notify();
    }
    if (reply.ok) return settle(jobId, { ok: true, value: reply.value, attempts: reply.attempts, durationMs: reply.durationMs, worker: reply.worker }, reply.usage);
    if (!ours) return runAgain(job);
    if ("boundary" in reply) {
      const b = reply.boundary;
      fatal ??= b.kind === "version" ? new QueueWorkerVersionError(options.worker, options.version ?? "", b.found ?? "?", reply.worker) : new QueueBoundaryError(b.kind, b.message);
      return notify();
    }
    settle(jobId, { ok: false, error: reply.error, attempts: reply.attempts, durationMs: reply.durationMs, worker: reply.worker }, reply.usage);
  };
  // An error of our own (e.g. thrown by `onItem`) fails the step instead of going unhandled.
  const follow = (jobId: string, state: string) =>
    void inspect(jobId, state).catch((error: unknown) => {
      fatal ??= error;
      notify();
    });
  events.on("completed", ({ jobId }) => follow(jobId, "completed"));
  events.on("failed", ({ jobId }) => follow(jobId, "failed"));

  // The sweep: the state of up to 500 waited-for jobs per round, round-robin, for what the events
  // missed (a graph process that started after the job finished, a reconnect, a trimmed stream).
  let cursor = 0;
  const sweep = async () => {
    const ids = [...indexOf.keys()];
    if (ids.length === 0) return;
    cursor %= ids.length;
    const batch = ids.slice(cursor, cursor + 500);
    cursor += batch.length;
    const states = await guard(() => Promise.all(batch.map((id) => queue.getJobState(id))));
    if (!states) return;
    const lost: number[] = [];
    await Promise.all(
      batch.map(async (id, i) => {
        const state = states[i];
        if (state === "completed" || state === "failed") await inspect(id, state);
        else if (state === "unknown" && indexOf.has(id)) lost.push(indexOf.get(id) as number); // removed or lost: queue it again
      }),
    );
    if (lost.length > 0) await add(lost);
  };

  const poller = (async () => {
    await guard(() => events.waitUntilReady());
    if (options.rateLimit) await guard(() => queue.setGlobalRateLimit(options.rateLimit!.max, options.rateLimit!.durationMs));
    if (options.globalConcurrency !== undefined) await guard(() => queue.setGlobalConcurrency(options.globalConcurrency!));
    for (let start = 0; start < task.pending.length && !stopped; start += options.chunkSize) {
      const chunk = task.pending.slice(start, start + options.chunkSize);
      for (const index of chunk) indexOf.set(jobIdAt(index), index);
      await add(chunk);
    }
    while (!stopped && indexOf.size > 0) {
      await sweep();
      await pause(options.pollIntervalMs ?? 1_000);
    }
  })().catch((error: unknown) => {
    fatal ??= error;
    notify();
  });

  let yielded = 0;
  let finished = false;
  try {
    while (yielded < task.pending.length) {
      task.signal?.throwIfAborted();
      if (fatal !== undefined) throw fatal;
      const next = outbox.shift();
      if (next) {
        yielded++;
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
    finished = true;
  } finally {
    stopped = true;
    stopping.abort();
    task.signal?.removeEventListener("abort", notify);
    if (!finished && !(fatal instanceof QueueUnavailableError)) await removeUnstarted(queue, [...indexOf.keys()]);
    await poller;
    await Promise.allSettled([events.close(), queue.close()]);
  }
}

// Jobs not started yet are removed (no worker will start them); running ones cannot be, and
// finish; finished ones keep their results for a resume.
async function removeUnstarted(queue: Queue, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 200) {
    await Promise.allSettled(
      ids.slice(i, i + 200).map(async (id) => {
        if (UNSTARTED.has(await queue.getJobState(id))) await queue.remove(id);
      }),
    );
  }
}

const UNSTARTED = new Set(["waiting", "delayed", "prioritized", "paused", "wait"]);

function resolveRetryData(retry: Parameters<typeof resolveRetry>[0]): JobRetry {
  const { maxAttempts, initialInterval, backoffFactor, maxInterval, jitter } = resolveRetry(retry);
  return { maxAttempts, initialInterval, backoffFactor, maxInterval, jitter };
}

function currentConfig(): LangGraphRunnableConfig | undefined {
  try {
    return getConfig() as LangGraphRunnableConfig | undefined;
  } catch {
    return undefined;
  }
}

// The run's CostTrackers: in a node, `callbacks` is LangChain's callback manager (or a plain list).
function trackersOf(config: LangGraphRunnableConfig | undefined): CostTracker[] {
  const callbacks = config?.callbacks as unknown;
  const handlers = Array.isArray(callbacks) ? callbacks : ((callbacks as { handlers?: unknown[] } | undefined)?.handlers ?? []);
  return handlers.filter((h): h is CostTracker => h instanceof CostTracker);
}
