/**
 * A small OpenAI-compatible chat-completions server on loopback for fault tests: the real
 * `@langchain/openai` client talks to it over HTTP, and a script decides, per request, whether it
 * answers, returns 429 (with Retry-After) or 500, stalls, or cuts the connection.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the server does with one request. */
export type Fault = { kind: "ok" } | { kind: "status"; status: number; retryAfterSeconds?: number } | { kind: "stall" } | { kind: "cut" };

/** One request as the script sees it. */
export interface FaultRequest {
  /** The last user message's text. */
  prompt: string;
  /** 1 for the first request with this prompt, 2 for the next, … */
  attempt: number;
  /** Requests in flight, this one included. */
  inFlight: number;
}

/** A running fault server. */
export interface FaultServer {
  /** Base URL for `OPENAI_BASE_URL`. */
  url: string;
  /** Every request: prompt, fault applied, arrival time; a stall records when the client hung up. */
  log: { prompt: string; fault: Fault["kind"]; status?: number; at: number; clientGaveUp?: boolean }[];
  maxInFlight: number;
  close(): Promise<void>;
}

/**
 * Starts the server on a free loopback port.
 *
 * @param script - Decides each request's fate. Default: always answer.
 * @param respond - Builds the answer (default: `echo: <prompt>`); see `offline-responder.ts`.
 * @returns The server.
 */
export async function startFaultServer(
  script: (request: FaultRequest) => Fault = () => ({ kind: "ok" }),
  respond?: (body: unknown) => Promise<{ message: Record<string, unknown>; finishReason: string }>,
): Promise<FaultServer> {
  const attempts = new Map<string, number>();
  const stalled = new Set<ServerResponse>();
  let inFlight = 0;
  let closing = false;
  const state: Omit<FaultServer, "url" | "close"> = { log: [], maxInFlight: 0 };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    let body = "";
    for await (const chunk of req) body += chunk;
    const json = JSON.parse(body || "{}") as { model?: string; messages?: { role: string; content: unknown }[] };
    const user = [...(json.messages ?? [])].reverse().find((m) => m.role === "user");
    const prompt = typeof user?.content === "string" ? user.content : JSON.stringify(user?.content ?? "");
    const attempt = (attempts.get(prompt) ?? 0) + 1;
    attempts.set(prompt, attempt);
    const fault = script({ prompt, attempt, inFlight });
    const entry: FaultServer["log"][number] = { prompt, fault: fault.kind, ...(fault.kind === "status" ? { status: fault.status } : {}), at: Date.now() };
    state.log.push(entry);
    if (fault.kind === "cut") return req.socket.destroy();
    if (fault.kind === "stall") {
      // Never answered: held until the client gives up (or the server closes).
      entry.clientGaveUp = false;
      res.on("close", () => void (entry.clientGaveUp = !closing));
      return void stalled.add(res);
    }
    if (fault.kind === "status") {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
      res.writeHead(fault.status, headers);
      return void res.end(JSON.stringify({ error: { message: `scripted ${fault.status}`, type: "server_error" } }));
    }
    const answer = respond ? await respond(json) : { message: { role: "assistant", content: `echo: ${prompt}` }, finishReason: "stop" };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: `chatcmpl-${state.log.length}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: json.model ?? "gpt-4o-mini",
        choices: [{ index: 0, message: answer.message, finish_reason: answer.finishReason }],
        usage: usageOf(json, answer.message),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const res of stalled) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

// About four characters a token: every message and tool definition in, the text and tool calls out.
function usageOf(request: { messages?: { content: unknown }[]; tools?: unknown[] }, message: Record<string, unknown>) {
  const text = (value: unknown) => (typeof value === "string" ? value : value == null ? "" : JSON.stringify(value));
  const sent = (request.messages ?? []).map((m) => text(m.content)).join("\n") + (request.tools?.length ? JSON.stringify(request.tools) : "");
  const prompt_tokens = Math.ceil(sent.length / 4);
  const completion_tokens = Math.ceil((text(message.content) + text(message.tool_calls)).length / 4);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}
