/**
 * Schema-valid values derived from a conversation: the offline model's structured output and tool
 * arguments. Works on JSON Schema (what `z.toJSONSchema` and LangChain's `toJsonSchema` produce
 * for zod 4 schemas): objects, arrays (within min/max, sized by the prompt when it asks for a
 * count), enums, const, numbers within bounds and `multipleOf`, booleans, strings within length
 * and common formats, `anyOf`/`oneOf` (first non-null option), `allOf`, nullable types and `$ref`.
 */
import { fieldWords, focusFor, numbersIn, stringForField } from "./field-values.js";
import { personaFor, type Persona } from "./personas.js";
import { isTaskList, planSubtasks } from "./task-parts.js";
import { isTopicList, planSubtopics } from "./subtopics.js";
import { askedFor } from "./subject-terms.js";
import type { ConversationView } from "./read-conversation.js";
import type { SeededRandom } from "./seeded-random.js";
import { requestedCount } from "./requested-count.js";
import { sentences, terms, words } from "./text-terms.js";

/** A JSON Schema node (loosely typed: only the keywords the filler understands are read). */
export type JsonSchema = Record<string, unknown>;

interface Walk {
  root: JsonSchema;
  view: ConversationView;
  rng: SeededRandom;
  /** Numbers from the request not yet used by a numeric field. */
  numbers: number[];
  /** Array nesting depth (only the outermost array uses field-agnostic count phrases). */
  arrayDepth: number;
  /** `$ref` nesting depth, to stop recursive schemas. */
  refDepth: number;
}

interface Slot {
  name: string;
  focus: string;
  index: number;
  /** The person an object of a list of people describes (its role, affiliation, angle). */
  persona?: Persona;
}

const DEFAULT_ITEMS = 3;
const MAX_REF_DEPTH = 3;
const UNBOUNDED = 1e15;

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && Math.abs(v) < UNBOUNDED ? v : undefined);
const isObj = (v: unknown): v is JsonSchema => typeof v === "object" && v !== null && !Array.isArray(v);

function resolveRef(schema: JsonSchema, w: Walk): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#")) return schema;
  let node: unknown = w.root;
  for (const part of ref.slice(1).split("/").filter(Boolean)) node = isObj(node) ? node[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  const { $ref: _ignored, ...rest } = schema;
  return isObj(node) ? { ...node, ...rest } : rest;
}

/** Merges `allOf` members shallowly (properties and required lists are combined). */
function mergeAllOf(schema: JsonSchema, w: Walk): JsonSchema {
  const parts = (schema.allOf as unknown[]).filter(isObj).map((p) => resolveRef(p, w));
  const { allOf: _ignored, ...base } = schema;
  return parts.reduce<JsonSchema>(
    (acc, p) => ({
      ...acc,
      ...p,
      properties: { ...(acc.properties as object), ...(p.properties as object) },
      required: [...((acc.required as string[]) ?? []), ...((p.required as string[]) ?? [])],
    }),
    base,
  );
}

function typeOf(schema: JsonSchema): string {
  const t = schema.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return (t.find((x) => x !== "null") as string | undefined) ?? "null";
  if (isObj(schema.properties) || isObj(schema.additionalProperties)) return "object";
  if (schema.items !== undefined || Array.isArray(schema.prefixItems)) return "array";
  return "string";
}

function fillNode(schema: JsonSchema, slot: Slot, w: Walk): unknown {
  if (schema.$ref !== undefined) {
    if (w.refDepth >= MAX_REF_DEPTH) return minimal(resolveRef(schema, w), w);
    return fillNode(resolveRef(schema, w), slot, { ...w, refDepth: w.refDepth + 1 });
  }
  if (Array.isArray(schema.allOf)) return fillNode(mergeAllOf(schema, w), slot, w);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return pickEnum(schema.enum, slot, w);
  const options = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(options) && options.length > 0) {
    const viable = options.filter(isObj).find((o) => o.type !== "null") ?? options[0];
    return fillNode(isObj(viable) ? viable : {}, slot, w);
  }
  switch (typeOf(schema)) {
    case "object": return fillObject(schema, slot, w);
    case "array": return fillArray(schema, slot, w);
    case "integer": return fillNumber(schema, slot, w, true);
    case "number": return fillNumber(schema, slot, w, false);
    case "boolean": return w.rng.chance();
    case "null": return null;
    default: return fillString(schema, slot, w);
  }
}

