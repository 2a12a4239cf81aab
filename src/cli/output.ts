/**
 * Where a lesson's narration goes. In `--json` mode prose is dropped and only JSON lines are
 * printed, so the output can be piped into `jq`.
 */

/** A lesson's printer. */
export interface LessonOutput {
  /** A line of narration (dropped in JSON mode). */
  line(text?: string): void;
  /** Raw narration text, no newline added (dropped in JSON mode); for progress bars. */
  write(text: string): void;
  /** Whether narration goes to a terminal (progress bars redraw in place). */
  tty: boolean;
  /** A JSON line (printed only in JSON mode). */
  json(value: unknown): void;
}

/**
 * A printer writing to a stream (stdout by default).
 *
 * @param options - `json`: JSON mode (default false); `write`: where text goes (default stdout);
 *   `tty`: whether that is a terminal (default `process.stdout.isTTY`).
 * @returns The printer.
 * @example
 * ```ts
 * const out = createOutput({ json: false });
 * out.line("superstep 1: a");
 * ```
 */
export function createOutput({
  json = false,
  write = (text: string) => void process.stdout.write(text),
  tty = Boolean(process.stdout.isTTY),
}: { json?: boolean; write?: (text: string) => void; tty?: boolean } = {}): LessonOutput {
  return {
    tty,
    line: (text = "") => {
      if (!json) write(`${text}\n`);
    },
    write: (text) => {
      if (!json) write(text);
    },
    json: (value) => {
      if (json) write(`${JSON.stringify(value)}\n`);
    },
  };
}

/**
 * A printer that keeps everything in memory, for tests.
 *
 * @param options - `json`: JSON mode (default false).
 * @returns The printer and a `text()` accessor.
 * @example
 * ```ts
 * const out = captureOutput();
 * await lesson.run(contextWith(out));
 * expect(out.text()).toContain("superstep 2: b ∥ c");
 * ```
 */
export function captureOutput({ json = false }: { json?: boolean } = {}): LessonOutput & { text(): string } {
  let buffer = "";
  const output = createOutput({ json, tty: false, write: (text) => void (buffer += text) });
  return { ...output, text: () => buffer };
}
