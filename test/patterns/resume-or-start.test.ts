import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, END, InMemoryStore, MemorySaver, START, StateGraph, StateSchema, interrupt, type BaseCheckpointSaver, type BaseStore } from "@langchain/langgraph";
import { afterAll, describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { ConfigurationError } from "../../src/errors.js";
import { MapItemError } from "../../src/patterns/map-items.js";
import { mapReduce, mapReduceNode } from "../../src/patterns/map-reduce.js";
import { planResumeOrStart, resumeOrStart } from "../../src/patterns/resume-or-start.js";
import { ThreadInputMismatchError, ThreadInterruptedError } from "../../src/patterns/thread-errors.js";
import { createSqlitePersistence } from "../../src/persistence/sqlite-persistence.js";
import { listField } from "../../src/reducers/fields.js";

const dir = mkdtempSync(join(tmpdir(), "lgp-resume-or-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const State = new StateSchema({
  numbers: z.array(z.number()),
  squares: z.array(z.number()).default(() => []),
  runs: listField(z.string()),
  answer: z.string().default(""),
});
type S = typeof State.State;
const TEN = { numbers: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };
const SQUARES = [1, 4, 9, 16, 25, 36, 49, 64, 81, 100];

/**
 * A worker that squares, counts its calls per number and throws for `failOn` while it is set
 * (the crash). One item at a time: a finished item's result is in the memo before the next
 * starts, so at the crash on 7 exactly 1–6 have finished.
 */
function squaring(failOn: number | undefined) {
  const calls = new Map<number, number>();
  const crash = { failOn };
  return {
    crash,
    calls: (numbers: number[]) => numbers.map((n) => calls.get(n) ?? 0),
    reset: () => calls.clear(),
    node: mapReduceNode(State, {
      name: "square",
      concurrency: 1,
      retry: false,
      items: (s) => s.numbers,
      worker: (n) => {
        calls.set(n, (calls.get(n) ?? 0) + 1);
        if (n === crash.failOn) throw new Error(`process died at ${n}`);
        return n * n;
      },
      reduce: (squares, s) => ({ squares, runs: [`squared ${s.numbers.length}`] }),
    }),
  };
}

function squaresGraph(node: ReturnType<typeof squaring>["node"], persistence: { checkpointer: BaseCheckpointSaver; store: BaseStore }) {
  return new StateGraph(State).addNode("square", node).addEdge(START, "square").addEdge("square", END).compile(persistence);
}

describe("resumeOrStart after a crash (SQLite file, a new connection as a new process would open)", () => {
  it("the same call with the same input resumes: the six finished items are not run again; invoke(input) would run all ten", async () => {
    const path = join(dir, "crash.sqlite");
    const worker = squaring(7);
    const first = createSqlitePersistence({ path });
    const config = { configurable: { thread_id: "squares-1" } };
    await expect(resumeOrStart(squaresGraph(worker.node, first), TEN, config)).rejects.toThrow(new MapItemError("square", 6, "item 6 (7)", 1, new Error("process died at 7")).message);
    first.close();
    expect(worker.calls(TEN.numbers)).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);

    worker.crash.failOn = undefined;
    const second = createSqlitePersistence({ path });
    try {
      // The input it started with is read back from the file: another one is refused.
      await expect(resumeOrStart(squaresGraph(worker.node, second), { numbers: [1, 2] }, config)).rejects.toThrow(
        'Thread "squares-1" has an unfinished run that started with {"numbers":[1,2,3,4,5,6,7,8,9,10]}, not {"numbers":[1,2]}.',
      );
      const run = await resumeOrStart(squaresGraph(worker.node, second), TEN, config);
      expect(run).toEqual({ action: "resume", thread: "unfinished", next: ["square"], output: { ...TEN, squares: SQUARES, runs: ["squared 10"], answer: "" } });
      expectTypeOf(run).toEqualTypeOf<{ action: "start"; thread: "new" | "finished"; output: S } | { action: "resume"; thread: "unfinished"; next: string[]; output: S }>();
      expect(worker.calls(TEN.numbers)).toEqual([1, 1, 1, 1, 1, 1, 2, 1, 1, 1]);

      // The same crash on another thread, restarted with LangGraph's invoke(input): a new run, every item again.
      const other = { configurable: { thread_id: "squares-2" } };
      worker.crash.failOn = 7;
      worker.reset();
      const graph = squaresGraph(worker.node, second);
      await expect(graph.invoke(TEN, other)).rejects.toThrow("process died at 7");
      worker.crash.failOn = undefined;
      expect((await graph.invoke(TEN, other)).squares).toEqual(SQUARES);
      expect(worker.calls(TEN.numbers)).toEqual([2, 2, 2, 2, 2, 2, 2, 1, 1, 1]);
    } finally {
      second.close();
    }
  });

  it("a fresh thread starts; a finished thread starts a new run on the same thread, its state carried over through the reducers", async () => {
    const worker = squaring(undefined);
    const graph = squaresGraph(worker.node, { checkpointer: new MemorySaver(), store: new InMemoryStore() });
    const config = { configurable: { thread_id: "fresh" } };

    const started = await resumeOrStart(graph, { numbers: [2, 3] }, config);
    expect(started).toEqual({ action: "start", thread: "new", output: { numbers: [2, 3], squares: [4, 9], runs: ["squared 2"], answer: "" } });
    expectTypeOf(started.output).toEqualTypeOf<S>();

    const again = await resumeOrStart(graph, { numbers: [4] }, config);
    expect(again).toEqual({ action: "start", thread: "finished", output: { numbers: [4], squares: [16], runs: ["squared 2", "squared 1"], answer: "" } });
    expect(worker.calls([2, 3, 4])).toEqual([1, 1, 1]);
  });

  it("planResumeOrStart decides without running; its input streams the resumed run", async () => {
    const worker = squaring(3);
    const graph = squaresGraph(worker.node, { checkpointer: new MemorySaver(), store: new InMemoryStore() });
    const config = { configurable: { thread_id: "plan" } };

    const fresh = await planResumeOrStart(graph, { numbers: [1, 2, 3, 4] }, config);
    expect([fresh.action, fresh.thread, fresh.input, fresh.snapshot.next]).toEqual(["start", "new", { numbers: [1, 2, 3, 4] }, []]);
    expect(worker.calls([1, 2, 3, 4])).toEqual([0, 0, 0, 0]);
    await expect(graph.invoke(fresh.input, config)).rejects.toThrow("process died at 3");

    worker.crash.failOn = undefined;
    const plan = await planResumeOrStart(graph, { numbers: [1, 2, 3, 4] }, config);
    expect(plan.action === "resume" && [plan.thread, plan.input, plan.next]).toEqual(["unfinished", null, ["square"]]);
    const updates: unknown[] = [];
    for await (const chunk of await graph.stream(plan.input, { ...config, streamMode: "updates" })) updates.push(chunk);
    expect(updates).toEqual([{ square: { squares: [1, 4, 9, 16], runs: ["squared 4"] } }]);
    expect(worker.calls([1, 2, 3, 4])).toEqual([1, 1, 2, 1]);
  });
});

