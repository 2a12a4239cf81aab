import { afterEach, describe, expect, it } from "vitest";
import lesson from "../../lessons/06_dynamic_fan_out.js";
import { createLessonContext } from "../../src/cli/lesson.js";
import { captureOutput } from "../../src/cli/output.js";
import { analysisCompleteLine } from "../../src/graphs/decomposition.js";
import { offlineCompletion } from "../support/offline-responder.js";
import { type FaultServer, startFaultServer } from "../support/openai-fault-server.js";
import { OFFLINE_OPTIONS, runLessonOffline } from "./run-lesson.js";

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

const LAST_LINE = /\n\n(Analysis complete\. Total cost: \$(\d+\.\d{4}))\n$/;

/** The dollars of each run's cost table (its `total` row), as printed. */
const tableTotals = (text: string) => [...text.matchAll(/^ {4}total +\d+ +\d+ +\d+ +\$(\d+\.\d{6})$/gm)].map((m) => Number(m[1]));

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("lesson 6 ends with LionAGI's line: Analysis complete. Total cost: $…", () => {
  it("formats dollars as the sample does, to four decimal places", () => {
    expect(analysisCompleteLine(0)).toBe("Analysis complete. Total cost: $0.0000");
    expect(analysisCompleteLine(0.00123)).toBe("Analysis complete. Total cost: $0.0012");
    expect(analysisCompleteLine(1.23456)).toBe("Analysis complete. Total cost: $1.2346");
  });

  it("offline: the lesson's last line, after Try next, costs $0.0000 (the offline model has no price)", async () => {
    const text = await runLessonOffline(lesson);
    expect(text).toMatch(/\nTry next: [^\n]+\n\nAnalysis complete\. Total cost: \$0\.0000\n$/);
    expect(tableTotals(text)).toEqual([0, 0, 0]);
  });

  it("on a priced model (gpt-4o-mini behind a loopback OpenAI-compatible server): the three runs' tracked dollars, summed", async () => {
    server = await startFaultServer(undefined, (body) => offlineCompletion(body as Parameters<typeof offlineCompletion>[0]));
    const out = captureOutput({ json: false });
    const env = { OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: server.url, OPENAI_MODEL: "gpt-4o-mini" };
    await lesson.run(createLessonContext(lesson, { ...OFFLINE_OPTIONS, provider: "openai" }, out, env));
    const text = out.text();
    const [, line, printed] = LAST_LINE.exec(text) ?? [];
    expect(line, text.slice(-300)).toBeDefined();
    const totals = tableTotals(text);
    expect(totals).toHaveLength(3);
    expect(totals.every((usd) => usd > 0)).toBe(true);
    const sum = totals.reduce((a, b) => a + b, 0);
    // Each table rounds to six places, the line to four: the same sum, to the line's precision.
    expect(Math.abs(Number(printed) - sum)).toBeLessThanOrEqual(0.00005 + 3e-6);
    expect(Number(printed)).toBeGreaterThan(0);
    expect(server.log.length).toBeGreaterThan(0);
  }, 60_000);
});
