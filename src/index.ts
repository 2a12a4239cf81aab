// Public API of langgraph-parallel: the library, named exports only, grouped by layer. Backends
// and providers that need an optional peer have their own entries (`/sqlite`, `/postgres`,
// `/openai`, `/tavily`); the lesson graphs are in `/graphs`. Nothing here imports an optional peer.

// Errors
export {
  ConfigurationError,
  DatabaseBusyError,
  DatabaseDamagedError,
  InputValidationError,
  LanggraphParallelError,
  StructuredOutputError,
  UsageError,
} from "./errors.js";
export { CorpusError, SearchError } from "./tools/search-errors.js";
export type { SearchBackendName } from "./tools/search-errors.js";

// Reducers and typed state fields
export { toBinaryReducer } from "./reducers/batch-reducer.js";
export type { BatchReducer } from "./reducers/batch-reducer.js";
export { concat } from "./reducers/concat.js";
export { sortedMerge } from "./reducers/sorted-merge.js";
export type { SortedMergeOptions } from "./reducers/sorted-merge.js";
export { mergeByKey, mergeRecords } from "./reducers/merge-by-key.js";
export type { MergeByKeyOptions } from "./reducers/merge-by-key.js";
export { listField, recordField } from "./reducers/fields.js";
export { validateInput } from "./state/validate-input.js";

// Models
export { OFFLINE_MODEL_NAME, OfflineChatModel } from "./models/offline-chat-model.js";
export type { OfflineChatModelCallOptions, OfflineChatModelFields } from "./models/offline-chat-model.js";
export { describeChatModel } from "./models/describe-chat-model.js";
export { strictStructuredOutput } from "./models/strict-structured-output.js";
export type { StrictStructuredOutputOptions } from "./models/strict-structured-output.js";
export { strictOutputSchema } from "./models/strict-output-schema.js";
export type { JsonSchema } from "./models/schema-fill.js";
export { DEFAULT_LATENCY_MS, latencyRange } from "./models/simulated-latency.js";
export { sleepWithSignal } from "./patterns/sleep.js";
export type { LatencyOption } from "./models/simulated-latency.js";
export { estimatePromptTokens, estimateTokens } from "./models/token-count.js";
export { MODEL_PRICES, costUsd, priceOf } from "./models/pricing.js";
export { createRateLimiter, rateLimitedFetch } from "./models/rate-limiter.js";
export type { RateLimitOptions, RateLimiter } from "./models/rate-limiter.js";
export type { ModelPrice } from "./models/pricing.js";

// Tools: offline corpus and search
export { CORPUS_SECTIONS, DEFAULT_CORPUS_DIR, clearCorpusCache, loadCorpus, parseCorpusDocument } from "./tools/corpus.js";
export type { CorpusDocument, CorpusSection, LoadCorpusOptions } from "./tools/corpus.js";
export { searchCorpus } from "./tools/offline-search.js";
export type { CorpusHit, SearchCorpusOptions } from "./tools/offline-search.js";
export { createWebSearch } from "./tools/web-search.js";
export type { TavilyLike, WebResult, WebSearch, WebSearchBackend, WebSearchOptions } from "./tools/web-search.js";
export { createEncyclopediaSearch } from "./tools/encyclopedia-search.js";
export type {
  EncyclopediaDoc,
  EncyclopediaSearch,
  EncyclopediaSearchOptions,
  EncyclopediaSource,
} from "./tools/encyclopedia-search.js";
export { DOCUMENT_SEPARATOR, formatEncyclopediaDocs, formatWebResults } from "./tools/format-documents.js";
export {
  createEncyclopediaSearchTool,
  createSearchTools,
  createWebSearchTool,
  searchToolInput,
} from "./tools/search-tools.js";
export type { SearchToolsOptions } from "./tools/search-tools.js";

