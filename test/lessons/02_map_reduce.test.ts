import { describe, expect, it } from "vitest";
import lesson, { DEFAULT_TOPIC } from "../../lessons/02_map_reduce.js";
import { createLessonContext } from "../../src/cli/lesson.js";
import { captureOutput } from "../../src/cli/output.js";
import { OFFLINE_OPTIONS, runLessonOffline } from "./run-lesson.js";
import { corpusPassages } from "../../src/graphs/passage-digest.js";

const runLesson = (overrides = {}) => runLessonOffline(lesson, overrides);

describe("lesson 2: map-reduce", () => {
  it("narrates the Send fan-out as updates arrive, then the mapReduce step with progress", async () => {
    const text = await runLesson();
    const passages = corpusPassages().length;
    expect(text).toContain(`▸ 1. Jokes about "${DEFAULT_TOPIC}": one Send per subject\n`);
    expect(text).toMatch(/ {4}\+\d+\.\d\d s {2}generate_topics → \{"subjects":\["the history of animals","animals in everyday life","the science of animals"\]\}\n {2}superstep 1: generate_topics\n/);
    expect(text.match(/ {4}\+\d+\.\d\d s {2}generate_joke → \{"jokes":\[/g)).toHaveLength(3);
    expect(text).toContain("  superstep 2: generate_joke ∥ generate_joke ∥ generate_joke   (3 nodes in parallel)\n");
    expect(text).toContain("  superstep 3: best_joke\n");
    expect(text).toContain(`  summarise [████████████████████████] ${passages}/${passages}`);
    expect(text).toContain("  superstep 1: map\n  superstep 2: reduce\n");
    expect(text).toContain(`  final state: {"passages":"${passages} passages","digest":"28 documents","failed":[]}`);
    expect(text).toContain(`  digest: 28 documents, ${passages} summaries, 0 failed\n`);
    expect(text).toMatch(new RegExp(`summarise: ${passages} items in \\d+\\.\\d s; \\d+\\.\\d s of item time`));
  });

  it("--json prints both final states, internals left out", async () => {
    const lines = (await runLesson({ json: true, topic: "compilers" })).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].state.topic).toBe("compilers");
    expect(lines[0].state.jokes).toHaveLength(3);
    expect(lines[0].state.jokes).toContain(lines[0].state.bestSelectedJoke);
    expect(Object.keys(lines[1].state).sort()).toEqual(["digest", "failed", "passages"]);
    expect(lines[1].state.digest).toHaveLength(28);
  });

  it("rejects an empty topic before running anything", async () => {
    const out = captureOutput();
    const context = createLessonContext(lesson, { ...OFFLINE_OPTIONS, topic: " " }, out, {});
    await expect(lesson.run(context)).rejects.toThrow("Invalid --topic: the topic is empty.");
    expect(out.text()).not.toContain("▸");
  });
});
