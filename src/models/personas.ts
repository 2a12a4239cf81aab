/**
 * People the offline model invents when a schema asks for a list of persons with roles (the
 * research assistant's analysts): each gets a job title a person could hold, an organisation that
 * sounds like one, and an angle on the topic ("failures and recovery", "costs and budgets") that
 * its description states and its questions follow. Perspectives that the topic itself suggests
 * come first; feedback that names a role ("Add a security researcher") becomes the first person.
 */
import type { ConversationView } from "./read-conversation.js";
import type { SeededRandom } from "./seeded-random.js";
import { salientPhrases, words } from "./text-terms.js";

/** One invented person's place in a team: what they do, where, and the angle they take. */
export interface Persona {
  /** A job title, e.g. "Reliability Engineer". */
  role: string;
  /** An organisation, e.g. "Northwind Systems". */
  affiliation: string;
  /** What the person cares about, as a noun phrase, e.g. "failures and recovery". */
  angle: string;
}

interface Perspective {
  role: string;
  angle: string;
  /** Topic words that make this perspective an obvious one to include. */
  cue: RegExp;
  orgs: readonly string[];
}

const COMPANIES = ["Northwind Systems", "Cobalt Cloud", "Lumen Labs", "Harbor Analytics", "Fjord Software", "Atlas Digital"];
const ACADEMIA = ["Northbridge University", "the Meridian Institute", "Lakeside College", "the Open Systems Foundation"];

const PERSPECTIVES: readonly Perspective[] = [
  { role: "Reliability Engineer", angle: "failures and recovery", cue: /fail|error|crash|recover|durab|reliab|fault|resum/i, orgs: COMPANIES },
  { role: "Performance Engineer", angle: "speed and scale", cue: /scal|speed|fast|perform|parallel|concurren|latency|throughput/i, orgs: COMPANIES },
  { role: "Software Architect", angle: "design and structure", cue: /design|architect|structur|graph|framework|pattern|system/i, orgs: COMPANIES },
  { role: "Product Manager", angle: "adoption by teams and users", cue: /adopt|team|user|product|business|customer/i, orgs: COMPANIES },
  { role: "Economist", angle: "costs and budgets", cue: /cost|price|budget|money|econom|invest|financ|market/i, orgs: ACADEMIA },
  { role: "Security Researcher", angle: "security risks and safeguards", cue: /secur|safe|risk|attack|privacy|threat/i, orgs: COMPANIES },
  { role: "Historian", angle: "history and origins", cue: /histor|origin|past|century|ancient|era|evolution/i, orgs: ACADEMIA },
  { role: "Policy Analyst", angle: "rules, oversight and accountability", cue: /law|legal|policy|regulat|govern|ethic|oversight|human/i, orgs: ACADEMIA },
  { role: "Data Scientist", angle: "evidence and measurement", cue: /data|measur|evaluat|metric|evidence|benchmark|test/i, orgs: COMPANIES },
  { role: "Educator", angle: "the learning curve for newcomers", cue: /learn|teach|course|education|student|beginner|tutorial/i, orgs: ACADEMIA },
];

// Roles a reviewer may ask for that the table does not have, with the angle they bring.
const ROLE_ANGLES: ReadonlyArray<[RegExp, string, readonly string[]]> = [
  [/law|legal|attorney|solicitor|complian/i, "legal risks and liability", ["Hale & Marsh LLP", "the Meridian Institute"]],
  [/found|startup|entrepreneur|ceo|executive|business/i, "shipping fast and business value", ["Brightpath Ventures", "a seed-stage startup"]],
  [/teach|educat|student|professor|lecturer/i, "the learning curve for newcomers", ACADEMIA],
  [/doctor|nurse|clinic|physician|health/i, "safety for patients and staff", ["St Columba Hospital", "the Meridian Institute"]],
  [/journal|writer|editor|reporter/i, "what the public should know", ["The Evening Ledger", "Signal Weekly"]],
  [/invest|financ|banker|trader|accountant/i, "costs and returns", ["Greyrock Capital", "Harbor Analytics"]],
];

const ROLE_WORD = /(?:er|or|ist|ian|ant|ent|eer|ee|ive|ary|ect|yst|eur)$|^(?:founder|lawyer|ceo|cto|cfo|expert|advocate|nurse|doctor|critic|skeptic|sceptic|user|customer|chef|pilot|coach|historian|economist)$/i;

const titleCase = (s: string) => s.replace(/(^|[\s-])(\p{Ll})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());

/**
 * A role named in feedback ("a security researcher who …", "an entrepreneur perspective"), in
 * title case, or undefined. Vague words ("someone from a startup") name no role; the first phrase
 * that does wins.
 */
function roleIn(feedback: string): string | undefined {
  for (const phrase of salientPhrases(feedback, 6)) {
    const ws = words(phrase).filter((w) => !VAGUE.test(w));
    while (ws.length > 1 && STANCE.test(ws[ws.length - 1] ?? "")) ws.pop();
    const last = ws[ws.length - 1] ?? "";
    if (last && ROLE_WORD.test(last) && !/s$/i.test(last)) return titleCase(ws.join(" ").toLowerCase());
  }
  return undefined;
}

