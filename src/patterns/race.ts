/**
 * `race`: run several workflows (graphs, runnables or functions) on the same input at once, and
 * decide when to stop:
 *   - `"settled"`: wait for all; failures come back as error values next to the successes;
 *   - `"any"`: the first success wins; the others are cancelled through their AbortSignal;
 *   - `quorum(k)`: the first k successes win; the rest are cancelled.
 * Cancelled workflows stop consuming: their signal aborts, and LangGraph graphs and our offline
 * model honour it. Cancelling the race itself (`options.signal`) aborts them all and rejects with
 * the signal's reason, like `fetch`.
 *
 * LangGraph's signals: a contestant cannot pause for human input. A race is decided by timing,
 * and LangGraph numbers the interrupts of one task (the node that runs the race) by call order,
 * so on resume an answer could not reach the contestant that asked. An `interrupt()` in a
 * contestant cancels the others and the race rejects with a {@link RaceInterruptError}. Any other
 * `GraphBubbleUp` (a `ParentCommand` from a contestant that is a graph) cancels the others and is
 * rethrown as it is, for LangGraph to follow.
 */
import { setMaxListeners } from "node:events";
import type { Runnable } from "@langchain/core/runnables";
import { isGraphInterrupt } from "@langchain/langgraph";
import { ConfigurationError, LanggraphParallelError } from "../errors.js";
import type { BranchOptions } from "./branch-options.js";
import { isLangGraphSignal } from "./graph-signals.js";
import { resolveRetry, RetryExhausted, retrying } from "./retry.js";
import { withTimeout } from "./timeout.js";

/** A workflow: a function of the input and a signal, or a runnable / compiled graph. */
export type Workflow<Input, Output> = ((input: Input, options: { signal: AbortSignal }) => Output | Promise<Output>) | Runnable<Input, Output>;

/** One workflow's outcome. */
export type WorkflowOutcome<Output> =
  | { name: string; status: "fulfilled"; value: Output }
  | { name: string; status: "rejected"; error: { name: string; message: string; status?: number; code?: string } }
  | { name: string; status: "cancelled" };

/** How many successes end the race. */
export type RaceMode = "settled" | "any" | { quorum: number };

/**
 * Quorum mode: stop after `k` successes.
 *
 * @param k - Successes needed (≥ 1).
 * @returns The mode.
 * @example
 * ```ts
 * import { quorum, race } from "langgraph-parallel";
 *
 * const checker = (style: string) => async (claim: string, { signal }: { signal: AbortSignal }) =>
 *   (await model.invoke(`${style} True or false: ${claim}`, { signal })).text;
 * const outcomes = await race({ strict: checker("Be strict."), lenient: checker("Be lenient."), sceptic: checker("Be sceptical.") },
 *   "Water boils at 100 °C at sea level.", { mode: quorum(2) });
 * // decided at two answers ("fulfilled"); a checker still running then is "cancelled"
 * ```
 */
export const quorum = (k: number): RaceMode => ({ quorum: k });

/**
 * Not enough workflows succeeded for the mode; every outcome is attached.
 *
 * @example
 * ```ts
 * import { RaceFailedError, race } from "langgraph-parallel";
 *
 * const down = async (): Promise<string> => { throw Object.assign(new Error("Service Unavailable"), { status: 503 }); };
 * try {
 *   await race({ primary: down, backup: down }, "Is 1009 prime?", { mode: "any" });
 * } catch (e) {
 *   if (!(e instanceof RaceFailedError)) throw e;
 *   console.error(e.outcomes.map((o) => o.status)); // ["rejected", "rejected"]
 * }
 * ```
 */
export class RaceFailedError<Output = unknown> extends LanggraphParallelError {
  constructor(
    readonly needed: number,
    readonly outcomes: WorkflowOutcome<Output>[],
  ) {
    const failed = outcomes.filter((o) => o.status === "rejected") as Extract<WorkflowOutcome<Output>, { status: "rejected" }>[];
    super(
      `Only ${outcomes.filter((o) => o.status === "fulfilled").length} of ${outcomes.length} workflows succeeded; ${needed} needed. ` +
        failed.map((f) => `${f.name}: ${f.error.message}`).join("; "),
      "Look at the failures above, or lower the quorum.",
    );
  }
}

