import { Annotation, Command, END, GraphInterrupt, MemorySaver, ParentCommand, START, StateGraph, interrupt, type RetryPolicy } from "@langchain/langgraph";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { LanggraphParallelError } from "../../src/errors.js";
import { mapItems } from "../../src/patterns/map-items.js";
import { DEFAULT_RETRY, RetryExhausted, backoffDelay, resolveRetry, retrying, type RetryOptions } from "../../src/patterns/retry.js";

// The deprecation warnings are once per process, kept in module state: each test that counts them
// loads its own copy of the modules.
async function freshRetry() {
  vi.resetModules();
  const retry = await import("../../src/patterns/retry.js");
  const errors = await import("../../src/errors.js");
  return { ...retry, ConfigurationError: errors.ConfigurationError };
}

const emitted = () => vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
const unavailable = () => Object.assign(new Error("503 Service Unavailable"), { status: 503 });

afterEach(() => void vi.restoreAllMocks());

describe("retry options use LangGraph's RetryPolicy names", () => {
  it("defaults: 3 attempts, 200 ms then ×2, capped at 10 s, jitter on, no log lines", () => {
    const { retryOn, ...policy } = resolveRetry(undefined);
    expect(policy).toEqual({ maxAttempts: 3, initialInterval: 200, backoffFactor: 2, maxInterval: 10_000, jitter: true, logWarning: false });
    expect(retryOn(unavailable())).toBe(true);
    expect(retryOn(new TypeError("x is undefined"))).toBe(false);
    expect(Object.keys(DEFAULT_RETRY)).toEqual(["maxAttempts", "initialInterval", "backoffFactor", "maxInterval", "jitter", "logWarning"]);
  });

  it("initialInterval, backoffFactor and maxInterval shape the waits; maxInterval caps Retry-After", () => {
    const policy = resolveRetry({ initialInterval: 10, backoffFactor: 3, maxInterval: 100, jitter: false });
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy))).toEqual([10, 30, 90, 100]);
    expect(backoffDelay(1, policy, Math.random, { headers: { "retry-after": "60" } })).toBe(100);
  });

  it("takes the RetryPolicy object given to addNode as is (logWarning included)", async () => {
    const retryPolicy: RetryPolicy = { maxAttempts: 2, initialInterval: 0, maxInterval: 0, backoffFactor: 1, jitter: false, retryOn: () => true, logWarning: false };
    expectTypeOf<RetryPolicy>().toExtend<RetryOptions>();
    new StateGraph(Annotation.Root({ n: Annotation<number> })).addNode("count", () => ({ n: 1 }), { retryPolicy });
    let calls = 0;
    const outcomes = await mapItems(["a"], () => (++calls === 1 ? Promise.reject(new TypeError("flaky")) : "ok"), { retry: retryPolicy });
    expect(outcomes).toEqual([{ ok: true, value: "ok" }]);
    expect(calls).toBe(2); // retryOn: () => true retried a TypeError
    const { retryOn, ...resolved } = resolveRetry(retryPolicy);
    expect(retryOn).toBe(retryPolicy.retryOn);
    expect(resolved).toEqual({ maxAttempts: 2, initialInterval: 0, maxInterval: 0, backoffFactor: 1, jitter: false, logWarning: false });
  });

  it("rejects impossible values, naming the field", () => {
    expect(() => resolveRetry({ initialInterval: -1 })).toThrow("retry.initialInterval must be ≥ 0, not -1.");
    expect(() => resolveRetry({ initialInterval: -1 })).toThrow(expect.objectContaining({ hint: "Pass a number of ms (backoffFactor: a multiplier), e.g. { initialInterval: 200 }." }));
    expect(() => resolveRetry({ maxInterval: Number.NaN })).toThrow("retry.maxInterval must be ≥ 0, not NaN.");
    expect(() => resolveRetry({ maxAttempts: 0 })).toThrow("retry.maxAttempts must be a whole number ≥ 1, not 0.");
  });

  it("logWarning: true prints one stderr line before each retry; the default prints none", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const failTwice = (calls = 0) => async () => {
      if (++calls < 3) throw unavailable();
      return "ok";
    };
    await retrying(failTwice(), resolveRetry({ initialInterval: 0, jitter: false }));
    expect(warn).not.toHaveBeenCalled();
    await retrying(failTwice(), resolveRetry({ initialInterval: 0, jitter: false, logWarning: true }));
    expect(warn.mock.calls).toEqual([
      ["Retrying in 0 ms: attempt 1 of 3 failed with Error: 503 Service Unavailable"],
      ["Retrying in 0 ms: attempt 2 of 3 failed with Error: 503 Service Unavailable"],
    ]);
  });
});

