/**
 * Types and state of the research assistant (lesson 4): analysts, their interviews, the report.
 */
import { MessagesValue, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { listField } from "../../reducers/fields.js";
import { sortedMerge } from "../../reducers/sorted-merge.js";

/** One analyst persona the assistant interviews an expert with. */
export const Analyst = z.object({
  affiliation: z.string().min(1).describe("Primary affiliation of the analyst."),
  name: z.string().min(1).describe("Name of the analyst."),
  role: z.string().min(1).describe("Role of the analyst in the context of the topic."),
  description: z.string().min(1).describe("Focus, concerns and motives of the analyst."),
});
export type Analyst = z.infer<typeof Analyst>;

/** The structured output of the analyst step. */
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
 * persona({ name: "Ada", role: "Reviewer", affiliation: "Lab", description: "Cares about cost." });
 * ```
 */
export function persona(analyst: Analyst): string {
  return `Name: ${analyst.name}\nRole: ${analyst.role}\nAffiliation: ${analyst.affiliation}\nDescription: ${analyst.description}`;
}

/** A search result kept with its source, whichever search produced it. */
export const SourcedDocument = z.object({
  source: z.string(),
  title: z.string(),
  content: z.string(),
  via: z.enum(["web", "encyclopedia"]),
});
export type SourcedDocument = z.infer<typeof SourcedDocument>;

/** The structured output of the query-writing step. */
export const SearchQuery = z.object({ searchQuery: z.string().min(1).describe("Search query for retrieval.") });

/** One report section, written by one interview; `position` is its analyst's place in the list. */
export const Section = z.object({ position: z.number().int(), analyst: z.string(), markdown: z.string(), sources: z.array(z.string()) });
export type Section = z.infer<typeof Section>;

/** Limits on input, checked before a run. */
export const MAX_ANALYSTS_LIMIT = 10;

/** State of the whole run. */
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
 * const topicOf = (s: Research) => s.topic;
 * ```
 */
export type Research = typeof ResearchState.State;

/** State of one interview (a sub-graph run per analyst, started by `Send`). */
export const InterviewState = new StateSchema({
  topic: z.string(),
  analyst: Analyst,
  /** The analyst's place in the list, carried into its section. */
  position: z.number().int().default(0),
  maxTurns: z.number().int().min(1).default(2),
  messages: MessagesValue,
  /** Search results of every turn, both searches, each with its source. */
  context: listField(SourcedDocument),
  interview: z.string().default(""),
  sections: z.array(Section).default(() => []),
});

/** What an interview hands back to the research graph: only its section. */
export const InterviewOutputState = new StateSchema({
  sections: z.array(Section).default(() => []),
});