describe("a thread paused for a person is not resumed", () => {
  it("an interrupt(): ThreadInterruptedError names each pending id and value; Command({ resume }) answers it", async () => {
    const worker = squaring(undefined);
    const graph = new StateGraph(State)
      .addNode("square", worker.node)
      .addNode("approve", () => ({ answer: interrupt<{ question: string }, string>({ question: "Ship the squares?" }) }))
      .addEdge(START, "square")
      .addEdge("square", "approve")
      .addEdge("approve", END)
      .compile({ checkpointer: new MemorySaver(), store: new InMemoryStore() });
    const config = { configurable: { thread_id: "approval" } };
    const paused = await resumeOrStart(graph, { numbers: [5] }, config);
    expect(paused.action).toBe("start");
    const [pending] = (await graph.getState(config)).tasks[0]!.interrupts;
    const id = pending!.id!;

    const error = await resumeOrStart(graph, { numbers: [5] }, config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThreadInterruptedError);
    expect(error).toMatchObject({
      threadId: "approval",
      interrupts: [{ id, value: { question: "Ship the squares?" }, node: "approve" }],
      breakpoint: undefined,
      message: `Thread "approval" is waiting for the answer to 1 interrupt: ${id} asked by "approve" ({"question":"Ship the squares?"}).`,
      hint: `Answer with graph.invoke(new Command({ resume: { "${id}": … } }), config) (or resume: answer); resumeOrStart does not answer for you.`,
    });

    expect((await graph.invoke(new Command({ resume: { [id]: "yes" } }), config)).answer).toBe("yes");
    expect(worker.calls([5])).toEqual([1]);
    expect((await planResumeOrStart(graph, { numbers: [5] }, config)).thread).toBe("finished");
  });

  it("a static breakpoint before or after a node: ThreadInterruptedError with the breakpoint; a crash past the breakpoint resumes", async () => {
    const persistence = { checkpointer: new MemorySaver(), store: new InMemoryStore() };
    let reduceFails = false;
    const options = {
      items: (s: S) => s.numbers,
      worker: (n: number) => n * n,
      reduce: (squares: number[]) => {
        if (reduceFails) throw new Error("disk full");
        return { squares };
      },
    };
    const before = mapReduce(State, options, { ...persistence, interruptBefore: ["reduce"] });
    const config = { configurable: { thread_id: "before" } };
    expect((await resumeOrStart(before, { numbers: [3] }, config)).action).toBe("start");
    await expect(resumeOrStart(before, { numbers: [3] }, config)).rejects.toMatchObject({
      name: "ThreadInterruptedError",
      interrupts: [],
      breakpoint: { when: "before", nodes: ["reduce"] },
      message: 'Thread "before" is paused at a breakpoint before "reduce" (interruptBefore).',
      hint: "Continue it with graph.invoke(null, config) once it is reviewed, or use a new thread_id for another run.",
    });
    // Reviewed, continued, and reduce crashes: its task has an error, so the step ran: resume.
    reduceFails = true;
    await expect(before.invoke(null, config)).rejects.toThrow("disk full");
    reduceFails = false;
    expect(await resumeOrStart(before, { numbers: [3] }, config)).toEqual({
      action: "resume",
      thread: "unfinished",
      next: ["reduce"],
      output: { numbers: [3], squares: [9], runs: [], answer: "" },
    });

    const after = mapReduce(State, options, { ...persistence, interruptAfter: ["map"] });
    const afterConfig = { configurable: { thread_id: "after" } };
    await resumeOrStart(after, { numbers: [4] }, afterConfig);
    await expect(resumeOrStart(after, { numbers: [4] }, afterConfig)).rejects.toMatchObject({
      breakpoint: { when: "after", nodes: ["map"] },
      message: 'Thread "after" is paused at a breakpoint after "map" (interruptAfter).',
    });

    // A breakpoint given in the run config counts as well.
    const plain = mapReduce(State, options, persistence);
    const runConfig = { configurable: { thread_id: "run-config" }, interruptBefore: ["reduce" as const] };
    await resumeOrStart(plain, { numbers: [5] }, runConfig);
    await expect(resumeOrStart(plain, { numbers: [5] }, runConfig)).rejects.toMatchObject({ breakpoint: { when: "before", nodes: ["reduce"] } });
  });
});

