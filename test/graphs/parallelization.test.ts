import { END, InvalidUpdateError, START, StateGraph } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import {
  ConcatListState,
  buildFanOutGraph,
  buildLinearGraph,
  buildOrderedFanInGraph,
  buildWaitingEdgeGraph,
} from "../../src/graphs/parallelization.js";
import { returnNodeValue } from "../../src/graphs/toy-nodes.js";
import { nodesBySuperstep, traceRun } from "../../src/observe/run-trace.js";
import { latch } from "../support/barrier.js";
import { freezePerformanceClock, sideBySide } from "../support/controlled-clock.js";

describe("lesson 1 graphs", () => {
  it("linear: one node per superstep; without a reducer each write replaces the list", async () => {
    const trace = await traceRun(buildLinearGraph(), { state: [] });
    expect(nodesBySuperstep(trace)).toEqual([["a"], ["b"], ["c"], ["d"]]);
    expect(trace.finalState).toEqual({ state: ["I'm D"] });
  });

  it("fan-out without a reducer: b and c share a superstep and LangGraph rejects the double write", async () => {
    const trace = await traceRun(buildFanOutGraph({ reducer: false }), { state: [] });
    expect(nodesBySuperstep(trace)).toEqual([["a"], ["b", "c"]]);
    expect(trace.error).toBeInstanceOf(InvalidUpdateError);
    expect((trace.error as InvalidUpdateError).lc_error_code).toBe("INVALID_CONCURRENT_GRAPH_UPDATE");
    expect((trace.error as Error).message).toContain('Invalid update for channel "state"');
    // b and c both finished; their writes were what LangGraph refused.
    expect(trace.supersteps[1]?.tasks.map((t) => t.writes)).toEqual([{ state: ["I'm B"] }, { state: ["I'm C"] }]);
    expect(trace.finalState).toEqual({ state: ["I'm A"] });
  });

  it("fan-out with concat: writes land in scheduling order (b before c) whatever finishes first", async () => {
    const trace = await traceRun(buildFanOutGraph(), { state: [] });
    expect(nodesBySuperstep(trace)).toEqual([["a"], ["b", "c"], ["d"]]);
    expect(trace.finalState).toEqual({ state: ["I'm A", "I'm B", "I'm C", "I'm D"] });
  });

  it("write order is scheduling order: a slow b still lands before a fast c", async () => {
    // b cannot finish until c's result is out (and then takes 40 ms more of a frozen clock).
    const clock = freezePerformanceClock();
    const cFinished = latch();
    const work = async (value: string) => {
      if (value !== "I'm B") return;
      await cFinished.wait();
      clock.advance(40);
    };
    const trace = await traceRun(buildFanOutGraph({ work }), { state: [] }, { onTaskResult: (t) => t.node === "c" && cFinished.open() });
    const [b, c] = trace.supersteps[1]!.tasks;
    expect(b!.endedAt! - c!.endedAt!).toBe(40); // c finished first…
    expect(trace.finalState).toEqual({ state: ["I'm A", "I'm B", "I'm C", "I'm D"] }); // …B is still first
  });

  it("the fixed order is by node name: rename b to z and its write lands after c", async () => {
    const graph = new StateGraph(ConcatListState)
      .addNode("z", returnNodeValue("I'm Z"))
      .addNode("c", returnNodeValue("I'm C"))
      .addEdge(START, "z")
      .addEdge(START, "c")
      .addEdge("z", END)
      .addEdge("c", END)
      .compile();
    expect((await graph.invoke({ state: [] })).state).toEqual(["I'm C", "I'm Z"]);
  });

  it("waiting edge: d waits for b2 and c; c lands a superstep before b2", async () => {
    const trace = await traceRun(buildWaitingEdgeGraph(), { state: [] });
    expect(nodesBySuperstep(trace)).toEqual([["a"], ["b", "c"], ["b2"], ["d"]]);
    expect(trace.finalState).toEqual({ state: ["I'm A", "I'm B", "I'm C", "I'm B2", "I'm D"] });
  });

  it("sorting reducer: the same run, kept in lexical order", async () => {
    const trace = await traceRun(buildWaitingEdgeGraph({ order: "sorted" }), { state: [] });
    expect(nodesBySuperstep(trace)).toEqual([["a"], ["b", "c"], ["b2"], ["d"]]);
    expect(trace.finalState).toEqual({ state: ["I'm A", "I'm B", "I'm B2", "I'm C", "I'm D"] });
  });

  it("ordered fan-in: a sink appends branch results in branch order and clears the temporary keys", async () => {
    const trace = await traceRun(buildOrderedFanInGraph(), { state: [] });
    expect(nodesBySuperstep(trace)).toEqual([["a"], ["b", "c"], ["b2"], ["sink"], ["d"]]);
    expect(trace.supersteps[3]?.tasks[0]?.writes).toMatchObject({ state: ["I'm B", "I'm B2", "I'm C"] });
    expect(trace.finalState).toEqual({ state: ["I'm A", "I'm B", "I'm B2", "I'm C", "I'm D"], bPath: [], cPath: [] });
  });

  it("parallel branches overlap in time: b and c start together and both run their full work", async () => {
    // b and c meet at a barrier, so neither can end before both have started; then each takes
    // 60 ms of a frozen clock. Nothing here depends on how fast the machine is.
    const clock = freezePerformanceClock();
    const trace = await traceRun(buildFanOutGraph({ work: sideBySide(["I'm B", "I'm C"], 60, clock) }), { state: [] });
    const [b, c] = trace.supersteps[1]?.tasks ?? [];
    expect(b?.node).toBe("b");
    expect(c?.node).toBe("c");
    expect(c!.startedAt).toBe(b!.startedAt);
    expect([b!.endedAt! - b!.startedAt, c!.endedAt! - c!.startedAt]).toEqual([60, 60]);
    expect([trace.wallMs, trace.sequentialMs]).toEqual([60, 120]);
  });
});
