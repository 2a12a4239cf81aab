/**
 * Fire-and-forget launches that run exactly once, even across a crash. A node asks the launcher to
 * start some work without waiting for it; the launch is first written to a LangGraph store (an
 * outbox), then run in the background, and its result is written back. After a crash, `recover()`
 * runs every launch that had not finished, and a node that is re-run on resume gets its existing
 * launch back (ids are derived from the task) instead of starting a second one.
 *
 * Limits: one process dispatches an outbox at a time (`recover()` restarts every unfinished record);
 * derived ids count launches per task within one launcher, so a node re-run in the same process
 * (a retry policy) should pass explicit `id`s; a launch cut off after its side effect but before
 * its result was stored runs again, so make side effects idempotent with the launch id.
 */
import type { BaseStore, LangGraphRunnableConfig } from "@langchain/langgraph";
import { ConfigurationError, LanggraphParallelError } from "../errors.js";
import { GRAPH_SIGNAL_IN_LAUNCH, isGraphSignal, outsideGraph } from "./launch-outside-graph.js";
import { backoffDelay, resolveRetry, type RetryOptions } from "./retry.js";
import { sleepWithSignal } from "./sleep.js";

/** A launch as stored in the outbox. */
export interface LaunchRecord {
  id: string;
  worker: string;
  input: unknown;
  /** `pending`: recorded, not running now (not started yet, or waiting for its next attempt). */
  status: "pending" | "running" | "done" | "failed";
  /** How many times it was started: first run, retries, and runs again after a crash. */
  attempts: number;
  result?: unknown;
  /** The last failed attempt's error: set when `failed`, and while a failed launch waits for (or runs) its next attempt. */
  error?: string;
}

/** What a worker gets besides its input. */
export interface LaunchContext {
  /** The launch's id, the same on every attempt and after a crash: use it to make side effects idempotent. */
  id: string;
  /** This attempt, from 1 (it counts retries and runs after a crash, as the record's `attempts` does). */
  attempt: number;
  /** Aborted when the launcher shuts down (its `signal` option): pass it on to `fetch` or model calls. */
  signal: AbortSignal;
}

/**
 * A worker: gets the input and a {@link LaunchContext}, returns (or resolves to) the result that is
 * stored in the record. The input and result must survive the store (JSON for SQLite/Postgres).
 */
export type LaunchWorker<Input = never, Result = unknown> = (input: Input, context: LaunchContext) => Result | Promise<Result>;

/** Workers by name, as given to {@link createLauncher}. */
export type LaunchWorkers = Record<string, LaunchWorker>;

declare const launchIdBrand: unique symbol;

/**
 * The id `launch()` returns: a string, branded with the worker's name and result type so that
 * `result(id)` is typed. Any string id (stored in state, recovered, chosen by you) still works with
 * `result()`, typed `unknown`.
 */
export type LaunchId<Worker extends string = string, Result = unknown> = string & { readonly [launchIdBrand]: { worker: Worker; result: Result } };

/**
 * The input type of a worker (`unknown` for a worker without parameters): what `launch()` accepts
 * for it. E.g. `LaunchInput<typeof notify>`.
 */
export type LaunchInput<Worker> = Worker extends (input: infer Input, ...rest: never[]) => unknown ? Input : never;

/** Options of {@link createLauncher}. */
export interface LauncherOptions<Workers extends LaunchWorkers = Record<string, LaunchWorker<unknown>>> {
  /** Where launches are recorded (SQLite for durability: `createSqlitePersistence().store`). */
  store: BaseStore;
  /** Workers by name: a recovered launch is re-run by name, so workers must be registered. Their types type the launcher. */
  workers: Workers;
  /** Outbox namespace (labels without `.`, `_`, `%`: PostgresStore rejects them). Default `["langgraph-parallel", "launches"]`. */
  namespace?: string[];
  /**
   * Retries of a failed launch, with the library's retry policy: `{ maxAttempts: 3 }` retries the
   * errors `retryOn` accepts (default `isTransientError`: 429, 5xx, timeouts, dropped
   * connections) with exponential backoff. Default `false`: one attempt, since a side effect that
   * failed half-way may not be safe to repeat. A run after a crash counts as an attempt but is
   * always made; a launch waiting between attempts is `pending`, and `recover()` continues it.
   */
  retry?: RetryOptions | false;
  /**
   * Shuts the launcher down: aborts every worker's `context.signal`, stops backoff waits, starts
   * no further attempt, and makes `launch()` and waiting `result()` calls reject with the signal's
   * reason. A launch cut off this way is not `failed`: its record stays `running` or `pending`, and
   * `recover()` in the next process runs it again. Default: never aborted.
   */
  signal?: AbortSignal;
}