/** The smallest valid value: used to stop recursion. */
function minimal(schema: JsonSchema, w: Walk): unknown {
  const t = typeOf(schema);
  if (t === "array") return [];
  if (t === "object") return {};
  return fillNode({ ...schema, $ref: undefined }, { name: "", focus: w.view.subject, index: 0 }, w);
}

function pickEnum(values: unknown[], slot: Slot, w: Walk): unknown {
  // A value named in the request wins when exactly one is; otherwise a seeded choice.
  const taskTerms = new Set(terms(w.view.task));
  const named = values.filter((v) => typeof v === "string" && terms(v).length > 0 && terms(v).every((t) => taskTerms.has(t)));
  if (named.length === 1) return named[0];
  return values[(w.rng.int(0, values.length - 1) + slot.index) % values.length];
}

function fillObject(schema: JsonSchema, slot: Slot, w: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = isObj(schema.properties) ? schema.properties : {};
  // An object with a person's name and a role is a person: its fields share one persona.
  const keys = Object.keys(props).map((k) => fieldWords(k).join(" "));
  const isPerson = keys.some((k) => /^(?:name|full name|analyst|expert|person)$/.test(k)) && keys.some((k) => /\b(?:role|job|position|occupation)\b/.test(k));
  const persona = isPerson ? personaFor(w.view, slot.index, w.rng) : slot.persona;
  for (const [key, sub] of Object.entries(props)) {
    if (!isObj(sub)) continue;
    out[key] = fillNode(sub, { name: key, focus: slot.focus, index: slot.index, ...(persona ? { persona } : {}) }, w);
  }
  // A record (`z.record`): a few entries keyed by the subject's phrases.
  if (Object.keys(props).length === 0 && isObj(schema.additionalProperties)) {
    const count = Math.max(num(schema.minProperties) ?? 0, Math.min(num(schema.maxProperties) ?? DEFAULT_ITEMS, DEFAULT_ITEMS));
    for (let i = 0; i < count; i++) {
      const focus = focusFor(w.view.subject, i, w.view.feedback);
      const key = words(focus).join("_").toLowerCase() || `key_${i + 1}`;
      out[key] = fillNode(schema.additionalProperties, { name: slot.name, focus, index: i }, w);
    }
  }
  return out;
}

function fillArray(schema: JsonSchema, slot: Slot, w: Walk): unknown[] {
  const min = num(schema.minItems) ?? 0;
  const max = num(schema.maxItems) ?? Number.POSITIVE_INFINITY;
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems.filter(isObj) : [];
  const items = isObj(schema.items) ? schema.items : undefined;
  // A list of sub-tasks: one per named part of a compound task, else a few aspects of it.
  if (items && typeOf(items) === "string" && !items.enum && isTaskList(slot.name)) {
    const cap = Math.min(max, requestedCount(w.view.text, slot.name, w.arrayDepth === 0) ?? max);
    const plan = planSubtasks(w.view.topic ?? askedFor(w.view.task), Math.max(1, cap));
    while (plan.length < min) plan.push(focusFor(w.view.subject, plan.length));
    return plan.slice(0, Math.max(min, Math.min(plan.length, max))).map((text, i) => fillString({ ...items, minLength: items.minLength }, { name: slot.name, focus: text, index: i }, w, text));
  }
  const asked = requestedCount(w.view.text, slot.name, w.arrayDepth === 0);
  let count = asked !== undefined && asked >= min && asked <= max ? asked : Math.min(Math.max(DEFAULT_ITEMS, min), max);
  // A list of sub-topics of the topic: distinct, and never the topic itself.
  if (items && typeOf(items) === "string" && !items.enum && w.arrayDepth === 0 && isTopicList(slot.name)) {
    const plan = planSubtopics(w.view.topic ?? w.view.subject, Math.max(1, count));
    return plan.map((text, i) => fillString(items, { name: slot.name, focus: text, index: i }, w, text));
  }
  if (!items) count = Math.min(Math.max(prefix.length, min), max === Number.POSITIVE_INFINITY ? prefix.length : max);
  const inner: Walk = { ...w, arrayDepth: w.arrayDepth + 1 };
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const sub = prefix[i] ?? items ?? {};
    const itemSlot = { name: slot.name, focus: w.arrayDepth === 0 ? focusFor(w.view.subject, i, w.view.feedback) : focusFor(slot.focus, i), index: i };
    let value = fillNode(sub, itemSlot, inner);
    // Keep items distinct when the schema demands it (strings get a numbered suffix).
    if (schema.uniqueItems === true && seen.has(JSON.stringify(value))) {
      if (typeof value === "string") value = `${value} (${i + 1})`;
      else if (typeof value === "number") value = value + i;
    }
    seen.add(JSON.stringify(value));
    out.push(value);
  }
  return out;
}

