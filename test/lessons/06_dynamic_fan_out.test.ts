import { describe, expect, it } from "vitest";
import lesson from "../../lessons/06_dynamic_fan_out.js";
import { runLessonOffline } from "./run-lesson.js";

describe("lesson 6: dynamic decomposition with costs", () => {
  it("prints the workers of one superstep, their results, a cost table per branch, and the budgeted run skipping workers", async () => {
    const text = await runLessonOffline(lesson);
    expect(text).toContain("  superstep 2: worker ∥ worker ∥ worker ∥ worker ∥ worker   (5 nodes in parallel)\n");
    expect(text).toMatch(/ {4}branch +calls +input tokens +output tokens +cost\n {4}orchestrator +1 +\d+ +\d+ +\$0\.000000\n {4}worker 1 +2 /);
    expect(text).toMatch(/ {4}total +12 +\d+ +\d+ +\$0\.000000\n/);
    expect(text).toMatch(/skipped\. Budget of \d+ tokens spent/);
  });

  it("rejects an empty task before running", async () => {
    await expect(runLessonOffline(lesson, { question: " " })).rejects.toThrow("Invalid --question: the task is empty.");
  });
});