/**
 * A launch failed: its worker threw, and its record says `failed`. `result(id)` rethrows the
 * worker's error message as this. (A launch that is only slow is a {@link LaunchTimeoutError}.)
 *
 * @example
 * ```ts
 * import { LaunchFailedError, createLauncher } from "langgraph-parallel";
 *
 * const launcher = createLauncher({ store, workers: { notify: () => { throw new Error("SMTP refused"); } } });
 * const id = await launcher.launch("notify", "Release 1.2 is out", { id: "release-1-2" });
 * try {
 *   await launcher.result(id);
 * } catch (e) {
 *   if (!(e instanceof LaunchFailedError)) throw e;
 *   console.error(e.message); // "Launch release-1-2 failed: SMTP refused"
 * }
 * ```
 */
export class LaunchFailedError extends LanggraphParallelError {}

/**
 * `result(id, { timeoutMs })` stopped waiting: the launch had not finished (its record is still
 * `pending` or `running`) when `timeoutMs` ran out. The launch has not failed and is not cancelled:
 * it keeps running, here or in the process that started it, and a later `result(id)` returns its
 * result. `id` and `timeoutMs` say which launch and how long was waited.
 *
 * @param id - The launch's id.
 * @param timeoutMs - How long `result()` waited, in ms.
 * @example
 * ```ts
 * import { LaunchTimeoutError, createLauncher } from "langgraph-parallel";
 *
 * const launcher = createLauncher({ store, workers: { render: (pages: number) => new Promise((r) => setTimeout(() => r(pages), 5_000)) } });
 * const id = await launcher.launch("render", 40, { id: "report-pdf" });
 * try {
 *   await launcher.result(id, { timeoutMs: 1_000 });
 * } catch (e) {
 *   if (!(e instanceof LaunchTimeoutError)) throw e;
 *   console.error(e.describe()); // "Launch report-pdf did not finish within 1000 ms. It keeps running (it has not failed): …"
 *   await launcher.result(e.id, { timeoutMs: 10_000 }); // 40, once the worker is done
 * }
 * ```
 */
export class LaunchTimeoutError extends LanggraphParallelError {
  constructor(
    readonly id: string,
    readonly timeoutMs: number,
  ) {
    super(
      `Launch ${id} did not finish within ${timeoutMs} ms.`,
      `It keeps running (it has not failed): call result("${id}") again, or with a larger timeoutMs.`,
    );
  }
}

/** Options of {@link Launcher.result}. */
export interface LaunchResultOptions {
  /** Wait for the result (default `true`); with `false`, an unfinished launch gives `undefined`. */
  wait?: boolean;
  /** How long to wait, ms (default `60000`, `Infinity` for no limit); past it, a {@link LaunchTimeoutError}. */
  timeoutMs?: number;
}

/**
 * What {@link createLauncher} returns, typed by its workers: `launch(name, input)` accepts only a
 * registered name and that worker's input type, and `result(id)` of the id it returned has the
 * worker's awaited return type.
 *
 * @typeParam Workers - The workers by name, inferred from `createLauncher({ workers })`.
 */
export interface Launcher<Workers extends LaunchWorkers = Record<string, LaunchWorker<unknown>>> {
  /**
   * Records the launch, starts it in the background, and returns its id at once. With the same id
   * twice (a node re-run on resume), the existing launch is returned and nothing new starts.
   */
  launch<Name extends keyof Workers & string>(
    worker: Name,
    input: LaunchInput<Workers[Name]>,
    options?: { id?: string; config?: LangGraphRunnableConfig },
  ): Promise<LaunchId<Name, Awaited<ReturnType<Workers[Name]>>>>;
  /** The launch's record (undefined for an unknown id). */
  get(id: string): Promise<LaunchRecord | undefined>;
  /**
   * The result: waits for it (default), or with `wait: false` returns undefined while it runs.
   * A launch running in this process is awaited (through its retries); one started by another
   * process is polled in the store every 25 ms. `timeoutMs` (default `60000`, `Infinity` for no
   * limit) bounds the wait: past it, a launch still `pending` or `running` is a
   * {@link LaunchTimeoutError} (the launch keeps running). A launch whose record says `failed` is a
   * {@link LaunchFailedError}; an unknown id a `ConfigurationError`. Typed by the worker for an id
   * that `launch()` returned; `unknown` for a plain string.
   */
  result<Result>(id: LaunchId<string, Result>, options?: LaunchResultOptions): Promise<Result>;
  result(id: string, options?: LaunchResultOptions): Promise<unknown>;
  /** Runs every launch that is recorded but not finished (call once at start-up, after a crash). */
  recover(): Promise<string[]>;
  /** Resolves when every launch started by this launcher has finished (or stopped at a shutdown). */
  idle(): Promise<void>;
}

