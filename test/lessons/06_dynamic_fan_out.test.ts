import { describe, expect, it } from "vitest";
import lesson from "../../lessons/06_dynamic_fan_out.js";
import { runLessonOffline } from "./run-lesson.js";

describe("lesson 6: dynamic decomposition with costs", () => {
  it("prints the workers of one superstep, their results, a cost table per branch, and the budgeted run skipping workers", async () => {
    const text = await runLessonOffline(lesson);
    // The default task names four parts (supersteps, reducers, the Send API, checkpointers): one worker each.
    expect(text).toContain("  superstep 2: worker ∥ worker ∥ worker ∥ worker   (4 nodes in parallel)\n");
    expect(text).toMatch(/ {4}1\. LangGraph supersteps: .*\n {4}2\. reducers: .*\n {4}3\. the Send API: .*\n {4}4\. checkpointers: /);
    expect(text).toMatch(/ {4}branch +calls +input tokens +output tokens +cost\n {4}orchestrator +1 +\d+ +\d+ +\$0\.000000\n {4}worker 1 +2 /);
    expect(text).toMatch(/ {4}total +10 +\d+ +\d+ +\$0\.000000\n/);
    expect(text).toMatch(/skipped\. Budget of \d+ tokens spent/);
  });

  it("the third run, with enforce: \"stop\", ends at the budget with the tracker's error: no synthesiser, the overshoot reported", async () => {
    const text = await runLessonOffline(lesson);
    const stopped = text.slice(text.indexOf("▸ 3. The same task, stopped at the budget"), text.indexOf("Offline, every call"));
    expect(stopped).toMatch(
      /^▸ 3\. The same task, stopped at the budget\n {2}superstep 1: orchestrator\n {2}superstep 2: worker ∥ worker ∥ worker ∥ worker {3}\(4 nodes in parallel\)\n {2}✗ BudgetExceededError: Budget of (\d+) tokens reached \(\d+ tokens in \d+ calls, \d+ tokens over\) with \d+ calls? in flight: the run was stopped\.\n/,
    );
    expect(stopped).not.toContain("synthesiser");
    expect(stopped).toMatch(/ {2}at the stop: \d+ call\(s\) in flight, \d+ tokens over; after the run: \d+ over\.\n/);
    const budget = Number(/budget of (\d+) tokens \(40%/.exec(text)![1]);
    expect(stopped).toContain(`Budget of ${budget} tokens reached`);
  });

  it("rejects an empty task before running", async () => {
    await expect(runLessonOffline(lesson, { question: " " })).rejects.toThrow("Invalid --question: the task is empty.");
  });
});
