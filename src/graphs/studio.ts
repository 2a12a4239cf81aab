/**
 * Compiled lesson graphs for the LangGraph CLI dev server and Studio (`langgraph.json` points
 * here). Each export is built once with default options; the model is offline unless
 * `OPENAI_API_KEY` is set in the server's environment.
 */
import { LESSON_GRAPHS } from "./registry.js";

/** Lesson 1: a → b → c → d. @example `{ "state": [] }` */
export const parallelization_linear = LESSON_GRAPHS["parallelization.linear"]();
/** Lesson 1: fan-out without a reducer (fails with InvalidUpdateError). @example `{ "state": [] }` */
export const parallelization_fan_out_no_reducer = LESSON_GRAPHS["parallelization.fan_out_no_reducer"]();
/** Lesson 1: fan-out with the concat reducer. @example `{ "state": [] }` */
export const parallelization_fan_out = LESSON_GRAPHS["parallelization.fan_out"]();
/** Lesson 1: waiting edge. @example `{ "state": [] }` */
export const parallelization_waiting_edge = LESSON_GRAPHS["parallelization.waiting_edge"]();
/** Lesson 1: sorting reducer. @example `{ "state": [] }` */
export const parallelization_sorted = LESSON_GRAPHS["parallelization.sorted"]();
/** Lesson 1: ordered fan-in through a sink node. @example `{ "state": [] }` */
export const parallelization_ordered_fan_in = LESSON_GRAPHS["parallelization.ordered_fan_in"]();
/** Lesson 1: parallel searches, then an answer. @example `{ "question": "What is a superstep?" }` */
export const parallelization_search_answer = LESSON_GRAPHS["parallelization.search_answer"]();
/** Lesson 2: jokes, one Send per subject. @example `{ "topic": "animals" }` */
export const map_reduce_jokes = LESSON_GRAPHS["map_reduce.jokes"]();
/** Lesson 2: digest of corpus passages through mapReduce. @example `{ "passages": [{ "id": "p1", "docId": "d", "title": "T", "text": "…" }] }` */
export const map_reduce_passage_digest = LESSON_GRAPHS["map_reduce.passage_digest"]();
/** Lesson 3: logs → failure analysis ∥ question summarisation sub-graphs. @example `{ "raw_logs": [...] }` */
export const sub_graphs_logs = LESSON_GRAPHS["sub_graphs.logs"]();
/** Lesson 3: the same without output schemas (fails with InvalidUpdateError). */
export const sub_graphs_logs_no_output_schemas = LESSON_GRAPHS["sub_graphs.logs_no_output_schemas"]();
/** Lesson 3: failure analysis called from a node, with its own keys. */
export const sub_graphs_logs_calling_subgraph = LESSON_GRAPHS["sub_graphs.logs_calling_subgraph"]();
/** Lesson 3: triage with a mapReduce step and a review sub-graph per Send. */
export const sub_graphs_triage = LESSON_GRAPHS["sub_graphs.triage"]();
/** Lesson 4: the research assistant; pauses for analyst review (resume with a Command). @example `{ "topic": "…", "maxAnalysts": 3 }` */
export const research_assistant_graph = LESSON_GRAPHS["research_assistant.graph"]();
/** Lesson 4: one interview. */
export const research_assistant_interview = LESSON_GRAPHS["research_assistant.interview"]();
/** Lesson 5: one prompt to three participants. @example `{ "messages": [{ "role": "user", "content": "Plan the launch of …" }] }` */
export const concurrent_product_launch = LESSON_GRAPHS["concurrent.product_launch"]();
/** Lesson 5: isolated analysts with their own tools. @example `{ "messages": [{ "role": "user", "content": "Should we invest in TERN?" }] }` */
export const concurrent_stock_analysts = LESSON_GRAPHS["concurrent.stock_analysts"]();
/** Lesson 6: orchestrator, workers, synthesiser. @example `{ "task": "Write a briefing on LangGraph reducers" }` */
export const dynamic_decomposition = LESSON_GRAPHS["dynamic.decomposition"]();
/** Lesson 7: one of the raced workflows (web only). @example `{ "question": "What is a superstep?" }` */
export const race_web_answer = LESSON_GRAPHS["race.web_answer"]();
/** Lesson 7: one of the raced workflows (encyclopedia only). @example `{ "question": "What is Amdahl's law?" }` */
export const race_encyclopedia_answer = LESSON_GRAPHS["race.encyclopedia_answer"]();
/** Lesson 8: flaky, slow and broken branches with retry, timeout and settled failures. @example `{}` */
export const faults_flaky_branches = LESSON_GRAPHS["faults.flaky_branches"]();
/** Lesson 8: a durable map over items. @example `{ "items": ["a", "b"] }` */
export const faults_durable_map = LESSON_GRAPHS["faults.durable_map"]();