/** The launcher as implemented: plain strings; {@link createLauncher} gives it its typed face. */
interface UntypedLauncher {
  launch(worker: string, input: unknown, options?: { id?: string; config?: LangGraphRunnableConfig }): Promise<string>;
  get(id: string): Promise<LaunchRecord | undefined>;
  result(id: string, options?: LaunchResultOptions): Promise<unknown>;
  recover(): Promise<string[]>;
  idle(): Promise<void>;
}

const NEVER_ABORTED = new AbortController().signal;

/**
 * Creates a launcher over a store. A worker runs outside the graph's task, without the node's
 * context: `interrupt()`, or a `Command` (e.g. `Command.PARENT`) thrown or returned by a worker,
 * cannot reach the graph, so the launch is `failed` at once (never retried) with an error that says
 * so; ask before launching. Aborting the graph run does not cancel its launches (they are fire and
 * forget); the launcher's own `signal` shuts it down.
 *
 * @param options - `store`, `workers` by name, `namespace` (default `["langgraph-parallel", "launches"]`),
 *   `retry` (default `false`: one attempt), `signal` (default: never aborted).
 * @returns The launcher, typed by `workers`; its `result(id, { timeoutMs })` throws
 *   {@link LaunchTimeoutError} when the launch is still running at the deadline and
 *   {@link LaunchFailedError} when it failed.
 * @throws {ConfigurationError} for an impossible `retry`.
 * @example
 * ```ts
 * import { createLauncher } from "langgraph-parallel";
 *
 * // `id` is the same when a retry or a crash runs a launch again: use it to make the side effect idempotent.
 * const notify = (text: string, { id, signal }: { id: string; signal: AbortSignal }) =>
 *   fetch("https://hooks.example.com/notify", { method: "POST", body: text, headers: { "Idempotency-Key": id }, signal }).then((r) => r.status);
 * const launcher = createLauncher({ store, workers: { notify }, retry: { maxAttempts: 3 } }); // a durable store: createSqlitePersistence().store
 * await launcher.recover(); // at start-up: finish what a crash cut off
 * builder.addNode("announce", async (s, config) => ({
 *   launched: [await launcher.launch("notify", s.summary, { config })], // returns the id at once
 * }));
 * const id = await launcher.launch("notify", "Release 1.2 is out", { id: "release-1-2" }); // outside a node: your own id
 * const status: number = await launcher.result(id); // typed by the worker; waits for it: 200
 * ```
 */
