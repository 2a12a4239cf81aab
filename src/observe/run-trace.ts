/**
 * Records what a LangGraph run did, superstep by superstep: which nodes ran side by side, what
 * each wrote, how long each really ran, and the final state.
 *
 * Two sources: LangGraph's `debug` stream says which tasks each superstep scheduled and what they
 * wrote; a callback handler sees each task actually start and end (accurate timing) and, being
 * awaited by LangGraph, can hold the next superstep's tasks until the previous one has been shown
 * (`onSuperstep`): `--step` really pauses the run, not only the printing.
 */
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { RunnableConfig } from "@langchain/core/runnables";

/** One node execution (a LangGraph task) inside a superstep. */
export interface TaskRecord {
  /** LangGraph's task id. */
  id: string;
  /** Node name. */
  node: string;
  /** When the task started running, epoch ms (sub-ms precision). */
  startedAt: number;
  /** When it finished (absent if the run stopped first). */
  endedAt?: number;
  /** The state update it wrote, as `{ key: value }`. */
  writes?: Record<string, unknown>;
  /** Error message if the task failed. */
  error?: string;
}

/** The tasks LangGraph ran together in one superstep. */
export interface Superstep {
  /** LangGraph's step number (the first node step is 1). */
  step: number;
  /** Tasks in scheduling order. */
  tasks: TaskRecord[];
}

/** Everything `traceRun` observed. */
export interface RunTrace<State> {
  supersteps: Superstep[];
  /** Last full state emitted (the final state when the run succeeded). */
  finalState: State | undefined;
  /** Interrupts raised by `interrupt()` when the run paused for input (empty otherwise). */
  interrupts: unknown[];
  /** The error that stopped the run, if any. */
  error: unknown;
  /** Wall-clock time of the run, ms, not counting time spent paused in `onSuperstep`. */
  wallMs: number;
  /** Sum of every task's own duration, ms: what the run would take one node at a time. */
  sequentialMs: number;
}

/** Anything with LangGraph's `stream` method (a compiled graph). */
export interface StreamableGraph {
  stream(
    input: unknown,
    config: RunnableConfig & { streamMode: ("debug" | "values" | "custom")[]; subgraphs: boolean },
  ): Promise<AsyncIterable<unknown>>;
}

/** Options for {@link traceRun}. */
export interface TraceRunOptions {
  /** Extra run config (thread id, maxConcurrency, callbacks…). */
  config?: RunnableConfig;
  /**
   * Called once per finished superstep, in order. The next superstep does not start until the
   * returned promise settles (the `--step` pause lives here). If it throws, the run is aborted and
   * `traceRun` rethrows that error.
   */
  onSuperstep?: (superstep: Superstep) => void | Promise<void>;
  /** Called as each task finishes, with what it wrote (the `updates` stream, with timing). */
  onTaskResult?: (task: TaskRecord) => void;
  /** Called for every `custom` stream chunk, from the graph or any subgraph (e.g. progress events). */
  onCustom?: (chunk: unknown, namespace: string[]) => void;
}

/**
 * Runs a graph and records its supersteps. Does not throw for a failing graph: the error is
 * returned in `trace.error` next to the supersteps that completed, so a caller can show both.
 *
 * @param graph - A compiled LangGraph graph.
 * @param input - Initial state (or a `Command`).
 * @param options - Run config and callbacks.
 * @returns The run trace.
 * @throws Whatever `onSuperstep` throws (after aborting the run).
 * @example
 * ```ts
 * import { traceRun } from "langgraph-parallel";
 * import { buildFanOutGraph } from "langgraph-parallel/graphs";
 * const trace = await traceRun(buildFanOutGraph(), { state: [] });
 * trace.supersteps.map((s) => s.tasks.map((t) => t.node)); // [["a"], ["b", "c"], ["d"]]
 * trace.finalState; // { state: ["I'm A", "I'm B", "I'm C", "I'm D"] }
 * ```
 */
