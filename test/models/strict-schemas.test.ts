// Every schema the library and the lessons send with structured output stays inside the subset
// of JSON Schema that OpenAI's Structured Outputs accepts in strict mode.
//
// Capture, not a hand-written list: every lesson runs offline while a spy on
// OfflineChatModel.prototype.withStructuredOutput records each (schema, options) it is given.
// Each one is then handed to a real ChatOpenAI with a fetch that records the request body, so
// what is checked is exactly the `response_format` @langchain/openai would send, conversion
// included.
//
// The allowed keywords are the ones OpenAI documents in "Supported schemas" of the Structured
// Outputs guide (platform.openai.com/docs/guides/structured-outputs#supported-schemas; the same
// lists are quoted in pydantic/pydantic-ai#2420, merged 2025-08): types string, number, boolean,
// integer, object, array, enum, anyOf; string `pattern` and `format` (date-time, time, date,
// duration, email, hostname, ipv4, ipv6, uuid); number `multipleOf`, `maximum`,
// `exclusiveMaximum`, `minimum`, `exclusiveMinimum`; array `minItems`, `maxItems`; definitions
// (`$defs`) with `$ref`, `const`, and `description`. Strict mode also needs every object to set
// `additionalProperties: false` and list every property in `required`, and the root to be an
// object that is not an `anyOf`. `minLength`/`maxLength` are not in that list (the guide mentions
// them only among keywords fine-tuned models do not support), nor are `$schema` (added by
// z.toJSONSchema), `title` (added to every node by @langchain/openai for a zod schema) or `default`.
import { ChatOpenAI } from "@langchain/openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadLessons } from "../../src/cli/lesson-catalog.js";
import { DEFAULT_OPENAI_MODEL } from "../../src/models/get-chat-model.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { runLessonOffline } from "../lessons/run-lesson.js";

type Json = Record<string, unknown>;

