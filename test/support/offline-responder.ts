/**
 * Answers OpenAI chat-completions requests with the offline model, so that the fault server can
 * stand in for a real provider for whole graphs: plain replies, tool calls (`tools`,
 * `tool_choice`) and structured output (`response_format: json_schema`).
 */
import { AIMessage, type BaseMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";

interface OpenAIMessage {
  role: string;
  content: unknown;
  name?: string;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}
interface OpenAIRequest {
  messages: OpenAIMessage[];
  tools?: { type: "function"; function: { name: string; description?: string; parameters?: Record<string, unknown> } }[];
  tool_choice?: unknown;
  response_format?: { type: string; json_schema?: { name?: string; schema?: Record<string, unknown> } };
}

/** The offline model behind every answer (a test can tell its calls from a lesson's own). */
export const responderModel = new OfflineChatModel({ latencyMs: 0 });
const model = responderModel;
const text = (content: unknown) => (typeof content === "string" ? content : Array.isArray(content) ? content.map((p) => (p as { text?: string }).text ?? "").join("") : "");

function toMessages(messages: OpenAIMessage[]): BaseMessage[] {
  return messages.map((m) => {
    if (m.role === "system" || m.role === "developer") return new SystemMessage(text(m.content));
    if (m.role === "user") return new HumanMessage(text(m.content));
    if (m.role === "tool") return new ToolMessage({ content: text(m.content), tool_call_id: m.tool_call_id ?? "" });
    return new AIMessage({
      content: text(m.content),
      tool_calls: (m.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name, args: JSON.parse(c.function.arguments || "{}") })),
    });
  });
}

/**
 * The assistant message (OpenAI format) the offline model gives for a request.
 *
 * @param request - The parsed request body.
 * @returns `{ message, finishReason }`.
 */
export async function offlineCompletion(request: OpenAIRequest): Promise<{ message: Record<string, unknown>; finishReason: string }> {
  const messages = toMessages(request.messages);
  const schema = request.response_format?.json_schema?.schema;
  if (request.response_format?.type === "json_schema" && schema) {
    const value = await model.withStructuredOutput({ ...schema, title: request.response_format.json_schema?.name ?? "Output" }).invoke(messages);
    return { message: { role: "assistant", content: JSON.stringify(value) }, finishReason: "stop" };
  }
  const bound = request.tools?.length ? model.bindTools(request.tools, { tool_choice: request.tool_choice as never }) : model;
  const reply = (await bound.invoke(messages)) as AIMessage;
  if (reply.tool_calls?.length) {
    return {
      message: {
        role: "assistant",
        content: null,
        tool_calls: reply.tool_calls.map((c, i) => ({ id: c.id ?? `call_${i}`, type: "function", function: { name: c.name, arguments: JSON.stringify(c.args) } })),
      },
      finishReason: "tool_calls",
    };
  }
  return { message: { role: "assistant", content: reply.text }, finishReason: "stop" };
}
