import { InMemoryStore, StateSchema } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigurationError, InputValidationError, LanggraphParallelError } from "../../src/errors.js";
import { buildDecompositionGraph } from "../../src/graphs/decomposition.js";
import { JokesState } from "../../src/graphs/jokes.js";
import { validateLogs } from "../../src/graphs/logs.js";
import { ResearchState } from "../../src/graphs/research-assistant/schemas.js";
import { getChatModel } from "../../src/models/get-chat-model.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { createRateLimiter } from "../../src/models/rate-limiter.js";
import { concurrent } from "../../src/patterns/concurrent.js";
import { fanOut } from "../../src/patterns/fan-out.js";
import { foreach } from "../../src/patterns/foreach.js";
import { createLauncher } from "../../src/patterns/launch.js";
import { mapItems } from "../../src/patterns/map-items.js";
import { mapReduce } from "../../src/patterns/map-reduce.js";
import { quorum, race } from "../../src/patterns/race.js";
import { runPool } from "../../src/patterns/task-pool.js";
import { createPersistence } from "../../src/persistence/persistence.js";
import { createSqlitePersistence } from "../../src/persistence/sqlite-persistence.js";
import { validateInput } from "../../src/state/validate-input.js";
import { financials } from "../../src/tools/market-data.js";
import { searchCorpus } from "../../src/tools/offline-search.js";
import { createWebSearch } from "../../src/tools/web-search.js";

const State = new StateSchema({ items: z.array(z.number()) });
const model = new OfflineChatModel({ latencyMs: 0 });
const base = { items: (s: typeof State.State) => s.items, worker: (n: number) => n, reduce: () => ({}) };

// Every builder and entry point: malformed input or configuration gives a library error (one
// class, a message saying what is wrong, a hint saying what to do), never a bare TypeError.
const cases: [string, () => unknown, RegExp][] = [
  ["state: wrong type", () => validateInput(State, { items: "1,2" }), /Invalid input for "items": expected array, received string/],
  ["state: unknown key", () => validateInput(State, { itmes: [] }), /"itmes": unknown state key; expected one of items/],
  ["jokes: empty topic", () => validateInput(JokesState, { topic: " " }), /"topic": the topic is empty/],
  ["research: 0 analysts", () => validateInput(ResearchState, { topic: "x", maxAnalysts: 0 }), /maxAnalysts must be at least 1/],
  ["research: 100 analysts", () => validateInput(ResearchState, { topic: "x", maxAnalysts: 100 }), /maxAnalysts must be at most 10/],
  ["logs: missing answer", () => validateLogs([{ id: "9", question: "q" }]), /log "9" \(position 0\): "answer" is required/],
  ["mapReduce: concurrency 0", () => mapReduce(State, { ...base, concurrency: 0 }), /concurrency must be a whole number ≥ 1/],
  ["mapReduce: retry 0 attempts", () => mapReduce(State, { ...base, retry: { maxAttempts: 0 } }), /retry.maxAttempts must be a whole number ≥ 1/],
  ["mapReduce: outputs not in state", () => mapReduce(State, { ...base, outputs: ["nope" as "items"] }), /outputs nope are not keys of the state/],
  ["mapItems: concurrency 1.5", () => mapItems([1], (n) => n, { concurrency: 1.5 }), /concurrency must be a whole number ≥ 1/],
  ["runPool: negative concurrency", () => runPool([1], (n) => n, { concurrency: -2 }), /concurrency must be a whole number ≥ 1/],
  ["foreach: duplicate keys", () => foreach([{ id: 1 }, { id: 1 }], (x) => x, { as: "object" }), /two items have the key "1"/],
  ["fanOut: settled without onFailure", () => fanOut({ a: () => ({}) }, { failure: "settled" }), /needs onFailure/],
  ["fanOut: concurrency 0", () => fanOut({ a: () => ({}) }, { concurrency: 0 }), /concurrency must be a whole number ≥ 1/],
  ["concurrent: no participants", () => concurrent({ participants: [] }), /at least one participant/],
  ["race: quorum above the workflows", () => race({ a: async () => 1 }, null, { mode: quorum(3) }), /quorum must be between 1 and 1/],
  ["decomposition: 13 sub-tasks", () => buildDecompositionGraph({ model, maxSubtasks: 13 }), /maxSubtasks must be a whole number from 1 to 12/],
  // @ts-expect-error -- an unknown worker does not compile either; this is what plain JavaScript gets
  ["launch: unknown worker", () => createLauncher({ store: new InMemoryStore(), workers: {} }).launch("send", null, { id: "x" }), /No launch worker named "send"/],
  ["rate limiter: 0 per second", () => createRateLimiter({ requestsPerSecond: 0 }), /requestsPerSecond must be > 0/],
  ["model: unknown provider", () => getChatModel({ provider: "claude", env: {} }), /Unknown model provider "claude"/],
  ["model: openai without key", () => getChatModel({ provider: "openai", env: {} }), /needs OPENAI_API_KEY/],
  ["model: bad base URL", () => getChatModel({ provider: "openai", env: { OPENAI_API_KEY: "k", OPENAI_BASE_URL: "localhost:11434" } }), /OPENAI_BASE_URL "localhost:11434" is not a valid http\(s\) URL/],
  ["persistence: not a postgres URL", () => createPersistence({ env: { DATABASE_URL: "mysql://x" } }), /DATABASE_URL must be a postgres:\/\/ URL/],
  ["persistence: SQLite path under a file", () => createSqlitePersistence({ path: "/etc/hostname/x.sqlite" }), /\/etc\/hostname/],
  ["search: blank query", () => searchCorpus("   "), /./],
  ["web search: 0 results", () => createWebSearch({ maxResults: 0 }), /maxResults/],
  ["market data: unknown ticker", () => financials("ACME"), /no offline data for "ACME"; known tickers: TERN, KITE, MOSS/],
];

describe("bad input, table-driven: one clear library error for each", () => {
  it.each(cases)("%s", async (_name, call, message) => {
    const error = await Promise.resolve()
      .then(call)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(LanggraphParallelError);
    expect((error as Error).message).toMatch(message);
    expect((error as LanggraphParallelError).describe().length).toBeGreaterThan((error as Error).message.length - 1);
  });

  it("user errors carry exit code 2", () => {
    expect(new ConfigurationError("x").exitCode).toBe(2);
    expect(new InputValidationError("f", "bad").exitCode).toBe(2);
  });
});
