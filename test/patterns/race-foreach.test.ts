import { setTimeout as sleep } from "node:timers/promises";
import { END, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigurationError } from "../../src/errors.js";
import { foreach } from "../../src/patterns/foreach.js";
import { quorum, race, RaceFailedError } from "../../src/patterns/race.js";

// A workflow that does `steps` units of 10 ms of work, counting each unit, and honours its signal.
function worker(counter: Record<string, number>, name: string, steps: number, fail?: string) {
  return async (_input: string, { signal }: { signal: AbortSignal }) => {
    for (let i = 0; i < steps; i++) {
      await sleep(10, undefined, { signal });
      counter[name] = (counter[name] ?? 0) + 1;
    }
    if (fail) throw new Error(fail);
    return `${name} done`;
  };
}

describe("foreach", () => {
  it("returns results in input order, or keyed by a property or function", async () => {
    const items = [{ id: "b", ms: 15 }, { id: "a", ms: 0 }, { id: "c", ms: 5 }];
    const work = async (x: { id: string; ms: number }) => (await sleep(x.ms), x.id.toUpperCase());
    expect(await foreach(items, work, { concurrency: 2 })).toEqual(["B", "A", "C"]);
    expect(await foreach(items, work, { as: "object", key: "id" })).toEqual({ b: "B", a: "A", c: "C" });
    expect(await foreach(items, work, { as: "object", key: (x, i) => `${i}-${x.id}` })).toEqual({ "0-b": "B", "1-a": "A", "2-c": "C" });
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
    const counter: Record<string, number> = {};
    const outcomes = await race({ a: worker(counter, "a", 2), b: worker(counter, "b", 1, "quota exceeded"), c: worker(counter, "c", 3) }, "input");
    expect(outcomes).toEqual([
      { name: "a", status: "fulfilled", value: "a done" },
      { name: "b", status: "rejected", error: { name: "Error", message: "quota exceeded" } },
      { name: "c", status: "fulfilled", value: "c done" },
    ]);
  });

  it("any: the first success wins and the losers are aborted and stop working", async () => {
    const counter: Record<string, number> = {};
    const outcomes = await race({ slow: worker(counter, "slow", 50), fast: worker(counter, "fast", 2), slower: worker(counter, "slower", 80) }, "x", { mode: "any" });
    expect(outcomes).toEqual([
      { name: "slow", status: "cancelled" },
      { name: "fast", status: "fulfilled", value: "fast done" },
      { name: "slower", status: "cancelled" },
    ]);
    const atDecision = { ...counter };
    await sleep(60);
    expect(counter).toEqual(atDecision); // the losers' side-effect counters stopped
    expect(counter.slow).toBeLessThan(5);
  });

  it("any: a failure does not win; the first success does", async () => {
    const counter: Record<string, number> = {};
    const limited = async () => Promise.reject(Object.assign(new Error("Too Many Requests"), { status: 429 }));
    const outcomes = await race({ broken: worker(counter, "broken", 1, "500"), limited, ok: worker(counter, "ok", 3) }, "x", { mode: "any" });
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect(outcomes[1]).toEqual({ name: "limited", status: "rejected", error: { name: "Error", message: "Too Many Requests", status: 429 } });
  });

  it("quorum(k): the first k successes win, the rest are cancelled", async () => {
    const counter: Record<string, number> = {};
    const outcomes = await race(
      { a: worker(counter, "a", 1), b: worker(counter, "b", 40), c: worker(counter, "c", 2), d: worker(counter, "d", 60) },
      "x",
      { mode: quorum(2) },
    );
    expect(outcomes.map((o) => [o.name, o.status])).toEqual([["a", "fulfilled"], ["b", "cancelled"], ["c", "fulfilled"], ["d", "cancelled"]]);
  });

  it("fails with every outcome when the quorum can no longer be reached", async () => {
    const counter: Record<string, number> = {};
    const error = await race({ a: worker(counter, "a", 1, "no"), b: worker(counter, "b", 1, "nope"), c: worker(counter, "c", 30) }, "x", {
      mode: quorum(2),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RaceFailedError);
    expect((error as Error).message).toBe("Only 0 of 3 workflows succeeded; 2 needed. a: no; b: nope");
    expect((error as RaceFailedError).outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "cancelled"]);
  });

  it("cancels a LangGraph graph through its signal", async () => {
    let ticks = 0;
    const State = new StateSchema({ q: z.string(), a: z.string().default("") });
    const slowGraph = new StateGraph(State)
      .addNode("think", async (_s, config) => {
        for (let i = 0; i < 100; i++) {
          await sleep(10, undefined, { signal: config.signal });
          ticks++;
        }
        return { a: "slow" };
      })
      .addEdge(START, "think")
      .addEdge("think", END)
      .compile();
    const fast = async (input: { q: string }) => ({ q: input.q, a: "fast" });
    const outcomes = await race({ slowGraph, fast }, { q: "?" }, { mode: "any" });
    expect(outcomes.map((o) => o.status)).toEqual(["cancelled", "fulfilled"]);
    const at = ticks;
    await sleep(50);
    expect(ticks).toBe(at);
  });

  it("rejects impossible quorums", async () => {
    await expect(race({ a: async () => 1 }, null, { mode: quorum(2) })).rejects.toThrow("quorum must be between 1 and 1");
    await expect(race({}, null)).rejects.toThrow("race needs at least one workflow.");
  });
});
