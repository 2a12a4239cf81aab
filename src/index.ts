// Public API of langgraph-parallel: named exports only, grouped by layer.

// Errors
export {
  ConfigurationError,
  DatabaseBusyError,
  DatabaseDamagedError,
  InputValidationError,
  LanggraphParallelError,
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
export {
  CHAT_MODEL_PROVIDERS,
  DEFAULT_OPENAI_BASE_URL,
  DEFAULT_OPENAI_MODEL,
  describeChatModel,
  getChatModel,
} from "./models/get-chat-model.js";
export type { ChatModelProvider, GetChatModelOptions } from "./models/get-chat-model.js";
export { DEFAULT_LATENCY_MS, latencyRange } from "./models/simulated-latency.js";
export { sleepWithSignal } from "./patterns/sleep.js";
export type { LatencyOption } from "./models/simulated-latency.js";
export { CHARS_PER_TOKEN, MESSAGE_OVERHEAD_TOKENS, estimatePromptTokens, estimateTokens } from "./models/token-count.js";
export { extractiveAnswer, rankSentences } from "./models/extractive-answer.js";
export type { ExtractiveAnswerOptions, RankedSentence } from "./models/extractive-answer.js";
export { parseDocuments, readConversation } from "./models/read-conversation.js";
export type { ContextDocument, ConversationView } from "./models/read-conversation.js";
export { fillSchema } from "./models/schema-fill.js";
export type { JsonSchema } from "./models/schema-fill.js";
export { MAX_INFERRED_COUNT, requestedCount } from "./models/requested-count.js";
export { createSeededRandom, hashString, seededRandomFor } from "./models/seeded-random.js";
export { MODEL_PRICES, costUsd, priceOf } from "./models/pricing.js";
export { createRateLimiter, rateLimitedFetch } from "./models/rate-limiter.js";
export type { RateLimitOptions, RateLimiter } from "./models/rate-limiter.js";
export type { ModelPrice } from "./models/pricing.js";
export type { SeededRandom } from "./models/seeded-random.js";

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
export type { Collected, MapReduceGraphOptions, MapReduceOptions } from "./patterns/map-reduce.js";
export { MapItemError, mapItems } from "./patterns/map-items.js";
export type { FailurePolicy, ItemContext, ItemFailure, ItemOutcome, MapItemsOptions } from "./patterns/map-items.js";
export { DEFAULT_RETRY, RetryExhausted, backoffDelay, isTransientError, resolveRetry, retryAfterMs, retrying } from "./patterns/retry.js";
export type { RetryOptions } from "./patterns/retry.js";
export { ItemTimeoutError, withTimeout } from "./patterns/timeout.js";
export { clearMapMemo, defaultItemKey, memoNamespace, storeMemo } from "./patterns/item-memo.js";
export type { ItemMemo } from "./patterns/item-memo.js";

// Persistence
export { SqliteStore } from "./persistence/sqlite-store.js";
export type { SearchItem, SqliteStoreOptions } from "./persistence/sqlite-store.js";
export type { SqliteOpenOptions } from "./persistence/open-sqlite-database.js";
export { DEFAULT_DATABASE_FILE, DEFAULT_DATA_DIR, createSqlitePersistence } from "./persistence/sqlite-persistence.js";
export type { SqlitePersistence, SqlitePersistenceOptions } from "./persistence/sqlite-persistence.js";
export { StoreError } from "./persistence/store-error.js";
export { GuardedSqliteSaver } from "./persistence/guarded-sqlite-saver.js";
export { createPersistence } from "./persistence/persistence.js";
export type { Persistence, PersistenceOptions } from "./persistence/persistence.js";
export { safeLabel } from "./patterns/item-memo.js";

export { foreach } from "./patterns/foreach.js";
export type { ForeachOptions } from "./patterns/foreach.js";
export { RaceFailedError, quorum, race } from "./patterns/race.js";
export type { RaceMode, Workflow, WorkflowOutcome } from "./patterns/race.js";
export { LaunchFailedError, createLauncher } from "./patterns/launch.js";
export type { LaunchRecord, LaunchWorker, Launcher, LauncherOptions } from "./patterns/launch.js";
export { agent } from "./patterns/agent.js";
export type { Agent, AgentOptions, AgentResult } from "./patterns/agent.js";
export { ConcurrentState, ParticipantResponse, concurrent, transcriptOf } from "./patterns/concurrent.js";
export type { Aggregator, ConcurrentOptions, Participant } from "./patterns/concurrent.js";

// Observe
export { callbackHandlers, nodesBySuperstep, traceRun } from "./observe/run-trace.js";
export { ProgressTracker, isProgressEvent } from "./observe/progress.js";
export { BudgetExceededError, CostTracker } from "./observe/cost-tracker.js";
export type { Budget, CostLine, CostTrackerOptions } from "./observe/cost-tracker.js";
export type { ProgressEvent } from "./observe/progress.js";
export { subgraphStates } from "./observe/subgraph-states.js";
export type { InspectableGraph } from "./observe/subgraph-states.js";
export type { RunTrace, StreamableGraph, Superstep, TaskRecord, TraceRunOptions } from "./observe/run-trace.js";
export { timelineOf } from "./observe/timeline.js";
export type { Timeline, TimelineBar, TimelineStep } from "./observe/timeline.js";
export { renderTimelineText } from "./observe/timeline-text.js";
export { renderTimelineHtml } from "./observe/timeline-html.js";
export type { TimelineSection } from "./observe/timeline-html.js";

// Lesson graphs
export {
  ConcatListState,
  OrderedFanInState,
  OverwriteListState,
  SortedListState,
  buildFanOutGraph,
  buildLinearGraph,
  buildOrderedFanInGraph,
  buildWaitingEdgeGraph,
} from "./graphs/parallelization.js";
export { returnNodeValue, toyNode } from "./graphs/toy-nodes.js";
export type { ToyGraphOptions } from "./graphs/toy-nodes.js";
export { SearchAnswerState, buildSearchAnswerGraph } from "./graphs/search-answer.js";
export type { SearchAnswerDeps } from "./graphs/search-answer.js";
export { Joke, JokeState, JokesState, Subjects, buildJokesGraph } from "./graphs/jokes.js";
export type { JokesGraphOptions } from "./graphs/jokes.js";
export { DigestState, DocumentDigest, Passage, buildPassageDigestGraph, corpusPassages } from "./graphs/passage-digest.js";
export type { PassageDigestOptions } from "./graphs/passage-digest.js";
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
} from "./graphs/logs.js";
export type { LogGraphOptions } from "./graphs/logs.js";
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
} from "./graphs/log-composition.js";