// Words that point at a person without saying who, and words for a point of view ("… perspective").
const VAGUE = /^(?:someone|somebody|anyone|anybody|person|people|one|voice)$/i;
const STANCE = /^(?:perspective|view|viewpoint|angle|voice|lens|take)$/i;

/** The person feedback asks for: its role and, when it says one ("who cares about X"), its angle. */
function fromFeedback(feedback: string, rng: SeededRandom): Persona & { base?: Perspective } {
  const role = roleIn(feedback);
  const said = /\b(?:who|that)\s+(?:cares?|focus(?:es)?|thinks?|worr(?:y|ies)|knows?)\s+(?:about|on)\s+([^.;,\n]+)|\b(?:focused on|interested in|concerned with|about)\s+([^.;,\n]+)/i.exec(feedback);
  const angle = (said?.[1] ?? said?.[2])?.trim();
  if (role) {
    // The table's own role, else a role with a known angle (a lawyer), else a table role it resembles.
    const extra = ROLE_ANGLES.find(([re]) => re.test(role));
    const base = PERSPECTIVES.find((p) => p.role.toLowerCase() === role.toLowerCase()) ?? (extra ? undefined : PERSPECTIVES.find((p) => p.cue.test(role)));
    const orgs = base?.orgs ?? extra?.[2] ?? COMPANIES;
    return { role, affiliation: rng.pick(orgs), angle: angle ?? base?.angle ?? extra?.[1] ?? "practical consequences", ...(base ? { base } : {}) };
  }
  // Feedback that names a theme, not a person: the perspective that fits it, on that theme.
  const theme = angle ?? (salientPhrases(feedback, 4)[0] ?? feedback).trim();
  const base = PERSPECTIVES.find((p) => p.cue.test(theme));
  return { role: base?.role ?? "Research Analyst", affiliation: rng.pick(base?.orgs ?? ACADEMIA), angle: theme.toLowerCase(), ...(base ? { base } : {}) };
}

/**
 * The team for a topic: person `index`'s role, affiliation and angle. Feedback naming a role or
 * a theme gives the first person; then come the perspectives the topic suggests (in table order),
 * then the rest in a seeded rotation. Distinct roles for the first ten people.
 *
 * @param view - The conversation (its `topic` or subject, and `feedback`).
 * @param index - The person's position in the list (0-based).
 * @param rng - Seeded from the prompt: the rotation and the organisations.
 * @returns The persona.
 * @example
 * ```ts
 * personaFor(readConversation([new HumanMessage("Topic: parallel agents")]), 0, rng).role; // "Performance Engineer"
 * ```
 */
export function personaFor(view: ConversationView, index: number, rng: SeededRandom): Persona {
  const topic = view.topic ?? view.subject;
  const pick = rng.fork("personas");
  const team: Persona[] = [];
  const used = new Set<Perspective>();
  if (view.feedback) {
    const asked = fromFeedback(view.feedback, pick.fork("feedback"));
    team.push({ role: asked.role, affiliation: asked.affiliation, angle: asked.angle });
    if (asked.base) used.add(asked.base);
  }
  const suggested = PERSPECTIVES.filter((p) => !used.has(p) && p.cue.test(topic));
  const rest = PERSPECTIVES.filter((p) => !used.has(p) && !suggested.includes(p));
  const offset = rest.length > 0 ? pick.int(0, rest.length - 1) : 0;
  const ordered = [...suggested, ...rest.map((_, i) => rest[(i + offset) % rest.length]!)];
  for (const p of ordered) team.push({ role: p.role, affiliation: p.orgs[(pick.int(0, p.orgs.length - 1) + team.length) % p.orgs.length]!, angle: p.angle });
  return team[index % team.length]!;
}

/**
 * A description of what the persona cares about, in one sentence that names the topic.
 *
 * @param persona - From {@link personaFor}.
 * @param topic - The topic, as a noun phrase (see `topicPhrase`).
 * @returns E.g. "Cares about failures and recovery when it comes to parallel agents."
 * @example
 * ```ts
 * describePersona({ role: "Economist", affiliation: "Lakeside College", angle: "costs and budgets" }, "vector databases");
 * // "Cares about costs and budgets when it comes to vector databases."
 * ```
 */
export function describePersona(persona: Persona, topic: string): string {
  return `Cares about ${persona.angle} when it comes to ${topic}.`;
}

/**
 * The angle a persona description states: "Cares about X when it comes to …" → X; otherwise the
 * description's first salient phrases that are not part of the topic.
 *
 * @param description - An analyst's description.
 * @param topic - The topic (its words are not an angle).
 * @returns A noun phrase, or `undefined` when the description names none.
 * @example
 * ```ts
 * angleOf("Cares about costs and budgets when it comes to vector databases.", "vector databases"); // "costs and budgets"
 * ```
 */
export function angleOf(description: string, topic: string): string | undefined {
  const stated = /\bcares? about\s+(.+?)\s+when it comes to\b/i.exec(description)?.[1];
  if (stated) return stated.trim();
  const topicWords = new Set(words(topic).map((w) => w.toLowerCase()));
  const phrases = salientPhrases(description).filter((p) => !words(p).every((w) => topicWords.has(w.toLowerCase())));
  return phrases.length > 0 ? phrases.slice(0, 2).join(" and ").toLowerCase() : undefined;
}
