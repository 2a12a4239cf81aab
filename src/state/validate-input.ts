import { DeltaValue, ReducedValue, type StateSchema, type StateSchemaFields } from "@langchain/langgraph";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { InputValidationError } from "../errors.js";

/**
 * Checks an initial state against a `StateSchema` before a run starts, so bad input fails with
 * one clear line that names the field, instead of a stack trace from inside the graph.
 *
 * Rejects non-object input, unknown keys (usually a typo) and missing required keys, and validates
 * each value with the field's input schema (the reducer input for `listField`/`ReducedValue`
 * fields; those have defaults and are never required).
 *
 * @param schema - The graph's state schema.
 * @param input - The initial state a caller wants to run with.
 * @returns The validated (and coerced) input, ready for `graph.invoke`.
 * @throws {InputValidationError} naming the first offending field.
 * @example
 * ```ts
 * import { StateSchema } from "@langchain/langgraph";
 * import { z } from "zod";
 * import { validateInput } from "langgraph-parallel";
 *
 * const State = new StateSchema({ question: z.string().min(1), answer: z.string().optional() });
 * const input = await validateInput(State, { question: "What is a superstep?" });
 * await builder.compile().invoke(input);
 * // validateInput(State, { questoin: "…" }) rejects with an InputValidationError:
 * // 'Invalid input for "questoin": unknown state key; expected one of question, answer.'
 * ```
 */
export async function validateInput<Fields extends StateSchemaFields>(
  schema: StateSchema<Fields>,
  input: unknown,
): Promise<typeof schema.Update> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new InputValidationError("(state)", `expected an object of state keys, got ${describe(input)}`);
  }
  const known = Object.keys(schema.fields);
  const validated: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const field = Object.hasOwn(schema.fields, key) ? schema.fields[key] : undefined;
    if (field === undefined) {
      throw new InputValidationError(key, `unknown state key; expected one of ${known.join(", ")}`);
    }
    const result = await inputSchemaOf(field)["~standard"].validate(value);
    if (result.issues) throw new InputValidationError(key, describeIssue(result.issues[0], value));
    validated[key] = result.value;
  }
  for (const key of known) {
    const field = schema.fields[key];
    if (Object.hasOwn(input, key) || DeltaValue.isInstance(field) || ReducedValue.isInstance(field)) continue;
    const result = await inputSchemaOf(field)["~standard"].validate(undefined);
    if (result.issues) throw new InputValidationError(key, "is required but missing");
  }
  return validated as typeof schema.Update;
}

function inputSchemaOf(field: unknown): StandardSchemaV1 {
  if (DeltaValue.isInstance(field) || ReducedValue.isInstance(field)) {
    return field.inputSchema as StandardSchemaV1;
  }
  return field as StandardSchemaV1;
}

function describeIssue(issue: StandardSchemaV1.Issue | undefined, value: unknown): string {
  if (!issue) return `rejected ${describe(value)}`;
  const path = (issue.path ?? []).map((p) => (typeof p === "object" ? p.key : p));
  const where = path.length ? ` at ${path.map((p) => `[${String(p)}]`).join("")}` : "";
  return `${issue.message.replace(/^Invalid input: /, "")}${where}`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `the string ${JSON.stringify(value)}` : `a ${typeof value}`;
}
