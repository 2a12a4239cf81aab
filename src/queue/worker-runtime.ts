/**
 * Runs one job in a queue worker: the named worker function, with the same `ItemContext` as in
 * the graph process, its per-attempt timeout, the retry decision, the token usage of its model
 * calls, and one clear error for each graph-process feature that does not exist here.
 */
import { BaseCallbackHandler, type BaseCallbackHandlerInput } from "@langchain/core/callbacks/base";
import type { AIMessage } from "@langchain/core/messages";
import type { LLMResult } from "@langchain/core/outputs";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { isCommand, isGraphBubbleUp, isGraphInterrupt } from "@langchain/langgraph";
import type { ItemContext } from "../patterns/map-items.js";
import { isTransientError } from "../patterns/retry.js";
import { withTimeout } from "../patterns/timeout.js";
import { type MapJobData, type MapJobReply, PROTOCOL, type UsageLine } from "./job-protocol.js";
import { QueueBoundaryError } from "./queue-errors.js";

/** A worker function as registered: the function, its code version and its retry test. */
export interface MapWorkerDefinition {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each named worker takes its own item type
  run: (item: any, context: ItemContext) => unknown;
  /** Must equal the `version` the graph's `queueExecutor` gives. Default `""` (none). */
  version?: string;
  /** Which errors are retried (the graph's `retryOn` cannot cross). Default `isTransientError`. */
  retryOn?: (error: unknown) => boolean;
}

/** Thrown by {@link runJob} when the attempt should be retried by BullMQ. */
export class RetryAttempt extends Error {
  constructor(
    readonly original: unknown,
    readonly usage: UsageLine[],
  ) {
    super(original instanceof Error ? original.message : String(original), { cause: original });
    this.name = original instanceof Error ? original.name : "Error";
  }
}

/** Collects the usage of the model calls made while a job runs. */
class UsageCollector extends BaseCallbackHandler {
  name = "langgraph-parallel-queue-usage";
  readonly lines: UsageLine[] = [];
  private readonly branches = new Map<string, string | undefined>();

  constructor(input?: BaseCallbackHandlerInput) {
    super(input);
  }

  override async handleChatModelStart(_llm: unknown, _messages: unknown, runId: string, _parent?: string, _extra?: unknown, _tags?: string[], metadata?: Record<string, unknown>): Promise<void> {
    this.branches.set(runId, metadata?.branch === undefined ? undefined : String(metadata.branch));
  }

  override async handleLLMStart(_llm: unknown, _prompts: string[], runId: string, _parent?: string, _extra?: unknown, _tags?: string[], metadata?: Record<string, unknown>): Promise<void> {
    this.branches.set(runId, metadata?.branch === undefined ? undefined : String(metadata.branch));
  }

  override async handleLLMEnd(output: LLMResult, runId: string): Promise<void> {
    const branch = this.branches.get(runId);
    this.branches.delete(runId);
    const message = (output.generations[0]?.[0] as { message?: AIMessage } | undefined)?.message;
    const model = String(message?.response_metadata?.model_name ?? output.llmOutput?.model_name ?? "unknown");
    const usage = message?.usage_metadata;
    this.lines.push({ ...(branch === undefined ? {} : { branch }), model, inputTokens: usage?.input_tokens ?? 0, outputTokens: usage?.output_tokens ?? 0 });
  }
}

// `config.store` / `getStore()` inside a queue worker: every use is one clear error.
function boundaryStore(what: string): unknown {
  return new Proxy(
    {},
    {
      get(_target, property) {
        if (property === "then" || typeof property === "symbol") return undefined;
        throw new QueueBoundaryError("store", `${what} used the graph's store (config.store / getStore()), which does not exist on a queue worker.`, STORE_HINT);
      },
    },
  );
}

const STORE_HINT = "Read what the item needs from the store before the map step and put it in the item, or open your own store (e.g. a PostgresStore on the same DATABASE_URL) in the worker.";
const INTERRUPT_HINT = "Ask the human in a node of its own before or after the map step, or run this step in-process (without the executor), where context.interrupt works.";
const COMMAND_HINT = "Return plain data from the worker and build the Command in reduce (or in a node after the map step).";

