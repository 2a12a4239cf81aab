import { afterEach, describe, expect, it, vi } from "vitest";
import { loadLessons } from "../../src/cli/lesson-catalog.js";
import { runLessons } from "../../src/cli/run-lessons.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";

// The count a lesson's printed summary line gives: "· 9 model calls, …", "· 1 model call (…)", "· no model calls".
function printedCalls(text: string): { calls: number; failed: number } {
  const line = text.split("\n").find((l) => l.startsWith("summary: "));
  if (!line) throw new Error(`no summary line in:\n${text.slice(-500)}`);
  if (line.endsWith("· no model calls")) return { calls: 0, failed: 0 };
  const match = /· ([\d,]+) model calls?(?: \((\d+) cancelled or failed\))?, /.exec(line);
  if (!match) throw new Error(`unexpected summary line: ${line}`);
  return { calls: Number(match[1]!.replaceAll(",", "")), failed: Number(match[2] ?? 0) };
}

describe("every lesson's summary counts every model call it makes (offline)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("the printed count equals the offline model's invocations, for all eight lessons", async () => {
    const lessons = await loadLessons();
    expect(lessons.map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Every chat-model invocation of any offline model, whoever built it, ends up in _generate.
    const generate = vi.spyOn(OfflineChatModel.prototype, "_generate");
    let printed = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((printed += String(chunk)), true));
    const counts: Record<number, { printed: number; failed: number; invoked: number }> = {};
    for (const lesson of lessons) {
      printed = "";
      generate.mockClear();
      expect(await runLessons([String(lesson.number), "--model", "offline", "--latency", "0"], lessons)).toBe(0);
      const { calls, failed } = printedCalls(printed);
      counts[lesson.number] = { printed: calls, failed, invoked: generate.mock.calls.length };
    }
    for (const [n, c] of Object.entries(counts)) expect(c.printed, `lesson ${n}`).toBe(c.invoked);
    // Lesson 7's races call the model outside any graph; lesson 3 calls none.
    expect(counts[7]).toEqual({ printed: 9, failed: 0, invoked: 9 });
    expect(counts[3]).toEqual({ printed: 0, failed: 0, invoked: 0 });
    // Lesson 8: the three calls cancelled when the worker dies at item 7 were made, so they count.
    expect(counts[8]).toEqual({ printed: 25, failed: 3, invoked: 25 });
  });
});
