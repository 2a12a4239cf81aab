/**
 * Why `resumeOrStart` will not run a thread: it is waiting for a person (an interrupt's answer, a
 * review at a breakpoint), or the run it would resume started with another input. Each says which
 * call does what the program meant.
 */
import { LanggraphParallelError } from "../errors.js";

/** An `interrupt()` of a thread waiting for its answer: the id to resume by, its value, the node that asked. */
export interface PendingInterrupt {
  id: string;
  value: unknown;
  node: string;
}

/** A static breakpoint a thread is paused at: `interruptBefore` its next nodes, or `interruptAfter` the nodes that ran. */
export interface ThreadBreakpoint {
  when: "before" | "after";
  nodes: string[];
}

// A value as a short JSON preview for a message.
const preview = (value: unknown): string => {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/**
 * The thread is paused for a person, so `resumeOrStart` neither resumes nor restarts it:
 * resuming needs the answers (`interrupts`, each with the id LangGraph resumes by), and a static
 * breakpoint (`breakpoint`) is a review point. The hint gives the call that continues it.
 * A process killed just after passing a breakpoint leaves the same saved state as one paused
 * there, so that case is reported too; `graph.invoke(null, config)` continues either.
 *
 * @param threadId - The thread.
 * @param interrupts - The pending interrupts (empty at a breakpoint).
 * @param breakpoint - The breakpoint, when paused at one.
 * @example
 * ```ts
 * import { Command } from "@langchain/langgraph";
 * import { ThreadInterruptedError, resumeOrStart } from "langgraph-parallel";
 *
 * const graph = builder.compile({ checkpointer });
 * const thread = { configurable: { thread_id: "review-1" } };
 * try {
 *   await resumeOrStart(graph, { topic: "agents" }, thread);
 * } catch (e) {
 *   if (!(e instanceof ThreadInterruptedError)) throw e;
 *   const answers = Object.fromEntries(e.interrupts.map((i) => [i.id, "approved"]));
 *   await graph.invoke(new Command({ resume: answers }), thread);
 * }
 * ```
 */
export class ThreadInterruptedError extends LanggraphParallelError {
  /** The thread. */
  readonly threadId: string;
  /** The interrupts waiting for an answer, in task order (empty at a breakpoint). */
  readonly interrupts: PendingInterrupt[];
  /** The static breakpoint the thread is paused at, if that is why. */
  readonly breakpoint: ThreadBreakpoint | undefined;

  constructor(threadId: string, interrupts: PendingInterrupt[], breakpoint?: ThreadBreakpoint) {
    const nodes = breakpoint?.nodes.map((n) => `"${n}"`).join(", ");
    super(
      breakpoint
        ? `Thread "${threadId}" is paused at a breakpoint ${breakpoint.when} ${nodes} (interrupt${breakpoint.when === "before" ? "Before" : "After"}).`
        : `Thread "${threadId}" is waiting for ${interrupts.length === 1 ? "the answer to 1 interrupt" : `answers to ${interrupts.length} interrupts`}: ${interrupts
            .map((i) => `${i.id} asked by "${i.node}" (${preview(i.value)})`)
            .join(", ")}.`,
      breakpoint
        ? "Continue it with graph.invoke(null, config) once it is reviewed, or use a new thread_id for another run."
        : `Answer with graph.invoke(new Command({ resume: { ${interrupts.map((i) => `"${i.id}": …`).join(", ")} } }), config)${
            interrupts.length === 1 ? " (or resume: answer)" : ""
          }; resumeOrStart does not answer for you.`,
    );
    this.threadId = threadId;
    this.interrupts = interrupts;
    this.breakpoint = breakpoint;
  }
}

/**
 * The thread has a run that stopped mid-way, started with another input than the one given, so
 * `resumeOrStart` would either ignore the new input (resume) or throw away the finished work
 * (start over). It does neither; the hint lists the three calls, one per intent.
 *
 * @param threadId - The thread.
 * @param started - The input the unfinished run started with.
 * @param given - The input passed now.
 * @example
 * ```ts
 * import { ThreadInputMismatchError, resumeOrStart } from "langgraph-parallel";
 *
 * const graph = builder.compile({ checkpointer });
 * const thread = { configurable: { thread_id: "digest-1" } };
 * try {
 *   await resumeOrStart(graph, { passages: ["a new list"] }, thread);
 * } catch (e) {
 *   if (!(e instanceof ThreadInputMismatchError)) throw e;
 *   console.error(e.describe()); // 'Thread "digest-1" has an unfinished run that started with {…}, not {…}. Pass …'
 * }
 * ```
 */
export class ThreadInputMismatchError extends LanggraphParallelError {
  /** The thread. */
  readonly threadId: string;
  /** The input the unfinished run started with. */
  readonly started: unknown;
  /** The input passed now. */
  readonly given: unknown;

  constructor(threadId: string, started: unknown, given: unknown) {
    super(
      `Thread "${threadId}" has an unfinished run that started with ${preview(started)}, not ${preview(given)}.`,
      "Pass the input it started with to resume it; use a new thread_id to run the new input; or call graph.invoke(input, config) to drop the unfinished step and start over on this thread (finished work runs again). checkInput: false resumes whatever the input.",
    );
    this.threadId = threadId;
    this.started = started;
    this.given = given;
  }
}
