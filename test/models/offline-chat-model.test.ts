import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ConfigurationError } from "../../src/errors.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";

const model = new OfflineChatModel({ latencyMs: 0 });

const CONTEXT = [
  '<Document href="https://docs.example/reducers"/>\nIn LangGraph every key of the graph state is stored in a channel. ' +
    "Two nodes writing the same key in one superstep raise an InvalidUpdateError. The fix is to give the key a reducer.\n</Document>",
  '<Document source="corpus://encyclopedia/fold" page="Fold"/>\nA fold reduces a list to a single value with a combining function.\n</Document>',
].join("\n\n---\n\n");

const search = tool(async ({ query }) => `results for ${query}`, {
  name: "web_search",
  description: "Search the web for articles and documentation pages.",
  schema: z.object({ query: z.string().min(1).describe("What to search for") }),
});
const multiply = tool(async ({ a, b }) => a * b, {
  name: "multiply",
  description: "Multiply two numbers.",
  schema: z.object({ a: z.number(), b: z.number() }),
});

describe("OfflineChatModel: identity and determinism", () => {
  it("labels itself offline", () => {
    expect(model._llmType()).toBe("offline");
    expect(model.describe()).toBe("offline (deterministic, no simulated latency)");
    expect(new OfflineChatModel().describe()).toBe("offline (deterministic, simulated latency 100–400 ms)");
    expect(new OfflineChatModel({ latencyMs: 250 }).describe()).toBe("offline (deterministic, simulated latency 250 ms)");
  });

  it("gives the same output for the same input, across instances", async () => {
    const input = [new SystemMessage("You are terse."), new HumanMessage("Tell me a joke about compilers")];
    const a = await model.invoke(input);
    const b = await new OfflineChatModel({ latencyMs: 0 }).invoke(input);
    expect(b.content).toBe(a.content);
    expect(b.usage_metadata).toEqual(a.usage_metadata);
  });

  it("gives different output for different input", async () => {
    const outputs = await Promise.all(
      ["Tell me a joke about cats", "Tell me a joke about dogs", "What is a superstep?", "Summarize: Nodes run. Edges join."].map(
        async (q) => (await model.invoke(q)).text,
      ),
    );
    expect(new Set(outputs).size).toBe(4);
  });

  it("ignores message ids (LangGraph assigns random ones) when seeding", async () => {
    const a = await model.invoke([new HumanMessage({ content: "Tell me a joke about ids", id: "one" })]);
    const b = await model.invoke([new HumanMessage({ content: "Tell me a joke about ids", id: "two" })]);
    expect(b.text).toBe(a.text);
  });

  it("rejects an invalid latency option with a ConfigurationError", () => {
    expect(() => new OfflineChatModel({ latencyMs: -1 })).toThrow(ConfigurationError);
    expect(() => new OfflineChatModel({ latencyMs: [400, 100] })).toThrow("Invalid offline model latency [400, 100] ms.");
  });
});

