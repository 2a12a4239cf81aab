#!/usr/bin/env node
/**
 * Starts one map worker from the command line:
 *
 *     npm run worker -- --module ./my-workers.ts [--connection redis://…] [--concurrency 4] [--id name]
 *       [--queue-prefix lgp] [--lock-duration ms] [--stalled-interval ms] [--max-stalled n]
 *
 * The module exports `workers` (or a default export): the same `{ name: fn }` object the graph's
 * side names in `queueExecutor({ worker: "name" })`. The connection defaults to `QUEUE_URL`, then
 * `REDIS_URL`. The worker runs until SIGTERM or SIGINT, then finishes its running jobs and exits;
 * a second signal makes it exit at once.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigurationError, LanggraphParallelError, UsageError } from "../errors.js";
import { type MapWorkerEntry, type MapWorkerOptions, startMapWorker } from "./map-worker.js";
import { redactQueueUrl } from "./queue-connection.js";

/** What the command line asks for, before the worker module is loaded. */
export interface WorkerArgs {
  module: string;
  connection: string;
  concurrency: number;
  id?: string;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxStalledCount?: number;
  queuePrefix?: string;
}

const NUMBERS = { "--concurrency": "concurrency", "--lock-duration": "lockDurationMs", "--stalled-interval": "stalledIntervalMs", "--max-stalled": "maxStalledCount" } as const;

/**
 * Parses the worker command line.
 *
 * @param argv - The arguments after the script.
 * @param env - The environment (`QUEUE_URL`, `REDIS_URL`).
 * @returns The parsed arguments.
 * @throws {UsageError} for an unknown flag, a missing value or module, or a bad number.
 */
export function parseWorkerArgs(argv: readonly string[], env: Record<string, string | undefined>): WorkerArgs {
  const found: Partial<WorkerArgs> & Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    if (flag === "--help" || flag === "-h") throw new UsageError(USAGE);
    if (!(flag in NUMBERS) && !["--module", "--connection", "--id", "--queue-prefix"].includes(flag)) throw new UsageError(`Unknown option ${flag}.`, USAGE);
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value.`, USAGE);
    i++;
    if (flag in NUMBERS) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < (flag === "--max-stalled" ? 0 : 1)) throw new UsageError(`${flag} must be a whole number${flag === "--max-stalled" ? " ≥ 0" : " ≥ 1"}, not ${value}.`, USAGE);
      found[NUMBERS[flag as keyof typeof NUMBERS]] = n;
    } else found[flag === "--queue-prefix" ? "queuePrefix" : flag.slice(2)] = value;
  }
  if (!found.module) throw new UsageError("No worker module given.", USAGE);
  const connection = found.connection ?? env.QUEUE_URL ?? env.REDIS_URL;
  if (!connection) throw new UsageError("No queue to connect to: give --connection, or set QUEUE_URL or REDIS_URL.", USAGE);
  return { ...found, module: found.module, connection, concurrency: found.concurrency ?? 1 } as WorkerArgs;
}

const USAGE =
  "Usage: npm run worker -- --module <file exporting workers> [--connection <redis://…|rediss://…|postgres://…>] [--concurrency <n>] [--id <name>] [--queue-prefix <prefix>] [--lock-duration <ms>] [--stalled-interval <ms>] [--max-stalled <n>]";

async function main(): Promise<void> {
  const args = parseWorkerArgs(process.argv.slice(2), process.env);
  const loaded = (await import(pathToFileURL(resolve(args.module)).href)) as { workers?: Record<string, MapWorkerEntry>; default?: Record<string, MapWorkerEntry> };
  const workers = loaded.workers ?? loaded.default;
  if (!workers || typeof workers !== "object") throw new ConfigurationError(`${args.module} exports no workers.`, "Export them: export const workers = { summarise: async (text) => … };");
  // Signals are handled here: SIGTERM / SIGINT close gracefully, a second one exits at once (a
  // close can hang when the queue is unreachable; BullMQ gives the running jobs to another worker).
  const options: MapWorkerOptions = { ...args, workers, handleSignals: false };
  const worker = await startMapWorker(options);
  let signalled = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (signalled) process.exit(1);
      signalled = true;
      console.log(`worker ${worker.id}: ${signal}, finishing the running jobs (send it again to stop at once)`);
      void worker.close();
    });
  }
  console.log(`worker ${worker.id} serving ${worker.names.join(", ")} on ${redactQueueUrl(args.connection)} (concurrency ${args.concurrency})`);
  await worker.closed;
  console.log(`worker ${worker.id} closed`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error instanceof LanggraphParallelError ? error.describe() : error);
    process.exit(error instanceof LanggraphParallelError ? error.exitCode : 1);
  });
}