function fillNumber(schema: JsonSchema, slot: Slot, w: Walk, integer: boolean): number {
  const step = integer ? 1 : 0.01;
  const exMin = num(schema.exclusiveMinimum);
  const exMax = num(schema.exclusiveMaximum);
  let lo = Math.max(num(schema.minimum) ?? -Infinity, exMin === undefined ? -Infinity : exMin + step);
  let hi = Math.min(num(schema.maximum) ?? Infinity, exMax === undefined ? Infinity : exMax - step);
  if (integer) [lo, hi] = [Math.ceil(lo), Math.floor(hi)];
  const fw = fieldWords(slot.name);
  const idLike = fw.some((x) => ["id", "index", "idx", "choice", "selection", "best", "rank", "position", "winner"].includes(x));
  let value: number;
  const fromText = w.numbers.findIndex((n) => n >= lo && n <= hi && (!integer || Number.isInteger(n)));
  if (!idLike && fromText >= 0) {
    value = w.numbers.splice(fromText, 1)[0]!;
  } else {
    // Fill open bounds with a range that suits the field: ids index a short list, ratios are 0–1.
    const ratio = !integer && fw.some((x) => ["probability", "confidence", "ratio", "weight", "share", "fraction"].includes(x));
    const dlo = Number.isFinite(lo) ? lo : Number.isFinite(hi) ? Math.min(0, hi - 10) : idLike ? (/\bstart\w*\s+(?:at\s+)?1\b|1-based/i.test(w.view.text) ? 1 : 0) : ratio ? 0 : 1;
    const dhi = Number.isFinite(hi) ? hi : idLike ? dlo + Math.max(0, listLength(w.view.text) - 1) : ratio ? 1 : dlo + (integer ? 9 : 99);
    value = integer ? w.rng.int(dlo, Math.max(dlo, dhi)) : Math.round((dlo + w.rng.next() * Math.max(0, dhi - dlo)) * 100) / 100;
    value = Math.min(Math.max(value, dlo), Math.max(dlo, dhi));
  }
  const m = num(schema.multipleOf);
  if (m && m > 0) {
    const k = Math.ceil(value / m - 1e-9);
    value = k * m <= hi ? k * m : Math.floor(hi / m) * m;
    value = Number(value.toFixed(10));
  }
  return value;
}

/** How many items a prompt lists (numbered lines, bullets or blank-line-separated blocks after a colon). */
function listLength(text: string): number {
  const numbered = text.match(/^\s*(?:\d+[.)]|[-*•])\s+\S/gm)?.length ?? 0;
  if (numbered > 1) return numbered;
  const colon = text.lastIndexOf(":\n");
  const blocks = colon >= 0 ? text.slice(colon + 2).split(/\n\s*\n/).filter((b) => b.trim()).length : 0;
  return blocks > 1 ? blocks : DEFAULT_ITEMS;
}

