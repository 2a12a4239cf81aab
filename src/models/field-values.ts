/**
 * Plausible values for a named field, used when the offline model fills structured output or
 * tool arguments: the field name says what kind of value fits (`name` → a person's name, `role` →
 * a job title, `query` → the user's question…) and a focus phrase from the input says what it is
 * about. Everything is derived from the input or chosen with the seeded generator.
 */
import { composeReply, jokeSubject, offlineJoke } from "./offline-reply.js";
import type { ConversationView } from "./read-conversation.js";
import type { SeededRandom } from "./seeded-random.js";
import { rankSentences } from "./extractive-answer.js";
import { topicPhrase } from "./interview-question.js";
import { describePersona, type Persona } from "./personas.js";
import { askedFor, subjectPhrases } from "./subject-terms.js";
import { isStopWord, salientPhrases, sentences, terms, upperFirst, words } from "./text-terms.js";

/** What a field value is derived from. */
export interface FieldInput {
  /** The property name (or the array's name for its items), e.g. `search_query`. */
  name: string;
  /** The phrase this value is about (varies across array items). */
  focus: string;
  /** Position within the nearest enclosing array (0 outside arrays). */
  index: number;
  view: ConversationView;
  rng: SeededRandom;
  /** The field's own description in the schema, when it has one (e.g. "Stock ticker, e.g. TERN."). */
  description?: string;
  /** The person this object describes, when it is one of a list of people with roles. */
  persona?: Persona;
}

const FIRST = ["Maya", "Daniel", "Aisha", "Lukas", "Sofia", "Kenji", "Amara", "Mateo", "Priya", "Jonas", "Elena", "Omar", "Hannah", "Ravi", "Chloe", "Tomás"];
const LAST = ["Chen", "Okafor", "Novak", "Silva", "Tanaka", "Fischer", "Haddad", "Moreau", "Kowalski", "Andersen", "Reyes", "Nakamura", "Schmidt", "Ibrahim", "Larsen", "Costa"];
const ROLES = ["Analyst", "Researcher", "Specialist", "Strategist", "Engineer"];
const FACETS = ["the history of {x}", "{x} in everyday life", "the science of {x}", "the future of {x}", "{x} around the world", "common myths about {x}", "{x} at scale", "the economics of {x}"];

/**
 * Splits a property name into lower-case words: `searchQuery`/`search_query` → `["search", "query"]`.
 *
 * @param name - A property name.
 * @returns Its words.
 * @example
 * ```ts
 * fieldWords("maxAnalysts"); // ["max", "analysts"]
 * ```
 */
