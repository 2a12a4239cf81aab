import { END, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigurationError } from "../../src/errors.js";
import { foreach } from "../../src/patterns/foreach.js";
import { quorum, race, RaceFailedError } from "../../src/patterns/race.js";
import { latch, type Latch } from "../support/barrier.js";

// Workflows whose order of events is fixed by the test, not by timing. Each notes what happened
// to it in `events`.
function workflows() {
  const events: string[] = [];
  // Succeeds once `after` is open (at once without it).
  const succeeds = (name: string, after?: Latch) => async () => {
    await after?.wait();
    events.push(`${name} done`);
    return `${name} done`;
  };
  const fails = (name: string, message: string, done?: Latch) => async () => {
    events.push(`${name} failed`);
    done?.open();
    throw new Error(message);
  };
  // Works until its signal aborts, and only an abort ends it.
  const stalls = (name: string, started?: Latch) => (_input: unknown, { signal }: { signal: AbortSignal }) =>
    new Promise<never>((_, reject) => {
      signal.addEventListener("abort", () => (events.push(`${name} aborted`), reject(signal.reason)), { once: true });
      started?.open();
    });
  return { events, succeeds, fails, stalls };
}

// Resolves after the promise callbacks now queued have run (a macrotask runs only after them).
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("foreach", () => {
  it("returns results in input order, or keyed by a property or function", async () => {
    const items = [{ id: "b" }, { id: "a" }, { id: "c" }];
    // b finishes last: it waits for c, which (at concurrency 2) starts only once a has finished.
    const finishingBLast = () => {
      const cDone = latch();
      const finished: string[] = [];
      const work = async (x: { id: string }) => {
        if (x.id === "b") await cDone.wait();
        finished.push(x.id);
        if (x.id === "c") cDone.open();
        return x.id.toUpperCase();
      };
      return { work, finished };
    };
    const first = finishingBLast();
    expect(await foreach(items, first.work, { concurrency: 2 })).toEqual(["B", "A", "C"]);
    expect(first.finished).toEqual(["a", "c", "b"]);
    expect(await foreach(items, finishingBLast().work, { as: "object", key: "id" })).toEqual({ b: "B", a: "A", c: "C" });
    expect(await foreach(items, finishingBLast().work, { as: "object", key: (x, i) => `${i}-${x.id}` })).toEqual({ "0-b": "B", "1-a": "A", "2-c": "C" });
  });

  it("rejects duplicate or missing keys before doing any work", async () => {
    let calls = 0;
    const work = () => ++calls;
    await expect(foreach([{ id: "x" }, { id: "x" }], work, { as: "object" })).rejects.toThrow('foreach: two items have the key "x".');
    await expect(foreach([{ name: "x" }], work, { as: "object" })).rejects.toThrow(ConfigurationError);
    expect(calls).toBe(0);
  });
});

