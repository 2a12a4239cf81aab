/**
 * Tool calling for the offline model: normalising bound tools to the OpenAI function format,
 * deciding whether to call a tool (`tool_choice` or a match between the request and a tool's
 * name/description) and filling schema-valid arguments from the conversation.
 */
import type { BindToolsInput, ToolChoice } from "@langchain/core/language_models/chat_models";
import type { ToolDefinition } from "@langchain/core/language_models/base";
import type { ToolCall } from "@langchain/core/messages";
import { convertToOpenAITool, isLangChainTool } from "@langchain/core/utils/function_calling";
import { ConfigurationError } from "../errors.js";
import { fieldWords } from "./field-values.js";
import type { ConversationView } from "./read-conversation.js";
import { fillSchema, type JsonSchema } from "./schema-fill.js";
import { hashString, type SeededRandom } from "./seeded-random.js";
import { terms } from "./text-terms.js";

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Converts any tool `bindTools` accepts to the OpenAI function format: LangChain tools
 * (`tool(...)`, `StructuredTool`), `{ name, description, schema }` with a zod or JSON schema,
 * OpenAI tool definitions, Anthropic-style `{ name, input_schema }` and bare `{ name, parameters }`.
 *
 * @param tool - One tool.
 * @returns `{ type: "function", function: { name, description, parameters } }`.
 * @throws ConfigurationError for anything else.
 * @example
 * ```ts
 * toToolDefinition({ name: "search", description: "Search the web", schema: z.object({ query: z.string() }) });
 * ```
 */
export function toToolDefinition(tool: BindToolsInput): ToolDefinition {
  if (isLangChainTool(tool)) return convertToOpenAITool(tool) as ToolDefinition;
  if (isObj(tool) && tool.type === "function" && isObj(tool.function) && typeof tool.function.name === "string") {
    return tool as unknown as ToolDefinition;
  }
  if (isObj(tool) && typeof tool.name === "string") {
    const parameters = isObj(tool.input_schema) ? tool.input_schema : isObj(tool.parameters) ? tool.parameters : { type: "object", properties: {} };
    const description = typeof tool.description === "string" ? tool.description : "";
    return { type: "function", function: { name: tool.name, description, parameters } };
  }
  throw new ConfigurationError(
    "The offline model cannot bind this tool: it is not a LangChain tool, an OpenAI tool definition or { name, schema }.",
    "Pass tools created with tool() from @langchain/core/tools, or { type: \"function\", function: { name, description, parameters } }.",
  );
}

/** How the model must use tools, normalised from LangChain's `tool_choice`. */
export type ToolMode = { kind: "auto" } | { kind: "none" } | { kind: "any" } | { kind: "named"; name: string };

/**
 * Normalises a `tool_choice` call option: `undefined`/"auto" → auto, "none" → none,
 * "any"/"required" → any, another string or `{ function: { name } }`/`{ name }` → that tool.
 *
 * @param choice - The `tool_choice` option.
 * @returns A {@link ToolMode}.
 * @example
 * ```ts
 * toolMode("required"); // { kind: "any" }
 * ```
 */
export function toolMode(choice: ToolChoice | undefined): ToolMode {
  if (choice === undefined || choice === null || choice === "auto") return { kind: "auto" };
  if (choice === "none") return { kind: "none" };
  if (choice === "any" || choice === "required") return { kind: "any" };
  if (typeof choice === "string") return { kind: "named", name: choice };
  const c = choice as Record<string, unknown>;
  const name = isObj(c.function) && typeof c.function.name === "string" ? c.function.name : typeof c.name === "string" ? c.name : undefined;
  if (name) return { kind: "named", name };
  if (c.type === "any" || c.type === "required") return { kind: "any" };
  if (c.type === "none") return { kind: "none" };
  return { kind: "auto" };
}

const SEARCHY = /\b(?:search|lookup|look_up|retriev|wiki|web|browse|fetch|find|query)/i;
const TOOL_NOISE = new Set(["tool", "function", "call", "input", "value", "result", "string", "number", "get", "run"]);

/** Same term, or one spelling of the same word: "multiplied"/"multiply" share all but two letters. */
function similar(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 4) return false;
  let common = 0;
  while (common < shorter && a[common] === b[common]) common++;
  return common >= Math.max(4, shorter - 2);
}

const hasSimilar = (set: ReadonlySet<string>, term: string): boolean => [...set].some((t) => similar(t, term));

