/**
 * Lesson 2 graph (LangChain Academy module 4, "map-reduce"): a topic becomes a few subjects
 * (structured output), each subject is sent to its own `generate_joke` task with `Send` (map),
 * and the jokes, gathered by a reducer, are judged to pick the best one (reduce).
 *
 *   START → generate_topics ─Send×N→ generate_joke → best_joke → END
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { END, Send, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { strictStructuredOutput } from "../models/strict-structured-output.js";
import { listField } from "../reducers/fields.js";

/**
 * Overall state: the `topic` (non-empty) in; its `subjects`, every joke (`jokes`, appended in
 * parallel) and the pick (`bestSelectedJoke`) out.
 *
 * @example
 * ```ts
 * import { JokesState } from "langgraph-parallel/graphs";
 *
 * const count = (s: typeof JokesState.State) => `${s.jokes.length} jokes about ${s.topic}`;
 * ```
 */
export const JokesState = new StateSchema({
  topic: z.string().trim().min(1, "the topic is empty"),
  subjects: z.array(z.string()).default(() => []),
  jokes: listField(z.string()),
  bestSelectedJoke: z.string().default(""),
});

/**
 * Per-branch state: what one `Send` carries to `generate_joke`. It is not the overall state:
 * the branch sees only its subject.
 *
 * @example
 * ```ts
 * import { Send } from "@langchain/langgraph";
 * import { JokeState } from "langgraph-parallel/graphs";
 *
 * new Send("generate_joke", { subject: "cats" } satisfies typeof JokeState.State);
 * ```
 */
export const JokeState = new StateSchema({ subject: z.string() });

/**
 * Structured output of the subjects step: 1 to 12 non-empty subjects.
 *
 * @example
 * ```ts
 * import { Subjects } from "langgraph-parallel/graphs";
 *
 * Subjects.parse({ subjects: ["cats", "dogs"] }).subjects; // ["cats", "dogs"]
 * ```
 */
export const Subjects = z.object({ subjects: z.array(z.string().min(1)).min(1).max(12) });
/**
 * Structured output of one joke.
 *
 * @example
 * ```ts
 * import { Joke } from "langgraph-parallel/graphs";
 *
 * Joke.safeParse({ joke: "" }).success; // false: a joke is not empty
 * ```
 */
export const Joke = z.object({ joke: z.string().min(1) });

/** Options of {@link buildJokesGraph}. */
export interface JokesGraphOptions {
  /** The model for every step. */
  model: BaseChatModel;
  /** How many subjects to ask for. Default 3. */
  subjects?: number;
}

/**
 * Builds the jokes map-reduce graph. Expects a chat model with structured output (for the
 * subjects, each joke and the pick); no tools.
 *
 * @param options - The `model`; `subjects` to ask for (default 3).
 * @returns The compiled graph over {@link JokesState}: `{ topic }` in, `subjects`, `jokes` and `bestSelectedJoke` out.
 * @example
 * ```ts
 * import { buildJokesGraph } from "langgraph-parallel/graphs";
 * import { OfflineChatModel } from "langgraph-parallel/models";
 *
 * const graph = buildJokesGraph({ model: new OfflineChatModel({ latencyMs: 0 }) });
 * const { jokes, bestSelectedJoke } = await graph.invoke({ topic: "animals" }); // a joke per subject, one picked
 * ```
 */
export function buildJokesGraph({ model, subjects = 3 }: JokesGraphOptions) {
  const subjectsOutput = strictStructuredOutput(model, Subjects, { name: "Subjects" });
  const jokeOutput = strictStructuredOutput(model, Joke, { name: "Joke" });

  const generateTopics = async (state: typeof JokesState.State) => {
    const prompt = `Topic: ${state.topic}\nList ${subjects} subjects closely related to this topic, each a few words long.`;
    const { subjects: list } = await subjectsOutput.invoke(prompt);
    return { subjects: list };
  };

  // One Send per subject: each generate_joke task gets its own small state.
  const continueToJokes = (state: typeof JokesState.State) =>
    state.subjects.map((subject) => new Send("generate_joke", { subject }));

  const generateJoke = async (state: typeof JokeState.State) => {
    const { joke } = await jokeOutput.invoke(`Tell a short joke about ${state.subject}.`);
    return { jokes: [joke] };
  };

  const bestJoke = async (state: typeof JokesState.State) => {
    const numbered = state.jokes.map((joke, id) => `${id}. ${joke}`).join("\n");
    const BestJoke = z.object({ id: z.number().int().min(0).max(state.jokes.length - 1) });
    const { id } = await strictStructuredOutput(model, BestJoke, { name: "BestJoke" }).invoke(
      `Here are ${state.jokes.length} jokes about ${state.topic}, numbered from 0. Reply with the id of the funniest one.\n\n${numbered}`,
    );
    return { bestSelectedJoke: state.jokes[id] ?? "" };
  };

  return new StateGraph(JokesState)
    .addNode("generate_topics", generateTopics)
    .addNode("generate_joke", generateJoke, { input: JokeState })
    .addNode("best_joke", bestJoke)
    .addEdge(START, "generate_topics")
    .addConditionalEdges("generate_topics", continueToJokes, ["generate_joke"])
    .addEdge("generate_joke", "best_joke")
    .addEdge("best_joke", END)
    .compile();
}
