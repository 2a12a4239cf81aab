/**
 * What the current run resumes with, as seen from inside a node. LangGraph hands a node its resume
 * values only through `interrupt()`, which numbers one task's questions by call order; a map step
 * asks many questions from one task, so it reads the resume itself. These are the only LangGraph
 * internals the package reads, both set by LangGraph 1.7's loop on the run config: the resume-by-id
 * map of `Command({ resume: { [id]: value } })` (`__pregel_resume_map`) and the scratchpad's
 * `nullResume` for `Command({ resume: value })`. The consumer matrix test pins both on the lowest
 * and newest supported LangGraph.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";

const RESUME_MAP_KEY = "__pregel_resume_map";
const SCRATCHPAD_KEY = "__pregel_scratchpad";

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
