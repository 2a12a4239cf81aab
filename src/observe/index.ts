// `langgraph-parallel/observe`: what a run did: supersteps, writes and timings (`traceRun`),
// timelines drawn as text or HTML, progress events, and token and dollar costs per branch.
export { callbackHandlers, nodesBySuperstep, traceRun } from "./run-trace.js";
export { ProgressTracker, isProgressEvent } from "./progress.js";
export { BudgetExceededError, CostTracker } from "./cost-tracker.js";
export type { Budget, BudgetStop, CostLine, CostTrackerOptions, Overshoot } from "./cost-tracker.js";
export type { ProgressEvent } from "./progress.js";
export { subgraphStates } from "./subgraph-states.js";
export type { InspectableGraph } from "./subgraph-states.js";
export type { RunTrace, StreamableGraph, SubgraphTaskRecord, Superstep, TaskRecord, TraceRunOptions } from "./run-trace.js";
export { timelineOf } from "./timeline.js";
export type { Timeline, TimelineBar, TimelineStep } from "./timeline.js";
export { renderTimelineText } from "./timeline-text.js";
export { renderTimelineHtml } from "./timeline-html.js";
export type { TimelineSection } from "./timeline-html.js";
