import { createHash } from "node:crypto";
import { StateSchema } from "@langchain/langgraph";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { getChatModel } from "../../src/models/get-chat-model.js";
import { createRateLimiter } from "../../src/models/rate-limiter.js";
import { mapReduce } from "../../src/patterns/map-reduce.js";
import { type Fault, type FaultServer, startFaultServer } from "../support/openai-fault-server.js";

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const model = (url: string, extra: Parameters<typeof getChatModel>[0] = {}) =>
  getChatModel({ provider: "openai", env: { OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: url, OPENAI_MODEL: "gpt-4o-mini" }, maxRetries: 0, ...extra });

// One prompt in five fails on its first request, with one of three faults; the retry succeeds.
const FAULTS: Fault[] = [{ kind: "status", status: 429, retryAfterSeconds: 0.05 }, { kind: "status", status: 500 }, { kind: "cut" }];
const bucket = (prompt: string) => createHash("sha1").update(prompt).digest()[0]! % 20;
const twentyPercent = ({ prompt, attempt }: { prompt: string; attempt: number }): Fault =>
  attempt === 1 && bucket(prompt) < 4 ? FAULTS[bucket(prompt) % FAULTS.length]! : { kind: "ok" };

const State = new StateSchema({ items: z.array(z.string()), answers: z.array(z.string()).default(() => []) });

const okCounts = (log: FaultServer["log"]) => {
  const answered = new Map<string, number>();
  for (const r of log) if (r.fault === "ok") answered.set(r.prompt, (answered.get(r.prompt) ?? 0) + 1);
  return answered;
};

describe("faults from a real OpenAI-compatible server", () => {
  it("a 200-item map-reduce completes with 20% of requests failing transiently; every result present exactly once", async () => {
    server = await startFaultServer(twentyPercent);
    const llm = model(server.url);
    const items = Array.from({ length: 200 }, (_, i) => `item ${i}`);
    // No per-attempt timeout here: only the scripted faults fail a request, so no answer can be
    // retried because the machine was slow.
    const graph = mapReduce(State, {
      items: (s) => s.items,
      worker: async (item, { signal }) => (await llm.invoke(item, { signal })).text,
      reduce: (answers) => ({ answers }),
      concurrency: 16,
      retry: { maxAttempts: 4, initialInterval: 10 },
    });
    const out = await graph.invoke({ items });
    expect(out.answers).toEqual(items.map((item) => `echo: ${item}`));
    const failed = server.log.filter((r) => r.fault !== "ok");
    expect(failed.length).toBe(items.filter((item) => bucket(item) < 4).length); // ~20% of 200 (by hash)
    expect(failed.length).toBeGreaterThanOrEqual(25);
    expect(new Set(failed.map((r) => r.fault))).toEqual(new Set(["status", "cut"]));
    const answered = okCounts(server.log);
    expect(answered.size).toBe(200);
    expect([...answered.values()].every((n) => n === 1)).toBe(true);
  });

  it("a stalled request is abandoned at the per-attempt timeout and retried; the stall lasts until the client gives up", async () => {
    const stalls = new Set(["q1", "q4", "q6"]);
    server = await startFaultServer(({ prompt, attempt }) => (attempt === 1 && stalls.has(prompt) ? { kind: "stall" } : { kind: "ok" }));
    const llm = model(server.url);
    const items = Array.from({ length: 8 }, (_, i) => `q${i}`);
    const graph = mapReduce(State, {
      items: (s) => s.items,
      worker: async (item, { signal }) => (await llm.invoke(item, { signal })).text,
      reduce: (answers) => ({ answers }),
      concurrency: 8,
      // The stalled attempts never answer, so only this timeout ends them; it is long next to a
      // loopback answer, so a busy machine is no reason for an answered attempt to time out.
      timeoutMs: 2_000,
      retry: { maxAttempts: 4, initialInterval: 10 },
    });
    const out = await graph.invoke({ items });
    expect(out.answers).toEqual(items.map((item) => `echo: ${item}`));
    const stalled = server.log.filter((r) => r.fault === "stall");
    expect(stalled.map((r) => r.prompt).sort()).toEqual([...stalls].sort());
    expect(stalled.every((r) => r.clientGaveUp)).toBe(true);
    // Each stalled prompt was asked again after its stall, and answered.
    for (const prompt of stalls) expect(server.log.filter((r) => r.prompt === prompt).map((r) => r.fault).slice(0, 2)).toEqual(["stall", "ok"]);
    expect(okCounts(server.log).size).toBe(8);
  });

  it("a 429 with Retry-After pauses every branch sharing the limiter", async () => {
    let first = true;
    server = await startFaultServer(({ attempt }) => {
      if (first && attempt === 1) {
        first = false;
        return { kind: "status", status: 429, retryAfterSeconds: 0.4 };
      }
      return { kind: "ok" };
    });
    const limiter = createRateLimiter({ maxConcurrent: 1 });
    const llm = model(server.url, { rateLimiter: limiter });
    const graph = mapReduce(State, {
      items: (s) => s.items,
      worker: async (item, { signal }) => (await llm.invoke(item, { signal })).text,
      reduce: (answers) => ({ answers }),
      concurrency: 4,
      retry: { maxAttempts: 3, initialInterval: 1 },
    });
    const out = await graph.invoke({ items: ["a", "b", "c", "d"] });
    expect(out.answers).toEqual(["echo: a", "echo: b", "echo: c", "echo: d"]);
    const [limited, next] = server.log;
    expect(limited!.status).toBe(429);
    // No branch sent anything until the server's Retry-After had passed.
    expect(next!.at - limited!.at).toBeGreaterThanOrEqual(380);
    expect(limiter.stats().pausedMs).toBeGreaterThanOrEqual(350);
  });

  it("the limiter caps requests in flight across branches", async () => {
    server = await startFaultServer();
    const llm = model(server.url, { rateLimiter: createRateLimiter({ maxConcurrent: 3 }) });
    const graph = mapReduce(State, {
      items: (s) => s.items,
      worker: async (item) => (await llm.invoke(item)).text,
      reduce: (answers) => ({ answers }),
      concurrency: 12,
    });
    const items = Array.from({ length: 30 }, (_, i) => `q${i}`);
    expect((await graph.invoke({ items })).answers).toHaveLength(30);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
  });

  it("a validation error is never retried", async () => {
    server = await startFaultServer(() => ({ kind: "status", status: 400 }));
    const llm = model(server.url);
    const graph = mapReduce(State, {
      items: (s) => s.items,
      worker: async (item) => (await llm.invoke(item)).text,
      reduce: (answers) => ({ answers }),
      retry: { maxAttempts: 5, initialInterval: 1 },
    });
    await expect(graph.invoke({ items: ["bad"] })).rejects.toThrow(/failed after 1 attempt/);
    expect(server.log).toHaveLength(1);
  });
});

