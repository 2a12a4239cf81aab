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
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { ConfigurationError, LanggraphParallelError } from "../errors.js";
import { GRAPH_SIGNAL_IN_LAUNCH, isGraphSignal, outsideGraph } from "./launch-outside-graph.js";
import type { LaunchContext, Launcher, LauncherOptions, LaunchRecord, LaunchResultOptions, LaunchWorkers } from "./launch-types.js";
import { backoffDelay, warnRetry, resolveRetry } from "./retry.js";
import { sleepWithSignal } from "./sleep.js";

export type {
  LaunchContext,
  LaunchId,
  LaunchInput,
  LaunchRecord,
  LaunchResultOptions,
  LaunchWorker,
  LaunchWorkers,
  Launcher,
  LauncherOptions,
} from "./launch-types.js";

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
      const delay = backoffDelay(attempts, policy, Math.random, error);
      warnRetry(policy, attempts, delay, error);
      await sleepWithSignal(delay, signal).catch(() => undefined);
    }
  };

  // Waits for a launch running here, at most `ms` (undefined: no limit); shutting down ends the wait.
  const waitForLocal = async (work: Promise<unknown>, ms: number | undefined) => {
    signal.throwIfAborted();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<void>((resolve, reject) => {
      if (ms !== undefined) timer = setTimeout(resolve, ms);
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      await Promise.race([work, stop]);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort!);
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
        // Running here: wait for it, but not past the deadline, and not past a shutdown.
        if (wait && local) await waitForLocal(local, timeoutMs === Infinity ? undefined : Math.max(0, deadline - Date.now()));
        const record = await read(id);
        if (!record) throw new ConfigurationError(`No launch with id "${id}".`, "Use the id launch() returned (or a record's id from get / recover); ids are per store and namespace.");
        if (record.status === "done") return record.result;
        if (record.status === "failed") {
          throw new LaunchFailedError(
            `Launch ${id} failed${record.attempts > 1 ? ` after ${record.attempts} attempts` : ""}: ${record.error}`,
            "Fix the worker or its input, then launch again with a new id; the failed record stays in the outbox.",
          );
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
