/**
 * Queue workers as child processes, for lesson 9: each one is the worker CLI
 * (`src/queue/worker-cli.ts`, what `npm run worker` runs) serving a worker module, started with
 * `node --import tsx` from the repository, ready once it prints that it is serving.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = fileURLToPath(new URL("../queue/worker-cli.ts", import.meta.url));

/** How to start one worker process. */
export interface WorkerProcessOptions {
  /** Its id (`--id`), reported with each item it runs. */
  id: string;
  /** The worker module (exports `workers`), a path from the repository root. */
  module: string;
  /** The queue URL (`--connection`). */
  connection: string;
  /** `--queue-prefix`. */
  queuePrefix: string;
  /** Jobs at once (`--concurrency`). */
  concurrency: number;
  /** `--lock-duration`, ms. */
  lockDurationMs: number;
  /** `--stalled-interval`, ms. */
  stalledIntervalMs: number;
  /** Extra environment for the worker module. */
  env?: Record<string, string>;
}

/** A worker process this process started. */
export interface WorkerProcess {
  readonly id: string;
  /** The command a user would type to start the same worker. */
  readonly command: string;
  /** Resolves once it serves its workers; rejects if it exits first. */
  readonly ready: Promise<void>;
  /** Resolves when it has exited, with its exit code or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it printed. */
  output(): string;
  /** Sends it a signal (SIGTERM: finish running jobs and exit; SIGKILL: die at once). */
  kill(signal: NodeJS.Signals): void;
}

/**
 * Starts the worker CLI in a child process.
 *
 * @param options - Id, worker module, queue URL and prefix, concurrency, lock and stalled-check intervals.
 * @returns The process; await `ready` before counting on it.
 * @example
 * ```ts
 * const worker = startWorkerProcess({ id: "worker-a", module: "src/graphs/passage-digest-workers.ts", connection: "redis://127.0.0.1:6379", queuePrefix: "lgp", concurrency: 4, lockDurationMs: 1000, stalledIntervalMs: 500 });
 * await worker.ready;
 * worker.kill("SIGTERM");
 * await worker.exited;
 * ```
 */
export function startWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  const args = [
    "--module", options.module,
    "--connection", options.connection,
    "--queue-prefix", options.queuePrefix,
    "--id", options.id,
    "--concurrency", String(options.concurrency),
    "--lock-duration", String(options.lockDurationMs),
    "--stalled-interval", String(options.stalledIntervalMs),
  ];
  const proc = spawn(process.execPath, ["--import=tsx", CLI, ...args], { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  proc.stdout.on("data", (d: Buffer) => (text += d));
  proc.stderr.on("data", (d: Buffer) => (text += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));
  const ready = (async () => {
    let gone = false;
    void exited.then(() => (gone = true));
    while (!text.includes(`worker ${options.id} serving`)) {
      if (gone) throw new Error(`worker ${options.id} exited before it was ready:\n${text}`);
      await sleep(20);
    }
  })();
  ready.catch(() => undefined); // the caller awaits it; an early exit must not be an unhandled rejection
  return {
    id: options.id,
    command: `npm run worker -- ${args.join(" ")}`,
    ready,
    exited,
    output: () => text,
    kill: (signal) => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
  };
}
