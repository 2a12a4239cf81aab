import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { DEFAULT_LESSON_OPTIONS, parseLessonCommand } from "../../src/cli/options.js";

describe("parseLessonCommand", () => {
  it("parses lessons and every shared flag", () => {
    expect(parseLessonCommand(["1", "2", "--step", "--model", "openai", "--latency", "250", "--question", "Why?"])).toEqual({
      lessons: [1, 2],
      options: { ...DEFAULT_LESSON_OPTIONS, step: true, provider: "openai", latencyMs: 250, question: "Why?" },
    });
    expect(parseLessonCommand(["all", "--json"]).lessons).toBe("all");
    expect(parseLessonCommand(["--latency", "0"], [1])).toMatchObject({ lessons: [1], options: { latencyMs: 0 } });
  });

  it.each([
    [["1", "--latency", "-5"]],
    [["1", "--latency", "1.5"]],
    [["1", "--latency", "60001"]],
    [["1", "--model"]],
    [["1", "--json", "--step"]],
    [["all", "2"]],
  ])("rejects %j with a UsageError (exit code 2)", (args) => {
    expect(() => parseLessonCommand(args)).toThrow(UsageError);
    try {
      parseLessonCommand(args);
    } catch (e) {
      expect((e as UsageError).exitCode).toBe(2);
      expect((e as UsageError).hint).toMatch(/^Usage: npm run lesson --/);
    }
  });
});