const FORMATS: Record<string, (s: Slot, w: Walk) => string> = {
  email: (s) => `${s.focus.toLowerCase().replace(/[^a-z0-9]+/g, ".").replace(/^\.|\.$/g, "") || "someone"}@example.com`,
  uri: (s) => `https://example.com/${s.focus.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "page"}`,
  url: (s, w) => FORMATS.uri!(s, w),
  uuid: (_s, w) => {
    const hex = (n: number) => Array.from({ length: n }, () => w.rng.int(0, 15).toString(16)).join("");
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[w.rng.int(0, 3)]}${hex(3)}-${hex(12)}`;
  },
  "date-time": (s, w) => `2024-0${1 + (s.index % 9)}-1${w.rng.int(0, 9)}T09:30:00Z`,
  date: (s, w) => `2024-0${1 + (s.index % 9)}-1${w.rng.int(0, 9)}`,
  time: () => "09:30:00",
  ipv4: (s) => `192.0.2.${1 + (s.index % 254)}`,
  ipv6: (s) => `2001:db8::${(s.index + 1).toString(16)}`,
  hostname: () => "example.com",
};

function fillString(schema: JsonSchema, slot: Slot, w: Walk, given?: string): string {
  const format = typeof schema.format === "string" ? FORMATS[schema.format] : undefined;
  const description = typeof schema.description === "string" ? schema.description : undefined;
  let value = given ?? (format ? format(slot, w) : stringForField({ ...slot, view: w.view, rng: w.rng, ...(description ? { description } : {}) }));
  const min = num(schema.minLength) ?? 0;
  const max = num(schema.maxLength) ?? Infinity;
  // Too short: extend with more of the input; too long: cut at a word boundary.
  const filler = [...sentences(w.view.subject), ...sentences(w.view.text)];
  for (let i = 0; value.length < min && i < filler.length; i++) value = `${value} ${filler[i]}`.trim();
  while (value.length < min) value = `${value} ${slot.focus || "offline"}`.trim();
  if (value.length > max) {
    const cut = value.slice(0, max);
    const space = cut.lastIndexOf(" ");
    value = space >= Math.max(min, 1) ? cut.slice(0, space).replace(/[\s,;:]+$/, "") : cut;
  }
  if (typeof schema.pattern === "string") value = matchPattern(schema.pattern, value, slot, min, max);
  return value;
}

/** The first candidate matching the pattern (the value itself, simpler spellings, digits); else the value. */
function matchPattern(pattern: string, value: string, slot: Slot, min: number, max: number): string {
  let re: RegExp;
  try {
    re = new RegExp(pattern, "u");
  } catch {
    return value;
  }
  const base = words(value).join(" ") || "value";
  const candidates = [value, base, base.toLowerCase(), base.toLowerCase().replace(/\s+/g, "-"), base.toLowerCase().replace(/\s+/g, "_"), base.toLowerCase().replace(/\s+/g, ""), base.toUpperCase().replace(/\s+/g, "_"), String(slot.index + 1), "a", "A"];
  return candidates.find((c) => c.length >= min && c.length <= max && re.test(c)) ?? value;
}

/**
 * A value that satisfies a JSON Schema, derived from the conversation (field names choose the kind
 * of text, array items take successive phrases of the subject, numeric fields take numbers from the
 * request when they fit, counts asked for in the prompt size arrays). Deterministic for the same
 * schema, conversation and generator seed.
 *
 * @param schema - A JSON Schema (for zod 4 use `toJsonSchema` from `@langchain/core/utils/json_schema`).
 * @param view - The conversation as read by `readConversation`.
 * @param rng - Seeded generator for arbitrary choices.
 * @param name - Name of the value, guiding its kind when it is not an object (default `""`).
 * @returns The value (an object for object schemas).
 * @example
 * ```ts
 * const schema = toJsonSchema(z.object({ subjects: z.array(z.string()) }));
 * fillSchema(schema, readConversation([new HumanMessage("List 3 subjects about cats")]), rng);
 * // { subjects: ["cats", "the history of cats", "cats in everyday life"] }
 * ```
 */
export function fillSchema(schema: JsonSchema, view: ConversationView, rng: SeededRandom, name = ""): unknown {
  const walk: Walk = { root: schema, view, rng, numbers: numbersIn(view.request), arrayDepth: 0, refDepth: 0 };
  return fillNode(schema, { name, focus: view.subject, index: 0 }, walk);
}
