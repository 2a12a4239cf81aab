/**
 * The offline model's briefs for a product launch: a persona that researches, markets or reviews
 * the legal side ("You are a … researcher. …") given a launch prompt ("We are launching a new
 * budget-friendly electric bike for urban commuters.") writes its part of the launch from what the
 * prompt says: the product, who it is for, where and when it is sold, and what the prompt claims
 * for it (budget, portable, electric, smart…). Nothing is looked up: each point is built from the
 * prompt's own words, worded as what to check or say, never as a market fact.
 */
import { joinWithAnd as joinAnd, upperFirst, words } from "./text-terms.js";

/** What a launch prompt says. */
export interface LaunchFacts {
  /** The product's own name, when the prompt gives one ("Tern"). */
  name?: string;
  /** The product without article, name or qualities ("electric bike"). */
  core: string;
  /** What the prompt claims for it ("budget-friendly", "pocket-sized"). */
  qualities: string[];
  /** What it does, when the prompt says ("that tracks hydration"). */
  feature?: string;
  /** Who it is for ("urban commuters"). */
  audience?: string;
  /** Where it is sold ("the EU and the US"). */
  markets?: string;
  /** When ("next month"). */
  when?: string;
}

/** The kind of brief a persona writes. */
export type BriefKind = "research" | "marketing" | "legal";

const LAUNCH_VERB = /\b(?:launch(?:ing)?|introduc(?:e|ing)|releas(?:e|ing)|unveil(?:ing)?|open(?:ing)?|sell(?:ing)?|ship(?:ping)?|roll(?:ing)? out|bring(?:ing)?)\s+/i;
const WHEN = /\s+((?:next|this|later this|early next|in)\s+(?:week|month|quarter|year|spring|summer|autumn|fall|winter|january|february|march|april|may|june|july|august|september|october|november|december)\b.*)$/i;
const ARTICLE = /^(?:an?|the|our|my|its|their)\s+/i;

/**
 * Reads a launch prompt: the product, its qualities, audience, markets and timing.
 *
 * @param request - The prompt, e.g. "We are launching a new budget-friendly electric bike for urban commuters."
 * @returns The facts, or `undefined` when the prompt launches nothing.
 * @example
 * ```ts
 * launchFacts("We are launching a new budget-friendly electric bike for urban commuters.");
 * // { core: "electric bike", qualities: ["budget-friendly"], audience: "urban commuters" }
 * ```
 */
export function launchFacts(request: string): LaunchFacts | undefined {
  const first = request.split(/(?<=[.!?])\s+|\n/)[0] ?? "";
  const verb = LAUNCH_VERB.exec(first);
  if (!verb) return undefined;
  let rest = first.slice(verb.index + verb[0].length).replace(/[.!?]+$/, "").trim();
  const when = WHEN.exec(rest);
  if (when) rest = rest.slice(0, when.index).trim();
  // "… in the EU and the US" / "… across Europe": where it is sold, after the product and audience.
  const markets = /,?\s+(?:in|across|to)\s+((?:the\s+)?\p{Lu}[\p{L}.]*(?:(?:,\s*|\s+and\s+|\s+)(?:the\s+)?\p{Lu}[\p{L}.]*)*)\s*$/u.exec(rest);
  if (markets) rest = rest.slice(0, markets.index).trim();
  const audience = /,?\s+for\s+([^,]+?)\s*,?$/i.exec(rest);
  if (audience) rest = rest.slice(0, audience.index).trim();
  // "Tern, a pocket-sized solar charger": a name, then what it is.
  const named = /^(\p{Lu}[\p{L}\d-]*(?:\s+\p{Lu}[\p{L}\d-]*)?),\s+(.+)$/u.exec(rest.replace(/,\s*$/, ""));
  let product = (named?.[2] ?? rest).replace(/,\s*$/, "").replace(ARTICLE, "").replace(/^new\s+/i, "");
  const qualities: string[] = [];
  for (const w of words(product)) {
    if (!/-/.test(w) && !QUALITY_WORDS.test(w)) break;
    qualities.push(w);
  }
  product = words(product).slice(qualities.length).join(" ") || product;
  // "water bottle that tracks hydration": what it does is a feature, not part of its name.
  const feature = /\s+((?:that|which|with)\s+.+)$/i.exec(product);
  if (feature) product = product.slice(0, feature.index).trim();
  if (!product) return undefined;
  return {
    ...(named ? { name: named[1]! } : {}),
    core: product,
    qualities,
    ...(feature ? { feature: feature[1]! } : {}),
    ...(audience ? { audience: audience[1]!.replace(ARTICLE, "").trim() } : {}),
    ...(markets ? { markets: markets[1]!.trim() } : {}),
    ...(when ? { when: when[1]!.trim() } : {}),
  };
}