describe("OfflineChatModel: latency and abort", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("with latency 0 answers without any timer being advanced", async () => {
    vi.useFakeTimers();
    const reply = await model.invoke("Tell me a joke about clocks");
    expect(reply.response_metadata.simulated_latency_ms).toBe(0);
    expect(reply.text).toContain("clocks");
  });

  it("waits a seeded delay within the range, the same delay for the same input", async () => {
    vi.useFakeTimers();
    const slow = new OfflineChatModel({ latencyMs: [100, 400] });
    const first = slow.invoke("How long do you take?");
    await vi.runAllTimersAsync();
    const delay = (await first).response_metadata.simulated_latency_ms as number;
    expect(delay).toBeGreaterThanOrEqual(100);
    expect(delay).toBeLessThanOrEqual(400);

    let done = false;
    const second = slow.invoke("How long do you take?").then((r) => {
      done = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(delay - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect((await second).response_metadata.simulated_latency_ms).toBe(delay);
  });

  it("rejects promptly when aborted during the delay and clears its timer", async () => {
    vi.useFakeTimers();
    const slow = new OfflineChatModel({ latencyMs: 10_000 });
    const controller = new AbortController();
    const pending = slow.invoke("Wait for me", { signal: controller.signal });
    const outcome = pending.then(
      () => "resolved",
      (e: unknown) => (e instanceof Error ? e.name : String(e)),
    );
    await vi.advanceTimersByTimeAsync(5);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    expect(await outcome).toBe("AbortError");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop now"));
    await expect(model.invoke("hi", { signal: controller.signal })).rejects.toThrow("stop now");
  });
});

describe("OfflineChatModel: replies derived from the input", () => {
  it("reports usage metadata and offline response metadata", async () => {
    const reply = await model.invoke([new SystemMessage("You are helpful."), new HumanMessage("Hi!")]);
    const usage = reply.usage_metadata!;
    // Prompt: "You are helpful." (16 chars → 4) + "Hi!" (3 → 1) + 3 per message.
    expect(usage.input_tokens).toBe(4 + 3 + 1 + 3);
    expect(usage.output_tokens).toBe(Math.ceil(reply.text.length / 4));
    expect(usage.total_tokens).toBe(usage.input_tokens + usage.output_tokens);
    expect(reply.response_metadata).toMatchObject({ model_name: "offline", model_provider: "offline", offline: true, finish_reason: "stop" });
  });

  it("answers from context documents with citations", async () => {
    const reply = await model.invoke([
      new SystemMessage(`Answer the question using only this context:\n\n${CONTEXT}`),
      new HumanMessage("Which error do two nodes writing the same key raise?"),
    ]);
    expect(reply.text).toBe(
      "Two nodes writing the same key in one superstep raise an InvalidUpdateError. [1] The fix is to give the key a reducer. [1]\n\n" +
        "Sources:\n[1] https://docs.example/reducers",
    );
  });

  it("tells a templated joke about the requested subject", async () => {
    const reply = await model.invoke("Tell me a joke about penguins");
    expect(reply.text).toMatch(/penguins/);
    expect(reply.text).not.toMatch(/lorem/i);
  });

  it("summarises by quoting the first sentences of the given text", async () => {
    const reply = await model.invoke("Summarize the following:\nNodes run in supersteps. Each superstep runs ready nodes in parallel. Writes apply at the end.");
    expect(reply.text).toBe("Nodes run in supersteps. Each superstep runs ready nodes in parallel.");
  });

  it("summarises the human message when the instruction is the system message, honouring a sentence count", async () => {
    const passage = "Nodes run in supersteps. Each superstep runs ready nodes in parallel. Writes apply at the end.";
    const one = await model.invoke([new SystemMessage("Summarise the passage in one sentence."), new HumanMessage(passage)]);
    expect(one.text).toBe("Nodes run in supersteps.");
    const three = await model.invoke(`Summarize this in 3 sentences:\n${passage}`);
    expect(three.text).toBe(passage);
  });

  it("answers a question without context honestly, restating its key terms", async () => {
    const reply = await model.invoke("What is the capital of Australia?");
    expect(reply.text).toBe(
      'I am the offline model, so I cannot look up an answer to "What is the capital of Australia?"; I only see the text I am given. ' +
        "Its key terms are capital and Australia. Give me context documents (or run with OPENAI_API_KEY set) and I will answer from them.",
    );
  });

  it("asks a question about the subject when asked to generate one", async () => {
    const reply = await model.invoke("Generate one question for the expert about fan-out limits.");
    expect(reply.text).toBe("What should we know about fan-out limits, and where does it matter most in practice?");
  });

  it("builds other replies from the material it was given, or from the request's key terms", async () => {
    const memo = await model.invoke(
      "Here are the memos:\nLangGraph runs nodes in supersteps. Reducers merge parallel writes. Send fans out work to many workers. " +
        "Checkpointers save state after each step.\n\nWrite a report section from them.",
    );
    expect(memo.text).toBe("LangGraph runs nodes in supersteps. Reducers merge parallel writes. Send fans out work to many workers.");
    const bare = await model.invoke("Write an introduction for a report on parallel agents.");
    expect(bare.text).toBe(
      "Offline model reply about introduction, report and parallel agents: no model is connected, so this short reply is built from your own words. " +
        "Run with OPENAI_API_KEY set for a full answer.",
    );
  });

  it("cuts the reply at a stop sequence", async () => {
    const reply = await model.invoke("Summarize the following:\nNodes run. Edges join.", { stop: [" Edges"] });
    expect(reply.text).toBe("Nodes run.");
  });
});

describe("OfflineChatModel: tools", () => {
  it("calls the tool whose name matches the request, with numbers from the request", async () => {
    const reply = await model.bindTools([search, multiply]).invoke("What is 3 multiplied by 4?");
    expect(reply.tool_calls?.map(({ name, args }) => ({ name, args }))).toEqual([{ name: "multiply", args: { a: 3, b: 4 } }]);
    expect(reply.tool_calls?.[0]?.id).toMatch(/^call_[0-9a-z]+$/);
    expect(reply.response_metadata.finish_reason).toBe("tool_calls");
    expect(reply.usage_metadata!.output_tokens).toBeGreaterThan(0);
  });

  it("sends a question to a search tool with the question as the query", async () => {
    const reply = await model.bindTools([search, multiply]).invoke("Who invented the Pregel model?");
    expect(reply.tool_calls).toHaveLength(1);
    expect(reply.tool_calls![0]).toMatchObject({ name: "web_search", args: { query: "Who invented the Pregel model?" } });
    expect(search.schema.parse(reply.tool_calls![0]!.args)).toEqual({ query: "Who invented the Pregel model?" });
  });

  it("answers in text when no tool matches and tool_choice is auto", async () => {
    const reply = await model.bindTools([multiply]).invoke("Tell me a joke about owls");
    expect(reply.tool_calls).toEqual([]);
    expect(reply.text).toContain("owls");
  });

  it("honours tool_choice any/required, a tool name, and none", async () => {
    const any = await model.bindTools([search, multiply], { tool_choice: "any" }).invoke("Tell me a joke about owls");
    expect(any.tool_calls).toHaveLength(1);
    const required = await model.bindTools([search, multiply], { tool_choice: "required" }).invoke("Tell me a joke about owls");
    expect(required.tool_calls).toHaveLength(1);
    const named = await model.bindTools([search, multiply], { tool_choice: "multiply" }).invoke("Multiply 6 by 7 please");
    expect(named.tool_calls?.map((c) => [c.name, c.args])).toEqual([["multiply", { a: 6, b: 7 }]]);
    const none = await model.bindTools([search, multiply], { tool_choice: "none" }).invoke("What is 3 multiplied by 4?");
    expect(none.tool_calls).toEqual([]);
  });

  it("accepts OpenAI-format and zod-schema'd tool definitions", async () => {
    const openaiTool = {
      type: "function" as const,
      function: {
        name: "get_weather",
        description: "Get the weather for a city",
        parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer", minimum: 1, maximum: 7 } }, required: ["city", "days"] },
      },
    };
    const zodTool = { name: "lookup_term", description: "Look up a glossary term", schema: z.object({ term: z.string() }) };
    const reply = await model.bindTools([openaiTool, zodTool], { tool_choice: "get_weather" }).invoke("What is the weather in Lisbon for 3 days?");
    expect(reply.tool_calls?.[0]?.name).toBe("get_weather");
    const args = reply.tool_calls![0]!.args as { city: string; days: number };
    expect(args.days).toBe(3);
    expect(typeof args.city).toBe("string");
    const glossary = await model.bindTools([openaiTool, zodTool]).invoke("Look up the glossary term superstep");
    expect(glossary.tool_calls?.map((c) => c.name)).toEqual(["lookup_term"]);
  });

  it("throws a ConfigurationError for a tool_choice that names no bound tool", async () => {
    await expect(model.bindTools([search], { tool_choice: "nope" }).invoke("hi")).rejects.toThrow(
      'tool_choice names "nope", but no bound tool has that name.',
    );
  });

  it("answers in text from tool results after a tool message", async () => {
    const bound = model.bindTools([search], { tool_choice: "any" });
    const messages: BaseMessage[] = [new HumanMessage("Which error do two nodes writing the same key raise?")];
    const call = await bound.invoke(messages);
    messages.push(call, new ToolMessage({ content: CONTEXT, tool_call_id: call.tool_calls![0]!.id!, name: "web_search" }));
    const answer = await bound.invoke(messages);
    expect(answer.tool_calls).toEqual([]);
    expect(answer.text).toContain("InvalidUpdateError. [1]");
    expect(answer.text).toContain("Sources:\n[1] https://docs.example/reducers");

    const product = await model.invoke([
      new HumanMessage("What is 3 times 4?"),
      new AIMessage({ content: "", tool_calls: [{ id: "c1", name: "multiply", args: { a: 3, b: 4 } }] }),
      new ToolMessage({ content: "12", tool_call_id: "c1", name: "multiply" }),
    ]);
    expect(product.text).toBe("The multiply tool returned: 12");
  });
});