export async function traceRun<State = Record<string, unknown>>(
  graph: StreamableGraph,
  input: unknown,
  options: TraceRunOptions = {},
): Promise<RunTrace<State>> {
  const supersteps: Superstep[] = [];
  const tasks = new Map<string, TaskRecord>();
  const gates = new StepGates();
  const timing = new TaskTimer(gates);
  const abort = new AbortController();
  const outer = options.config?.signal;
  const signal = outer ? AbortSignal.any([outer, abort.signal]) : abort.signal;
  let finalState: State | undefined;
  const interrupts: unknown[] = [];
  let error: unknown;
  let callbackError: unknown;
  let open: Superstep | undefined;
  let pausedMs = 0;

  // Shows the finished superstep; the next one's tasks wait at their gate until this returns.
  const close = async () => {
    const done = open;
    open = undefined;
    if (!done || !options.onSuperstep || callbackError !== undefined) return;
    const pauseStart = performance.now();
    try {
      await options.onSuperstep(done);
    } catch (caught) {
      callbackError = caught;
      abort.abort(caught);
      gates.openAll();
    }
    pausedMs += performance.now() - pauseStart;
  };

  const started = performance.now();
  try {
    const callbacks = [...callbackHandlers(options.config?.callbacks), timing];
    const stream = await graph.stream(input, {
      ...options.config,
      callbacks,
      signal,
      streamMode: ["debug", "values", "custom"],
      subgraphs: true,
    });
    for await (const chunk of stream) {
      const [namespace, mode, payload] = chunk as [string[], string, unknown];
      if (mode === "custom") {
        options.onCustom?.(payload, namespace);
        continue;
      }
      if (namespace.length > 0) continue; // supersteps and state of the root graph only
      if (mode === "values") {
        const value = payload as Record<string, unknown>;
        if (value && typeof value === "object" && "__interrupt__" in value) interrupts.push(...(value.__interrupt__ as unknown[]));
        else finalState = payload as State;
        continue;
      }
      const event = payload as DebugEvent;
      if (event.type === "task") {
        if (open && open.step !== event.step) await close();
        if (!open) {
          open = { step: event.step, tasks: [] };
          supersteps.push(open);
          gates.open(event.step);
        }
        const record: TaskRecord = { id: event.payload.id, node: event.payload.name, startedAt: Date.parse(event.timestamp) };
        tasks.set(record.id, record);
        open.tasks.push(record);
      } else if (event.type === "task_result") {
        const record = tasks.get(event.payload.id);
        if (!record) continue;
        record.endedAt = Date.parse(event.timestamp);
        timing.apply(record);
        if (event.payload.error) record.error = errorMessage(event.payload.error);
        else if (!event.payload.interrupts?.length) record.writes = event.payload.result as Record<string, unknown>;
        options.onTaskResult?.(record);
      }
    }
  } catch (caught) {
    error = caught;
  }
  gates.openAll();
  await close();
  if (callbackError !== undefined) throw callbackError;
  for (const record of tasks.values()) timing.apply(record);
  const wallMs = performance.now() - started - pausedMs;
  const sequentialMs = [...tasks.values()].reduce((sum, t) => sum + ((t.endedAt ?? t.startedAt) - t.startedAt), 0);
  return { supersteps, finalState, interrupts, error, wallMs, sequentialMs };
}

/**
 * Node names of each superstep, in scheduling order.
 *
 * @param trace - A run trace (or anything with its `supersteps`).
 * @returns One list of node names per superstep.
 * @example
 * ```ts
 * import { nodesBySuperstep, traceRun } from "langgraph-parallel";
 * import { buildFanOutGraph } from "langgraph-parallel/graphs";
 * nodesBySuperstep(await traceRun(buildFanOutGraph(), { state: [] })); // [["a"], ["b", "c"], ["d"]]
 * ```
 */
