import { setTimeout as sleep } from "node:timers/promises";
import { END, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { fanOut } from "../../src/patterns/fan-out.js";
import { mapReduce } from "../../src/patterns/map-reduce.js";
import { race } from "../../src/patterns/race.js";
import { listField } from "../../src/reducers/fields.js";

// Large fan-outs through the library's patterns print nothing: no MaxListenersExceededWarning
// (each pattern raises the listener limit of the signals it creates), no other warnings.
const warnings: string[] = [];
const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
process.on("warning", onWarning);
afterEach(() => {
  warnings.length = 0;
});

describe("no noise on large fan-outs", () => {
  it("mapReduce over 2,000 items calling a model, fanOut with 200 branches, a race of 50", async () => {
    const model = new OfflineChatModel({ latencyMs: [0, 2] });
    const State = new StateSchema({ items: z.array(z.number()), out: listField(z.string()) });
    const mr = mapReduce(State, {
      items: (s) => s.items,
      worker: async (n, { signal }) => (await model.invoke(`item ${n}`, { signal })).text,
      reduce: (out) => ({ out }),
      concurrency: 64,
      timeoutMs: 5_000,
    });
    expect((await mr.invoke({ items: Array.from({ length: 2000 }, (_, i) => i) })).out).toHaveLength(2000);

    const branches = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`b${i}`, async (_s: unknown, config: { signal?: AbortSignal }) => (await sleep(1, undefined, { signal: config.signal }), { out: [`b${i}`] })]),
    );
    const wide = new StateGraph(State)
      .addNode("fan", fanOut<typeof State.State, typeof State.Update>(branches, { timeoutMs: 5_000 }))
      .addEdge(START, "fan")
      .addEdge("fan", END)
      .compile();
    expect((await wide.invoke({ items: [] })).out).toHaveLength(200);

    const workflows = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`w${i}`, async (_x: unknown, { signal }: { signal: AbortSignal }) => (await sleep(i, undefined, { signal }), i)]));
    await race(workflows, null, { mode: "any", timeoutMs: 5_000 });

    // Warnings are emitted on process.nextTick, and every nextTick callback runs before a macrotask.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
  });
});