/** How well a tool matches a set of terms: name-term hits count `name`, description hits `desc`. */
function termScore(tool: ToolDefinition, asked: ReadonlySet<string>, name: number, desc: number): number {
  const nameTerms = new Set(terms(fieldWords(tool.function.name).join(" ")).filter((t) => !TOOL_NOISE.has(t)));
  const descTerms = new Set(terms(tool.function.description ?? "").filter((t) => !TOOL_NOISE.has(t) && !nameTerms.has(t)));
  let score = 0;
  for (const t of asked) score += (hasSimilar(nameTerms, t) ? name : 0) + (hasSimilar(descTerms, t) ? desc : 0);
  return score;
}

/**
 * How well a tool matches the turn: the request (name-term hits 2, description hits 1), the
 * persona's instructions (half that: a fundamental analyst's tool is the financials one), and a
 * question going to a search-like tool (1).
 */
function matchScores(tool: ToolDefinition, view: ConversationView): { request: number; persona: number; total: number } {
  const asked = new Set(terms(`${view.request} ${view.question ?? ""}`));
  const request = termScore(tool, asked, 2, 1);
  const own = new Set(terms(view.instructions ?? "").filter((t) => !asked.has(t)));
  const persona = termScore(tool, own, 1, 0.5);
  // A question goes to a search-like tool even without shared words.
  const asks = /\?\s*$/.test(view.request.trim()) || view.question !== undefined || /\b(?:search|look up|find|research)\b/i.test(view.request);
  const bonus = asks && SEARCHY.test(`${tool.function.name} ${tool.function.description ?? ""}`) ? 1 : 0;
  return { request, persona, total: request + persona + bonus };
}

/**
 * The tools to call for this turn. "none" → none. A named tool → that tool, always. "any" →
 * the best-matching tool (the first on ties or no match) unless the last message is a tool
 * result. "auto" → nothing after a tool result (the model answers in text); else every tool tied
 * for the best match with the request; when the request names no tool, every tool the persona's
 * instructions describe (a technical analyst calls its price-history tool for "Should we invest in
 * MOSS?"); else every tool tied for the best score (a question goes to a search-like tool).
 *
 * @param tools - Bound tools, OpenAI format.
 * @param mode - From {@link toolMode}.
 * @param view - The conversation.
 * @returns The chosen tools (possibly several: parallel tool calls).
 * @throws ConfigurationError when a named tool is not bound.
 * @example
 * ```ts
 * chooseTools([searchTool], { kind: "auto" }, readConversation([new HumanMessage("Search for LangGraph")]));
 * ```
 */
export function chooseTools(tools: readonly ToolDefinition[], mode: ToolMode, view: ConversationView): ToolDefinition[] {
  if (mode.kind === "none" || tools.length === 0) return [];
  if (mode.kind === "named") {
    const tool = tools.find((t) => t.function.name === mode.name);
    if (!tool) {
      throw new ConfigurationError(
        `tool_choice names "${mode.name}", but no bound tool has that name.`,
        `Bind it with bindTools() or choose one of: ${tools.map((t) => t.function.name).join(", ")}.`,
      );
    }
    return [tool];
  }
  if (view.afterToolCall) return [];
  const scored = tools.map((t) => matchScores(t, view));
  const scores = scored.map((s) => s.total);
  const best = Math.max(...scores);
  if (mode.kind === "any") return [tools[Math.max(0, scores.indexOf(best))]!];
  if (best <= 0) return [];
  // The request decides first: every tool tied for the best match with what it asks.
  const bestRequest = Math.max(...scored.map((s) => s.request));
  if (bestRequest > 0) return tools.filter((_, i) => scored[i]!.request === bestRequest);
  // When the request names no tool, a persona calls every tool its instructions describe.
  const own = tools.filter((_, i) => scored[i]!.persona >= 1);
  if (own.length > 0) return own;
  return tools.filter((_, i) => scores[i] === best);
}

/**
 * Tool calls for the chosen tools, with arguments filled from the conversation (see `fillSchema`)
 * and deterministic ids (`call_…`) derived from the seed.
 *
 * @param tools - From {@link chooseTools}.
 * @param view - The conversation.
 * @param rng - Seeded generator.
 * @returns LangChain `ToolCall`s (`type: "tool_call"`).
 * @example
 * ```ts
 * planToolCalls([searchTool], view, rng)[0].args; // { query: "What is LangGraph?" }
 * ```
 */
export function planToolCalls(tools: readonly ToolDefinition[], view: ConversationView, rng: SeededRandom): ToolCall[] {
  return tools.map((tool, i) => {
    const parameters = (isObj(tool.function.parameters) ? tool.function.parameters : { type: "object", properties: {} }) as JsonSchema;
    const args = fillSchema(parameters, view, rng.fork(tool.function.name));
    const id = `call_${hashString(`${rng.seed}:${tool.function.name}:${i}`).toString(36)}`;
    return { type: "tool_call" as const, id, name: tool.function.name, args: isObj(args) ? args : { input: args } };
  });
}