export function createLauncher<Workers extends LaunchWorkers>({
  store,
  workers,
  namespace = ["langgraph-parallel", "launches"],
  retry = false,
  signal = NEVER_ABORTED,
}: LauncherOptions<Workers>): Launcher<Workers> {
  const policy = resolveRetry(retry);
  const running = new Map<string, Promise<void>>();
  const counters = new Map<string, number>();
  const read = async (id: string) => (await store.get(namespace, id))?.value as LaunchRecord | undefined;
  const write = (record: LaunchRecord) => store.put(namespace, record.id, record as unknown as Record<string, unknown>);

  // Attempts until done, failed, or shut down. `attempts` goes on from the record, so a launch that
  // a crash cut off (mid-attempt or between attempts) continues where it was.
  const attemptAll = async ({ id, worker: name, input, attempts: before, error: lastError }: LaunchRecord) => {
    const worker = workers[name] as unknown as (input: unknown, context: LaunchContext) => unknown;
    for (let attempts = before + 1; !signal.aborted; attempts++) {
      const base = { id, worker: name, input, attempts };
      await write({ ...base, status: "running", ...(lastError === undefined ? {} : { error: lastError }) });
      let error: unknown;
      try {
        const result = await worker(input, { id, attempt: attempts, signal });
        if (!isGraphSignal(result)) return void (await write({ ...base, status: "done", result }));
        error = result; // a returned Command cannot reach the graph either
      } catch (thrown) {
        error = thrown;
      }
      if (signal.aborted) return; // shut down mid-attempt: not a failure, recover() runs it again
      const graphSignal = isGraphSignal(error);
      lastError = graphSignal ? GRAPH_SIGNAL_IN_LAUNCH : error instanceof Error ? error.message : String(error);
      if (graphSignal || attempts >= policy.maxAttempts || !policy.retryOn(error)) {
        return void (await write({ ...base, status: "failed", error: lastError }));
      }
      await write({ ...base, status: "pending", error: lastError }); // between attempts, durably
      await sleepWithSignal(backoffDelay(attempts, policy, Math.random, error), signal).catch(() => undefined);
    }
  };

  const start = (record: LaunchRecord) => {
    const work = outsideGraph(() => attemptAll(record)); // not in the node's context, even when launched from one
    running.set(record.id, work);
    work.finally(() => running.delete(record.id)).catch(() => undefined); // a store failure reaches result(id)
  };

  // A stable id for the n-th launch of a task: the same on a re-run of that task after a resume.
  const idFor = (config: LangGraphRunnableConfig | undefined, worker: string) => {
    const task = String(config?.metadata?.langgraph_checkpoint_ns ?? config?.configurable?.checkpoint_ns ?? "");
    const thread = String(config?.configurable?.thread_id ?? "");
    if (!task) throw new ConfigurationError("launch needs an id, or the node's config to derive one.", "Pass { config } from the node, or { id }.");
    const scope = `${thread}|${task}|${worker}`;
    const n = (counters.get(scope) ?? 0) + 1;
    counters.set(scope, n);
    return `${thread}:${task}:${worker}:${n}`.replace(/\./g, "_");
  };

  const launcher: UntypedLauncher = {
    async launch(worker, input, options = {}) {
      signal.throwIfAborted();
      if (!Object.hasOwn(workers, worker)) throw new ConfigurationError(`No launch worker named "${worker}".`, `Registered: ${Object.keys(workers).join(", ")}.`);
      const id = options.id ?? idFor(options.config, worker);
      const existing = await read(id);
      if (existing) return id; // launched before this crash/resume: never twice
      const record: LaunchRecord = { id, worker, input, status: "pending", attempts: 0 };
      await write(record); // the outbox entry is durable before the work starts
      start(record);
      return id;
    },
    get: read,
    async result(id, { wait = true, timeoutMs = 60_000 } = {}) {
      if (!(typeof timeoutMs === "number" && timeoutMs >= 0)) {
        throw new ConfigurationError(`timeoutMs must be a number of ms ≥ 0 (or Infinity), not ${String(timeoutMs)}.`, "Pass e.g. { timeoutMs: 60_000 }.");
      }
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const local = running.get(id);
        if (wait && local) {
          if (timeoutMs === Infinity) await local;
          else {
            // Running here: wait for it, but not past the deadline.
            let timer: NodeJS.Timeout | undefined;
            const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
            await Promise.race([local, late]).finally(() => clearTimeout(timer));
          }
        }
        const record = await read(id);
        if (!record) throw new ConfigurationError(`No launch with id "${id}".`);
        if (record.status === "done") return record.result;
        if (record.status === "failed") {
          throw new LaunchFailedError(`Launch ${id} failed${record.attempts > 1 ? ` after ${record.attempts} attempts` : ""}: ${record.error}`);
        }
        if (!wait) return undefined;
        const left = deadline - Date.now();
        if (left <= 0) throw new LaunchTimeoutError(id, timeoutMs); // still pending or running: not a failure
        await sleepWithSignal(Math.min(25, left), signal); // running elsewhere (or shut down here): poll the outbox, up to the deadline
      }
    },
    async recover() {
      signal.throwIfAborted();
      const unfinished: LaunchRecord[] = [];
      for (let offset = 0; ; offset += 100) {
        const page = await store.search(namespace, { limit: 100, offset });
        for (const item of page) {
          const record = item.value as unknown as LaunchRecord;
          if ((record.status === "pending" || record.status === "running") && !running.has(record.id)) unfinished.push(record);
        }
        if (page.length < 100) break;
      }
      for (const record of unfinished) start(record);
      return unfinished.map((r) => r.id);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running.values()]);
    },
  };
  return launcher as unknown as Launcher<Workers>;
}