/** What the job's worker needs beside the job. */
export interface JobRuntime {
  definition: MapWorkerDefinition;
  /** This worker's id, reported with each result. */
  workerId: string;
  /** Aborts when the worker shuts down. */
  signal: AbortSignal;
  /** Callbacks of the worker process (e.g. tracing), added to the usage collector. */
  callbacks?: BaseCallbackHandler[];
}

/**
 * Runs one attempt of a job; resolves with the reply (a success, a final failure, or a boundary
 * problem) or throws a {@link RetryAttempt} for BullMQ to retry with backoff.
 *
 * @param data - The job's data.
 * @param attempt - 1 for the first attempt.
 * @param runtime - The worker definition and this worker's id and signal.
 * @returns The reply stored as the job's return value.
 */
export async function runJob(data: MapJobData, attempt: number, runtime: JobRuntime): Promise<MapJobReply> {
  const { definition, workerId } = runtime;
  const started = performance.now();
  const usage = new UsageCollector();
  const base = { p: PROTOCOL, worker: workerId, attempts: attempt };
  const spent = () => [...(data.usage ?? []), ...usage.lines];
  const reply = <R extends object>(rest: R) => ({ ...base, durationMs: performance.now() - started, usage: spent(), ...rest }) as unknown as MapJobReply;
  const version = definition.version ?? "";
  if (data.p !== PROTOCOL || data.version !== version) {
    return reply({ ok: false, boundary: { kind: "version", message: `worker version ${version || "(none)"}, protocol ${PROTOCOL}`, found: version } });
  }
  const what = `${data.step}: ${data.label} (on queue worker ${workerId})`;
  const context: ItemContext = {
    index: data.index,
    attempt,
    signal: runtime.signal,
    interrupt: () => Promise.reject(new QueueBoundaryError("interrupt", `${what} called context.interrupt, which cannot reach the graph from a queue worker.`, INTERRUPT_HINT)),
  };
  // The worker's model calls see the usage collector (and the worker's own callbacks) as the run's callbacks.
  const config = { callbacks: [usage, ...(runtime.callbacks ?? [])], store: boundaryStore(what), configurable: {} };
  try {
    const value = await AsyncLocalStorageProviderSingleton.runWithConfig(config, () =>
      withTimeout(async (signal) => definition.run(data.item, { ...context, signal }), data.timeoutMs ?? undefined, runtime.signal),
    );
    if (isCommand(value)) return reply({ ok: false, boundary: { kind: "command", message: `${what} returned a Command, which cannot reach the graph from a queue worker. ${COMMAND_HINT}` } });
    return reply({ ok: true, value });
  } catch (error) {
    const boundary = boundaryOf(error, what);
    if (boundary) return reply({ ok: false, boundary });
    const retryOn = definition.retryOn ?? isTransientError;
    if (attempt < data.retry.maxAttempts && !runtime.signal.aborted && retryOn(error)) throw new RetryAttempt(error, spent());
    return reply({ ok: false, error: { name: error instanceof Error ? error.name : "Error", message: error instanceof Error ? error.message : String(error), transient: isTransientError(error) } });
  }
}

function boundaryOf(error: unknown, what: string): { kind: "interrupt" | "command" | "store"; message: string } | undefined {
  if (error instanceof QueueBoundaryError && error.kind !== "version") return { kind: error.kind, message: `${error.message} ${error.hint ?? ""}`.trim() };
  const e = error as { message?: unknown; lc_error_code?: unknown } | null;
  // LangGraph's interrupt() outside a graph task: no config, or no checkpointer in it.
  if (isGraphInterrupt(error) || e?.lc_error_code === "MISSING_CHECKPOINTER" || e?.message === "Called interrupt() outside the context of a graph.") {
    return { kind: "interrupt", message: `${what} called LangGraph's interrupt(), which cannot reach the graph from a queue worker. ${INTERRUPT_HINT}` };
  }
  if (typeof error === "object" && error !== null && isGraphBubbleUp(error)) {
    return { kind: "command", message: `${what} raised a LangGraph Command (e.g. Command.PARENT), which cannot reach the graph from a queue worker. ${COMMAND_HINT}` };
  }
  return undefined;
}
