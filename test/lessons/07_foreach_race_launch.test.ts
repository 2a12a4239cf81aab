import { describe, expect, it } from "vitest";
import lesson from "../../lessons/07_foreach_race_launch.js";
import { runLessonOffline } from "./run-lesson.js";

describe("lesson 7: foreach, races, launch", () => {
  it("prints foreach in input order and by key, the three race modes, and launches run once", async () => {
    const text = await runLessonOffline(lesson, { latencyMs: 20 });
    expect(text).toContain("  [0] Tern Outdoor (TERN) had revenue of $412 million");
    expect(text).toContain("  as an object: { TERN, KITE, MOSS }; byTicker.KITE = \"Kite Robotics (KITE) had revenue of $1280 million");
    expect(text).toMatch(/ {2}paid_api +rejected +429 Too Many Requests from the paid search API/);
    const any = text.slice(text.indexOf("▸ 3. any"), text.indexOf("▸ 4."));
    const status = (part: string, word: string) => part.split("\n").filter((l) => new RegExp(`^ {2}\\w+ +${word} `).test(l)).length;
    expect(status(any, "fulfilled")).toBe(1);
    expect(status(any, "cancelled")).toBe(2);
    const quorum = text.slice(text.indexOf("▸ 4. quorum(2)"), text.indexOf("Fire-and-forget"));
    expect(status(quorum, "fulfilled")).toBe(2);
    expect(status(quorum, "cancelled")).toBe(1);
    expect(text).toContain('  final state: {"launched":3,"results":["notified ada","notified bo","notified cyd"]}');
    expect(text.match(/ {2}outbox notify:\d: done, 1 attempt\(s\), result "notified \w+"/g)).toHaveLength(3);
    expect(text).toContain('  outbox webhook: done, 2 attempt(s) (attempt 1 got a 503 and was retried), result "delivered report-ready"');
  });

  it("--json prints the results of each part", async () => {
    const lines = (await runLessonOffline(lesson, { json: true })).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.graph)).toEqual([
      "1. foreach",
      "2. settled: every workflow, failures as values",
      "3. any: the first answer wins, the others are cancelled",
      "4. quorum(2): the first two answers",
      "5. The notify graph: announce → write_report → collect",
    ]);
    expect(Object.keys(lines[0].state.byTicker)).toEqual(["TERN", "KITE", "MOSS"]);
    expect(lines[1].state.map((o: { status: string }) => o.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected"]);
  });
});
