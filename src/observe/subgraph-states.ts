/**
 * Sub-graph state after a run. A sub-graph keeps keys of its own (`failures`, `qs_summary`) that
 * never reach the parent; with a checkpointer on the parent they are still saved, under the
 * sub-graph's checkpoint namespace. LangGraph exposes them through `getState(config, { subgraphs:
 * true })` at the checkpoint where the sub-graph tasks were pending.
 */
import type { RunnableConfig } from "@langchain/core/runnables";

/** The parts of a compiled graph this needs (a graph compiled with a checkpointer). */
export interface InspectableGraph {
  getStateHistory(config: RunnableConfig): AsyncIterableIterator<{ next: string[]; config: RunnableConfig }>;
  getState(
    config: RunnableConfig,
    options: { subgraphs: boolean },
  ): Promise<{ tasks: readonly { name: string; state?: unknown }[] }>;
}

/**
 * The last saved state of each sub-graph node of a thread, by node name.
 *
 * @param graph - The parent graph (compiled with a checkpointer).
 * @param config - The thread, `{ configurable: { thread_id } }`.
 * @param nodes - Sub-graph node names to look for.
 * @returns `{ [node]: values }` for each node found (the most recent run of it).
 * @example
 * ```ts
 * import { subgraphStates } from "langgraph-parallel";
 * import { ACADEMY_LOGS, buildLogsGraph } from "langgraph-parallel/graphs";
 * const graph = buildLogsGraph({ checkpointer });
 * const thread = { configurable: { thread_id: "logs-1" } };
 * await graph.invoke({ raw_logs: ACADEMY_LOGS }, thread);
 * const states = await subgraphStates(graph, thread, ["failure_analysis"]);
 * states.failure_analysis?.failures; // the sub-graph's own key
 * ```
 */
export async function subgraphStates(
  graph: InspectableGraph,
  config: RunnableConfig,
  nodes: readonly string[],
): Promise<Record<string, Record<string, unknown>>> {
  const found: Record<string, Record<string, unknown>> = {};
  // History is newest first: the first checkpoint that had a node pending holds its latest run.
  for await (const snapshot of graph.getStateHistory(config)) {
    const pending = nodes.filter((n) => snapshot.next.includes(n) && !(n in found));
    if (pending.length === 0) continue;
    const detailed = await graph.getState(snapshot.config, { subgraphs: true });
    for (const task of detailed.tasks) {
      const state = task.state as { values?: Record<string, unknown> } | undefined;
      if (pending.includes(task.name) && state?.values) found[task.name] = state.values;
    }
    if (nodes.every((n) => n in found)) break;
  }
  return found;
}
