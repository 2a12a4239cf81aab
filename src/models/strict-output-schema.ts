/**
 * The JSON Schema a zod schema becomes when it is sent for structured output in strict mode: only
 * the keywords OpenAI's Structured Outputs documents as supported (strict mode rejects a schema
 * with any other), every object closed and every field required. Constraints outside that subset
 * (string lengths, undocumented formats, `uniqueItems`…) are left out of what the provider sees;
 * the zod schema still checks them after parsing (see `strictStructuredOutput`).
 *
 * The subset is the "Supported schemas" section of OpenAI's Structured Outputs guide
 * (platform.openai.com/docs/guides/structured-outputs#supported-schemas, as of 2025–2026; quoted
 * in pydantic/pydantic-ai#2420): string, number, boolean, integer, object, array, enum and anyOf;
 * for strings `pattern` and `format` (date-time, time, date, duration, email, hostname, ipv4, ipv6,
 * uuid); for numbers `multipleOf`, `maximum`, `exclusiveMaximum`, `minimum`, `exclusiveMinimum`;
 * for arrays `minItems`, `maxItems`; definitions (`$defs`) and `$ref`, `const`, `description`.
 * `minLength`/`maxLength` are not in that list (the guide mentions them only among keywords that
 * fine-tuned models do not support; pydantic/pydantic-ai#7315 reports the API accepting them, which
 * is observed, not documented). Composition (`allOf`, `not`, `if`/`then`/`else`), tuples and
 * records are not supported at all and are refused here, with what to write instead.
 */
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import type { z } from "zod";
import { ConfigurationError } from "../errors.js";
import type { JsonSchema } from "./schema-fill.js";

const ANY_NODE = ["type", "description", "enum", "const", "anyOf", "$ref"];
const NUMBER = ["multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum"];
const BY_TYPE: Record<string, readonly string[]> = {
  object: ["properties", "required", "additionalProperties"],
  array: ["items", "minItems", "maxItems"],
  string: ["pattern", "format"],
  number: NUMBER,
  integer: NUMBER,
};
const FORMATS = new Set(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"]);

/** Keywords whose meaning cannot be dropped and checked later: the schema has to be written differently. */
const REFUSED: Record<string, string> = {
  allOf: "merge the parts into one z.object",
  not: "remove the field (z.never() cannot be sent)",
  if: "use a z.union of the alternatives",
  then: "use a z.union of the alternatives",
  else: "use a z.union of the alternatives",
  prefixItems: "use a z.object with named fields instead of a z.tuple",
  patternProperties: "use an array of { key, value } objects instead of a z.record",
  propertyNames: "use an array of { key, value } objects instead of a z.record",
  dependentSchemas: "use a z.union of the alternatives",
  dependentRequired: "use a z.union of the alternatives",
  unevaluatedProperties: "use a z.object with named fields",
  unevaluatedItems: "use a z.array of one item schema",
};

const isObj = (v: unknown): v is JsonSchema => typeof v === "object" && v !== null && !Array.isArray(v);

function refuse(name: string, path: string, problem: string, instead: string): never {
  throw new ConfigurationError(
    `The structured output schema "${name}" cannot be sent in strict mode: ${path} ${problem}.`,
    `Rewrite it: ${instead}; checks the provider cannot enforce belong in the zod schema, which validates after parsing.`,
  );
}

function strictNode(node: unknown, path: string, name: string): JsonSchema {
  if (!isObj(node)) return refuse(name, path, "is not a schema object", "give every field a zod type");
  for (const [key, instead] of Object.entries(REFUSED)) if (key in node) refuse(name, path, `uses "${key}"`, instead);
  // A discriminated union arrives as oneOf; anyOf accepts the same values and zod picks the branch.
  const source = "oneOf" in node && !("anyOf" in node) ? { ...node, anyOf: node.oneOf } : node;
  const types = (Array.isArray(source.type) ? source.type : [source.type]).filter((t): t is string => typeof t === "string");
  const keep = new Set([...ANY_NODE, ...types.flatMap((t) => BY_TYPE[t] ?? [])]);
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    if (!keep.has(key)) continue;
    if (key === "format" && !(typeof value === "string" && FORMATS.has(value))) continue;
    out[key] = value;
  }
  if (types.includes("object")) {
    if (!isObj(source.properties) || source.additionalProperties !== false) {
      refuse(name, path, "is an open object (a z.record, or extra keys allowed)", "use a z.object with named fields, or an array of { key, value } objects");
    }
    const required = new Set(Array.isArray(source.required) ? source.required : []);
    const properties: JsonSchema = {};
    for (const [key, sub] of Object.entries(source.properties)) {
      if (!required.has(key)) refuse(name, `${path}.${key}`, "is optional", "use .nullable() instead of .optional(): strict mode needs every field present");
      properties[key] = strictNode(sub, `${path}.${key}`, name);
    }
    out.properties = properties;
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  if (types.includes("array")) out.items = strictNode(source.items, `${path}[]`, name);
  if (Array.isArray(source.anyOf)) out.anyOf = source.anyOf.map((sub, i) => strictNode(sub, `${path}|${i}`, name));
  return out;
}

/**
 * Converts a zod schema into the JSON Schema to send for structured output in strict mode (see
 * the module comment for the subset and its source). LangChain's `toJsonSchema` does the
 * conversion (objects closed, transforms replaced by their input); then keywords outside the
 * subset are dropped, `oneOf` becomes `anyOf`, and `$schema`, `title` and `default` go.
 *
 * @param schema - A zod 4 schema whose root is an object.
 * @param name - The schema's name, used in error messages (default `"output"`).
 * @returns A JSON Schema object inside the strict subset.
 * @throws ConfigurationError when the schema cannot be expressed in strict mode: a root that is
 *   not an object, an optional field, a record, a tuple, an intersection left as `allOf`, `z.never()`.
 * @example
 * ```ts
 * import { strictOutputSchema } from "langgraph-parallel/models";
 * import { z } from "zod";
 * strictOutputSchema(z.object({ subjects: z.array(z.string().min(1)).min(1).max(12) }));
 * // { type: "object", properties: { subjects: { type: "array", minItems: 1, maxItems: 12,
 * //   items: { type: "string" } } }, required: ["subjects"], additionalProperties: false }
 * ```
 */
export function strictOutputSchema(schema: z.ZodType, name = "output"): JsonSchema {
  const converted = toJsonSchema(schema) as JsonSchema;
  if (converted.type !== "object" || "anyOf" in converted || "oneOf" in converted) {
    refuse(name, "the root", `is ${JSON.stringify(converted.type ?? "a union")}, not an object`, "wrap the value in a z.object({ … })");
  }
  const root = strictNode(converted, "the root", name);
  if (isObj(converted.$defs)) {
    root.$defs = Object.fromEntries(Object.entries(converted.$defs).map(([key, sub]) => [key, strictNode(sub, `$defs.${key}`, name)]));
  }
  return root;
}
