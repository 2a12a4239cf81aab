// Runs a lesson in process, offline, with no simulated latency, and returns what it printed.
import { createLessonContext, type Lesson } from "../../src/cli/lesson.js";
import type { LessonOptions } from "../../src/cli/options.js";
import { captureOutput } from "../../src/cli/output.js";

/** The options of an offline lesson run with no latency. */
export const OFFLINE_OPTIONS: LessonOptions = {
  step: false,
  json: false,
  provider: "offline",
  latencyMs: 0,
  question: undefined,
  topic: undefined,
  analysts: undefined,
  feedback: [],
  thread: undefined,
  db: undefined,
  out: undefined,
  encyclopedia: "offline",
};

/** Runs `lesson` with {@link OFFLINE_OPTIONS} and `overrides`; returns its output. */
export async function runLessonOffline(lesson: Lesson, overrides: Partial<LessonOptions> = {}): Promise<string> {
  const options = { ...OFFLINE_OPTIONS, ...overrides };
  const out = captureOutput({ json: options.json });
  await lesson.run(createLessonContext(lesson, options, out, {}));
  return out.text();
}
