/**
 * Structured output that a strict provider accepts and that still means what the zod schema says.
 * The model is given {@link strictOutputSchema}'s JSON Schema (only the documented strict subset,
 * sent with `strict: true`); its answer is then parsed with the full zod schema, so the checks
 * the provider does not enforce (a non-empty string, a format it does not list, a refinement) are
 * applied after parsing, in the same place for the offline model and for real ones. An answer
 * that fails them is asked for again (`retries`), then reported as a {@link StructuredOutputError}.
 */
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { type Runnable, RunnableLambda } from "@langchain/core/runnables";
import type { z } from "zod";
import { ConfigurationError, StructuredOutputError } from "../errors.js";
import { strictOutputSchema } from "./strict-output-schema.js";

/** Options of {@link strictStructuredOutput}. */
export interface StrictStructuredOutputOptions {
  /** The schema's name, sent to the provider (`json_schema.name` / the tool name). Required. */
  name: string;
  /** How many times an answer that fails the zod schema is asked for again. Default 1. */
  retries?: number;
}

/** One line per zod issue: `subtasks.0: Too small: expected string to have >=1 characters`. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}

/**
 * Structured output through `model.withStructuredOutput`, in strict mode, validated by zod after
 * parsing (see the module comment). Use it where `model.withStructuredOutput(schema)` would go.
 *
 * @param model - Any LangChain chat model (`getChatModel()`, `OfflineChatModel`, `ChatOpenAI`…).
 * @param schema - A zod 4 schema whose root is an object; every constraint in it holds for the result.
 * @param options - `name` (required); `retries` (default 1: one more request after an invalid answer).
 * @returns A runnable from the model's input to the parsed, validated value.
 * @throws ConfigurationError at once if the schema cannot be sent in strict mode (see
 *   {@link strictOutputSchema}); StructuredOutputError from `invoke` when every answer fails the schema.
 * @example
 * ```ts
 * import { strictStructuredOutput } from "langgraph-parallel/models";
 * import { z } from "zod";
 * const Plan = z.object({ subtasks: z.array(z.string().min(1)).min(1).max(12) });
 * const { subtasks } = await strictStructuredOutput(model, Plan, { name: "Plan" }).invoke("Plan a briefing on agents");
 * ```
 */
export function strictStructuredOutput<S extends z.ZodType>(
  model: BaseChatModel,
  schema: S,
  { name, retries = 1 }: StrictStructuredOutputOptions,
): Runnable<BaseLanguageModelInput, z.output<S>> {
  if (!Number.isInteger(retries) || retries < 0) throw new ConfigurationError(`retries must be a whole number ≥ 0, not ${retries}.`, "Pass e.g. { retries: 1 } (0: no second request).");
  const structured = model.withStructuredOutput(strictOutputSchema(schema, name), { name, strict: true });
  return RunnableLambda.from<BaseLanguageModelInput, z.output<S>>(async (input, config) => {
    for (let attempt = 1; ; attempt++) {
      const value: unknown = await structured.invoke(input, config);
      const parsed = await schema.safeParseAsync(value);
      if (parsed.success) return parsed.data;
      if (attempt > retries) throw new StructuredOutputError(name, describeIssues(parsed.error), attempt, value, { cause: parsed.error });
    }
  }).withConfig({ runName: name });
}
