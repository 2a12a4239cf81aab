/**
 * Records what a LangGraph run did, superstep by superstep: which nodes ran side by side, what
 * each read and wrote, the state the reducers made of those writes, how long each task really
 * ran, and the final state; tasks inside sub-graphs are reported with their namespace.
 *
 * Two sources: LangGraph's `debug` stream says which tasks each superstep scheduled (with their
 * input, and whether a `Send` started them) and what they wrote, and its `values` stream gives the
 * state after each superstep; a callback handler sees each task actually start and end (accurate timing) and, being
 * awaited by LangGraph, can hold the next superstep's tasks until the previous one has been shown
 * (`onSuperstep`): `--step` really pauses the run, not only the printing.
 */
import type { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { RunnableConfig } from "@langchain/core/runnables";
import { StepGates, TaskTimer } from "./step-gates.js";

/** One node execution (a LangGraph task) inside a superstep. */
export interface TaskRecord {
  /** LangGraph's task id. */
  id: string;
  /** Node name. */
  node: string;
  /**
   * What the task read: the graph state as the superstep began or, for a task started by a
   * `Send`, the Send's argument.
   */
  input?: unknown;
  /** True when a `Send` started the task (its `input` is then the Send's argument). */
  viaSend?: boolean;
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
  /**
   * The whole state after this superstep's writes went through the reducers (the `values`
   * stream); absent when they were not applied (a task failed, an update was refused, or the run
   * paused at an interrupt inside the superstep).
   */
  state?: Record<string, unknown>;
}

/** A task that ran inside a sub-graph: a compiled graph used as a node, or invoked from one. */
export interface SubgraphTaskRecord {
  /**
   * LangGraph's namespace of the sub-graph run, outermost first, e.g.
   * `["conduct_interview:<task id>"]`: the node and task of the root graph it runs in.
   */
  namespace: string[];
  /** LangGraph's task id (unique within the sub-graph run). */
  id: string;
  /** Node name inside the sub-graph. */
  node: string;
  /** What the task read (the sub-graph's state, or its Send's argument). */
  input?: unknown;
  /** The state update it wrote. */
  writes?: Record<string, unknown>;
  /** Error message if the task failed. */
  error?: string;
  /** The root-graph task the sub-graph runs in (its `input` says what that task was given). */
  parent?: TaskRecord;
}

/** Everything `traceRun` observed. */
export interface RunTrace<State> {
  supersteps: Superstep[];
  /** Last full state emitted (the final state when the run succeeded). */
  finalState: State | undefined;
  /** Interrupts raised by `interrupt()` when the run paused for input (empty otherwise). */
  interrupts: unknown[];
  /**
   * True when the run stopped to wait: at an `interrupt()` (see `interrupts`) or at a static
   * breakpoint (`interruptBefore` / `interruptAfter`: `interrupts` is then empty, and
   * `graph.getState(config).next` says which nodes run on resume).
   */
  paused: boolean;
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
  /** Called as each task finishes, with what it read and wrote (the `updates` stream, with timing). */
  onTaskResult?: (task: TaskRecord) => void;
  /**
   * Called as each task inside a sub-graph finishes, at any depth, with its namespace and the
   * root-graph task it runs in: a sub-graph's steps as they happen (e.g. each turn of an
   * interview), several sub-graphs running at once told apart by their namespace.
   */
  onSubgraphTaskResult?: (task: SubgraphTaskRecord) => void;
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
  let paused = false;
  const nested = new SubgraphTasks(tasks, (task) => options.onSubgraphTaskResult?.(task));
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
      if (namespace.length > 0) {
        if (mode === "debug" && options.onSubgraphTaskResult) nested.see(namespace, payload as DebugEvent);
        continue; // supersteps and state of the root graph only
      }
      if (mode === "values") {
        const value = payload as Record<string, unknown>;
        if (value && typeof value === "object" && "__interrupt__" in value) {
          paused = true;
          interrupts.push(...(value.__interrupt__ as unknown[]));
        } else {
          finalState = payload as State;
          // Emitted once the superstep's writes are applied: what the reducers made of them.
          if (open && open.state === undefined) open.state = value;
        }
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
        const record = taskRecord(event);
        tasks.set(record.id, record);
        open.tasks.push(record);
      } else if (event.type === "task_result") {
        const record = tasks.get(event.payload.id);
        if (!record) continue;
        record.endedAt = Date.parse(event.timestamp);
        timing.apply(record);
        finishRecord(record, event);
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
  return { supersteps, finalState, interrupts, paused, error, wallMs, sequentialMs };
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
  payload: {
    id: string;
    name: string;
    input?: unknown;
    triggers?: string[];
    result?: unknown;
    error?: unknown;
    interrupts?: unknown[];
  };
}

// LangGraph marks a task started by a Send with this trigger (the Send's argument is its input).
const PUSH_TRIGGER = "__pregel_push";

function taskRecord(event: DebugEvent): TaskRecord {
  const { id, name, input, triggers } = event.payload;
  return { id, node: name, input, viaSend: triggers?.includes(PUSH_TRIGGER) ?? false, startedAt: Date.parse(event.timestamp) };
}

// What a task_result says: the error, or the writes (none when the task paused at an interrupt).
function finishRecord(record: { writes?: Record<string, unknown>; error?: string }, event: DebugEvent): void {
  if (event.payload.error) record.error = errorMessage(event.payload.error);
  else if (!event.payload.interrupts?.length) record.writes = event.payload.result as Record<string, unknown>;
}

// Tasks of sub-graph runs, keyed by namespace and id, reported when they finish.
class SubgraphTasks {
  private readonly open = new Map<string, SubgraphTaskRecord>();

  constructor(
    private readonly roots: ReadonlyMap<string, TaskRecord>,
    private readonly report: (task: SubgraphTaskRecord) => void,
  ) {}

  see(namespace: string[], event: DebugEvent): void {
    const key = `${namespace.join("|")}|${event.payload.id}`;
    if (event.type === "task") {
      // The outermost part is "<root node>:<root task id>".
      const rootTask = namespace[0]!.slice(namespace[0]!.lastIndexOf(":") + 1);
      const { id, name, input } = event.payload;
      this.open.set(key, { namespace, id, node: name, input, parent: this.roots.get(rootTask) });
    } else if (event.type === "task_result") {
      const record = this.open.get(key);
      if (!record) return;
      this.open.delete(key);
      finishRecord(record, event);
      this.report(record);
    }
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) return String(error.message);
  return String(error);
}
