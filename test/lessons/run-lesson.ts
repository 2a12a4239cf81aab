// Runs a lesson in process, offline, with no simulated latency, and returns what it printed.
import { createLessonContext, type Lesson } from "../../src/cli/lesson.js";
import { DEFAULT_LESSON_OPTIONS, type LessonOptions } from "../../src/cli/options.js";
import { captureOutput } from "../../src/cli/output.js";

/** The options of an offline lesson run with no latency. */
export const OFFLINE_OPTIONS: LessonOptions = { ...DEFAULT_LESSON_OPTIONS, provider: "offline", latencyMs: 0 };

/** Runs `lesson` with {@link OFFLINE_OPTIONS} and `overrides`; returns its output. */
export async function runLessonOffline(lesson: Lesson, overrides: Partial<LessonOptions> = {}): Promise<string> {
  const options = { ...OFFLINE_OPTIONS, ...overrides };
  const out = captureOutput({ json: options.json });
  await lesson.run(createLessonContext(lesson, options, out, {}));
  return out.text();
}