describe("the 0.1 names initialDelayMs / maxDelayMs (deprecated until 0.3.0)", () => {
  it("are read as initialInterval / maxInterval", async () => {
    emitted();
    const { resolveRetry, backoffDelay, DEFAULT_RETRY } = await freshRetry();
    const policy = resolveRetry({ initialDelayMs: 10, maxDelayMs: 25, jitter: false });
    expect([policy.initialInterval, policy.maxInterval]).toEqual([10, 25]);
    expect([1, 2, 3].map((attempt) => backoffDelay(attempt, policy))).toEqual([10, 20, 25]);
    // …and still readable on the resolved policy and the defaults, without being enumerated.
    expect([policy.initialDelayMs, policy.maxDelayMs]).toEqual([10, 25]);
    expect(Object.keys(policy)).not.toContain("initialDelayMs");
    expect([DEFAULT_RETRY.initialDelayMs, DEFAULT_RETRY.maxDelayMs]).toEqual([200, 10_000]);
  });

  it("print one DeprecationWarning per old name per process, naming the new field", async () => {
    const emit = emitted();
    const { resolveRetry, DEFAULT_RETRY } = await freshRetry();
    resolveRetry({ initialDelayMs: 10 });
    resolveRetry({ initialDelayMs: 20, maxDelayMs: 30 });
    resolveRetry({ maxDelayMs: 40 });
    void DEFAULT_RETRY.initialDelayMs;
    resolveRetry({ initialInterval: 10, maxInterval: 30 });
    expect(emit.mock.calls).toEqual([
      [
        "retry.initialDelayMs is deprecated and will be removed in langgraph-parallel 0.3.0: use retry.initialInterval, the name LangGraph's RetryPolicy uses.",
        { type: "DeprecationWarning", code: "LGP_RETRY_INITIAL_DELAY_MS" },
      ],
      [
        "retry.maxDelayMs is deprecated and will be removed in langgraph-parallel 0.3.0: use retry.maxInterval, the name LangGraph's RetryPolicy uses.",
        { type: "DeprecationWarning", code: "LGP_RETRY_MAX_DELAY_MS" },
      ],
    ]);
  });

  it("given together with the new name: a ConfigurationError, and no warning", async () => {
    const emit = emitted();
    const { resolveRetry, ConfigurationError } = await freshRetry();
    expect(() => resolveRetry({ initialDelayMs: 10, initialInterval: 10 })).toThrow(ConfigurationError);
    expect(() => resolveRetry({ maxInterval: 5, maxDelayMs: 50 })).toThrow(
      "retry.maxDelayMs and retry.maxInterval are the same setting, and both were given (50 and 5).",
    );
    expect(emit).not.toHaveBeenCalled();
    // mapItems validates its options the same way, before any item runs.
    const worker = vi.fn();
    await expect(mapItems(["a"], worker, { retry: { initialDelayMs: 1, initialInterval: 1 } })).rejects.toThrow("are the same setting");
    expect(worker).not.toHaveBeenCalled();
  });
});

describe("retrying never retries LangGraph's control-flow signals", () => {
  const alwaysRetry = resolveRetry({ maxAttempts: 3, initialInterval: 0, retryOn: () => true });

  it.each([
    ["GraphInterrupt", () => new GraphInterrupt([{ value: "Approve?" }])],
    ["ParentCommand", () => new ParentCommand(new Command({ graph: Command.PARENT, goto: "review" }))],
  ])("a %s is rethrown at once, as it is, whatever retryOn says", async (_name, signal) => {
    const thrown = signal();
    const attemptFn = vi.fn(() => Promise.reject(thrown));
    await expect(retrying(attemptFn, alwaysRetry)).rejects.toBe(thrown);
    expect(attemptFn).toHaveBeenCalledTimes(1);
  });

  it("interrupt() inside a retried function pauses the graph, and the resume value comes back", async () => {
    const attempts: number[] = [];
    const graph = new StateGraph(Annotation.Root({ answer: Annotation<string> }))
      .addNode("ask", async () => {
        const { value } = await retrying(async (attempt) => {
          attempts.push(attempt);
          return interrupt<string, string>("Approve?");
        }, alwaysRetry);
        return { answer: value };
      })
      .addEdge(START, "ask")
      .addEdge("ask", END)
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "retry-interrupt" } };
    const paused = (await graph.invoke({ answer: "" }, config)) as { __interrupt__?: { value: unknown }[] };
    expect(paused.__interrupt__?.map((i) => i.value)).toEqual(["Approve?"]);
    expect(attempts).toEqual([1]);
    expect(await graph.invoke(new Command({ resume: "yes" }), config)).toEqual({ answer: "yes" });
    expect(attempts).toEqual([1, 1]); // the node ran again on resume; interrupt() returned at once
  });
});

describe("RetryExhausted", () => {
  it("is an Error carrying the last error (also its cause) and the attempts", async () => {
    const errors = [unavailable(), Object.assign(new Error("502 Bad Gateway"), { status: 502 })];
    let n = 0;
    const caught = await retrying(() => Promise.reject(errors[n++]), resolveRetry({ maxAttempts: 2, initialInterval: 0 })).catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(RetryExhausted);
    expect(caught).toBeInstanceOf(LanggraphParallelError);
    expect(caught).toBeInstanceOf(Error);
    const exhausted = caught as RetryExhausted;
    expect([exhausted.name, exhausted.message, exhausted.attempts]).toEqual(["RetryExhausted", "gave up after 2 attempt(s): 502 Bad Gateway", 2]);
    expect(exhausted.error).toBe(errors[1]);
    expect(exhausted.cause).toBe(errors[1]);
  });

  it("a value that is not an Error: its string in the message; not retryable: one attempt", async () => {
    const caught = (await retrying(() => Promise.reject("boom"), resolveRetry(undefined)).catch((e: unknown) => e)) as RetryExhausted;
    expect([caught.message, caught.error, caught.attempts]).toEqual(["gave up after 1 attempt(s): boom", "boom", 1]);
  });
});
