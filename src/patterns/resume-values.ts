/**
 * What the current run resumes with, as seen from inside a node. LangGraph hands a node its resume
 * values only through `interrupt()`, which numbers one task's questions by call order; a map step
 * asks many questions from one task, so it reads the resume itself. These are the only LangGraph
 * internals the package reads, all set by LangGraph 1.7's loop on the run config: the resume-by-id
 * map of `Command({ resume: { [id]: value } })` (`__pregel_resume_map`), the scratchpad's
 * `nullResume` for `Command({ resume: value })`, and whether the run has a checkpointer
 * (`__pregel_checkpointer`, which LangGraph's own `interrupt()` checks). The consumer matrix test pins both on the lowest
 * and newest supported LangGraph.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";

const RESUME_MAP_KEY = "__pregel_resume_map";
const SCRATCHPAD_KEY = "__pregel_scratchpad";
const CHECKPOINTER_KEY = "__pregel_checkpointer";

/** The current run's resume: answers by interrupt id, or one value without an id. */
export interface ResumeValues {
  byId: Record<string, unknown> | undefined;
  plain: { value: unknown } | undefined;
}

/**
 * Reads the resume of the run a node is part of.
 *
 * @param config - The node's config.
 * @returns `byId` for a resume map, `plain` for a single value, both undefined on a fresh run.
 */
export function resumeValues(config: LangGraphRunnableConfig): ResumeValues {
  const configurable = (config.configurable ?? {}) as Record<string, unknown>;
  const map = configurable[RESUME_MAP_KEY];
  const scratchpad = configurable[SCRATCHPAD_KEY] as { nullResume?: unknown } | undefined;
  return {
    byId: map !== null && typeof map === "object" ? (map as Record<string, unknown>) : undefined,
    plain: scratchpad?.nullResume !== undefined ? { value: scratchpad.nullResume } : undefined,
  };
}

/**
 * Whether the run a node is part of has a checkpointer (without one a paused step could never resume).
 *
 * @param config - The node's config.
 * @returns True when LangGraph passed the node a checkpointer.
 */
export function hasCheckpointer(config: LangGraphRunnableConfig): boolean {
  return Boolean((config.configurable as Record<string, unknown> | undefined)?.[CHECKPOINTER_KEY]);
}
