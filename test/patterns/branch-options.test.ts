import { HumanMessage } from "@langchain/core/messages";
import { RunnableLambda } from "@langchain/core/runnables";
import { END, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigurationError } from "../../src/errors.js";
import { concurrent } from "../../src/patterns/concurrent.js";
import { BranchError, fanOut } from "../../src/patterns/fan-out.js";
import { foreach } from "../../src/patterns/foreach.js";
import { mapItems } from "../../src/patterns/map-items.js";
import { race } from "../../src/patterns/race.js";
import { listField } from "../../src/reducers/fields.js";

// Four kinds of branch, the same for every pattern: fine, flaky (a 503 on its first attempt),
// slow on its first attempt (it stalls until the 30 ms timeout aborts it), and broken (a bug, never
// retried). Nothing here races the clock: the stall ends only through the timeout, and every
// attempt that succeeds (or throws) does so within the same run of promise callbacks that armed its
// deadline, before the event loop can fire any timer, however loaded the machine is.
function kinds() {
  const attempts: Record<string, number> = {};
  const run = async (kind: string, signal?: AbortSignal) => {
    const n = (attempts[kind] = (attempts[kind] ?? 0) + 1);
    if (kind === "flaky" && n === 1) throw Object.assign(new Error("503 Service Unavailable"), { status: 503 });
    if (kind === "slow" && n === 1) await untilAborted(signal!);
    if (kind === "broken") throw new TypeError("undefined is not a function");
    return `${kind} ok (attempt ${n})`;
  };
  return { attempts, run };
}
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
const options = { retry: { maxAttempts: 3, initialInterval: 1 }, timeoutMs: 30 } as const;
const KINDS = ["fine", "flaky", "slow", "broken"];
const EXPECTED_OK = { fine: "fine ok (attempt 1)", flaky: "flaky ok (attempt 2)", slow: "slow ok (attempt 2)" };

describe("one options shape on every fan-out pattern: retry, timeout, settled, fail-fast", () => {
  it("mapItems and foreach", async () => {
    let k = kinds();
    const outcomes = await mapItems(KINDS, (kind, { signal }) => k.run(kind, signal), { ...options, failure: "settled" });
    expect(outcomes.map((o) => (o.ok ? o.value : o.error.message))).toEqual([...Object.values(EXPECTED_OK), "undefined is not a function"]);
    expect(k.attempts.broken).toBe(1);
    k = kinds();
    const keyed = await foreach(KINDS.map((id) => ({ id })), ({ id }, { signal }) => k.run(id, signal), { ...options, failure: "settled", as: "object" });
    expect(Object.keys(keyed)).toEqual(KINDS);
    expect(keyed.broken).toEqual({ ok: false, error: { name: "TypeError", message: "undefined is not a function", attempts: 1, transient: false } });
    k = kinds();
    await expect(foreach(KINDS, (kind, { signal }) => k.run(kind, signal), options)).rejects.toThrow('foreach: item 3 ("broken") failed after 1 attempt');
  });

  it("fanOut", async () => {
    const State = new StateSchema({ log: listField(z.string()), errors: listField(z.string()) });
    const graphWith = (k: ReturnType<typeof kinds>, failure: "settled" | "fail-fast") =>
      new StateGraph(State)
        .addNode(
          "fan",
          fanOut<typeof State.State, typeof State.Update>(
            Object.fromEntries(KINDS.map((kind) => [kind, async (_s: unknown, config: { signal?: AbortSignal }) => ({ log: [await k.run(kind, config.signal)] })])),
            { ...options, failure, ...(failure === "settled" ? { onFailure: (name: string, f: { message: string }) => ({ errors: [`${name}: ${f.message}`] }) } : {}) },
          ),
        )
        .addEdge(START, "fan")
        .addEdge("fan", END)
        .compile();
    expect(await graphWith(kinds(), "settled").invoke({})).toEqual({ log: Object.values(EXPECTED_OK), errors: ["broken: undefined is not a function"] });
    const error = await graphWith(kinds(), "fail-fast").invoke({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BranchError);
    expect((error as BranchError).message).toBe('Branch "broken" failed: undefined is not a function');
    expect(() => fanOut({}, { failure: "settled" })).toThrow(ConfigurationError);
  });

  it("concurrent", async () => {
    const participantsFor = (k: ReturnType<typeof kinds>) =>
      KINDS.map((kind) => ({ name: kind, runnable: RunnableLambda.from(async (_input: unknown, config) => k.run(kind, config?.signal)) }));
    const settled = await concurrent({ participants: participantsFor(kinds()), ...options, failure: "settled" }).invoke({ messages: [new HumanMessage("go")] });
    expect(settled.messages.slice(1).map((m) => [m.name, m.text])).toEqual([
      ...Object.entries(EXPECTED_OK),
      ["broken", "(no answer: undefined is not a function)"],
    ]);
    expect(settled.responses.at(-1)).toMatchObject({ name: "broken", text: "", error: "undefined is not a function" });
    await expect(concurrent({ participants: participantsFor(kinds()), ...options }).invoke({ messages: [new HumanMessage("go")] })).rejects.toThrow(
      'Branch "broken" failed: undefined is not a function',
    );
  });

  it("race", async () => {
    const k = kinds();
    const workflows = Object.fromEntries(KINDS.map((kind) => [kind, (_i: unknown, { signal }: { signal: AbortSignal }) => k.run(kind, signal)]));
    const outcomes = await race(workflows, null, options);
    expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value : o.status === "rejected" ? o.error.message : o.status))).toEqual([
      ...Object.values(EXPECTED_OK),
      "undefined is not a function",
    ]);
  });
});
