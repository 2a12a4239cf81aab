/**
 * `startMapWorker`: a process that runs named worker functions for map steps on the queue. Start
 * as many as you like, on as many machines, against the same queue URL; each takes jobs as it has
 * room (`concurrency`), and a job whose worker dies is handed to another by BullMQ's stalled-job
 * check.
 */
import { hostname } from "node:os";
import type { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import { type Job, type Worker } from "bullmq";
import { ConfigurationError } from "../errors.js";
import type { ItemContext } from "../patterns/map-items.js";
import { backoffDelay, resolveRetry } from "../patterns/retry.js";
import { checkConcurrency } from "../patterns/task-pool.js";
import { BACKOFF_TYPE, type MapJobData, queueNameOf } from "./job-protocol.js";
import { queueBackend } from "./queue-backend.js";
import { type QueueConnection, resolveConnection } from "./queue-connection.js";
import { type MapWorkerDefinition, RetryAttempt, runJob } from "./worker-runtime.js";

export type { MapWorkerDefinition } from "./worker-runtime.js";

/** A named worker: the function itself (version none), or a {@link MapWorkerDefinition}. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each named worker takes its own item type
export type MapWorkerEntry = ((item: any, context: ItemContext) => unknown) | MapWorkerDefinition;

/** Options of {@link startMapWorker}. */
export interface MapWorkerOptions {
  /** The queue: a `redis://`, `rediss://` or `postgres://` URL, or parsed options. */
  connection: QueueConnection;
  /** The worker functions by name: the names the graph's `queueExecutor({ worker })` uses. */
  workers: Record<string, MapWorkerEntry>;
  /** Jobs run at once by this process, per worker name. Default 1. */
  concurrency?: number;
  /** This worker's id in results, progress and BullMQ (`job.processedBy`). Default `"<host>:<pid>"`. */
  id?: string;
  /** Queue name prefix; the same as the executor's. Default `"lgp"`. */
  queuePrefix?: string;
  /**
   * How long a job stays locked to this worker without renewal, ms (renewed every half of it
   * while the job runs). A worker that dies loses its jobs' locks after this long, and the
   * stalled-job check gives them to another worker. Default 30,000 (BullMQ's).
   */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs, ms. Default 30,000 (BullMQ's). */
  stalledIntervalMs?: number;
  /** Times a job may stall (its worker died) before it fails. Default 1 (BullMQ's). */
  maxStalledCount?: number;
  /**
   * Close gracefully on SIGTERM and SIGINT (running jobs finish first); a second signal closes at
   * once, without waiting for running jobs (they are given to another worker when their lock
   * expires). Default true.
   */
  handleSignals?: boolean;
  /** LangChain callbacks for the model calls the workers make (e.g. a tracer). Default none. */
  callbacks?: BaseCallbackHandler[];
}

/** A running map worker process (see {@link startMapWorker}). */
export interface MapWorker {
  /** This worker's id. */
  readonly id: string;
  /** The worker names it serves. */
  readonly names: readonly string[];
  /** Stops taking jobs and resolves once the running ones have finished. */
  close(): Promise<void>;
  /** Resolves when the worker has closed (by `close()` or a signal). */
  readonly closed: Promise<void>;
}

/**
 * Starts queue workers for the given worker functions, in this process. The same function can run
 * in-process (as the `worker` of `mapReduce`) and here; the graph sends it the item and gets back
 * what it returns (JSON), its failure, and the tokens its model calls used.
 *
 * @param options - `connection`, `workers`; `concurrency` (1), `id` (`"<host>:<pid>"`),
 *   `queuePrefix` ("lgp"), `lockDurationMs` (30,000), `stalledIntervalMs` (30,000),
 *   `maxStalledCount` (1), `handleSignals` (true), `callbacks` (none).
 * @returns The running worker, once it is connected.
 * @example
 * ```ts
 * import { startMapWorker } from "langgraph-parallel/queue";
 *
 * // worker.ts, started on any number of machines: `npx tsx worker.ts`
 * const worker = await startMapWorker({
 *   connection: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
 *   workers: { summarise: { run: async (text: string) => (await model.invoke(`Summarise: ${text}`)).text, version: "2" } },
 *   concurrency: 8,
 * });
 * console.log(`worker ${worker.id} serving ${worker.names.join(", ")}`); // SIGTERM closes it gracefully
 * ```
 */
export async function startMapWorker(options: MapWorkerOptions): Promise<MapWorker> {
  const names = Object.keys(options.workers);
  if (names.length === 0) throw new ConfigurationError("startMapWorker got no workers.", 'Pass workers: { name: async (item) => … }, with the names the graph\'s queueExecutor({ worker: "name" }) uses.');
  const concurrency = checkConcurrency(options.concurrency ?? 1);
  if (concurrency === Infinity) throw new ConfigurationError("startMapWorker's concurrency must be a whole number, not Infinity.", "Pass e.g. { concurrency: 8 }.");
  const id = options.id ?? `${hostname()}:${process.pid}`;
  const backend = queueBackend(resolveConnection(options.connection));
  const definitions = names.map((name) => {
    const entry = options.workers[name] as MapWorkerEntry;
    return { name, definition: typeof entry === "function" ? { run: entry } : entry };
  });
  const workers: Worker[] = definitions.map(({ name, definition }) =>
    backend.openWorker(
      queueNameOf(name, options.queuePrefix),
      async (job: Job, _token?: string, signal?: AbortSignal) => {
        const data = job.data as MapJobData;
        try {
          return await runJob(data, job.attemptsMade + 1, { definition, workerId: id, signal: signal ?? new AbortController().signal, callbacks: options.callbacks });
        } catch (error) {
          // Keep the tokens of the failed attempt with the job, for the reply of the last one.
          if (error instanceof RetryAttempt && error.usage.length > (data.usage?.length ?? 0)) await job.updateData({ ...data, usage: error.usage });
          throw error;
        }
      },
      {
        name: id,
        concurrency,
        // Only what was given: BullMQ reads an undefined option as a value.
        ...defined({ lockDuration: options.lockDurationMs, stalledInterval: options.stalledIntervalMs, maxStalledCount: options.maxStalledCount }),
        settings: {
          backoffStrategy: (attemptsMade: number, type?: string, error?: Error, job?: { data?: unknown }) =>
            type === BACKOFF_TYPE ? backoffDelay(attemptsMade, resolveRetry((job?.data as MapJobData | undefined)?.retry), Math.random, (error as { cause?: unknown } | undefined)?.cause ?? error) : 0,
        },
      },
    ),
  );
  // A worker whose connection drops logs nothing by itself; BullMQ reconnects. Errors are not fatal.
  for (const worker of workers) worker.on("error", () => undefined);
  await Promise.all(workers.map((w) => w.waitUntilReady()));

  let closing: Promise<void> | undefined;
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const onSignal = () => void (closing ? Promise.all(workers.map((w) => w.close(true))) : close());
  const close = () => {
    closing ??= Promise.all(workers.map((w) => w.close())).then(() => {
      if (options.handleSignals !== false) for (const s of SIGNALS) process.off(s, onSignal);
      markClosed();
    });
    return closing;
  };
  if (options.handleSignals !== false) for (const s of SIGNALS) process.on(s, onSignal);
  return { id, names, close, closed };
}

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
