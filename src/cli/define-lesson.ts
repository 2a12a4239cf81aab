/**
 * `defineLesson` declares a lesson module and makes the file runnable on its own:
 * `npx tsx lessons/01_parallelization.ts --step` behaves like `npm run lesson -- 1 --step`.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Lesson } from "./lesson.js";
import { runLessons } from "./run-lessons.js";

/**
 * Declares a lesson; when `moduleUrl` is the script Node was started with, runs it.
 *
 * @param moduleUrl - The lesson file's `import.meta.url`.
 * @param lesson - Number, title and `run(context)`.
 * @returns The lesson, for `export default`.
 * @example
 * ```ts
 * export default defineLesson(import.meta.url, {
 *   number: 1,
 *   title: "Parallelization",
 *   async run(ctx) { await ctx.runGraph("linear", buildLinearGraph(), { state: [] }); },
 * });
 * ```
 */
export function defineLesson(moduleUrl: string, lesson: Lesson): Lesson {
  if (isMainModule(moduleUrl)) {
    void runLessons(process.argv.slice(2), [lesson], [lesson.number]).then((code) => {
      process.exitCode = code;
    });
  }
  return lesson;
}

function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
