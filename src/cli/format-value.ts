/**
 * Compact, readable one-line text for any state value the lessons print: JSON for plain data,
 * and LangGraph's and LangChain's wrappers by what they mean instead of their wire format:
 * `Overwrite([])` rather than `{"__overwrite__":[]}`, `Send("generate_joke", {…})`,
 * `Command({…})`, `AIMessage(analyst: "…")`. Long strings and lists are cut with a note of their size.
 */
import { isBaseMessage, type BaseMessage } from "@langchain/core/messages";
import { isCommand, Overwrite, Send } from "@langchain/langgraph";

interface Limits {
  maxString: number;
  maxItems: number;
  seen: WeakSet<object>;
}

/**
 * Compact JSON-like text for print-outs. Plain data prints as JSON; strings longer than
 * `maxString` are cut with a note of their size; lists longer than `maxItems` show their first
 * three items and a count of the rest. Wrappers print by name: `Overwrite(value)`,
 * `Send("node", arg)`, `Command({ goto, update, resume })`, messages as `AIMessage(name: "text")`.
 *
 * @param value - Any value (functions and `undefined` members are left out, as in JSON).
 * @param maxString - Longest string shown in full. Default 100.
 * @param maxItems - Longest list shown in full. Default 6.
 * @returns One line of text.
 * @example
 * ```ts
 * formatValue({ state: ["I'm A"] }); // '{"state":["I\'m A"]}'
 * formatValue({ bPath: new Overwrite([]) }); // '{"bPath":Overwrite([])}'
 * ```
 */
export function formatValue(value: unknown, maxString = 100, maxItems = 6): string {
  return render(value, { maxString, maxItems, seen: new WeakSet() }) ?? "undefined";
}

// `undefined` for what JSON leaves out (undefined, functions, symbols).
function render(value: unknown, limits: Limits): string | undefined {
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(clip(value, limits.maxString));
  if (limits.seen.has(value)) return '"[circular]"';
  limits.seen.add(value);
  try {
    return renderObject(value, limits);
  } finally {
    limits.seen.delete(value);
  }
}

function renderObject(value: object, limits: Limits): string {
  if (Overwrite.isInstance(value)) return `Overwrite(${render(overwritten(value), limits) ?? "undefined"})`;
  if (value instanceof Send) return `Send(${JSON.stringify(value.node)}, ${render(value.args, limits) ?? "undefined"})`;
  if (isCommand(value)) {
    const { goto, update, resume, graph } = value;
    const fields = { graph, update, resume, goto: Array.isArray(goto) && goto.length === 0 ? undefined : goto };
    return `Command(${render(fields, limits)})`;
  }
  if (isBaseMessage(value)) return renderMessage(value, limits);
  if (Array.isArray(value)) {
    const items = value.length > limits.maxItems ? [...value.slice(0, 3), `… ${value.length - 3} more`] : value;
    return `[${items.map((item) => render(item, limits) ?? "null").join(",")}]`;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return render((value as { toJSON(): unknown }).toJSON(), limits) ?? "undefined";
  }
  const entries = Object.entries(value).flatMap(([key, v]) => {
    const text = render(v, limits);
    return text === undefined ? [] : [`${JSON.stringify(key)}:${text}`];
  });
  return `{${entries.join(",")}}`;
}

// The value inside an Overwrite, whether the class or its wire form `{ __overwrite__: value }`.
function overwritten(value: object): unknown {
  return value instanceof Overwrite ? value.value : (value as Record<string, unknown>).__overwrite__;
}

const MESSAGE_CLASS: Record<string, string> = { human: "HumanMessage", ai: "AIMessage", system: "SystemMessage", tool: "ToolMessage" };

// AIMessage(analyst: "How does …?"), HumanMessage("Hello"), AIMessage(tool calls: search).
function renderMessage(message: BaseMessage, limits: Limits): string {
  const type = message.getType();
  const kind = MESSAGE_CLASS[type] ?? `${type[0]?.toUpperCase() ?? ""}${type.slice(1)}Message`;
  const calls = "tool_calls" in message && Array.isArray(message.tool_calls) ? (message.tool_calls as { name: string }[]) : [];
  const text = message.text;
  const parts = [
    text || calls.length === 0 ? JSON.stringify(clip(text, limits.maxString)) : "",
    calls.length ? `tool calls: ${calls.map((c) => c.name).join(", ")}` : "",
  ].filter(Boolean);
  return `${kind}(${message.name ? `${message.name}: ` : ""}${parts.join("; ")})`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