/**
 * A race contestant called LangGraph's `interrupt()`. A race is decided by timing and cannot
 * pause for human input: the other contestants were cancelled, and `cause` holds the
 * `GraphInterrupt` (its `interrupts` carry the question that was asked).
 *
 * @example
 * ```ts
 * import { interrupt } from "@langchain/langgraph";
 * import { RaceInterruptError, race } from "langgraph-parallel";
 *
 * const careful = async (claim: string) => String(interrupt({ question: `Is "${claim}" true?` }));
 * const quick = async (claim: string, { signal }: { signal: AbortSignal }) => (await model.invoke(`True or false: ${claim}`, { signal })).text;
 * builder.addNode("check", async (state: { claim: string }) => {
 *   try {
 *     return { verdicts: await race({ careful, quick }, state.claim, { mode: "any" }) };
 *   } catch (e) {
 *     if (e instanceof RaceInterruptError) console.error(e.contestant, e.describe()); // "careful" 'race contestant "careful" called interrupt() …'
 *     throw e;
 *   }
 * });
 * ```
 */
export class RaceInterruptError extends ConfigurationError {
  constructor(
    readonly contestant: string,
    cause: unknown,
  ) {
    super(
      `race contestant "${contestant}" called interrupt(): a race is decided by timing and cannot pause for human input, so the other contestants were cancelled.`,
      "Ask before the race, in an earlier node (call interrupt() there and pass the answer in the race's input), or make the contestant a node of its own.",
      { cause },
    );
  }
}

/**
 * Runs every workflow on `input` at once and returns according to `mode`.
 *
 * @param workflows - Workflows by name (their order is the order of the outcomes).
 * @param input - What every workflow receives.
 * @param options - `mode` (default `"settled"`), `signal` to cancel everything (default none), and
 *   per workflow `retry` (default none: a race is usually its own fallback) and `timeoutMs`
 *   (default none).
 * @returns All outcomes, in workflow order: fulfilled, rejected, or cancelled (lost the race).
 * @throws {RaceFailedError} in `any`/quorum mode when too few workflows can still succeed (never in
 *   `settled` mode, where failures are outcomes).
 * @throws {RaceInterruptError} when a workflow calls LangGraph's `interrupt()` before the race is
 *   decided, in every mode; the others are cancelled and nothing is retried.
 * @throws LangGraph's other signals (a `ParentCommand`, any `GraphBubbleUp`) as they are, when a
 *   workflow raises one before the race is decided; the others are cancelled first.
 * @throws `signal.reason`, as it is (an `AbortError` `DOMException` for a plain `abort()`, and a
 *   reason that is not an `Error` is not wrapped), when `signal` aborts before the race is decided,
 *   in every mode: each workflow's signal aborts with that reason, and the race rejects at once
 *   without waiting for them to stop. Already aborted at the call: rejects without starting any.
 * @example
 * ```ts
 * import { race } from "langgraph-parallel";
 *
 * const ask = (style: string) => async (question: string, { signal }: { signal: AbortSignal }) =>
 *   (await model.invoke(`${style}\n${question}`, { signal })).text;
 * const outcomes = await race({ fast: ask("Answer in one word."), careful: ask("Think step by step.") }, "Is 1009 prime?", { mode: "any" });
 * const winner = outcomes.find((o) => o.status === "fulfilled"); // the first answer; one still running then is "cancelled"
 * console.log(winner?.name, winner?.value);
 * ```
 */
