/**
 * Finds the lessons: every `lessons/NN_name.ts` file whose default export is a {@link Lesson}.
 * Adding a lesson file is enough for `npm start` and `npm run lesson -- N` to know it.
 */
import { readdir } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { UsageError } from "../errors.js";
import type { Lesson } from "./lesson.js";

/** The lessons folder of this repository. */
export const LESSONS_DIR = new URL("../../lessons/", import.meta.url);

/**
 * Loads every lesson, in number order.
 *
 * @param dir - Folder to scan (default {@link LESSONS_DIR}).
 * @returns The lessons.
 * @example
 * ```ts
 * (await loadLessons()).map((l) => `${l.number}. ${l.title}`);
 * ```
 */
export async function loadLessons(dir: URL = LESSONS_DIR): Promise<Lesson[]> {
  const files = (await readdir(dir)).filter((f) => /^\d\d_[a-z0-9_]+\.ts$/.test(f)).sort();
  const lessons: Lesson[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(new URL(file, dir).pathname).href)) as { default?: Lesson };
    if (!module.default || typeof module.default.run !== "function") {
      throw new Error(`lessons/${file} has no default-exported lesson (use defineLesson).`);
    }
    lessons.push(module.default);
  }
  return lessons;
}

/**
 * Picks lessons by number.
 *
 * @param lessons - All lessons.
 * @param wanted - Numbers asked for, or `"all"`.
 * @returns The chosen lessons, in the order asked.
 * @throws {UsageError} for a number with no lesson, listing the ones that exist.
 * @example
 * ```ts
 * selectLessons(await loadLessons(), [1]);
 * ```
 */
export function selectLessons(lessons: Lesson[], wanted: number[] | "all"): Lesson[] {
  if (wanted === "all") return lessons;
  return wanted.map((n) => {
    const lesson = lessons.find((l) => l.number === n);
    if (!lesson) {
      const known = lessons.map((l) => l.number).join(", ");
      throw new UsageError(`There is no lesson ${n}.`, `Lessons available: ${known} (npm run lesson -- list).`);
    }
    return lesson;
  });
}