describe("resuming checks the input the unfinished run started with", () => {
  async function crashedThread(threadId: string, input: typeof State.Update = { numbers: [1, 2, 3] }) {
    const worker = squaring(2);
    const graph = squaresGraph(worker.node, { checkpointer: new MemorySaver(), store: new InMemoryStore() });
    const config = { configurable: { thread_id: threadId } };
    await expect(resumeOrStart(graph, input, config)).rejects.toThrow("process died at 2");
    worker.crash.failOn = undefined;
    return { graph, config, worker };
  }

  it("another input: ThreadInputMismatchError, nothing runs; keys in another order are the same input", async () => {
    const { graph, config, worker } = await crashedThread("mismatch");
    const error = await resumeOrStart(graph, { numbers: [1, 2, 3, 4] }, config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThreadInputMismatchError);
    expect(error).toMatchObject({
      threadId: "mismatch",
      started: { numbers: [1, 2, 3] },
      given: { numbers: [1, 2, 3, 4] },
      message: 'Thread "mismatch" has an unfinished run that started with {"numbers":[1,2,3]}, not {"numbers":[1,2,3,4]}.',
    });
    expect(worker.calls([1, 2, 3, 4])).toEqual([1, 1, 0, 0]);

    // answer: "" is the default, but it was not in the input the run started with.
    await expect(resumeOrStart(graph, { answer: "", numbers: [1, 2, 3] }, config)).rejects.toThrow(ThreadInputMismatchError);
    expect((await resumeOrStart(graph, { numbers: [1, 2, 3] }, config)).output.squares).toEqual([1, 4, 9]);

    const reordered = await crashedThread("reordered", { numbers: [1, 2, 3], answer: "pending" });
    expect(await resumeOrStart(reordered.graph, { answer: "pending", numbers: [1, 2, 3] }, reordered.config)).toMatchObject({ action: "resume", output: { squares: [1, 4, 9] } });
  });

  it("checkInput: false resumes whatever the input; a function decides", async () => {
    const loose = await crashedThread("loose");
    expect(await resumeOrStart(loose.graph, { numbers: [9] }, loose.config, { checkInput: false })).toMatchObject({ action: "resume", output: { numbers: [1, 2, 3], squares: [1, 4, 9] } });

    const custom = await crashedThread("custom");
    const seen: unknown[] = [];
    const sameLength = (started: unknown, given: { numbers?: number[] }) => (seen.push(started), (started as { numbers: number[] }).numbers.length === given.numbers?.length);
    await expect(resumeOrStart(custom.graph, { numbers: [7] }, custom.config, { checkInput: sameLength })).rejects.toThrow(ThreadInputMismatchError);
    expect((await resumeOrStart(custom.graph, { numbers: [7, 8, 9] }, custom.config, { checkInput: sameLength })).action).toBe("resume");
    expect(seen).toEqual([{ numbers: [1, 2, 3] }, { numbers: [1, 2, 3] }]);
  });
});

