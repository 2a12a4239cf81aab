/**
 * Lesson 7's heterogeneous workflows: three graphs that answer the same question in different ways
 * (web only, encyclopedia only, both in parallel), for racing with `race()`; plus a graph whose
 * node fires notifications with `launch` and collects them later.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { END, type LangGraphRunnableConfig, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import type { LaunchWorker, Launcher } from "../patterns/launch.js";
import { createEncyclopediaSearch } from "../tools/encyclopedia-search.js";
import { formatEncyclopediaDocs, formatWebResults } from "../tools/format-documents.js";
import { createWebSearch, type WebSearch } from "../tools/web-search.js";
import { buildSearchAnswerGraph } from "./search-answer.js";

/**
 * State of a one-source answer graph: `question` (non-empty) in; `context` (the formatted search
 * results) and `answer` out.
 *
 * @example
 * ```ts
 * import { AnswerState } from "langgraph-parallel/graphs";
 *
 * const respond = (s: typeof AnswerState.State) => ({ answer: `From ${s.context.length} chars of context.` });
 * ```
 */
export const AnswerState = new StateSchema({
  question: z.string().trim().min(1, "the question is empty"),
  context: z.string().default(""),
  answer: z.string().default(""),
});

/**
 * Builds a graph that searches one source and answers from it: search → respond. Expects a chat
 * model, the source to search and, for `"web"`, a web search; the encyclopedia search is always
 * the offline one (`createEncyclopediaSearch()`).
 *
 * @param model - The chat model that writes the answer.
 * @param source - `"web"` or `"encyclopedia"`.
 * @param webSearch - The web search (default `createWebSearch()`: the offline corpus).
 * @returns The compiled graph over {@link AnswerState}: `{ question }` in, `{ question, context, answer }` out.
 * @example
 * ```ts
 * import { buildSingleSourceAnswerGraph } from "langgraph-parallel/graphs";
 * import { OfflineChatModel } from "langgraph-parallel/models";
 *
 * const graph = buildSingleSourceAnswerGraph(new OfflineChatModel({ latencyMs: 0 }), "encyclopedia");
 * const { answer } = await graph.invoke({ question: "What is a superstep?" });
 * ```
 */
export function buildSingleSourceAnswerGraph(model: BaseChatModel, source: "web" | "encyclopedia", webSearch: WebSearch = createWebSearch()) {
  const web = webSearch;
  const encyclopedia = createEncyclopediaSearch();
  return new StateGraph(AnswerState)
    .addNode("search", async (s: typeof AnswerState.State) => ({
      context: source === "web" ? formatWebResults(await web(s.question)) : formatEncyclopediaDocs(await encyclopedia(s.question)),
    }))
    .addNode("respond", async (s: typeof AnswerState.State, config: LangGraphRunnableConfig) => ({
      answer: (await model.invoke([new SystemMessage(`Answer the question using only this context:\n\n${s.context}`), new HumanMessage(s.question)], config)).text,
    }))
    .addEdge(START, "search")
    .addEdge("search", "respond")
    .addEdge("respond", END)
    .compile({ name: `${source}_answer` });
}

/**
 * Builds the three answer strategies, by name, for `race()`: web only, encyclopedia only, and both
 * searched in parallel ({@link buildSearchAnswerGraph}). Expects a chat model and optionally a web
 * search; the encyclopedia search is the offline one.
 *
 * @param model - The chat model every strategy answers with.
 * @param webSearch - The web search (default `createWebSearch()`: the offline corpus).
 * @returns `{ web, encyclopedia, both }`: compiled graphs taking `{ question }` and returning a state with `answer`.
 * @example
 * ```ts
 * import { answerStrategies } from "langgraph-parallel/graphs";
 * import { race } from "langgraph-parallel/patterns";
 *
 * const outcomes = await race(answerStrategies(model), { question: "What is a superstep?" }, { mode: "any" });
 * const winner = outcomes.find((o) => o.status === "fulfilled"); // the first strategy to answer; losers are "cancelled"
 * ```
 */
export function answerStrategies(model: BaseChatModel, webSearch: WebSearch = createWebSearch()) {
  return {
    web: buildSingleSourceAnswerGraph(model, "web", webSearch),
    encyclopedia: buildSingleSourceAnswerGraph(model, "encyclopedia", webSearch),
    both: buildSearchAnswerGraph({ model, webSearch, encyclopediaSearch: createEncyclopediaSearch() }),
  };
}

/**
 * State of the notification graph: `people` in; the `launched` ids, the `report` and the collected
 * `results` out.
 *
 * @example
 * ```ts
 * import { NotifyState } from "langgraph-parallel/graphs";
 *
 * const pending = (s: typeof NotifyState.State) => s.launched.length - s.results.length;
 * ```
 */
export const NotifyState = new StateSchema({
  people: z.array(z.string()),
  launched: z.array(z.string()).default(() => []),
  report: z.string().default(""),
  results: z.array(z.string()).default(() => []),
});

/**
 * Builds the notification graph: announce (fires one notification per person with `launch`,
 * returns at once) → write_report (other work, while the notifications run) → collect (reads
 * every result by id). Expects a launcher with a `notify` worker; needs no model.
 *
 * @param launcher - A launcher (`createLauncher`) with a `notify` worker taking a person's name and returning a string.
 * @returns The compiled graph over {@link NotifyState}: `{ people }` in, `launched`, `report` and `results` out.
 * @example
 * ```ts
 * import { InMemoryStore } from "@langchain/langgraph";
 * import { buildNotifyGraph } from "langgraph-parallel/graphs";
 * import { createLauncher } from "langgraph-parallel/patterns";
 *
 * const notify = async (person: string) => `notified ${person}`;
 * const launcher = createLauncher({ store: new InMemoryStore(), workers: { notify } });
 * const { results } = await buildNotifyGraph(launcher).invoke({ people: ["ada", "bo"] }); // ["notified ada", "notified bo"]
 * ```
 */
export function buildNotifyGraph(launcher: Launcher<{ notify: LaunchWorker<string, string> }>) {
  return new StateGraph(NotifyState)
    .addNode("announce", async (s: typeof NotifyState.State, config: LangGraphRunnableConfig) => {
      const launched: string[] = [];
      for (const person of s.people) launched.push(await launcher.launch("notify", person, { config }));
      return { launched };
    })
    .addNode("write_report", (s: typeof NotifyState.State) => ({ report: `Launch report for ${s.people.length} people, written while they are notified.` }))
    .addNode("collect", async (s: typeof NotifyState.State) => ({ results: (await Promise.all(s.launched.map((id) => launcher.result(id)))) as string[] }))
    .addEdge(START, "announce")
    .addEdge("announce", "write_report")
    .addEdge("write_report", "collect")
    .addEdge("collect", END)
    .compile();
}
