import { afterEach, describe, expect, it, vi } from "vitest";
import type { Lesson } from "../../src/cli/lesson.js";
import { runLessons } from "../../src/cli/run-lessons.js";

const lesson = (run: Lesson["run"]): Lesson => ({ number: 7, title: "Test lesson", run });

describe("runLessons exit codes", () => {
  afterEach(() => vi.restoreAllMocks());

  it("0 on success, 2 for a user error, 130 for Ctrl-C at a prompt, 1 for a crash", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((m: string) => void errors.push(m));
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    expect(await runLessons(["7", "--latency", "0"], [lesson(async () => undefined)])).toBe(0);
    expect(await runLessons(["8"], [lesson(async () => undefined)])).toBe(2);
    const ctrlC = Object.assign(new Error("Aborted with Ctrl+C"), { name: "AbortError" });
    expect(await runLessons(["7"], [lesson(async () => Promise.reject(ctrlC))])).toBe(130);
    expect(await runLessons(["7"], [lesson(async () => Promise.reject(new Error("disk full")))])).toBe(1);
    expect(errors).toEqual([
      "error: There is no lesson 8. Lessons available: 7 (npm run lesson -- list).",
      "Interrupted.",
      "error: disk full",
    ]);
  });
});
