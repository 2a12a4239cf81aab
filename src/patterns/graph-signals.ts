/**
 * LangGraph's signals: what LangGraph throws to steer a run rather than to report a failure. An
 * `interrupt()` throws a `GraphInterrupt` (pause for human input), a node that returns
 * `new Command({ graph: Command.PARENT, … })` throws a `ParentCommand` (hand control to the
 * parent graph), and a drained run throws `GraphDrained`: all `GraphBubbleUp`s. A pattern that
 * calls user code must let them through as they are, never record, wrap or retry them; the
 * patterns' catch blocks ask {@link isLangGraphSignal} first. Internal: not exported by the package.
 */
import { isGraphBubbleUp } from "@langchain/langgraph";

/**
 * Whether `error` is one of LangGraph's signals (a `GraphBubbleUp`: `GraphInterrupt`,
 * `ParentCommand`, `GraphDrained`, …) rather than a failure.
 *
 * @param error - Anything thrown (`null` and `undefined` included).
 * @returns True for a signal that LangGraph must receive as it is.
 * @example
 * ```ts
 * import { interrupt } from "@langchain/langgraph";
 *
 * try {
 *   interrupt({ question: "Approve the budget?" });
 * } catch (e) {
 *   if (isLangGraphSignal(e)) throw e; // LangGraph pauses the run here
 *   console.error("a failure", e);
 * }
 * ```
 */
export function isLangGraphSignal(error: unknown): boolean {
  return typeof error === "object" && error !== null && isGraphBubbleUp(error);
}

/**
 * Throws `error` as it is when it is one of LangGraph's signals; returns otherwise, so the
 * caller goes on with its failure handling.
 *
 * @param error - Anything thrown.
 * @throws `error` itself, unwrapped, when {@link isLangGraphSignal} says so.
 * @example
 * ```ts
 * try {
 *   await model.invoke("Summarise the launch plan.", config);
 * } catch (e) {
 *   rethrowIfSignal(e); // an interrupt() or a ParentCommand goes on to LangGraph
 *   console.error("the call failed", e);
 * }
 * ```
 */
export function rethrowIfSignal(error: unknown): void {
  if (isLangGraphSignal(error)) throw error;
}
