import { describe, expect, it } from "vitest";
import { createProgressDisplay, formatProgress } from "../../src/cli/progress-display.js";
import { ProgressTracker } from "../../src/observe/progress.js";

describe("progress display", () => {
  it("formats a bar with counts, rate, ETA, failures and memo hits", () => {
    const line = formatProgress(
      { type: "progress", name: "summarise", done: 6, failed: 1, cached: 2, total: 12, elapsedMs: 2000, ratePerSecond: 2, etaMs: 3000, busyMs: 9000 },
      12,
    );
    expect(line).toBe("summarise [██████░░░░░░] 6/12  2.0/s  ETA 3.0s  (1 failed, 2 from memo)");
  });

  it("prints a plain line every 10% when not on a terminal", () => {
    let text = "";
    const display = createProgressDisplay({ write: (t) => void (text += t), tty: false, width: 10 });
    const tracker = new ProgressTracker("map", 50);
    display.update(tracker.event());
    for (let i = 0; i < 50; i++) display.update(tracker.itemDone());
    display.finish();
    const lines = text.split("\n").filter(Boolean);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/^ {2}map \[░{10}\] 0\/50/);
    expect(lines[10]).toMatch(/^ {2}map \[█{10}\] 50\/50 .* total$/);
  });

  it("on a terminal, pause() ends the bar's line before other text, and finish() does not draw it twice", () => {
    let text = "";
    const display = createProgressDisplay({ write: (t) => void (text += t), tty: true, width: 4 });
    const tracker = new ProgressTracker("map", 2);
    display.update(tracker.itemDone());
    display.update(tracker.itemDone());
    display.pause();
    text += "superstep 1: map\n";
    display.finish();
    expect(text.match(/2\/2/g)).toHaveLength(1);
    expect(text.endsWith(`${String.fromCharCode(27)}[K\nsuperstep 1: map\n`)).toBe(true);
  });

  it("redraws one line in place on a terminal and ends it with a newline", () => {
    let text = "";
    const display = createProgressDisplay({ write: (t) => void (text += t), tty: true });
    const tracker = new ProgressTracker("map", 3);
    for (let i = 0; i < 3; i++) display.update(tracker.itemDone());
    display.finish();
    expect(text.startsWith("\r  map [")).toBe(true);
    expect(text.endsWith("\x1b[K\n")).toBe(true);
    expect(text.split("\n")).toHaveLength(2);
  });
});
