/**
 * The `--step` pause: wait for Enter on an interactive terminal; never wait when stdin is not a
 * TTY (CI, pipes), so `--step` then simply prints every superstep in full.
 */
import { createInterface } from "node:readline/promises";

/**
 * Returns a function that pauses until the user presses Enter (TTY only).
 *
 * @param input - The stream to read (default `process.stdin`).
 * @param output - Where the prompt goes (default `process.stderr`, keeping stdout clean).
 * @returns `pause()`: resolves after Enter, or at once when `input` is not a TTY.
 * @example
 * ```ts
 * const pause = createStepPause();
 * await pause(); // "press Enter for the next superstep"
 * ```
 */
export function createStepPause(
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): () => Promise<void> {
  return async () => {
    if (!input.isTTY) return;
    const rl = createInterface({ input, output });
    try {
      await rl.question("    … press Enter for the next superstep ");
    } finally {
      rl.close();
    }
  };
}
