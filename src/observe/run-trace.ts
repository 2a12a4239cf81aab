/**
 * Records what a LangGraph run did, superstep by superstep: which nodes ran side by side, what
 * each wrote, how long each took, and the final state. Built on LangGraph's `debug` stream
 * (task start / task result events carry the step number and a timestamp) and `values` stream.
 */
import type { RunnableConfig } from "@langchain/core/runnables";

/** One node execution (a LangGraph task) inside a superstep. */
export interface TaskRecord {
  /** LangGraph's task id. */
  id: string;
  /** Node name. */
  node: string;
  /** Epoch ms when the task started. */
  startedAt: number;
  /** Epoch ms when it finished (absent if the run stopped first). */
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
  /** The error that stopped the run, if any. */
  error: unknown;
  /** Wall-clock time of the whole run, ms. */
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
  /** Called once per finished superstep, in order; awaited (the `--step` pause lives here). */
  onSuperstep?: (superstep: Superstep) => void | Promise<void>;
  /** Called as each task finishes, with what it wrote (the `updates` stream, with timing). */
  onTaskResult?: (task: TaskRecord) => void;
  /** Called for every `custom` stream chunk, from the graph or any subgraph (e.g. progress events). */
  onCustom?: (chunk: unknown, namespace: string[]) => void;
}

/**
 * Runs a graph and records its supersteps. Never throws for a failing graph: the error is
 * returned in `trace.error` alongside the supersteps that completed, so a caller can show both.
 *
 * @param graph - A compiled LangGraph graph.
 * @param input - Initial state (or a `Command`).
 * @param options - Run config and a per-superstep callback.
 * @returns The run trace.
 * @example
 * ```ts
 * const trace = await traceRun(graph, { state: [] });
 * trace.supersteps.map((s) => s.tasks.map((t) => t.node)); // [["a"], ["b", "c"], ["d"]]
 * ```
 */
export async function traceRun<State = Record<string, unknown>>(
  graph: StreamableGraph,
  input: unknown,
  options: TraceRunOptions = {},
): Promise<RunTrace<State>> {
  const supersteps: Superstep[] = [];
  const tasks = new Map<string, TaskRecord>();
  let finalState: State | undefined;
  let error: unknown;
  let open: Superstep | undefined;
  const close = async () => {
    if (open) await options.onSuperstep?.(open);
    open = undefined;
  };
  const started = performance.now();
  try {
    const stream = await graph.stream(input, { ...options.config, streamMode: ["debug", "values", "custom"], subgraphs: true });
    for await (const chunk of stream) {
      const [namespace, mode, payload] = chunk as [string[], string, unknown];
      if (mode === "custom") {
        options.onCustom?.(payload, namespace);
        continue;
      }
      if (namespace.length > 0) continue; // supersteps and state of the root graph only
      if (mode === "values") {
        finalState = payload as State;
        continue;
      }
      const event = payload as DebugEvent;
      if (event.type === "task") {
        if (open && open.step !== event.step) await close();
        if (!open) {
          open = { step: event.step, tasks: [] };
          supersteps.push(open);
        }
        const record: TaskRecord = { id: event.payload.id, node: event.payload.name, startedAt: Date.parse(event.timestamp) };
        tasks.set(record.id, record);
        open.tasks.push(record);
      } else if (event.type === "task_result") {
        const record = tasks.get(event.payload.id);
        if (!record) continue;
        record.endedAt = Date.parse(event.timestamp);
        if (event.payload.error) record.error = errorMessage(event.payload.error);
        else record.writes = event.payload.result as Record<string, unknown>;
        options.onTaskResult?.(record);
      }
    }
  } catch (caught) {
    error = caught;
  }
  await close();
  const wallMs = performance.now() - started;
  const sequentialMs = [...tasks.values()].reduce((sum, t) => sum + ((t.endedAt ?? t.startedAt) - t.startedAt), 0);
  return { supersteps, finalState, error, wallMs, sequentialMs };
}

/**
 * Node names of each superstep, in scheduling order.
 *
 * @param trace - A run trace (or anything with its `supersteps`).
 * @returns One list of node names per superstep.
 * @example
 * ```ts
 * nodesBySuperstep(await traceRun(buildFanOutGraph(), { state: [] })); // [["a"], ["b", "c"], ["d"]]
 * ```
 */
export function nodesBySuperstep(trace: Pick<RunTrace<unknown>, "supersteps">): string[][] {
  return trace.supersteps.map((s) => s.tasks.map((t) => t.node));
}

interface DebugEvent {
  step: number;
  type: "task" | "task_result" | "checkpoint";
  timestamp: string;
  payload: { id: string; name: string; result?: unknown; error?: unknown };
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) return String(error.message);
  return String(error);
}
