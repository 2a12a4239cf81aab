import { END, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Lesson } from "../../src/cli/lesson.js";
import { addRun, EMPTY_LESSON_SUMMARY, formatLessonSummary, withCost } from "../../src/cli/lesson-summary.js";
import { runLessons } from "../../src/cli/run-lessons.js";
import { listField } from "../../src/reducers/fields.js";

const step = (nodes: string[]) => ({ step: 1, tasks: nodes.map((node, i) => ({ id: `${node}${i}`, node, startedAt: 0 })) });

describe("lesson summary", () => {
  it("adds runs, counting supersteps, tasks and the item work inside map steps", () => {
    let summary = addRun(EMPTY_LESSON_SUMMARY, { supersteps: [step(["a"]), step(["b", "c"])], wallMs: 300, sequentialMs: 500 });
    summary = addRun(summary, { supersteps: [step(["map"])], wallMs: 1000, sequentialMs: 1000 }, [{ elapsedMs: 1000, busyMs: 6000 }]);
    expect(summary).toEqual({ ...EMPTY_LESSON_SUMMARY, runs: 2, supersteps: 3, tasks: 4, wallMs: 1300, sequentialMs: 6500 });
    expect(EMPTY_LESSON_SUMMARY.runs).toBe(0);
  });

  it("formats runs, timing with the speed-up, and model usage", () => {
    const runs = addRun(EMPTY_LESSON_SUMMARY, { supersteps: [step(["a", "b"])], wallMs: 1200, sequentialMs: 3120 });
    expect(formatLessonSummary(runs)).toBe("summary: 1 run · 1 superstep · 2 tasks · wall 1.20 s vs 3.12 s one at a time (2.6×) · no model calls");
    const used = withCost(runs, { branch: "total", calls: 6, inputTokens: 12345, outputTokens: 456, usd: 0.01234 });
    expect(formatLessonSummary(used)).toBe(
      "summary: 1 run · 1 superstep · 2 tasks · wall 1.20 s vs 3.12 s one at a time (2.6×) · 6 model calls, 12,345 tokens in, 456 out, $0.0123",
    );
    const cut = withCost(runs, { branch: "total", calls: 25, inputTokens: 409, outputTokens: 199, usd: 0 }, 3);
    expect(cut).toMatchObject({ calls: 25, failedCalls: 3 });
    expect(formatLessonSummary(cut)).toBe(
      "summary: 1 run · 1 superstep · 2 tasks · wall 1.20 s vs 3.12 s one at a time (2.6×) · 25 model calls (3 cancelled or failed), 409 tokens in, 199 out, $0.0000",
    );
    expect(formatLessonSummary(EMPTY_LESSON_SUMMARY)).toBe("summary: 0 runs · 0 supersteps · 0 tasks · wall 0.00 s vs 0.00 s one at a time · no model calls");
  });

  describe("printed by the runner after each lesson", () => {
    afterEach(() => vi.restoreAllMocks());

    it("totals every graph the lesson ran, with the offline model's tokens counted at zero cost", async () => {
      const State = new StateSchema({ notes: listField(z.string()) });
      const lesson: Lesson = {
        number: 9,
        title: "Summary lesson",
        async run({ model, runGraph }) {
          const graph = new StateGraph(State)
            .addNode("ask", async () => ({ notes: [String((await model.invoke("Name a colour")).content)] }))
            .addNode("fixed", () => ({ notes: ["fixed"] }))
            .addNode("join", () => ({}))
            .addEdge(START, "ask")
            .addEdge(START, "fixed")
            .addEdge(["ask", "fixed"], "join")
            .addEdge("join", END)
            .compile();
          await runGraph("twice", graph, { notes: [] });
          await runGraph("again", graph, { notes: [] });
        },
      };
      let printed = "";
      vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((printed += String(chunk)), true));
      expect(await runLessons(["9", "--latency", "0", "--json", "--model", "offline"], [lesson])).toBe(0);
      const lines = printed.trim().split("\n").map((line) => JSON.parse(line));
      expect(lines.map((line) => Object.keys(line).join(","))).toEqual(["lesson,graph,state", "lesson,graph,state", "lesson,summary"]);
      const { summary } = lines[2];
      expect(summary).toMatchObject({ runs: 2, supersteps: 4, tasks: 6, calls: 2, usd: 0 });
      expect(summary.inputTokens).toBeGreaterThan(0);
      expect(summary.outputTokens).toBeGreaterThan(0);
      expect(summary.sequentialMs).toBeGreaterThanOrEqual(0);
    });
  });
});
