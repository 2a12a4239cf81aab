import { describe, expect, it } from "vitest";
import lesson from "../../lessons/08_fault_tolerance.js";
import { runLessonOffline } from "./run-lesson.js";

describe("lesson 8: fault tolerance", () => {
  it("retries the flaky branch, times out and retries the slow one, settles the broken one, resumes, and limits", async () => {
    // No simulated latency: successful attempts finish without a timer, so only the hung attempt
    // can reach the 100 ms timeout, however busy the machine.
    const text = await runLessonOffline(lesson, { latencyMs: 0 });
    expect(text).toContain("archive hung past 100 ms once");
    expect(text).toContain('  attempts: {"web":1,"news":2,"archive":2}');
    expect(text).toContain('"results":["web: ok on attempt 1","news: ok on attempt 2","archive: ok on attempt 2"]');
    expect(text).toContain("  failure recorded: broken: TypeError: Cannot read properties of undefined (reading 'hits') (1 attempt)\n");
    expect(text).toContain('  ✗ MapItemError: summarise: item 6 ("item 7") failed after 1 attempt: process died while working on item 7\n');
    expect(text).toContain(
      "  started again with the same { items }: planResumeOrStart finds the thread unfinished at summarise: resume (input null).\n  (invoke({ items }) here would start a new run and redo all 12 items.)\n",
    );
    expect(text).toMatch(/ {2}finished before the stop: (item \d+, )*item \d+: restored from the memo, not run again\./);
    expect(text).toContain('  final state: {"results":"12 summaries"}');
    expect(text).toMatch(/limiter: 10 requests, at most 2 in flight/);
  });

  it("--json includes the worker calls: finished items ran once", async () => {
    const lines = (await runLessonOffline(lesson, { json: true, latencyMs: 0 })).trim().split("\n").map((l) => JSON.parse(l));
    const calls = lines.find((l) => l.graph === "4. resume (calls)").state.calls as Record<string, number>;
    expect(Object.keys(calls)).toHaveLength(12);
    expect(Object.values(calls).filter((n) => n === 1).length).toBeGreaterThanOrEqual(4);
    expect(lines.find((l) => l.graph === "4. Resume the same thread").state.results).toHaveLength(12);
  });
});