export async function race<Input, Output>(
  workflows: Record<string, Workflow<Input, Output>>,
  input: Input,
  options: { mode?: RaceMode; signal?: AbortSignal } & Pick<BranchOptions, "retry" | "timeoutMs"> = {},
): Promise<WorkflowOutcome<Output>[]> {
  // Each workflow is one branch: retried on transient errors and timed out per attempt.
  const policy = resolveRetry(options.retry ?? false);
  const attempt = (workflow: Workflow<Input, Output>, signal: AbortSignal) =>
    retrying(() => withTimeout((s) => run(workflow, input, s), options.timeoutMs, signal), policy, signal).then(
      (r) => r.value,
      (e: unknown) => Promise.reject(e instanceof RetryExhausted ? e.error : e),
    );
  const entries = Object.entries(workflows);
  const mode = options.mode ?? "settled";
  const needed = mode === "settled" ? entries.length : mode === "any" ? 1 : mode.quorum;
  if (entries.length === 0) throw new ConfigurationError("race needs at least one workflow.", "Pass them by name: race({ primary, backup }, input).");
  if (!Number.isInteger(needed) || needed < 1 || needed > entries.length) {
    throw new ConfigurationError(`quorum must be between 1 and ${entries.length} (the number of workflows), not ${needed}.`, "Lower the quorum or add workflows.");
  }
  // Cancelled before the start: nothing runs (like fetch and LangGraph's invoke).
  const outer = options.signal;
  outer?.throwIfAborted();
  const controllers = entries.map(() => new AbortController());
  for (const c of controllers) setMaxListeners(0, c.signal);

  const outcomes = new Array<WorkflowOutcome<Output> | undefined>(entries.length);
  let successes = 0;
  let failures = 0;
  let decided = false;
  // Cancelled from outside: every workflow still running sees its signal abort with the caller's
  // reason, and the race rejects with that reason at once, as fetch does (not waiting for them).
  let rejectRace: (reason: unknown) => void = () => undefined;
  const onAbort = () => {
    if (decided) return;
    decided = true;
    controllers.forEach((c) => c.abort(outer!.reason));
    rejectRace(outer!.reason);
  };
  outer?.addEventListener("abort", onAbort, { once: true });
  await new Promise<void>((resolve, reject) => {
    rejectRace = reject;
    let pending = entries.length;
    const settle = () => {
      if (--pending === 0) resolve();
    };
    // Decided: enough successes, or too many failures for the rest to make up. Checked in the
    // same microtask as each outcome, so a success that lands right after cannot join the winners.
    const decideIfDone = () => {
      if (!decided && mode !== "settled" && (successes >= needed || failures > entries.length - needed)) {
        decided = true;
        controllers.forEach((c, j) => (outcomes[j] === undefined ? c.abort(new Error("Cancelled: the race was decided.")) : undefined));
        entries.forEach(([n], j) => (outcomes[j] ??= { name: n, status: "cancelled" }));
        resolve();
      }
    };
    entries.forEach(([name, workflow], i) => {
      const signal = controllers[i]!.signal;
      Promise.resolve()
        .then(() => attempt(workflow, signal))
        .then(
          (value) => {
            if (decided) outcomes[i] ??= { name, status: "cancelled" };
            else {
              outcomes[i] = { name, status: "fulfilled", value };
              successes++;
            }
            decideIfDone();
          },
          (error: unknown) => {
            // LangGraph's signals end the race: they are not a contestant's failure.
            if (!decided && !signal.aborted && isLangGraphSignal(error)) {
              decided = true;
              const thrown = isGraphInterrupt(error) ? new RaceInterruptError(name, error) : error;
              const reason = new Error(`Cancelled: contestant "${name}" raised LangGraph's ${(error as Error).name}.`);
              controllers.forEach((c, j) => (j === i ? undefined : c.abort(reason)));
              reject(thrown);
              return;
            }
            outcomes[i] = decided || signal.aborted ? { name, status: "cancelled" } : { name, status: "rejected", error: describe(error) };
            if (!decided && !signal.aborted) failures++;
            decideIfDone();
          },
        )
        .finally(settle);
    });
  }).finally(() => outer?.removeEventListener("abort", onAbort));
  const result = outcomes as WorkflowOutcome<Output>[];
  if (mode !== "settled" && successes < needed) throw new RaceFailedError(needed, result);
  return result;
}

async function run<Input, Output>(workflow: Workflow<Input, Output>, input: Input, signal: AbortSignal): Promise<Output> {
  if (typeof workflow === "function") return workflow(input, { signal });
  return workflow.invoke(input, { signal });
}

// Keeps what callers need to tell a rate limit from a bug: the HTTP status and error code, if any.
function describe(error: unknown): { name: string; message: string; status?: number; code?: string } {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const { status, code } = error as { status?: unknown; code?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof status === "number" ? { status } : {}),
    ...(typeof code === "string" ? { code } : {}),
  };
}
