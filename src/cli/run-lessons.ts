/**
 * The lesson runner behind `npm start`, `npm run lesson -- N` and running a lesson file directly.
 * User errors (bad flags, unknown lesson, bad input, missing API key, a damaged database file)
 * print one line and exit 2; anything else prints the error and exits 1. An aggregate error
 * (several parallel tasks failing in one superstep) prints one line per error inside it.
 */
import { setMaxListeners } from "node:events";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { createLessonContext, type Lesson } from "./lesson.js";
import { loadLessons, selectLessons } from "./lesson-catalog.js";
import { formatLessonSummary } from "./lesson-summary.js";
import { renderTimelineHtml, type TimelineSection } from "../observe/timeline-html.js";
import { HELP, parseLessonCommand } from "./options.js";
import { createOutput } from "./output.js";
import { reportError } from "./report-error.js";

/**
 * Runs lessons from command-line arguments and returns the process exit code.
 *
 * @param argv - Arguments (`process.argv.slice(2)`).
 * @param lessons - Lessons to choose from (default: every file in `lessons/`).
 * @param defaults - Lessons to run when none is named (a lesson file run directly names itself).
 * @returns 0 on success, 2 for user errors, 1 for failures.
 * @example
 * ```ts
 * process.exitCode = await runLessons(["1", "--json"]);
 * ```
 */
export async function runLessons(argv: readonly string[], lessons?: Lesson[], defaults?: number[]): Promise<number> {
  // LangGraph adds one abort listener per parallel task to a shared signal; ten analysts or a wide
  // fan-out is normal here, not a leak. Raise Node's default limit for the lesson process.
  setMaxListeners(100);
  try {
    const command = parseLessonCommand(argv, defaults);
    const all = lessons ?? (await loadLessons());
    if (command.lessons === "help") {
      console.log(`${HELP}\n\nLessons:`);
      for (const lesson of all) console.log(`${String(lesson.number).padStart(2)}  ${lesson.title}`);
      return 0;
    }
    if (command.lessons === "list") {
      for (const lesson of all) console.log(`${String(lesson.number).padStart(2)}  ${lesson.title}`);
      return 0;
    }
    const out = createOutput({ json: command.options.json });
    const timelines: TimelineSection[] = [];
    for (const lesson of selectLessons(all, command.lessons)) {
      const context = createLessonContext(lesson, command.options, out);
      out.line(`━━ Lesson ${lesson.number}: ${lesson.title} ━━`);
      out.line(lesson.usesModel === false ? "model: none (this lesson calls no chat model)" : `model: ${context.modelLabel}`);
      out.line();
      await lesson.run(context);
      const summary = context.summary();
      out.line(formatLessonSummary(summary));
      out.json({ lesson: lesson.number, summary });
      if (command.options.timeline) {
        timelines.push(...context.timelines());
        await writeTimeline(command.options.timeline, timelines);
        out.line(`timeline: ${command.options.timeline} (${timelines.length} graph runs so far)`);
      }
      out.line();
    }
    return 0;
  } catch (error) {
    // Ctrl-C (or Ctrl-D) at a --step prompt: stop quietly, with the shell's code for SIGINT.
    if (error instanceof Error && error.name === "AbortError") {
      console.error("Interrupted.");
      return 130;
    }
    const report = reportError(error, Boolean(process.env.DEBUG));
    for (const line of report.lines) console.error(line);
    return report.exitCode;
  }
}

// Rewritten after every lesson, so a later failure keeps the charts of the lessons that finished.
async function writeTimeline(file: string, sections: readonly TimelineSection[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, renderTimelineHtml(sections, "langgraph-parallel: execution timeline"));
}