describe("the research assistant on a real client against a flaky server", () => {
  it("completes correctly with 20% of requests failing transiently (the OpenAI client retries them)", async () => {
    const { offlineCompletion } = await import("../support/offline-responder.js");
    const { Command, MemorySaver } = await import("@langchain/langgraph");
    const { buildResearchAssistantGraph } = await import("../../src/graphs/research-assistant/graph.js");
    const { createWebSearch } = await import("../../src/tools/web-search.js");
    const { createEncyclopediaSearch } = await import("../../src/tools/encyclopedia-search.js");
    const { loadCorpus } = await import("../../src/tools/corpus.js");
    let request = 0;
    // Every fifth request fails (its retry is a new request, which succeeds): exactly 20%.
    server = await startFaultServer(() => (++request % 5 === 0 ? FAULTS[(request / 5) % 3]! : { kind: "ok" }), offlineCompletion as never);
    const llm = getChatModel({ provider: "openai", env: { OPENAI_API_KEY: "k", OPENAI_BASE_URL: server.url }, maxRetries: 3 });
    const graph = buildResearchAssistantGraph({
      model: llm,
      webSearch: createWebSearch(),
      encyclopediaSearch: createEncyclopediaSearch(),
      checkpointer: new MemorySaver(),
    });
    const config = { configurable: { thread_id: "flaky" } };
    const paused = await graph.invoke({ topic: "The benefits of adopting LangGraph as an agent framework", maxAnalysts: 2 }, config);
    expect((paused as { __interrupt__?: unknown[] }).__interrupt__).toHaveLength(1);
    const done = await graph.invoke(new Command({ resume: "" }), config);
    expect(done.sections).toHaveLength(2);
    expect(done.finalReport).toContain("## Sources");
    const urls = new Set(loadCorpus().map((d) => d.url));
    for (const section of done.sections) for (const source of section.sources) expect(urls.has(source), source).toBe(true);
    const faults = server.log.filter((r) => r.fault !== "ok");
    expect(faults.length).toBe(Math.floor(server.log.length / 5));
    expect(faults.length).toBeGreaterThanOrEqual(5);
    expect(new Set(faults.map((r) => r.fault))).toEqual(new Set(["status", "cut"]));
  });
});