export function fieldWords(name: string): string[] {
  return words(name.replace(/([a-z\d])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ")).map((w) => w.toLowerCase());
}

const titleCase = (s: string) => s.replace(/(^|[\s-])(\p{Ll})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
// Lower-case a leading capital unless the first word is an acronym or a name like "LangGraph".
const lowerFirst = (s: string) => (/^\p{Lu}\p{Ll}*\b/u.test(s) && !/^\p{Lu}\p{Ll}+\p{Lu}/u.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
const slug = (s: string) => s.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "item";

/**
 * The phrase array item `index` is about: the subject's salient phrases in order, then facets of
 * the subject ("the history of X", "X in everyday life", …) once the phrases run out.
 *
 * @param subject - What the conversation is about.
 * @param feedback - Feedback in the prompt; its main phrase becomes the first item's focus.
 * @param index - Item position (0-based).
 * @returns A short phrase; distinct for the first few indexes.
 * @example
 * ```ts
 * focusFor("animals", 0); // "animals"
 * focusFor("animals", 1); // "the history of animals"
 * ```
 */
export function focusFor(subject: string, index: number, feedback?: string): string {
  // Feedback comes first: what a reviewer asked for is the first item's focus.
  const asked = feedback ? salientPhrases(feedback).slice(0, 1) : [];
  if (index < asked.length) return asked[index]!;
  index -= asked.length;
  const phrases = salientPhrases(subject);
  if (index < phrases.length) return phrases[index]!;
  const core = subject.split(/\s+/).length <= 4 ? subject : (phrases[0] ?? subject);
  return facetOf(core, index - phrases.length);
}

/**
 * Facet `index` of a subject: "the history of X", "X in everyday life", "the science of X", …
 * (eight, then round again).
 *
 * @param core - The subject as a short phrase.
 * @param index - Which facet (0-based).
 * @returns The phrase.
 * @example
 * ```ts
 * facetOf("animals", 2); // "the science of animals"
 * ```
 */
export function facetOf(core: string, index: number): string {
  return FACETS[index % FACETS.length]!.replace("{x}", core || "the topic");
}

/** A sentence from the documents, else from the prompt (skipping instructions), about the focus. */
function sentenceAbout(input: FieldInput): string | undefined {
  const { view, focus } = input;
  const docs = view.documents.length > 0 ? [...view.toolResults, ...view.documents] : view.toolResults;
  const fromDocs = rankSentences(focus, docs).filter((r) => r.score > 0);
  if (fromDocs.length > 0) return fromDocs[Math.min(input.index, fromDocs.length - 1)]!.text;
  const focusTerms = new Set(terms(focus));
  const subjectTerms = new Set(terms(view.subject));
  const instruction = /^(?:[\w ]{1,50}:\s|you are|you will|generate|create|write|list|return|pick|choose|select|assign|follow|examine|determine|review|first|then|answer|use|make|give|provide|please|here|below|above|tell|summari[sz]e|explain|describe|\d+\.)/i;
  // A prompt sentence about the focus that says more than the subject itself.
  return sentences(view.text).find((s) => {
    const st = terms(s);
    return !instruction.test(s) && s.length >= 20 && st.some((t) => focusTerms.has(t)) && st.some((t) => !subjectTerms.has(t));
  });
}

/** What the request asks about (instruction prefixes removed), or its subject phrases when it is long. */
function searchText(input: FieldInput): string {
  const base = input.index > 0 ? input.focus : askedFor(input.view.task);
  if (base.split(/\s+/).length <= 12) return base;
  return (subjectPhrases(base).slice(0, 6).join(" ") || salientPhrases(base).slice(0, 6).join(" ")).trim() || base;
}

// All-caps words that are not tickers.
const NOT_TICKERS = new Set(["EU", "US", "USA", "UK", "AI", "CEO", "CFO", "CTO", "IPO", "ETF", "USD", "EUR", "API", "LLM", "OK", "PDF", "FAQ", "Q1", "Q2", "Q3", "Q4"]);

/**
 * A stock ticker for the request: an example from the field's description that the request names
 * in any case ("Kite Robotics" → `KITE`), else an all-caps word (`MOSS`), else a capitalised name
 * (`Apple` → `APPLE`), else the focus in capitals.
 */
function tickerFor(input: FieldInput): string {
  const request = input.view.request;
  const examples = /\be\.g\.?,?\s*([^\n]+)/i.exec(input.description ?? "")?.[1]?.match(/\b[A-Z]{1,5}\b/g) ?? [];
  const named = examples.find((t) => new RegExp(`\\b${t}\\b`, "i").test(request));
  if (named) return named;
  const caps = (request.match(/\b[A-Z]{2,5}\b/g) ?? []).find((w) => !NOT_TICKERS.has(w));
  if (caps) return caps;
  const name = sentences(request)
    .flatMap((s) => words(s).slice(1))
    .find((w) => /^\p{Lu}\p{Ll}+$/u.test(w) && !isStopWord(w.toLowerCase()));
  if (name) return name.toUpperCase().slice(0, 5);
  return (words(input.focus)[0] ?? "TICKER").toUpperCase().slice(0, 5);
}

/**
 * A string value for a field, chosen by the field's name (see the table in the source):
 * person names, titles, roles, affiliations, queries, topics, jokes, descriptions, answers,
 * URLs, e-mails and dates; anything else gets the focus phrase.
 *
 * @param input - Field name, focus phrase, index, conversation and seeded generator.
 * @returns A string (length and format constraints are applied by the caller).
 * @example
 * ```ts
 * stringForField({ name: "name", focus: "agents", index: 0, view, rng }); // e.g. "Priya Novak"
 * ```
 */
export function stringForField(input: FieldInput): string {
  const { view, focus, index, rng } = input;
  const fw = fieldWords(input.name);
  const last = fw[fw.length - 1] ?? "";
  const has = (...ws: string[]) => fw.some((w) => ws.includes(w));
  // Names: one seeded offset per call, shifted by the item index, so array items get distinct names.
  const names = rng.fork("names");
  const first = FIRST[(names.int(0, FIRST.length - 1) + index) % FIRST.length]!;
  const family = LAST[(names.int(0, LAST.length - 1) + 3 * index) % LAST.length]!;
  const person = () => `${first} ${family}`;
  if (fw.length === 2 && fw[0] === "first" && last === "name") return first;
  if (fw.length === 2 && fw[0] === "last" && last === "name") return family;
  if (/^(?:name|fullname|author|person|persona|speaker|analyst|expert|interviewer|interviewee|username)$/.test(fw.join(""))) return person();
  if (last === "name" && has("full", "author", "person", "analyst", "expert", "user", "speaker", "display")) return person();
  if (has("joke", "jokes", "pun", "puns", "punchline")) return offlineJoke(index > 0 ? focus : jokeSubject(view), rng);
  if (has("query", "queries", "search", "q", "keywords")) return searchText(input);
  // A ticker or symbol: the first all-caps word of the request (2–5 letters), as a person would type it.
  if (has("ticker", "symbol")) return tickerFor(input);
  if (has("question", "questions")) return index > 0 || !view.question ? `What should we know about ${focus}?` : view.question;
  if (has("email", "mail")) return `${slug(focus)}@example.com`;
  if (has("url", "urls", "link", "links", "href", "website", "uri", "source", "sources")) {
    const urls = [...view.toolResults, ...view.documents].map((d) => d.source).filter((s) => /^https?:\/\//.test(s));
    return urls.length > 0 ? urls[index % urls.length]! : `https://example.com/${slug(focus)}`;
  }
  if (has("date", "day", "birthday", "deadline")) return `2024-0${1 + (index % 9)}-1${rng.int(0, 9)}`;
  if (last === "id" || last === "ids" || has("uuid", "slug", "key")) return `${slug(focus)}-${index + 1}`;
  if (has("answer", "response", "reply", "content", "text", "body", "report", "output", "message", "section", "draft")) {
    return index > 0 ? (sentenceAbout(input) ?? upperFirst(`${focus}.`)) : composeReply(view, rng);
  }
  if (input.persona && has("role", "job", "position", "occupation", "title")) return input.persona.role;
  if (input.persona && has("affiliation", "organization", "organisation", "company", "institution", "employer")) return input.persona.affiliation;
  if (input.persona && has("description", "bio", "background", "focus", "perspective", "motivation", "concerns")) {
    return describePersona(input.persona, topicPhrase(view.topic ?? view.subject));
  }
  if (has("description", "summary", "explanation", "reason", "reasoning", "rationale", "justification", "details", "analysis", "notes", "bio", "background", "overview", "feedback", "comment", "critique", "motivation", "concerns", "perspective")) {
    const about = view.subject.length <= 80 && view.subject !== focus ? ` as part of ${lowerFirst(view.subject.replace(/[.?!]+$/, ""))}` : "";
    return sentenceAbout(input) ?? `Examines ${focus}${about}.`;
  }
  if (has("title", "heading", "headline", "name", "label", "caption")) return titleCase(index > 0 || view.subject.length > 80 ? focus : view.subject);
  if (has("role", "job", "position", "occupation", "profession", "specialty", "specialism", "expertise")) return `${titleCase(focus)} ${rng.pick(ROLES)}`;
  if (has("affiliation", "organization", "organisation", "company", "institution", "employer", "team", "department", "university", "lab")) {
    return rng.pick([`${titleCase(focus)} Research Group`, `Institute for ${titleCase(focus)}`, `${titleCase(focus)} Lab`]);
  }
  if (has("language", "lang", "locale")) return "en";
  if (has("topic", "topics", "subject", "subjects", "theme", "themes", "subtopic", "subtopics", "category", "keyword", "term", "tag", "tags", "focus", "area", "aspect")) {
    return index > 0 || view.subject.split(/\s+/).length > 8 ? focus : (view.topic ?? focus);
  }
  return focus;
}

/**
 * Numbers in the request, in order (digits only, e.g. "3 times 4.5" → [3, 4.5]); used to fill
 * numeric tool arguments such as `a` and `b` of a `multiply` tool.
 *
 * @param text - The request text.
 * @returns The numbers found.
 * @example
 * ```ts
 * numbersIn("What is 3 times -4.5?"); // [3, -4.5]
 * ```
 */
export function numbersIn(text: string): number[] {
  return (text.match(/(?<![\w.])-?\d+(?:\.\d+)?(?![\w.]*[a-zA-Z])/g) ?? []).map(Number).filter(Number.isFinite);
}
