import { MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { buildAnalystsGraph } from "../../src/graphs/research-assistant/analysts-graph.js";
import { Analyst } from "../../src/graphs/research-assistant/schemas.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { nodesBySuperstep, traceRun } from "../../src/observe/run-trace.js";

const TOPIC = "The benefits of adopting LangGraph as an agent framework";
const FEEDBACK = "Add in someone from a startup to add an entrepreneur perspective";

function setup() {
  const graph = buildAnalystsGraph({ model: new OfflineChatModel({ latencyMs: 0 }), checkpointer: new MemorySaver() });
  return { graph, config: { configurable: { thread_id: `a-${Math.random()}` } } };
}

describe("analysts-only graph (interruptBefore + updateState)", () => {
  it("stops before human_feedback with maxAnalysts schema-valid analysts; nothing ran human_feedback", async () => {
    const { graph, config } = setup();
    const trace = await traceRun<{ analysts: Analyst[] }>(graph, { topic: TOPIC, maxAnalysts: 2 }, { config });
    expect([trace.paused, trace.interrupts]).toEqual([true, []]);
    expect(nodesBySuperstep(trace)).toEqual([["create_analysts"]]);
    const snapshot = await graph.getState(config);
    expect(snapshot.next).toEqual(["human_feedback"]);
    expect(snapshot.values.analysts).toHaveLength(2);
    for (const analyst of snapshot.values.analysts) expect(Analyst.parse(analyst)).toEqual(analyst);
  });

  it("feedback written as human_feedback regenerates the analysts from it; empty feedback ends the thread", async () => {
    const { graph, config } = setup();
    await graph.invoke({ topic: TOPIC, maxAnalysts: 3 }, config);
    await graph.updateState(config, { humanAnalystFeedback: FEEDBACK }, "human_feedback");
    // The update counts as human_feedback's write: its edge already chose create_analysts.
    expect((await graph.getState(config)).next).toEqual(["create_analysts"]);

    const again = await traceRun<{ analysts: Analyst[] }>(graph, null, { config });
    expect(nodesBySuperstep(again)).toEqual([["create_analysts"]]);
    expect(again.supersteps[0]!.step).toBe(3); // 1: create_analysts, 2: the update, 3: create_analysts again
    expect((again.supersteps[0]!.tasks[0]!.input as { humanAnalystFeedback: string }).humanAnalystFeedback).toBe(FEEDBACK);
    expect(again.paused).toBe(true);
    // The academy's feedback asks for "someone from a startup … an entrepreneur perspective": an entrepreneur, not "Someone Analyst".
    expect((await graph.getState(config)).values.analysts[0].role).toBe("Entrepreneur");
    expect((await graph.getState(config)).next).toEqual(["human_feedback"]);

    await graph.updateState(config, { humanAnalystFeedback: "" }, "human_feedback");
    const approved = await graph.getState(config);
    expect(approved.next).toEqual([]);
    expect(approved.values.analysts).toHaveLength(3);
    // Resuming a finished thread runs nothing.
    const done = await traceRun(graph, null, { config });
    expect([done.supersteps, done.paused]).toEqual([[], false]);
  });

  it("without updateState, resuming keeps the last feedback and regenerates again", async () => {
    const { graph, config } = setup();
    await graph.invoke({ topic: TOPIC, maxAnalysts: 1 }, config);
    await graph.updateState(config, { humanAnalystFeedback: FEEDBACK }, "human_feedback");
    await graph.invoke(null, config);
    const trace = await traceRun(graph, null, { config });
    // The breakpoint fires before human_feedback each time: human_feedback runs, routes on the old feedback.
    expect(nodesBySuperstep(trace)).toEqual([["human_feedback"], ["create_analysts"]]);
    expect(trace.paused).toBe(true);
  });
});
