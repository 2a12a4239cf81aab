/**
 * Types and state of the research assistant (lesson 4): analysts, their interviews, the report.
 */
import { MessagesValue, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { listField } from "../../reducers/fields.js";
import { sortedMerge } from "../../reducers/sorted-merge.js";

/**
 * One analyst persona the assistant interviews an expert with.
 *
 * @example
 * ```ts
 * import { Analyst } from "langgraph-parallel/graphs";
 *
 * const ada: Analyst = Analyst.parse({ name: "Ada", role: "Reviewer", affiliation: "Lab", description: "Cares about cost." });
 * ```
 */
export const Analyst = z.object({
  affiliation: z.string().min(1).describe("Primary affiliation of the analyst."),
  name: z.string().min(1).describe("Name of the analyst."),
  role: z.string().min(1).describe("Role of the analyst in the context of the topic."),
  description: z.string().min(1).describe("Focus, concerns and motives of the analyst."),
});
export type Analyst = z.infer<typeof Analyst>;

/**
 * The structured output of the analyst step: at least one {@link Analyst}.
 *
 * @example
 * ```ts
 * import { Perspectives } from "langgraph-parallel/graphs";
 *
 * Perspectives.safeParse({ analysts: [] }).success; // false: at least one analyst
 * ```
 */
export const Perspectives = z.object({
  analysts: z.array(Analyst).min(1).describe("The analysts, each with a role and affiliation."),
});

/**
 * An analyst's persona, the way prompts present it.
 *
 * @param analyst - The analyst.
 * @returns Four labelled lines.
 * @example
 * ```ts
 * import { persona } from "langgraph-parallel/graphs";
 *
 * persona({ name: "Ada", role: "Reviewer", affiliation: "Lab", description: "Cares about cost." });
 * // "Name: Ada\nRole: Reviewer\nAffiliation: Lab\nDescription: Cares about cost."
 * ```
 */
export function persona(analyst: Analyst): string {
  return `Name: ${analyst.name}\nRole: ${analyst.role}\nAffiliation: ${analyst.affiliation}\nDescription: ${analyst.description}`;
}

/**
 * A search result kept with its source, whichever search produced it (`via`).
 *
 * @example
 * ```ts
 * import { SourcedDocument } from "langgraph-parallel/graphs";
 *
 * const doc: SourcedDocument = { source: "corpus://web/x", title: "X", content: "…", via: "web" };
 * SourcedDocument.parse(doc);
 * ```
 */
export const SourcedDocument = z.object({
  source: z.string(),
  title: z.string(),
  content: z.string(),
  via: z.enum(["web", "encyclopedia"]),
});
export type SourcedDocument = z.infer<typeof SourcedDocument>;

/**
 * The structured output of the query-writing step.
 *
 * @example
 * ```ts
 * import { SearchQuery } from "langgraph-parallel/graphs";
 *
 * SearchQuery.parse({ searchQuery: "LangGraph supersteps" }).searchQuery; // "LangGraph supersteps"
 * ```
 */
export const SearchQuery = z.object({ searchQuery: z.string().min(1).describe("Search query for retrieval.") });

/**
 * One report section, written by one interview; `position` is its analyst's place in the list.
 *
 * @example
 * ```ts
 * import { Section } from "langgraph-parallel/graphs";
 *
 * const section: Section = { position: 0, analyst: "Ada", markdown: "## LangGraph: costs\n\n…", sources: ["corpus://web/x"] };
 * ```
 */
export const Section = z.object({ position: z.number().int(), analyst: z.string(), markdown: z.string(), sources: z.array(z.string()) });
export type Section = z.infer<typeof Section>;

/**
 * The most analysts a run may ask for (`maxAnalysts` of {@link ResearchState}), checked before a run.
 *
 * @example
 * ```ts
 * import { MAX_ANALYSTS_LIMIT } from "langgraph-parallel/graphs";
 *
 * MAX_ANALYSTS_LIMIT; // 10
 * ```
 */
export const MAX_ANALYSTS_LIMIT = 10;

/**
 * State of the whole run: `topic` (non-empty), `maxAnalysts` (1 to {@link MAX_ANALYSTS_LIMIT},
 * default 3) and `maxTurns` (1 to 5, default 2) in; the analysts, the feedback, the sections and
 * the report's parts out, ending in `finalReport`.
 *
 * @example
 * ```ts
 * import { validateInput } from "langgraph-parallel";
 * import { ResearchState } from "langgraph-parallel/graphs";
 *
 * await validateInput(ResearchState, { topic: "LangGraph", maxAnalysts: 11 }); // throws InputValidationError: at most 10
 * ```
 */
export const ResearchState = new StateSchema({
  topic: z.string().trim().min(1, "the topic is empty"),
  maxAnalysts: z
    .number()
    .int("maxAnalysts must be a whole number")
    .min(1, "maxAnalysts must be at least 1")
    .max(MAX_ANALYSTS_LIMIT, `maxAnalysts must be at most ${MAX_ANALYSTS_LIMIT}`)
    .default(3),
  maxTurns: z.number().int().min(1).max(5).default(2),
  humanAnalystFeedback: z.string().default(""),
  feedbackRounds: z.number().int().default(0),
  analysts: z.array(Analyst).default(() => []),
  /**
   * One section per analyst, written by the interviews in parallel and kept in analyst order
   * (a resumed run may replay finished interviews' writes in another order).
   */
  sections: listField(Section, sortedMerge<Section>({ by: (s) => s.position })),
  introduction: z.string().default(""),
  content: z.string().default(""),
  conclusion: z.string().default(""),
  finalReport: z.string().default(""),
});

/**
 * The research assistant's state as its nodes see it.
 *
 * @example
 * ```ts
 * import type { Research } from "langgraph-parallel/graphs";
 *
 * const topicOf = (s: Research) => s.topic;
 * ```
 */
export type Research = typeof ResearchState.State;

/**
 * State of one interview (a sub-graph run per analyst, started by `Send`): `topic`, `analyst`,
 * `position`, `peers` (the other analysts' descriptions), `maxTurns` and the `messages` in; the
 * search `context`, the `interview` transcript and its section out.
 *
 * @example
 * ```ts
 * import { InterviewState } from "langgraph-parallel/graphs";
 *
 * const turns = (s: typeof InterviewState.State) => s.messages.filter((m) => m.name === "expert").length;
 * ```
 */
export const InterviewState = new StateSchema({
  topic: z.string(),
  analyst: Analyst,
  /** The analyst's place in the list, carried into its section. */
  position: z.number().int().default(0),
  /** The other analysts' descriptions: what their sections cover, so this one need not repeat it. */
  peers: z.array(z.string()).default(() => []),
  maxTurns: z.number().int().min(1).default(2),
  messages: MessagesValue,
  /** Search results of every turn, both searches, each with its source. */
  context: listField(SourcedDocument),
  interview: z.string().default(""),
  sections: z.array(Section).default(() => []),
});

/**
 * What an interview hands back to the research graph: only its section.
 *
 * @example
 * ```ts
 * import { StateGraph } from "@langchain/langgraph";
 * import { InterviewOutputState, InterviewState } from "langgraph-parallel/graphs";
 *
 * new StateGraph({ state: InterviewState, output: InterviewOutputState });
 * ```
 */
export const InterviewOutputState = new StateSchema({
  sections: z.array(Section).default(() => []),
});