describe("race", () => {
  it("settled: every workflow finishes; failures are values beside successes", async () => {
    const { events, succeeds, fails } = workflows();
    const bFailed = latch(); // a and c finish after b has failed
    const outcomes = await race({ a: succeeds("a", bFailed), b: fails("b", "quota exceeded", bFailed), c: succeeds("c", bFailed) }, "input");
    expect(outcomes).toEqual([
      { name: "a", status: "fulfilled", value: "a done" },
      { name: "b", status: "rejected", error: { name: "Error", message: "quota exceeded" } },
      { name: "c", status: "fulfilled", value: "c done" },
    ]);
    expect(events).toEqual(["b failed", "a done", "c done"]);
  });

  it("any: the first success wins and the losers are aborted", async () => {
    const { events, succeeds, stalls } = workflows();
    const outcomes = await race({ slow: stalls("slow"), fast: succeeds("fast"), slower: stalls("slower") }, "x", { mode: "any" });
    expect(outcomes).toEqual([
      { name: "slow", status: "cancelled" },
      { name: "fast", status: "fulfilled", value: "fast done" },
      { name: "slower", status: "cancelled" },
    ]);
    expect(events).toEqual(["fast done", "slow aborted", "slower aborted"]);
  });

  it("any: a failure does not win; the first success does", async () => {
    const { events, succeeds, fails } = workflows();
    // ok answers only after broken has failed and the race has had a turn to record it.
    const brokenFailed = latch();
    const recorded = latch();
    void brokenFailed.wait().then(nextTurn).then(recorded.open);
    const limited = async () => Promise.reject(Object.assign(new Error("Too Many Requests"), { status: 429 }));
    const outcomes = await race({ broken: fails("broken", "500", brokenFailed), limited, ok: succeeds("ok", recorded) }, "x", { mode: "any" });
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect(outcomes[0]).toEqual({ name: "broken", status: "rejected", error: { name: "Error", message: "500" } });
    expect(outcomes[1]).toEqual({ name: "limited", status: "rejected", error: { name: "Error", message: "Too Many Requests", status: 429 } });
    expect(events).toEqual(["broken failed", "ok done"]);
  });

  it("quorum(k): the first k successes win, the rest are cancelled", async () => {
    const { events, succeeds, stalls } = workflows();
    const outcomes = await race({ a: succeeds("a"), b: stalls("b"), c: succeeds("c"), d: stalls("d") }, "x", { mode: quorum(2) });
    expect(outcomes.map((o) => [o.name, o.status])).toEqual([["a", "fulfilled"], ["b", "cancelled"], ["c", "fulfilled"], ["d", "cancelled"]]);
    expect(events).toEqual(["a done", "c done", "b aborted", "d aborted"]);
  });

  it("successes that land in the same tick: only the first `needed` win, the rest are cancelled", async () => {
    // All three resolve in one microtask flush; the race must be decided by the first one alone.
    const now = async (x: string) => x.toUpperCase();
    const any = await race({ a: now, b: now, c: now }, "x", { mode: "any" });
    expect(any.map((o) => o.status)).toEqual(["fulfilled", "cancelled", "cancelled"]);
    const two = await race({ a: now, b: now, c: now }, "x", { mode: quorum(2) });
    expect(two.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "cancelled"]);
  });

  it("fails with every outcome when the quorum can no longer be reached", async () => {
    const { events, fails, stalls } = workflows();
    const error = await race({ a: fails("a", "no"), b: fails("b", "nope"), c: stalls("c") }, "x", { mode: quorum(2) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RaceFailedError);
    expect((error as Error).message).toBe("Only 0 of 3 workflows succeeded; 2 needed. a: no; b: nope");
    expect((error as RaceFailedError).outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "cancelled"]);
    expect(events).toEqual(["a failed", "b failed", "c aborted"]);
  });

  it("cancels a LangGraph graph through its signal", async () => {
    const events: string[] = [];
    const thinking = latch();
    const aborted = latch();
    const State = new StateSchema({ q: z.string(), a: z.string().default("") });
    const slowGraph = new StateGraph(State)
      .addNode("think", async (_s, config) => {
        // Thinks until the race cancels the graph, and only that ends it.
        const signal = config.signal!;
        await new Promise((_, reject) => {
          signal.addEventListener("abort", () => (events.push("think aborted"), aborted.open(), reject(signal.reason)), { once: true });
          events.push("think started");
          thinking.open();
        });
        return { a: "slow" };
      })
      .addEdge(START, "think")
      .addEdge("think", END)
      .compile();
    // fast answers only once the graph is inside its node, so the cancel reaches a running node.
    const fast = async (input: { q: string }) => (await thinking.wait(), { q: input.q, a: "fast" });
    const outcomes = await race({ slowGraph, fast }, { q: "?" }, { mode: "any" });
    expect(outcomes.map((o) => o.status)).toEqual(["cancelled", "fulfilled"]);
    await aborted.wait();
    expect(events).toEqual(["think started", "think aborted"]);
  });

  it("rejects impossible quorums", async () => {
    await expect(race({ a: async () => 1 }, null, { mode: quorum(2) })).rejects.toThrow("quorum must be between 1 and 1");
    await expect(race({}, null)).rejects.toThrow("race needs at least one workflow.");
  });
});
