import { describe, expect, it } from "vitest";
import lesson, { DEFAULT_QUESTION } from "../../lessons/01_parallelization.js";
import { runLessonOffline } from "./run-lesson.js";

const runLesson = (overrides = {}) => runLessonOffline(lesson, overrides);

describe("lesson 1: parallelization", () => {
  it("prints every graph's supersteps in order, without timing noise", async () => {
    const text = await runLesson();
    const steps = text
      .split("\n")
      .filter((l) => /^(▸| {2}superstep| {2}✗| {2}final state)/.test(l))
      .map((l) => l.replace(/ \(\d+ chars\)/g, ""));
    expect(steps.slice(0, 30)).toEqual([
      "▸ 1. Linear a → b → c → d (no reducer)",
      "  superstep 1: a",
      "  superstep 2: b",
      "  superstep 3: c",
      "  superstep 4: d",
      '  final state: {"state":["I\'m D"]}',
      "▸ 2. Fan-out a → (b ∥ c) → d, no reducer",
      "  superstep 1: a",
      "  superstep 2: b ∥ c   (2 nodes in parallel)",
      '  ✗ InvalidUpdateError: Invalid update for channel "state" with values [["I\'m B"],["I\'m C"]]: LastValue can only receive one value per step.',
      "▸ 3. The same fan-out with the concat reducer",
      "  superstep 1: a",
      "  superstep 2: b ∥ c   (2 nodes in parallel)",
      "  superstep 3: d",
      '  final state: {"state":["I\'m A","I\'m B","I\'m C","I\'m D"]}',
      "▸ 4. Waiting edge: a → (b → b2 ∥ c) → d",
      "  superstep 1: a",
      "  superstep 2: b ∥ c   (2 nodes in parallel)",
      "  superstep 3: b2",
      "  superstep 4: d",
      '  final state: {"state":["I\'m A","I\'m B","I\'m C","I\'m B2","I\'m D"]}',
      "▸ 5. Sorting reducer",
      "  superstep 1: a",
      "  superstep 2: b ∥ c   (2 nodes in parallel)",
      "  superstep 3: b2",
      "  superstep 4: d",
      '  final state: {"state":["I\'m A","I\'m B","I\'m B2","I\'m C","I\'m D"]}',
      "▸ 6. Ordered fan-in: branch keys and a sink node",
      "  superstep 1: a",
      "  superstep 2: b ∥ c   (2 nodes in parallel)",
    ]);
    expect(text).toContain("  superstep 4: sink\n      Adding I'm B, I'm B2, I'm C to [\"I'm A\"]\n  superstep 5: d\n");
    expect(text).toContain("▸ 7. Search the web ∥ the encyclopedia, then answer\n  superstep 1: search_encyclopedia ∥ search_web   (2 nodes in parallel)\n  superstep 2: generate_answer\n");
    expect(text).toMatch(/wall \d+ ms vs \d+ ms one node at a time/);
  });

  it("under each superstep, says what each node added and what it saw, as the academy's nodes print it", async () => {
    const text = await runLesson();
    const section = (title: string) => {
      const start = text.indexOf(`▸ ${title}`);
      return text.slice(start, text.indexOf("\n\n", start)).split("\n").slice(1).filter((l) => !l.includes("wall "));
    };
    expect(section("4. Waiting edge")).toEqual([
      "  superstep 1: a",
      "      Adding I'm A to []",
      "  superstep 2: b ∥ c   (2 nodes in parallel)",
      '      Adding I\'m B to ["I\'m A"]',
      '      Adding I\'m C to ["I\'m A"]',
      "  superstep 3: b2",
      '      Adding I\'m B2 to ["I\'m A", "I\'m B", "I\'m C"]',
      "  superstep 4: d",
      '      Adding I\'m D to ["I\'m A", "I\'m B", "I\'m C", "I\'m B2"]',
      '  final state: {"state":["I\'m A","I\'m B","I\'m C","I\'m B2","I\'m D"]}',
    ]);
    // Without a reducer each node saw only the previous write; the sorting reducer's d saw a sorted list.
    expect(section("1. Linear")).toContain('      Adding I\'m C to ["I\'m B"]');
    expect(section("5. Sorting reducer")).toContain('      Adding I\'m D to ["I\'m A", "I\'m B", "I\'m B2", "I\'m C"]');
    // The refused fan-out still ran b and c, each on what a wrote.
    expect(section("2. Fan-out")).toEqual([
      "  superstep 1: a",
      "      Adding I'm A to []",
      "  superstep 2: b ∥ c   (2 nodes in parallel)",
      '      Adding I\'m B to ["I\'m A"]',
      '      Adding I\'m C to ["I\'m A"]',
      '  ✗ InvalidUpdateError: Invalid update for channel "state" with values [["I\'m B"],["I\'m C"]]: LastValue can only receive one value per step.',
    ]);
    // Branch keys are named; the sink's Overwrite adds nothing.
    expect(section("6. Ordered fan-in").filter((l) => l.startsWith("      "))).toEqual([
      "      Adding I'm A to []",
      "      Adding I'm B to bPath []",
      "      Adding I'm C to cPath []",
      '      Adding I\'m B2 to bPath ["I\'m B"]',
      '      Adding I\'m B, I\'m B2, I\'m C to ["I\'m A"]',
      '      Adding I\'m D to ["I\'m A", "I\'m B", "I\'m B2", "I\'m C"]',
    ]);
    // The search graph's nodes are not toy nodes: no Adding lines there.
    expect(section("7. Search").some((l) => l.includes("Adding"))).toBe(false);
  });

  it("--step shows, after each superstep, what each node read and wrote and the merged state", async () => {
    const text = (await runLesson({ step: true })).replace(/\(\d+ ms\)/g, "(N ms)");
    expect(text).toContain(
      [
        "  superstep 3: b2",
        '      Adding I\'m B2 to ["I\'m A", "I\'m B", "I\'m C"]',
        "      b2 (N ms)",
        '        read  {"state":["I\'m A","I\'m B","I\'m C"]}',
        '        wrote {"state":["I\'m B2"]}',
        '      merged state: {"state":["I\'m A","I\'m B","I\'m C","I\'m B2"]}',
        "  superstep 4: d",
      ].join("\n"),
    );
    expect(text).toContain(
      [
        "  superstep 4: sink",
        '      Adding I\'m B, I\'m B2, I\'m C to ["I\'m A"]',
        "      sink (N ms)",
        '        read  {"state":["I\'m A"],"bPath":["I\'m B","I\'m B2"],"cPath":["I\'m C"]}',
        '        wrote {"state":["I\'m B","I\'m B2","I\'m C"],"bPath":Overwrite([]),"cPath":Overwrite([])}',
        '      merged state: {"state":["I\'m A","I\'m B","I\'m B2","I\'m C"],"bPath":[],"cPath":[]}',
      ].join("\n"),
    );
    expect(text).not.toContain("__overwrite__");
    // The refused update: the writes are shown, and that they were not applied.
    expect(text).toContain('        wrote {"state":["I\'m C"]}\n      merged state: none (this superstep\'s writes were not applied)\n  ✗ InvalidUpdateError');
  });

  it("answers the search question extractively from the corpus, citing corpus documents", async () => {
    const lines = (await runLesson({ json: true })).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(7);
    expect(lines.map((l) => l.graph)).toEqual([
      "1. Linear a → b → c → d (no reducer)",
      "2. Fan-out a → (b ∥ c) → d, no reducer",
      "3. The same fan-out with the concat reducer",
      "4. Waiting edge: a → (b → b2 ∥ c) → d",
      "5. Sorting reducer",
      "6. Ordered fan-in: branch keys and a sink node",
      "7. Search the web ∥ the encyclopedia, then answer",
    ]);
    expect(lines[1].error.name).toBe("InvalidUpdateError");
    const search = lines[6].state;
    expect(search.question).toBe(DEFAULT_QUESTION);
    // Both searches landed in `context` through the reducer, encyclopedia first (scheduling order).
    expect(search.context).toHaveLength(2);
    expect(search.context[0]).toMatch(/^<Document source="corpus:\/\/encyclopedia\//);
    expect(search.context[1]).toMatch(/^<Document href="corpus:\/\/web\//);
    // The answer is built from sentences of the context, and cites documents that were in it.
    const cited = [...search.answer.matchAll(/\[\d+\] (corpus:\/\/\S+)/g)].map((m) => m[1]);
    expect(cited.length).toBeGreaterThan(0);
    for (const url of cited) expect(search.context.join("\n")).toContain(url);
    expect(search.answer).toContain("reducer");
  });

  it("answers a --question from the documents it retrieved", async () => {
    const lines = (await runLesson({ json: true, question: "What does Amdahl's law say about speed-up?" }))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const { answer, context } = lines[6].state;
    expect(context[0]).toContain('page="Amdahl\'s law"');
    expect(answer).toContain("corpus://encyclopedia/amdahls-law");
  });
});
