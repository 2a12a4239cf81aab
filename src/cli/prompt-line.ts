/**
 * Asks the person at the terminal for one line of input. Only on a TTY: elsewhere (CI, pipes)
 * there is nobody to ask, and the caller decides what to do instead.
 */
import { createInterface } from "node:readline/promises";

/**
 * Prompts for a line on an interactive terminal.
 *
 * @param question - The prompt text.
 * @param input - Default `process.stdin`.
 * @param output - Default `process.stderr` (stdout stays clean for `--json`).
 * @returns The answer, or `undefined` when `input` is not a terminal.
 * @example
 * ```ts
 * const feedback = await promptLine("Feedback on the analysts (Enter to approve): ");
 * ```
 */
export async function promptLine(
  question: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<string | undefined> {
  if (!input.isTTY) return undefined;
  const rl = createInterface({ input, output });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
