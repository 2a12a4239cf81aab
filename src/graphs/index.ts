// `langgraph-parallel/graphs`: the course's graphs as builders you can import, run, compose or
// serve: lesson 1's parallelization graphs, the jokes and passage-digest map-reduces, the log
// sub-graphs, the research assistant, the concurrent and decomposition graphs, the answer
// strategies and the fault demos. Each takes its model (and search functions) as arguments.
export {
  ConcatListState,
  OrderedFanInState,
  OverwriteListState,
  SortedListState,
  buildFanOutGraph,
  buildLinearGraph,
  buildOrderedFanInGraph,
  buildWaitingEdgeGraph,
} from "./parallelization.js";
export { returnNodeValue, toyNode } from "./toy-nodes.js";
export type { ToyGraphOptions } from "./toy-nodes.js";
export { SearchAnswerState, buildSearchAnswerGraph } from "./search-answer.js";
export type { SearchAnswerDeps } from "./search-answer.js";
export { Joke, JokeState, JokesState, Subjects, buildJokesGraph } from "./jokes.js";
export type { JokesGraphOptions } from "./jokes.js";
export { DigestState, DocumentDigest, Passage, buildPassageDigestGraph, corpusPassages, summarisePassage } from "./passage-digest.js";
export type { PassageDigestOptions } from "./passage-digest.js";
export {
  ACADEMY_LOGS,
  EntryGraphState,
  FailureAnalysisOutputState,
  FailureAnalysisState,
  Log,
  QuestionSummarizationOutputState,
  QuestionSummarizationState,
  buildFailureAnalysisGraph,
  buildLogsGraph,
  buildQuestionSummarizationGraph,
  validateLogs,
} from "./logs.js";
export type { LogGraphOptions } from "./logs.js";
export {
  FailureReviewState,
  LogReviewState,
  TRIAGE_EXAMPLE_LOGS,
  Triage,
  TriageState,
  buildFailureReviewGraph,
  buildLogReviewGraph,
  buildLogTriageGraph,
  buildLogsGraphCallingSubgraph,
} from "./log-composition.js";

export { buildResearchAssistantGraph, openingLine } from "./research-assistant/graph.js";
export type { ResearchAssistantOptions } from "./research-assistant/graph.js";
export { buildInterviewGraph, formatContext } from "./research-assistant/interview.js";
export type { InterviewDeps, InterviewEvent } from "./research-assistant/interview.js";
export { createAnalystsNode, humanFeedbackNode } from "./research-assistant/analysts.js";
export type { AnalystReview } from "./research-assistant/analysts.js";
export { AnalystsState, buildAnalystsGraph } from "./research-assistant/analysts-graph.js";
export type { AnalystsGraphOptions } from "./research-assistant/analysts-graph.js";
export { finalizeReport, reportWriters } from "./research-assistant/report.js";
export { mergeSources, splitSources } from "./research-assistant/sources.js";
export {
  Analyst,
  InterviewOutputState,
  InterviewState,
  MAX_ANALYSTS_LIMIT,
  Perspectives,
  ResearchState,
  SearchQuery,
  Section,
  SourcedDocument,
  persona,
} from "./research-assistant/schemas.js";
export type { Research } from "./research-assistant/schemas.js";
export { LAUNCH_PROMPT, LAUNCH_TEAM, LaunchInput, buildLaunchSummaryGraph, buildProductLaunchGraph, formatConversation } from "./product-launch.js";
export { DecompositionState, MAX_SUBTASKS, Plan, WorkerResult, WorkerState, analysisCompleteLine, buildDecompositionGraph } from "./decomposition.js";
export { AnswerState, NotifyState, answerStrategies, buildNotifyGraph, buildSingleSourceAnswerGraph } from "./answer-strategies.js";
export { AttemptLog, FaultDemoState, buildDurableMapGraph, buildFlakyBranchesGraph } from "./fault-demos.js";
export type { DecompositionOptions } from "./decomposition.js";
export { analystBriefs, buildStockAnalystsGraph } from "./stock-analysts.js";