export { buildResearchAssistantGraph, openingLine } from "./graphs/research-assistant/graph.js";
export type { ResearchAssistantOptions } from "./graphs/research-assistant/graph.js";
export { buildInterviewGraph, formatContext } from "./graphs/research-assistant/interview.js";
export type { InterviewDeps, InterviewEvent } from "./graphs/research-assistant/interview.js";
export { createAnalystsNode, humanFeedbackNode } from "./graphs/research-assistant/analysts.js";
export type { AnalystReview } from "./graphs/research-assistant/analysts.js";
export { finalizeReport, reportWriters } from "./graphs/research-assistant/report.js";
export { mergeSources, splitSources } from "./graphs/research-assistant/sources.js";
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
} from "./graphs/research-assistant/schemas.js";
export type { Research } from "./graphs/research-assistant/schemas.js";
export { LAUNCH_PROMPT, LAUNCH_TEAM, buildProductLaunchGraph } from "./graphs/product-launch.js";
export { DecompositionState, MAX_SUBTASKS, Plan, WorkerResult, WorkerState, buildDecompositionGraph } from "./graphs/decomposition.js";
export { AnswerState, NotifyState, answerStrategies, buildNotifyGraph, buildSingleSourceAnswerGraph } from "./graphs/answer-strategies.js";
export { AttemptLog, FaultDemoState, buildDurableMapGraph, buildFlakyBranchesGraph } from "./graphs/fault-demos.js";
export type { DecompositionOptions } from "./graphs/decomposition.js";
export { analystBriefs, buildStockAnalystsGraph } from "./graphs/stock-analysts.js";
export {
  COMPANIES,
  TICKERS,
  financials,
  financialsTool,
  news,
  newsTool,
  priceHistory,
  priceHistoryTool,
  socialSentiment,
  socialSentimentTool,
} from "./tools/market-data.js";
export type { Company } from "./tools/market-data.js";

// Lesson runner (for writing your own lessons)
export { defineLesson } from "./cli/define-lesson.js";
export { createLessonContext } from "./cli/lesson.js";
export type { Lesson, LessonContext, RunGraphOptions } from "./cli/lesson.js";
export type { LessonSummary } from "./cli/lesson-summary.js";
export { parseLessonCommand } from "./cli/options.js";
export type { LessonCommand, LessonOptions } from "./cli/options.js";
export { captureOutput, createOutput } from "./cli/output.js";
export { formatCostTable, formatItemTiming, formatSuperstep, formatTiming, formatValue } from "./cli/render.js";
export { createProgressDisplay, formatProgress } from "./cli/progress-display.js";
export type { ProgressDisplayOptions } from "./cli/progress-display.js";
export type { LessonOutput } from "./cli/output.js";
export { runLessons } from "./cli/run-lessons.js";