// Patterns
export type { BranchOptions } from "./patterns/branch-options.js";
export { PoolJobError, checkConcurrency, runPool } from "./patterns/task-pool.js";
export type { PoolOptions } from "./patterns/task-pool.js";
export { BranchError, fanOut } from "./patterns/fan-out.js";
export type { Branch, FanOutOptions } from "./patterns/fan-out.js";
export { MAP_RESULTS_KEY, mapReduce, mapReduceNode } from "./patterns/map-reduce.js";
export type { Collected, MapReduceCompileOptions, MapReduceGraph, MapReduceGraphOptions, MapReduceOptions } from "./patterns/map-reduce.js";
export { MapItemError, mapItems } from "./patterns/map-items.js";
export { ItemInterruptError } from "./patterns/item-interrupts.js";
export { readMapProgress } from "./patterns/map-progress.js";
export { withMapMemoCleanup } from "./patterns/memo-cleanup.js";
export type { MapProgress, ProgressSource } from "./patterns/map-progress.js";
export type { ItemInterrupts, ItemQuestion } from "./patterns/item-interrupts.js";
export type { FailurePolicy, ItemContext, ItemFailure, ItemOutcome, MapItemsOptions } from "./patterns/map-items.js";
export type { ExecutorOutcome, MapExecutor, MapExecutorTask } from "./patterns/map-executor.js";
export { DEFAULT_RETRY, RetryExhausted, backoffDelay, isTransientError, resolveRetry, retryAfterMs, retrying } from "./patterns/retry.js";
export type { ResolvedRetryOptions, RetryOptions } from "./patterns/retry.js";
export { ItemTimeoutError, withTimeout } from "./patterns/timeout.js";
export { clearMapMemo, defaultItemKey, memoNamespace, storeMemo } from "./patterns/item-memo.js";
export type { ItemMemo, StoreMemoOptions } from "./patterns/item-memo.js";

// Persistence (the SQLite and PostgreSQL backends: `langgraph-parallel/sqlite`, `/postgres`)
export { StoreError } from "./persistence/store-error.js";
export { safeLabel } from "./patterns/item-memo.js";

export { foreach } from "./patterns/foreach.js";
export type { ForeachOptions } from "./patterns/foreach.js";
export { RaceFailedError, RaceInterruptError, quorum, race } from "./patterns/race.js";
export type { RaceMode, Workflow, WorkflowOutcome } from "./patterns/race.js";
export { LaunchFailedError, LaunchTimeoutError, createLauncher } from "./patterns/launch.js";
export type { LaunchContext, LaunchId, LaunchInput, LaunchRecord, LaunchResultOptions, LaunchWorker, LaunchWorkers, Launcher, LauncherOptions } from "./patterns/launch.js";
export { agent } from "./patterns/agent.js";
export type { Agent, AgentOptions, AgentResult } from "./patterns/agent.js";
export { ConcurrentState, ParticipantResponse, concurrent, transcriptOf } from "./patterns/concurrent.js";
export type { Aggregator, ConcurrentGraph, ConcurrentGraphOf, ConcurrentOptions, ConcurrentSchemaOptions, Participant } from "./patterns/concurrent.js";
export { planResumeOrStart, resumeOrStart } from "./patterns/resume-or-start.js";
export type { ResumableConfig, ResumableInput, ResumableOutput, ResumableGraph, ResumeOrStartOptions, ResumeOrStartPlan, ResumeOrStartResult } from "./patterns/resume-or-start.js";
export { ThreadInputMismatchError, ThreadInterruptedError } from "./patterns/thread-errors.js";
export type { PendingInterrupt, ThreadBreakpoint } from "./patterns/thread-errors.js";

// Observe
export { callbackHandlers, nodesBySuperstep, traceRun } from "./observe/run-trace.js";
export { ProgressTracker, isProgressEvent } from "./observe/progress.js";
export { BudgetExceededError, CostTracker } from "./observe/cost-tracker.js";
export type { Budget, BudgetStop, CostLine, CostTrackerOptions, Overshoot } from "./observe/cost-tracker.js";
export type { ProgressEvent } from "./observe/progress.js";
export { subgraphStates } from "./observe/subgraph-states.js";
export type { InspectableGraph } from "./observe/subgraph-states.js";
export type { RunTrace, StreamableGraph, SubgraphTaskRecord, Superstep, TaskRecord, TraceRunOptions } from "./observe/run-trace.js";
export { timelineOf } from "./observe/timeline.js";
export type { Timeline, TimelineBar, TimelineStep } from "./observe/timeline.js";
export { renderTimelineText } from "./observe/timeline-text.js";
export { renderTimelineHtml } from "./observe/timeline-html.js";
export type { TimelineSection } from "./observe/timeline-html.js";
