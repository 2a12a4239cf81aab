import { describe, expect, it } from "vitest";
import { buildJokesGraph } from "../../src/graphs/jokes.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { nodesBySuperstep, traceRun } from "../../src/observe/run-trace.js";

const model = new OfflineChatModel({ latencyMs: 0 });

describe("jokes map-reduce graph", () => {
  it("sends one generate_joke task per subject, all in one superstep, then picks one of their jokes", async () => {
    const trace = await traceRun<{ subjects: string[]; jokes: string[]; bestSelectedJoke: string }>(buildJokesGraph({ model }), {
      topic: "animals",
    });
    expect(nodesBySuperstep(trace)).toEqual([["generate_topics"], ["generate_joke", "generate_joke", "generate_joke"], ["best_joke"]]);
    const state = trace.finalState!;
    expect(state.subjects).toEqual(["the history of animals", "animals in everyday life", "the science of animals"]);
    expect(state.jokes).toHaveLength(3);
    // Each branch saw only its own subject: every joke mentions exactly the subject it was sent.
    const sent = trace.supersteps[1]!.tasks.map((t) => (t.writes as { jokes: string[] }).jokes[0]);
    expect(sent).toEqual(state.jokes);
    state.subjects.forEach((subject, i) => expect(state.jokes[i]).toContain(subject));
    expect(state.jokes).toContain(state.bestSelectedJoke);
  });

  it("follows the number of subjects asked for", async () => {
    const trace = await traceRun<{ jokes: string[] }>(buildJokesGraph({ model, subjects: 5 }), { topic: "distributed systems" });
    expect(trace.supersteps[1]!.tasks).toHaveLength(5);
    expect(trace.finalState!.jokes).toHaveLength(5);
  });

  it("is deterministic on the offline model", async () => {
    const a = await buildJokesGraph({ model }).invoke({ topic: "graphs" });
    const b = await buildJokesGraph({ model }).invoke({ topic: "graphs" });
    expect(a).toEqual(b);
  });
});
