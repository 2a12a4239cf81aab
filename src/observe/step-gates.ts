/**
 * The `--step` machinery of {@link traceRun}: step gates that hold the tasks of superstep S until
 * the stream consumer has shown superstep S - 1, and a callback handler that times each root-graph
 * task from its real start to its end (the stream's timestamps are scheduling times).
 */
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { TaskRecord } from "./run-trace.js";

// Step gates: tasks of step S wait until the stream consumer has shown step S - 1.
export class StepGates {
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
export class TaskTimer extends BaseCallbackHandler {
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