const QUALITY_WORDS = /^(?:affordable|cheap|low-cost|budget|premium|luxury|compact|portable|lightweight|foldable|folding|smart|connected|eco|green|sustainable|reusable|durable|rugged|waterproof|wireless|quiet|fast)$/i;

/**
 * Which brief a persona writes, from its role and task: legal, marketing or research.
 *
 * @param persona - The persona's instructions ("You are a cautious legal reviewer. …").
 * @returns The kind, or `undefined` for any other persona.
 * @example
 * ```ts
 * briefKind("You are a creative marketing strategist. Craft the value proposition."); // "marketing"
 * ```
 */
export function briefKind(persona: string): BriefKind | undefined {
  if (/\b(?:legal|lawyer|counsel|complian\w*|regulat\w*|disclaimers?)\b/i.test(persona)) return "legal";
  if (/\b(?:marketer|marketing|messaging|value propositions?|taglines?|brand\w*|copywriter)\b/i.test(persona)) return "marketing";
  if (/\b(?:research\w*|analyst|insights?)\b/i.test(persona)) return "research";
  return undefined;
}

// What the prompt claims for the product, as angles the briefs speak to.
const ANGLES = {
  price: /\b(?:budget|affordable|cheap|low-cost|inexpensive|value)\b/i,
  portable: /\b(?:pocket|compact|portable|lightweight|foldable|folding|mini)\b/i,
  electric: /\b(?:electric|e-bike|e-scooter|battery|solar|charger|rechargeable)\b/i,
  smart: /\b(?:smart|app|connected|wireless|ai)\b/i,
  children: /\b(?:kids?|child(?:ren)?|baby|toddlers?)\b/i,
  vehicle: /\b(?:bikes?|bicycles?|scooters?|cars?|vehicles?|mopeds?)\b/i,
} as const;
type Angle = keyof typeof ANGLES;

// "a bike", "an e-bike", "kettles": the indefinite article a phrase takes (none for a plural).
const indef = (phrase: string) => (/[^s]s$/i.test(phrase) ? phrase : `${/^[aeiou]/i.test(phrase) ? "an" : "a"} ${phrase}`);

/**
 * A persona's brief for a launch: the researcher's insights, opportunities and risks; the
 * marketer's value proposition, messages, tagline and channels; the legal reviewer's constraints
 * and disclaimers. Each point names the product, its audience and markets as the prompt gives them.
 *
 * @param kind - From {@link briefKind}.
 * @param facts - From {@link launchFacts}.
 * @returns Markdown: bold headings, one point a line.
 * @example
 * ```ts
 * launchBrief("marketing", launchFacts("We sell kettles.")!); // "**Value proposition:** …"
 * ```
 */
