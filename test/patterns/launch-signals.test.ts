import { Command, END, GraphInterrupt, InMemoryStore, interrupt, isGraphBubbleUp, MemorySaver, ParentCommand, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createLauncher, type LaunchWorker } from "../../src/patterns/launch.js";
import { sleepWithSignal } from "../../src/patterns/sleep.js";
import { latch } from "../support/barrier.js";

const GRAPH_SIGNAL =
  "a launched worker runs after its node returned: interrupt()/Command.PARENT cannot reach the graph; " +
  "ask before launching (call interrupt() in the node and pass the answer as the launch's input), " +
  "or return the Command from the node itself.";

const State = new StateSchema({ ids: z.array(z.string()).default(() => []), answer: z.string().default("") });

/** A graph whose only node launches `worker` and returns; on a checkpointer, so interrupt() could work in a node. */
function launchingGraph(launcher: ReturnType<typeof createLauncher<{ w: LaunchWorker<unknown> }>>) {
  return new StateGraph(State)
    .addNode("fire", async (_s, config) => ({ ids: [await launcher.launch("w", "approve?", { config })] }))
    .addEdge(START, "fire")
    .addEdge("fire", END)
    .compile({ checkpointer: new MemorySaver() });
}

// Each way a worker could try to reach the graph, and whether LangGraph calls it a GraphBubbleUp.
const SIGNALS: [string, LaunchWorker<unknown>, boolean][] = [
  ["interrupt()", (question) => interrupt(question), false], // outside a graph's context: a plain Error
  ["throw GraphInterrupt", () => Promise.reject(new GraphInterrupt([{ value: "approve?" }])), true],
  ["throw new Command({ graph: Command.PARENT })", () => Promise.reject(new Command({ graph: Command.PARENT, goto: "review" })), false],
  ["throw ParentCommand", () => Promise.reject(new ParentCommand(new Command({ graph: Command.PARENT, goto: "review" }))), true],
  ["return new Command({ graph: Command.PARENT })", () => new Command({ graph: Command.PARENT, goto: "review" }), false],
];

describe("LangGraph signals in a launched worker", () => {
  it.each(SIGNALS)("%s: the launch fails once with the library's error, never retried; the graph run is not interrupted", async (_name, w, bubbleUp) => {
    const thrown = await Promise.resolve()
      .then(() => w("approve?", { id: "probe", attempt: 1, signal: new AbortController().signal }))
      .then((value) => value, (error: unknown) => error);
    expect(isGraphBubbleUp(thrown)).toBe(bubbleUp); // what the worker produced, as LangGraph classifies it

    let calls = 0;
    const counted: LaunchWorker<unknown> = (input, context) => (calls++, w(input, context));
    const launcher = createLauncher({ store: new InMemoryStore(), retry: { maxAttempts: 3, retryOn: () => true }, workers: { w: counted } });
    const graph = launchingGraph(launcher);
    const config = { configurable: { thread_id: "t" } };
    const out = await graph.invoke({}, config);
    expect(out).not.toHaveProperty("__interrupt__");
    const id = out.ids[0]!;
    await launcher.idle();
    expect(calls).toBe(1);
    expect(await launcher.get(id)).toMatchObject({ status: "failed", attempts: 1, error: GRAPH_SIGNAL });
    await expect(launcher.result(id)).rejects.toThrow(`Launch ${id} failed: ${GRAPH_SIGNAL}`);
    const state = await graph.getState(config);
    expect(state.next).toEqual([]);
    expect(state.tasks).toEqual([]);
  });

  it("interrupt() in a worker that recover() runs (no graph at all) fails with the same error", async () => {
    const store = new InMemoryStore();
    await store.put(["langgraph-parallel", "launches"], "left", { id: "left", worker: "w", input: "approve?", status: "running", attempts: 1 });
    const launcher = createLauncher({ store, workers: { w: (question: unknown) => interrupt(question) } });
    expect(await launcher.recover()).toEqual(["left"]);
    await expect(launcher.result("left")).rejects.toThrow(`Launch left failed after 2 attempts: ${GRAPH_SIGNAL}`);
  });

  it("a worker does not see the node's run: interrupt() in it leaves the node's own interrupt and resume intact", async () => {
    const launcher = createLauncher({ store: new InMemoryStore(), workers: { w: (question: unknown) => interrupt(question) } });
    const graph = new StateGraph(State)
      .addNode("ask", async (_s, config) => {
        const id = await launcher.launch("w", "worker's question", { config });
        await launcher.idle(); // the worker's interrupt() has run before the node asks its own question
        return { ids: [id], answer: interrupt<string, string>("node's question") };
      })
      .addEdge(START, "ask")
      .addEdge("ask", END)
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "t" } };
    await graph.invoke({}, config);
    const paused = await graph.getState(config);
    expect(paused.tasks.flatMap((t) => t.interrupts.map((i) => i.value))).toEqual(["node's question"]);
    const done = await graph.invoke(new Command({ resume: "yes" }), config);
    expect(done.answer).toBe("yes");
    expect(await launcher.get(done.ids[0]!)).toMatchObject({ status: "failed", attempts: 1, error: GRAPH_SIGNAL });
  });
});

describe("cancelling the graph run", () => {
  it("does not cancel its launches: they are fire and forget, and finish after the run was aborted", async () => {
    const release = latch();
    const launcher = createLauncher({ store: new InMemoryStore(), workers: { w: async (n: number) => (await release.wait(), n * 2) } });
    let launched = "";
    const graph = new StateGraph(State)
      .addNode("fire", async (_s, config) => {
        launched = await launcher.launch("w", 21, { config });
        await sleepWithSignal(60_000, config.signal); // stands for more work, cut off by the abort
        return {};
      })
      .addEdge(START, "fire")
      .addEdge("fire", END)
      .compile();
    const run = new AbortController();
    const invoked = graph.invoke({}, { signal: run.signal }).catch((e: unknown) => e);
    while (!launched) await new Promise((resolve) => setImmediate(resolve));
    run.abort(new Error("user cancelled"));
    expect(await invoked).toMatchObject({ message: "user cancelled" });
    release.open();
    expect(await launcher.result(launched)).toBe(42);
  });
});
