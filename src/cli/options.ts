/**
 * Command-line flags shared by every lesson: `--step`, `--json`, `--model`, `--latency`, `--timeline`, plus
 * `--question` and `--topic` for lessons that use one. Parsing is strict: an unknown flag or a bad value is a
 * {@link UsageError} (exit code 2) that says what is accepted.
 */
import { parseArgs } from "node:util";
import { UsageError } from "../errors.js";

/** Parsed lesson flags. */
export interface LessonOptions {
  /** Pause after every superstep and show what each node read and wrote, and the merged state. */
  step: boolean;
  /** Print only final states, as JSON lines. */
  json: boolean;
  /** `"offline"`, `"openai"`, or undefined (offline unless `OPENAI_API_KEY` is set). */
  provider: "offline" | "openai" | undefined;
  /** Offline model latency and simulated node work, ms; undefined: the defaults. */
  latencyMs: number | undefined;
  /** A question for lessons that answer one (lesson 1's search example). */
  question: string | undefined;
  /** A topic for lessons that start from one (lesson 2's jokes, lesson 4's research). */
  topic: string | undefined;
  /** Lesson 4: how many analysts (validated by the lesson's state schema). */
  analysts: number | undefined;
  /** Lesson 4: feedback answers for the analyst review, in order (non-interactive runs). */
  feedback: string[];
  /** Lesson 4: the thread to start or resume. */
  thread: string | undefined;
  /** Lesson 4: SQLite database file for checkpoints (`:memory:` allowed). */
  db: string | undefined;
  /** Lesson 4: write the final report to this file. */
  out: string | undefined;
  /** Lessons 1 and 4: the encyclopedia to search (`wikipedia` needs the network). Default offline. */
  encyclopedia: "offline" | "wikipedia";
  /** Write an HTML execution timeline of every graph run to this file (and print text charts). */
  timeline: string | undefined;
}

/** What the command line asked for: which lessons, with which options. */
export interface LessonCommand {
  /** Lesson numbers, or `"all"`; `"list"` to list them; `"help"` for usage. */
  lessons: number[] | "all" | "list" | "help";
  options: LessonOptions;
}

/** One-line usage of the lesson runner. */
export const USAGE =
  "Usage: npm run lesson -- <number|all|list> [--step] [--json] [--model offline|openai] [--latency <ms>] [--question <text>] [--topic <text>] [--timeline <file.html>] (lesson 4: see --help)";

/** The full help text: usage plus the flags only some lessons read. */
export const HELP = `${USAGE}
Lesson 4 also reads: --analysts <n>  --feedback <text> (repeatable, one per review round)
                     --thread <id>  --db <file>  --out <file.md>
Lessons 1 and 4:     --encyclopedia offline|wikipedia (the live encyclopedia needs the network)`;

/**
 * Parses lesson command-line arguments.
 *
 * @param argv - Arguments after the script name (`process.argv.slice(2)`).
 * @param defaults - Lessons to run when no positional argument is given (default: none, an error).
 * @returns The lessons and options.
 * @throws {UsageError} for unknown flags, bad values, or a missing lesson.
 * @example
 * ```ts
 * parseLessonCommand(["1", "--latency", "0", "--json"]);
 * // { lessons: [1], options: { json: true, latencyMs: 0, step: false, … } }
 * ```
 */
export function parseLessonCommand(argv: readonly string[], defaults?: number[]): LessonCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        step: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        model: { type: "string" },
        latency: { type: "string" },
        question: { type: "string" },
        topic: { type: "string" },
        analysts: { type: "string" },
        feedback: { type: "string", multiple: true },
        thread: { type: "string" },
        db: { type: "string" },
        out: { type: "string" },
        encyclopedia: { type: "string" },
        timeline: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]}.`, USAGE);
  }
  const { values, positionals } = parsed;
  if (values.help) return { lessons: "help", options: { ...DEFAULT_LESSON_OPTIONS } };
  const options: LessonOptions = {
    step: values.step ?? false,
    json: values.json ?? false,
    provider: parseProvider(values.model),
    latencyMs: parseLatency(values.latency),
    question: values.question,
    topic: values.topic,
    analysts: parseWholeNumber(values.analysts, "--analysts"),
    feedback: values.feedback ?? [],
    thread: values.thread,
    db: values.db,
    out: values.out,
    encyclopedia: parseEncyclopedia(values.encyclopedia),
    timeline: parseTimelineFile(values.timeline),
  };
  if (options.step && options.json) throw new UsageError("--step and --json cannot be combined.", USAGE);
  return { lessons: parseLessons(positionals, defaults), options };
}

function parseLessons(positionals: string[], defaults?: number[]): LessonCommand["lessons"] {
  if (positionals.length === 0) {
    if (defaults) return defaults;
    throw new UsageError("Which lesson? Give a lesson number, `all` or `list`.", USAGE);
  }
  if (positionals.length === 1 && (positionals[0] === "all" || positionals[0] === "list")) return positionals[0];
  return positionals.map((p) => {
    if (!/^\d{1,2}$/.test(p)) throw new UsageError(`"${p}" is not a lesson number.`, USAGE);
    return Number(p);
  });
}

/**
 * The options of a lesson run when no flag is given.
 *
 * @example
 * ```ts
 * const options: LessonOptions = { ...DEFAULT_LESSON_OPTIONS, latencyMs: 0 };
 * ```
 */
export const DEFAULT_LESSON_OPTIONS: Readonly<LessonOptions> = {
  step: false,
  json: false,
  provider: undefined,
  latencyMs: undefined,
  question: undefined,
  topic: undefined,
  analysts: undefined,
  feedback: [],
  thread: undefined,
  db: undefined,
  out: undefined,
  encyclopedia: "offline",
  timeline: undefined,
};

function parseTimelineFile(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/\.html?$/i.test(value)) throw new UsageError(`--timeline takes an .html file name, not "${value}".`, USAGE);
  return value;
}

function parseEncyclopedia(value: string | undefined): LessonOptions["encyclopedia"] {
  if (value === undefined || value === "offline" || value === "wikipedia") return value ?? "offline";
  throw new UsageError(`--encyclopedia must be "offline" or "wikipedia", not "${value}".`, USAGE);
}

// A whole number (its range is the lesson's to check), or undefined when the flag is absent.
function parseWholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number, not "${value}".`, USAGE);
  return Number(value);
}

function parseProvider(value: string | undefined): LessonOptions["provider"] {
  if (value === undefined || value === "offline" || value === "openai") return value;
  throw new UsageError(`--model must be "offline" or "openai", not "${value}".`, USAGE);
}

function parseLatency(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 60_000) {
    throw new UsageError(`--latency must be a whole number of milliseconds from 0 to 60000, not "${value}".`, USAGE);
  }
  return Number(value);
}