export function nodesBySuperstep(trace: Pick<RunTrace<unknown>, "supersteps">): string[][] {
  return trace.supersteps.map((s) => s.tasks.map((t) => t.node));
}

// Step gates: tasks of step S wait until the stream consumer has shown step S - 1.
class StepGates {
  private readonly gates = new Map<number, { promise: Promise<void>; open: () => void }>();
  private all = false;

  private gate(step: number) {
    let gate = this.gates.get(step);
    if (!gate) {
      let open = () => undefined as void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      gate = { promise, open };
      this.gates.set(step, gate);
    }
    return gate;
  }

  wait(step: number): Promise<void> {
    return this.all ? Promise.resolve() : this.gate(step).promise;
  }

  open(step: number): void {
    this.gate(step).open();
  }

  openAll(): void {
    this.all = true;
    for (const gate of this.gates.values()) gate.open();
  }
}

// Times each root-graph task from its real start to its end, and holds it at its step's gate.
class TaskTimer extends BaseCallbackHandler {
  name = "langgraph_parallel_task_timer";
  override awaitHandlers = true;
  private root: string | undefined;
  private readonly byTask = new Map<string, { startedAt: number; endedAt?: number }>();
  private readonly runToTask = new Map<string, string>();

  constructor(private readonly gates: StepGates) {
    super();
  }

  override async handleChainStart(
    _chain: unknown,
    _inputs: unknown,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    metadata?: Record<string, unknown>,
    _runType?: string,
    name?: string,
  ): Promise<void> {
    if (parentRunId === undefined) {
      this.root ??= runId;
      return;
    }
    const step = metadata?.langgraph_step;
    if (parentRunId !== this.root || typeof step !== "number" || !name || name.startsWith("__")) return;
    await this.gates.wait(step);
    const taskId = String(metadata?.langgraph_checkpoint_ns ?? "").split(":").at(-1) ?? runId;
    this.runToTask.set(runId, taskId);
    this.byTask.set(taskId, { startedAt: now() });
  }

  override async handleChainEnd(_outputs: unknown, runId: string): Promise<void> {
    this.finish(runId);
  }

  override async handleChainError(_error: unknown, runId: string): Promise<void> {
    this.finish(runId);
  }

  private finish(runId: string): void {
    const taskId = this.runToTask.get(runId);
    const timing = taskId ? this.byTask.get(taskId) : undefined;
    if (timing && timing.endedAt === undefined) timing.endedAt = now();
  }

  // Replace the stream's scheduling timestamps with the measured start and end.
  apply(record: TaskRecord): void {
    const timing = this.byTask.get(record.id);
    if (!timing) return;
    record.startedAt = timing.startedAt;
    if (timing.endedAt !== undefined) record.endedAt = timing.endedAt;
  }
}

const now = () => performance.timeOrigin + performance.now();

/**
 * The handlers of a run config's `callbacks`, whether it holds an array or a callback manager, so
 * another handler can be appended without dropping the caller's.
 *
 * @param callbacks - `config.callbacks`.
 * @returns The handlers (empty when there are none).
 * @example
 * ```ts
 * import { callbackHandlers, CostTracker } from "langgraph-parallel";
 * const withCosts = { ...runConfig, callbacks: [...callbackHandlers(runConfig.callbacks), new CostTracker()] };
 * ```
 */
export function callbackHandlers(callbacks: RunnableConfig["callbacks"]): BaseCallbackHandler[] {
  if (!callbacks) return [];
  if (Array.isArray(callbacks)) return callbacks as BaseCallbackHandler[];
  return (callbacks as { handlers?: BaseCallbackHandler[] }).handlers ?? [];
}

interface DebugEvent {
  step: number;
  type: "task" | "task_result" | "checkpoint";
  timestamp: string;
  payload: { id: string; name: string; result?: unknown; error?: unknown; interrupts?: unknown[] };
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) return String(error.message);
  return String(error);
}
