import { END, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigurationError } from "../../src/errors.js";
import { foreach } from "../../src/patterns/foreach.js";
import type { ItemMemo } from "../../src/patterns/item-memo.js";
import { mapItems } from "../../src/patterns/map-items.js";
import { quorum, race, RaceFailedError, type RaceMode } from "../../src/patterns/race.js";
import { barrier, latch, type Latch } from "../support/barrier.js";

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

// A LangGraph graph whose one node thinks until its signal aborts, and only that ends it.
function graphThinkingUntilAborted() {
  const events: string[] = [];
  const thinking = latch();
  const aborted = latch();
  const State = new StateSchema({ q: z.string(), a: z.string().default("") });
  const graph = new StateGraph(State)
    .addNode("think", async (_s, config) => {
      const signal = config.signal!;
      await new Promise((_, reject) => {
        signal.addEventListener("abort", () => (events.push("think aborted"), aborted.open(), reject(signal.reason)), { once: true });
        events.push("think started");
        thinking.open();
      });
      return { a: "never" };
    })
    .addEdge(START, "think")
    .addEdge("think", END)
    .compile();
  return { graph, events, thinking, aborted };
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
    const { graph: slowGraph, events, thinking, aborted } = graphThinkingUntilAborted();
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

describe("cancelled from outside (options.signal)", () => {
  // Workers that work until their signal aborts, and only that ends them. Each notes when it
  // started, when it was aborted and whether it saw the caller's reason; `started` releases
  // once `parties` of them are running.
  function stallers(parties: number) {
    const events: string[] = [];
    const started = barrier(parties);
    const stall = (name: string, signal: AbortSignal, reason?: unknown) =>
      new Promise<never>((_, reject) => {
        signal.addEventListener(
          "abort",
          () => (events.push(`${name} aborted${reason === undefined || signal.reason === reason ? "" : " (another reason)"}`), reject(signal.reason)),
          { once: true },
        );
        events.push(`${name} started`);
        void started.arrive();
      });
    return { events, stall, allStarted: () => started.arrive() };
  }

  describe("race", () => {
    const modes: [string, RaceMode][] = [["settled", "settled"], ["any", "any"], ["quorum(2)", quorum(2)]];

    it.each(modes)("%s: rejects with the signal's reason and aborts every running workflow with it", async (_label, mode) => {
      const controller = new AbortController();
      const reason = new Error("The user closed the tab.");
      const { events, stall, allStarted } = stallers(4); // three workflows and the test
      const run = race(
        {
          a: (_x, { signal }) => stall("a", signal, reason),
          b: (_x, { signal }) => stall("b", signal, reason),
          c: (_x, { signal }) => stall("c", signal, reason),
        },
        "x",
        { mode, signal: controller.signal },
      );
      await allStarted();
      controller.abort(reason);
      await expect(run).rejects.toBe(reason);
      expect(events).toEqual(["a started", "b started", "c started", "a aborted", "b aborted", "c aborted"]);
    });

    it("rejects with the reason, not a RaceFailedError, also after some workflows failed or succeeded", async () => {
      const controller = new AbortController();
      const reason = new Error("stop");
      const { events, stall, allStarted } = stallers(2); // `slow` and the test
      const bothSettled = latch();
      let settledCount = 0;
      const note = () => (++settledCount === 2 ? bothSettled.open() : undefined);
      const run = race(
        {
          ok: async () => (note(), "ok"),
          broken: async () => (note(), Promise.reject(new Error("500"))),
          slow: (_x, { signal }) => stall("slow", signal, reason),
        },
        "x",
        { mode: quorum(2), signal: controller.signal },
      );
      await Promise.all([allStarted(), bothSettled.wait()]);
      await nextTurn(); // the race has recorded both outcomes: one success, one failure, quorum 2 still open
      controller.abort(reason);
      await expect(run).rejects.toBe(reason);
      expect(events).toEqual(["slow started", "slow aborted"]);
    });

    it("keeps the reason as it is: a string stays a string, a plain abort() is an AbortError", async () => {
      for (const reason of ["user left", 42, undefined]) {
        const controller = new AbortController();
        const { events, stall, allStarted } = stallers(2);
        const run = race({ a: (_x, { signal }) => stall("a", signal) }, "x", { mode: "any", signal: controller.signal });
        await allStarted();
        controller.abort(reason);
        const error = await run.catch((e: unknown) => e);
        if (reason === undefined) {
          expect(error).toBeInstanceOf(DOMException);
          expect((error as DOMException).name).toBe("AbortError");
          expect(error).toBe(controller.signal.reason);
        } else expect(error).toBe(reason);
        expect(events).toEqual(["a started", "a aborted"]);
      }
    });

    it("rejects at once, without waiting for a workflow that ignores its signal", async () => {
      const controller = new AbortController();
      const reason = new Error("stop");
      const running = latch();
      const deaf = () => (running.open(), new Promise<never>(() => undefined)); // never settles, whatever happens
      const run = race({ deaf }, "x", { signal: controller.signal });
      await running.wait();
      controller.abort(reason);
      await expect(run).rejects.toBe(reason);
    });

    it("an aborted signal at the call rejects with its reason and starts no workflow", async () => {
      const controller = new AbortController();
      const reason = new Error("already cancelled");
      controller.abort(reason);
      const started: string[] = [];
      const workflow = (name: string) => async () => (started.push(name), name);
      for (const mode of ["settled", "any", quorum(2)] as RaceMode[]) {
        await expect(race({ a: workflow("a"), b: workflow("b") }, "x", { mode, signal: controller.signal })).rejects.toBe(reason);
      }
      await nextTurn();
      expect(started).toEqual([]);
      // Configuration errors still come first.
      await expect(race({}, "x", { signal: controller.signal })).rejects.toThrow(ConfigurationError);
    });

    it("an abort during a retry's backoff rejects with the reason; no further attempt", async () => {
      const controller = new AbortController();
      const reason = new Error("stop");
      const attempts: number[] = [];
      const failedOnce = latch();
      const limited = async () => {
        attempts.push(attempts.length + 1);
        failedOnce.open();
        throw Object.assign(new Error("Too Many Requests"), { status: 429 });
      };
      const run = race({ limited }, "x", { mode: "any", signal: controller.signal, retry: { maxAttempts: 3, initialInterval: 60_000, maxInterval: 60_000 } });
      await failedOnce.wait();
      controller.abort(reason);
      await expect(run).rejects.toBe(reason);
      expect(attempts).toEqual([1]);
    });

    it("aborts a LangGraph graph's running node through config.signal", async () => {
      const controller = new AbortController();
      const reason = new Error("stop");
      const { graph, events, thinking, aborted } = graphThinkingUntilAborted();
      const run = race({ graph }, { q: "?" }, { mode: "any", signal: controller.signal });
      await thinking.wait();
      controller.abort(reason);
      await expect(run).rejects.toBe(reason);
      await aborted.wait();
      expect(events).toEqual(["think started", "think aborted"]);
    });
  });

  describe("foreach and mapItems (through the shared pool)", () => {
    const failures = ["fail-fast", "settled"] as const;

    it.each(failures)("foreach, %s: rejects with the reason, aborts the running items and starts no more", async (failure) => {
      const controller = new AbortController();
      const reason = new Error("The user closed the tab.");
      const { events, stall, allStarted } = stallers(3); // two items at a time, and the test
      const run = foreach([0, 1, 2, 3], (n, { signal }) => stall(`item ${n}`, signal, reason), { concurrency: 2, failure, signal: controller.signal });
      await allStarted();
      controller.abort(reason);
      await expect(run).rejects.toBe(reason);
      expect(events).toEqual(["item 0 started", "item 1 started", "item 0 aborted", "item 1 aborted"]);
    });

    it("foreach as an object: the same; a non-Error reason is kept as it is", async () => {
      const controller = new AbortController();
      const { events, stall, allStarted } = stallers(3);
      const run = foreach([{ id: "a" }, { id: "b" }], (x, { signal }) => stall(x.id, signal), { as: "object", signal: controller.signal });
      await allStarted();
      controller.abort("user left");
      await expect(run).rejects.toBe("user left");
      expect(events).toEqual(["a started", "b started", "a aborted", "b aborted"]);
    });

    it("mapItems: an item in a retry's backoff stops too; the step rejects with the reason", async () => {
      const controller = new AbortController();
      const reason = new Error("stop");
      const { events, stall, allStarted } = stallers(2); // item 1 and the test
      const attempts: number[] = [];
      const failedOnce = latch();
      const run = mapItems(
        ["limited", "slow"],
        async (x, { attempt, signal }) => {
          if (x === "slow") return stall("slow", signal, reason);
          attempts.push(attempt);
          failedOnce.open();
          throw Object.assign(new Error("Too Many Requests"), { status: 429 });
        },
        { retry: { maxAttempts: 3, initialInterval: 60_000, maxInterval: 60_000 }, signal: controller.signal },
      );
      await Promise.all([allStarted(), failedOnce.wait()]);
      controller.abort(reason);
      await expect(run).rejects.toBe(reason);
      expect(attempts).toEqual([1]);
      expect(events).toEqual(["slow started", "slow aborted"]);
    });

    it("an aborted signal at the call rejects with its reason before reading the memo or starting an item", async () => {
      const controller = new AbortController();
      const reason = new Error("already cancelled");
      controller.abort(reason);
      const calls: string[] = [];
      const memo: ItemMemo<number> = {
        load: async () => (calls.push("memo.load"), new Map()),
        save: async () => void calls.push("memo.save"),
      };
      const worker = (n: number) => (calls.push(`item ${n}`), n);
      const onProgress = () => void calls.push("progress");
      await expect(mapItems([1, 2], worker, { memo, onProgress, signal: controller.signal })).rejects.toBe(reason);
      await expect(mapItems([1, 2], worker, { failure: "settled", signal: controller.signal })).rejects.toBe(reason);
      await expect(foreach([1, 2], worker, { signal: controller.signal })).rejects.toBe(reason);
      await expect(foreach([{ id: "a" }], () => calls.push("object item"), { as: "object", signal: controller.signal })).rejects.toBe(reason);
      await nextTurn();
      expect(calls).toEqual([]);
    });
  });
});