const ANY_NODE = new Set(["type", "description", "enum", "const", "anyOf", "$ref"]);
const BY_TYPE: Record<string, Set<string>> = {
  object: new Set(["properties", "required", "additionalProperties"]),
  array: new Set(["items", "minItems", "maxItems"]),
  string: new Set(["pattern", "format"]),
  number: new Set(["multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum"]),
  integer: new Set(["multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum"]),
};
const ROOT_ONLY = new Set(["$defs"]);
const TYPES = new Set(["string", "number", "boolean", "integer", "object", "array", "null"]);
const FORMATS = new Set(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"]);

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every way `schema` leaves the strict subset, as "path: problem" lines (empty: none). */
function strictViolations(schema: Json): string[] {
  const problems: string[] = [];
  if (schema.type !== "object") problems.push(`(root): type is ${JSON.stringify(schema.type)}, not "object"`);
  if ("anyOf" in schema) problems.push("(root): anyOf at the root");
  const visit = (node: unknown, path: string, root: boolean) => {
    if (!isObj(node)) {
      problems.push(`${path}: not a schema object`);
      return;
    }
    const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
    for (const t of types) if (typeof t !== "string" || !TYPES.has(t)) problems.push(`${path}: type ${JSON.stringify(t)}`);
    const allowed = new Set([...ANY_NODE, ...(root ? ROOT_ONLY : []), ...types.flatMap((t) => [...(BY_TYPE[t as string] ?? [])])]);
    for (const key of Object.keys(node)) if (!allowed.has(key)) problems.push(`${path}: keyword "${key}"`);
    if (typeof node.format === "string" && !FORMATS.has(node.format)) problems.push(`${path}: format "${node.format}"`);
    if (types.includes("object")) {
      const props = isObj(node.properties) ? node.properties : {};
      if (!isObj(node.properties)) problems.push(`${path}: object without properties`);
      if (node.additionalProperties !== false) problems.push(`${path}: additionalProperties is not false`);
      const required = new Set(Array.isArray(node.required) ? node.required : []);
      for (const key of Object.keys(props)) if (!required.has(key)) problems.push(`${path}.${key}: not required`);
      for (const [key, sub] of Object.entries(props)) visit(sub, `${path}.${key}`, false);
    }
    if (types.includes("array")) visit(node.items, `${path}[]`, false);
    if (Array.isArray(node.anyOf)) node.anyOf.forEach((sub, i) => visit(sub, `${path}|${i}`, false));
    if (root && isObj(node.$defs)) for (const [key, sub] of Object.entries(node.$defs)) visit(sub, `$defs.${key}`, false);
  };
  visit(schema, "(root)", true);
  return problems;
}

/** What ChatOpenAI sends for `withStructuredOutput(schema, options)`: the request's strict flag and schema. */
async function sentByChatOpenAI(schema: unknown, options: unknown): Promise<{ name: string; strict: unknown; schema: Json }> {
  const bodies: Json[] = [];
  const model = new ChatOpenAI({
    model: DEFAULT_OPENAI_MODEL,
    apiKey: "sk-test",
    maxRetries: 0,
    configuration: {
      baseURL: "http://127.0.0.1:9/v1",
      fetch: async (_url: unknown, init?: { body?: unknown }) => {
        bodies.push(JSON.parse(String(init?.body)) as Json);
        throw new Error("request recorded");
      },
    },
  });
  await model
    .withStructuredOutput(schema as Json, options as never)
    .invoke("x")
    .catch(() => undefined);
  const body = bodies[0];
  if (!body) throw new Error("ChatOpenAI sent no request");
  // Chat Completions: response_format.json_schema; Responses API: text.format.
  const format = ((body.response_format as Json | undefined)?.json_schema ?? (body.text as Json | undefined)?.format) as Json | undefined;
  if (!format) throw new Error(`no json_schema response format in ${JSON.stringify(body)}`);
  return { name: String(format.name), strict: format.strict, schema: format.schema as Json };
}

interface Captured {
  lesson: number;
  schema: unknown;
  options: unknown;
}

const captured: Captured[] = [];
let lessonNumber = 0;

beforeAll(async () => {
  const original = OfflineChatModel.prototype.withStructuredOutput;
  vi.spyOn(OfflineChatModel.prototype, "withStructuredOutput").mockImplementation(function (this: OfflineChatModel, schema, options) {
    captured.push({ lesson: lessonNumber, schema, options });
    return original.call(this, schema, options as never);
  });
  for (const lesson of await loadLessons()) {
    lessonNumber = lesson.number;
    await runLessonOffline(lesson);
  }
}, 60_000);

afterAll(() => {
  vi.restoreAllMocks();
});

describe("structured output schemas", () => {
  it("captures the structured calls of every lesson that makes them", () => {
    const names = new Set(captured.map((c) => (c.options as { name?: string } | undefined)?.name));
    // A floor, not the list: if capture stopped working these would be missing.
    for (const name of ["Subjects", "Joke", "BestJoke", "Perspectives", "SearchQuery", "Plan"]) expect(names).toContain(name);
  });

  it("are sent in strict mode and use only keywords of the documented strict subset", async () => {
    const seen = new Map<string, string[]>();
    for (const call of captured) {
      const sent = await sentByChatOpenAI(call.schema, call.options);
      const key = `lesson ${call.lesson} ${sent.name}`;
      if (seen.has(key)) continue;
      const problems = strictViolations(sent.schema);
      if (sent.strict !== true) problems.unshift(`strict is ${JSON.stringify(sent.strict)}`);
      seen.set(key, problems);
    }
    const failing = Object.fromEntries([...seen].filter(([, problems]) => problems.length > 0));
    expect(failing).toEqual({});
  });
});

describe("strictViolations (the checker itself)", () => {
  it("accepts a schema inside the subset and reports each way out of it", () => {
    const ok = {
      type: "object",
      properties: {
        id: { type: "integer", minimum: 0, maximum: 3, description: "Index." },
        tags: { type: "array", items: { type: "string", pattern: "^[a-z]+$" }, minItems: 1, maxItems: 4 },
        when: { type: ["string", "null"], format: "date-time" },
        kind: { anyOf: [{ type: "string", const: "a" }, { $ref: "#/$defs/Node" }] },
      },
      required: ["id", "tags", "when", "kind"],
      additionalProperties: false,
      $defs: { Node: { type: "object", properties: {}, required: [], additionalProperties: false } },
    };
    expect(strictViolations(ok)).toEqual([]);
    const bad = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: {
        name: { type: "string", minLength: 1 },
        site: { type: "string", format: "uri" },
        note: { type: "object", properties: { a: { type: "string" } }, required: [] },
      },
      required: ["name", "site"],
      additionalProperties: false,
    };
    expect(strictViolations(bad).sort()).toEqual(
      [
        '(root): keyword "$schema"',
        '(root).name: keyword "minLength"',
        '(root).site: format "uri"',
        "(root).note: additionalProperties is not false",
        "(root).note.a: not required",
        "(root).note: not required",
      ].sort(),
    );
    expect(strictViolations({ type: "array", items: { type: "string" } })).toContain('(root): type is "array", not "object"');
  });
});