export function launchBrief(kind: BriefKind, facts: LaunchFacts): string {
  const full = [...facts.qualities, facts.core, facts.feature ?? ""].join(" ").trim();
  const angles = (Object.keys(ANGLES) as Angle[]).filter((a) => ANGLES[a].test(`${full} ${facts.name ?? ""}`));
  const has = (a: Angle) => angles.includes(a);
  const the = facts.name ?? `the new ${facts.core}`;
  const who = facts.audience ?? "its first buyers";
  const where = facts.markets ?? "every market it is sold in";
  if (kind === "research") {
    return [
      "**Insights:**",
      `- Target demographic: ${who}${has("price") ? ", most of them price-sensitive" : ""}; the prompt names no other segment, so start the research there.`,
      `- Buying criteria: ${who} will compare ${the} on ${joinAnd(criteria(angles))}.`,
      `- Competitive landscape: established ${facts.core} brands and ${has("price") ? "low-cost imports" : "new entrants"}${facts.markets ? ` in ${where}` : ""}; ${the} needs one clear reason to be chosen over both.`,
      "",
      "**Opportunities:**",
      `- ${has("price") ? `${upperFirst(indef(full))} widens the market to ${who} who found the category too expensive.` : `Being first to speak to ${who} directly, with ${indef(full)} made for them.`}`,
      `- ${has("vehicle") ? `Employers and cities that support commuting schemes could buy ${the} in bulk.` : `Word of mouth among ${who}: reviews and recommendations travel fast within one group.`}`,
      "",
      "**Risks:**",
      `- ${has("price") ? `Thin margins: a budget price leaves little room for warranty repairs, returns and marketing.` : `Awareness: a new ${facts.core} has to earn trust before ${who} will pay for it.`}`,
      `- ${has("electric") ? "Battery and component quality: cheap cells mean fire, recall and warranty risk." : `Quality at launch: early reviews from ${who} will decide the first year.`}`,
      ...(facts.markets ? [`- Selling in ${where} means more than one set of rules, prices and distribution partners.`] : []),
    ].join("\n");
  }
  if (kind === "marketing") {
    const benefit = has("price") ? "everything you need, at a price that makes sense" : has("portable") ? "small enough to carry, ready when you need it" : "made around the way you actually live";
    return [
      "**Value proposition:**",
      `"${facts.name ? `${facts.name}, ${indef(full)}` : upperFirst(indef(full))} for ${who}: ${benefit}."`,
      "",
      "**Target messaging:**",
      ...messages(angles, facts, who).map((m) => `- ${m}`),
      "",
      `**Tagline:** "${tagline(angles, facts)}"`,
      "",
      `**Channels:** ${channels(angles, who)}${facts.when ? `, timed for the launch ${facts.when}` : ""}.`,
    ].join("\n");
  }
  const rules = has("vehicle") && has("electric") ? ": e-bike classification, speed and motor power limits, lights and brakes" : "";
  return [
    "**Constraints, disclaimers and policy concerns:**",
    `1. Regulatory compliance: check that ${the} meets the product rules of ${where}${rules}.`,
    `2. Product safety: ${has("electric") ? "battery, charger and electrical safety certification, and safe shipping of the batteries" : has("children") ? "child-safety standards and age warnings" : "safety testing and clear instructions for use"}.`,
    `3. Advertising claims: ${facts.qualities.length ? `"${joinAnd(facts.qualities)}" and every` : "every"} performance or price claim must be backed by evidence; avoid absolute words such as "safest" or "cheapest".`,
    `4. Warranty and returns: state the warranty terms and the buyer's statutory rights${facts.markets ? ` in ${where}` : ""} plainly.`,
    ...(has("smart") ? ["5. Data and privacy: say what the app collects, get consent, and honour deletion requests."] : []),
    "",
    "**Disclaimer:** a checklist to take to counsel before the launch, not legal advice.",
  ].join("\n");
}

function criteria(angles: readonly Angle[]): string[] {
  const out = angles.includes("price") ? ["price", "running costs"] : ["quality", "price"];
  if (angles.includes("electric")) out.push(angles.includes("vehicle") ? "battery range" : "charging time");
  if (angles.includes("portable")) out.push("weight");
  if (angles.includes("smart")) out.push("what the app does");
  return [...out, "after-sales service"];
}

function messages(angles: readonly Angle[], facts: LaunchFacts, who: string): string[] {
  const out: string[] = [];
  if (angles.includes("price")) out.push(`Affordable: show the full price and what it saves ${who} against the alternatives.`);
  if (angles.includes("vehicle")) out.push("Practical: the daily trip made faster, with no parking or fuel to pay for.");
  else if (angles.includes("portable")) out.push(`Portable: it fits where ${who} already carry things.`);
  if (angles.includes("electric")) out.push("Clean: electric power, with an honest figure for range or charge.");
  if (angles.includes("smart")) out.push("Smart: one thing the app does that nothing else does.");
  if (out.length < 2) out.push(`Made for ${who}: use their words and their everyday situations, not the product's specifications.`);
  out.push(`Trust: ${facts.markets ? `support and service in ${facts.markets}` : "a clear warranty"} and real reviews from ${who}.`);
  return out;
}

function tagline(angles: readonly Angle[], facts: LaunchFacts): string {
  if (angles.includes("price") && angles.includes("vehicle")) return "Ride more. Spend less.";
  if (angles.includes("price")) return "Everything you need. Nothing you don't pay for.";
  if (angles.includes("portable")) return "Small enough to forget. Ready when you need it.";
  if (angles.includes("smart")) return "It keeps track, so you don't have to.";
  return `${upperFirst(facts.name ?? facts.core)}, made for ${facts.audience ?? "you"}.`;
}

function channels(angles: readonly Angle[], who: string): string {
  const out = [`social media where ${who} already are`, "reviews by trusted creators"];
  out.push(angles.includes("vehicle") ? "test rides at stations and workplaces" : "hands-on demos at the places it will be used");
  return joinAnd(out);
}
