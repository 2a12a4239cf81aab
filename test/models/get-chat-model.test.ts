import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import { ChatOpenAI } from "@langchain/openai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigurationError } from "../../src/errors.js";
import { describeChatModel } from "../../src/models/describe-chat-model.js";
import { getChatModel } from "../../src/models/get-chat-model.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { startFaultServer } from "../support/openai-fault-server.js";
import { offlineCompletion } from "../support/offline-responder.js";

/** The error `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error("expected a throw");
}

describe("getChatModel", () => {
  it("is offline by default, with the requested latency", () => {
    const model = getChatModel({ env: {} });
    expect(model).toBeInstanceOf(OfflineChatModel);
    expect((model as OfflineChatModel).latencyMs).toEqual([100, 400]);
    expect(describeChatModel(getChatModel({ env: {}, latencyMs: 0 }))).toBe("offline (deterministic, no simulated latency)");
    expect(describeChatModel(getChatModel({ env: {}, latencyMs: [20, 50] }))).toBe("offline (deterministic, simulated latency 20–50 ms)");
  });

  it("treats an empty OPENAI_API_KEY as unset", () => {
    expect(getChatModel({ env: { OPENAI_API_KEY: "  " } })).toBeInstanceOf(OfflineChatModel);
  });

  it("chooses openai when OPENAI_API_KEY is set, with the default model and base URL", () => {
    const model = getChatModel({ env: { OPENAI_API_KEY: "sk-test" } });
    expect(model).toBeInstanceOf(ChatOpenAI);
    const openai = model as ChatOpenAI;
    expect(openai.model).toBe("gpt-4o-mini");
    expect(openai.apiKey).toBe("sk-test");
    expect(openai.clientConfig.baseURL).toBe("https://api.openai.com/v1");
    expect(describeChatModel(model)).toBe("openai gpt-4o-mini at api.openai.com");
  });

  it("stays offline when asked to, even with a key", () => {
    expect(getChatModel({ provider: "offline", env: { OPENAI_API_KEY: "sk-test" } })).toBeInstanceOf(OfflineChatModel);
  });

  it("honours OPENAI_BASE_URL, OPENAI_MODEL and temperature (e.g. a local Ollama)", () => {
    const model = getChatModel({
      provider: "openai",
      temperature: 0.2,
      env: { OPENAI_API_KEY: "ollama", OPENAI_BASE_URL: "http://localhost:11434/v1/", OPENAI_MODEL: "llama3.2" },
    }) as ChatOpenAI;
    expect(model.model).toBe("llama3.2");
    expect(model.temperature).toBe(0.2);
    expect(model.clientConfig.baseURL).toBe("http://localhost:11434/v1");
    expect(describeChatModel(model)).toBe("openai llama3.2 at localhost:11434");
  });

  it("explains a missing OPENAI_API_KEY", () => {
    const error = thrown(() => getChatModel({ provider: "openai", env: {} }));
    expect(error.describe()).toBe(
      'The "openai" provider needs OPENAI_API_KEY. Export OPENAI_API_KEY=… and run again (any non-empty value works for a local server such as Ollama or vLLM), or use the offline model.',
    );
    expect(error.exitCode).toBe(2);
  });

  it("explains a malformed OPENAI_BASE_URL", () => {
    for (const url of ["localhost:11434/v1", "not a url", "ftp://example.com"]) {
      const error = thrown(() => getChatModel({ env: { OPENAI_API_KEY: "k", OPENAI_BASE_URL: url } }));
      expect(error.describe()).toBe(
        `OPENAI_BASE_URL "${url}" is not a valid http(s) URL. Set it to the server's API root, e.g. http://localhost:11434/v1 for Ollama, or unset it to use api.openai.com.`,
      );
    }
  });

  it("explains an unknown provider", () => {
    expect(thrown(() => getChatModel({ provider: "anthropic", env: {} })).describe()).toBe(
      'Unknown model provider "anthropic". Use one of: offline, openai.',
    );
  });

  it("rejects a bad offline latency", () => {
    expect(thrown(() => getChatModel({ env: {}, latencyMs: Number.NaN })).message).toBe("Invalid offline model latency NaN ms.");
  });
});

describe("getChatModel callbacks", () => {
  // ChatOpenAI's bindTools, withConfig and withStructuredOutput build new clients from the
  // constructor's fields: handlers set on model.callbacks afterwards never see those calls.
  it("see every call of the model and of its tool-bound and structured copies, for both providers", async () => {
    const server = await startFaultServer(undefined, offlineCompletion as never);
    try {
      for (const provider of ["offline", "openai"] as const) {
        let ended = 0;
        const counter = BaseCallbackHandler.fromMethods({ handleLLMEnd: () => void ended++ });
        const model = getChatModel({ provider, latencyMs: 0, env: { OPENAI_API_KEY: "k", OPENAI_BASE_URL: server.url }, callbacks: [counter] });
        await model.invoke("Name a colour.");
        await model.bindTools!([{ name: "search", description: "Search the web.", schema: z.object({ query: z.string() }) }]).invoke("Search for LangGraph.");
        await model.withStructuredOutput(z.object({ colour: z.string() }), { name: "Colour" }).invoke("Name a colour.");
        expect(ended, provider).toBe(3);
      }
      expect(server.log).toHaveLength(3);
    } finally {
      await server.close();
    }
  });
});

describe("describeChatModel", () => {
  it("unwraps tool bindings", () => {
    const bound = new OfflineChatModel({ latencyMs: 0 }).bindTools([]);
    expect(describeChatModel(bound)).toBe("offline (deterministic, no simulated latency)");
  });

  it("falls back to the model type for other models", () => {
    expect(describeChatModel({})).toBe("unknown model");
  });
});
