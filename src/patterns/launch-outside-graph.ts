/**
 * A launched worker runs outside the graph's task: it may still run long after its node returned,
 * or in a later process through `recover()`. So it runs without the node's async context, and
 * LangGraph's signals that only a node can raise (`interrupt()`, a `Command`, `ParentCommand` and
 * other `GraphBubbleUp`s) are recognised here and turned into one failure with a hint.
 */
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { isCommand, isGraphBubbleUp } from "@langchain/langgraph";

/** The error a launch is recorded with when its worker tries to reach the graph. */
export const GRAPH_SIGNAL_IN_LAUNCH =
  "a launched worker runs after its node returned: interrupt()/Command.PARENT cannot reach the graph; " +
  "ask before launching (call interrupt() in the node and pass the answer as the launch's input), " +
  "or return the Command from the node itself.";

/**
 * Runs `fn` with no LangGraph/LangChain async context, whether or not it was called from a node.
 * Without this, a worker started by `launch()` inside a node would inherit the node's run config:
 * its `interrupt()` would count against the node's interrupts (shifting the node's own resume
 * values) and could even consume a resume value meant for the node.
 */
export function outsideGraph<T>(fn: () => T): T {
  return AsyncLocalStorageProviderSingleton.getInstance().run(undefined, fn);
}

/**
 * Whether `value` (thrown or returned by a worker) is a LangGraph signal meant for the graph: a
 * `GraphBubbleUp` (`GraphInterrupt`, `ParentCommand`), a `Command`, or the error `interrupt()`
 * throws outside a graph's context, which is what it throws in a launched worker.
 */
export function isGraphSignal(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false; // isGraphBubbleUp(null) would throw
  if (isGraphBubbleUp(value) || isCommand(value)) return true;
  return value instanceof Error && value.message.startsWith("Called interrupt() outside the context of a graph");
}
