/**
 * What travels between the graph process and a queue worker: the job (one item, its step and the
 * retry policy), the reply (the worker's result or failure, its id, the tokens it spent) and the
 * job ids that make a resumed graph find the jobs it had queued.
 */
import { hash } from "node:crypto";
import { ConfigurationError } from "../errors.js";

/** The protocol revision; a worker refuses jobs of another one. */
export const PROTOCOL = 1;

/** One model call's tokens, as a worker reports them back for the run's `CostTracker`. */
export interface UsageLine {
  /** The call's `metadata.branch` when the worker set one. */
  branch?: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
}

/** The retry policy as plain data (a custom `retryOn` stays with the worker). */
export interface JobRetry {
  maxAttempts: number;
  initialInterval: number;
  backoffFactor: number;
  maxInterval: number;
  jitter: boolean;
}

/** A job's data: one item of one map step. */
export interface MapJobData {
  p: number;
  /** The named worker function to run. */
  worker: string;
  /** The worker code version the graph expects. */
  version: string;
  step: string;
  index: number;
  key: string;
  label: string;
  item: unknown;
  timeoutMs: number | null;
  retry: JobRetry;
  /** The graph process's attach token: a failure left by another one is run again. */
  run: string;
  /** Tokens spent by attempts that failed and were retried. */
  usage?: UsageLine[];
}

/** A job's return value: the item's outcome, or a boundary problem that fails the step. */
export type MapJobReply = { p: number; worker: string; attempts: number; durationMs: number; usage: UsageLine[] } & (
  | { ok: true; value: unknown }
  | { ok: false; error: { name: string; message: string; transient: boolean } }
  | { ok: false; boundary: { kind: "interrupt" | "command" | "store" | "version"; message: string; found?: string } }
);

/** Backoff type name the workers compute from the job's {@link JobRetry}. */
export const BACKOFF_TYPE = "langgraph-parallel";

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/**
 * Checks a worker name: letters, digits, `-` and `_`, starting with a letter or digit.
 *
 * @param name - The name.
 * @returns The name.
 */
export function checkWorkerName(name: string): string {
  if (NAME.test(name)) return name;
  throw new ConfigurationError(`The queue worker name "${name}" is not usable.`, `Use letters, digits, "-" and "_" (e.g. "summarise"): it names the BullMQ queue the items go to.`);
}

/**
 * The BullMQ queue a named worker's items go to.
 *
 * @param worker - The worker name.
 * @param prefix - The queue name prefix. Default `"lgp"`.
 * @returns e.g. `"lgp-summarise"`.
 */
export function queueNameOf(worker: string, prefix = "lgp"): string {
  return `${prefix}-${checkWorkerName(worker)}`;
}

/**
 * A job id for one item of one step run: a hash of the run id (thread id and checkpoint
 * namespace), the step name and the item key, so that the same item of the same resumed step gets
 * the same id and BullMQ ids never contain `:`.
 *
 * @param runId - The step run (see the executor).
 * @param step - The step's name.
 * @param key - The item key.
 * @returns 32 URL-safe characters.
 */
export function jobIdOf(runId: string, step: string, key: string): string {
  // A leading letter: BullMQ refuses custom ids that look like integers.
  return `i${hash("sha256", `${runId}\0${step}\0${key}`, "base64url").slice(0, 31)}`;
}