describe("resumeOrStart: bad input", () => {
  const worker = squaring(undefined);
  const withSaver = squaresGraph(worker.node, { checkpointer: new MemorySaver(), store: new InMemoryStore() });

  it("a graph without a checkpointer, or with checkpointer: true", async () => {
    const bare = new StateGraph(State).addNode("square", worker.node).addEdge(START, "square").compile();
    const error = await resumeOrStart(bare, TEN, { configurable: { thread_id: "t" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({
      message: "resumeOrStart needs a graph compiled with a checkpointer: without one there is no saved thread to resume.",
      hint: "Compile with { checkpointer } (new MemorySaver(), or createSqlitePersistence().checkpointer for a file) and, for a map's memo, a store.",
    });
    const sub = new StateGraph(State).addNode("square", worker.node).addEdge(START, "square").compile({ checkpointer: true });
    await expect(resumeOrStart(sub, TEN, { configurable: { thread_id: "t" } })).rejects.toMatchObject({
      name: "ConfigurationError",
      hint: "Call it on the parent graph, which holds the checkpointer.",
    });
  });

  it("no thread_id, a checkpoint_id, a null or Command input: ConfigurationError, nothing runs", async () => {
    await expect(resumeOrStart(withSaver, TEN, {})).rejects.toMatchObject({
      name: "ConfigurationError",
      message: "resumeOrStart needs config.configurable.thread_id: the thread to resume or start.",
      hint: 'Pass { configurable: { thread_id: "…" } }, the same id on every restart of the run.',
    });
    await expect(resumeOrStart(withSaver, TEN, { configurable: { thread_id: "t", checkpoint_id: "1f0" } })).rejects.toThrow(
      'resumeOrStart works on the latest checkpoint of thread "t", but the config names checkpoint_id 1f0.',
    );
    await expect(resumeOrStart(withSaver, null as never, { configurable: { thread_id: "t" } })).rejects.toThrow("resumeOrStart takes the run's input, not null.");
    await expect(resumeOrStart(withSaver, new Command({ resume: "x" }) as never, { configurable: { thread_id: "t" } })).rejects.toThrow(
      "resumeOrStart takes the run's input, not a Command.",
    );
    expect(worker.calls(TEN.numbers)).toEqual(Array.from({ length: 10 }, () => 0));
    expect((await withSaver.getState({ configurable: { thread_id: "t" } })).createdAt).toBeUndefined();
  });
});
