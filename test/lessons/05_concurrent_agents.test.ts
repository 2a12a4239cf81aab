import { describe, expect, it } from "vitest";
import lesson from "../../lessons/05_concurrent_agents.js";
import { runLessonOffline } from "./run-lesson.js";

describe("lesson 5: concurrent agents", () => {
  it("shows the participants in one superstep, the conversation in participant order, a checklist, and isolated analysts", async () => {
    const text = await runLessonOffline(lesson);
    expect(text).toContain("  superstep 1: legal_reviewer ∥ marketer ∥ researcher   (3 nodes in parallel)\n  superstep 2: aggregate\n");
    expect(text).toMatch(/ {4}human +We are launching Tern.*\n {4}Researcher +As a market researcher.*\n {4}Marketer +As a marketer.*\n {4}Legal reviewer +As a legal reviewer/);
    expect(text).toMatch(/ {4}\[ \] review Researcher's part \(\d+ words\)\n {4}\[ \] review Marketer's part/);
    expect(text).toContain("    Fundamental analyst  human  ·  ai → get_financials  ·  tool get_financials  ·  ai\n");
    expect(text).toContain("    === Sentiment analyst ===\n");
  });

  it("--json prints the three final states", async () => {
    const lines = (await runLessonOffline(lesson, { json: true })).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].state.messages).toHaveLength(4);
    expect(lines[2].state.responses.map((r: { name: string }) => r.name)).toEqual(["Fundamental analyst", "Technical analyst", "Sentiment analyst"]);
  });
});
