/**
 * The research assistant's prompts (our own wording). Each is a function of the values it needs,
 * so nodes stay short and the prompts can be read in one place.
 */
import type { Analyst } from "./schemas.js";
import { persona } from "./schemas.js";

/** Ends an interview when the analyst says it. */
export const THANK_YOU = "Thank you so much for your help!";

export const analystsPrompt = (topic: string, maxAnalysts: number, feedback: string) =>
  [
    "You are putting together a small team of AI analyst personas to research a topic.",
    `Topic: ${topic}`,
    feedback ? `Editorial feedback to take into account: ${feedback}` : "There is no editorial feedback yet.",
    `Pick the most interesting themes of the topic (and of the feedback), then create max_analysts: ${maxAnalysts} analysts, one per theme,`,
    "each with a name, a role, an affiliation and a description of what they care about.",
  ].join("\n");

export const questionPrompt = (analyst: Analyst, topic: string) =>
  [
    "You are an analyst interviewing an expert to learn about a topic.",
    `Topic: ${topic}`,
    `Your persona and goals:\n${persona(analyst)}`,
    "Ask one specific, interesting question about the topic that serves your goals. Ask one question at a time.",
    `When you have learnt enough, say "${THANK_YOU}" to end the interview.`,
  ].join("\n");

export const searchQueryPrompt = (topic: string) =>
  `You turn the last question of an interview about ${topic} into a concise search query on what it asks. Reply with the query only.`;

export const expertPrompt = (analyst: Analyst, topic: string, documents: string) =>
  [
    `You are an expert interviewed by ${analyst.name} (${analyst.role}).\nTopic: ${topic}`,
    "Answer the last question using only the documents below, and cite the ones you use as [1], [2], …",
    "End with a line 'Sources:' followed by one line per cited source: [n] <source>.",
    documents,
  ].join("\n\n");

export const sectionPrompt = (analyst: Analyst, topic: string, peers: readonly string[] = []) =>
  [
    `Write a section of a research report on ${topic}, about what ${analyst.name} (${analyst.role}) learnt.`,
    `Topic: ${topic}`,
    `Focus: ${analyst.description}`,
    ...(peers.length > 0 ? ["The other analysts' sections cover these focuses; leave their material to them:", ...peers.map((p) => `- ${p}`)] : []),
    "Start with a '## ' title line: a short, engaging title on the focus area (the analyst's name stays out of it).",
    "Use only the interview and the documents below; cite documents as [1], [2], …",
    "End with a line 'Sources:' followed by one line per cited source: [n] <source>.",
  ].join("\n");

export const introductionPrompt = (topic: string, sections: string) =>
  `Topic: ${topic}\nWrite a short introduction for a research report on ${topic}, previewing these sections:\n\n${sections}`;

export const conclusionPrompt = (topic: string, sections: string) =>
  `Topic: ${topic}\nWrite a short conclusion for a research report on ${topic} that draws these sections together:\n\n${sections}`;

export const bodyPrompt = (topic: string, sections: string) =>
  `Topic: ${topic}\nCombine the insights of these report sections on ${topic} into one connected narrative, without citation numbers (the sections keep theirs):\n\n${sections}`;
