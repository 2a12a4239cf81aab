import { describe, expect, it } from "vitest";
import { buildFanOutGraph } from "../../src/graphs/parallelization.js";
import type { Superstep } from "../../src/observe/run-trace.js";
import { traceRun } from "../../src/observe/run-trace.js";
import { renderTimelineHtml } from "../../src/observe/timeline-html.js";
import { renderTimelineText } from "../../src/observe/timeline-text.js";
import { timelineOf } from "../../src/observe/timeline.js";
import { freezePerformanceClock, sideBySide } from "../support/controlled-clock.js";

// A fan-out a → (b ∥ c) → d with fixed times: a 0–10, b 10–30, c 10–20 (failed), d 30–40.
const T0 = 1_000_000;
const supersteps: Superstep[] = [
  { step: 1, tasks: [{ id: "1", node: "a", startedAt: T0, endedAt: T0 + 10 }] },
  {
    step: 2,
    tasks: [
      { id: "2", node: "b", startedAt: T0 + 10, endedAt: T0 + 30 },
      { id: "3", node: "c", startedAt: T0 + 10, endedAt: T0 + 20, error: "boom" },
    ],
  },
  { step: 3, tasks: [{ id: "4", node: "d", startedAt: T0 + 30 }] },
];

describe("timelineOf", () => {
  it("makes one lane per node, bars relative to the first task, and superstep spans", () => {
    const timeline = timelineOf({ supersteps, wallMs: 40, sequentialMs: 40 });
    expect(timeline.lanes).toEqual(["a", "b", "c", "d"]);
    expect(timeline.bars).toEqual([
      { lane: "a", step: 1, startMs: 0, endMs: 10, failed: false },
      { lane: "b", step: 2, startMs: 10, endMs: 30, failed: false },
      { lane: "c", step: 2, startMs: 10, endMs: 20, failed: true },
      // d never finished: it ends where the last finished task ended.
      { lane: "d", step: 3, startMs: 30, endMs: 30, failed: false },
    ]);
    expect(timeline.steps).toEqual([
      { step: 1, startMs: 0, endMs: 10 },
      { step: 2, startMs: 10, endMs: 30 },
      { step: 3, startMs: 30, endMs: 30 },
    ]);
  });

  it("puts b and c of a real fan-out run in the same superstep, side by side in time", async () => {
    // A frozen clock: b and c take 20 ms of it together, a and d none (exact under any load).
    const clock = freezePerformanceClock();
    const timeline = timelineOf(await traceRun(buildFanOutGraph({ work: sideBySide(["I'm B", "I'm C"], 20, clock) }), { state: [] }));
    expect(timeline.lanes).toEqual(["a", "b", "c", "d"]);
    expect(timeline.bars).toEqual([
      { lane: "a", step: 1, startMs: 0, endMs: 0, failed: false },
      { lane: "b", step: 2, startMs: 0, endMs: 20, failed: false },
      { lane: "c", step: 2, startMs: 0, endMs: 20, failed: false },
      { lane: "d", step: 3, startMs: 20, endMs: 20, failed: false },
    ]);
  });
});

describe("renderTimelineText", () => {
  it("draws a row per node, failed tasks shaded, superstep numbers under their start", () => {
    const text = renderTimelineText(timelineOf({ supersteps: supersteps.slice(0, 2), wallMs: 30, sequentialMs: 40 }), 12);
    expect(text.split("\n")).toEqual([
      "a  ████",
      "b      ████████",
      "c      ▒▒▒▒",
      "   1   2  (supersteps; one column ≈ 2.5 ms)",
    ]);
    expect(renderTimelineText({ lanes: [], bars: [], steps: [], wallMs: 0, sequentialMs: 0 })).toBe("");
  });
});

describe("renderTimelineHtml", () => {
  it("is one self-contained page with a bar per task and a band per superstep, names escaped", () => {
    const timeline = timelineOf({ supersteps, wallMs: 40, sequentialMs: 40 });
    const html = renderTimelineHtml([
      { title: "fan-out <a & b>", timeline },
      { title: "again", timeline },
    ]);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html.match(/<rect class="bar[" ]/g)).toHaveLength(8);
    expect(html.match(/<rect class="bar failed"/g)).toHaveLength(2);
    expect(html.match(/<rect class="step[" ]/g)).toHaveLength(6);
    expect(html).toContain("<h2>fan-out &#60;a &#38; b&#62;</h2>");
    expect(html).toContain("wall 40 ms vs 40 ms one node at a time (1.0× from parallelism) · 4 tasks in 3 supersteps");
    expect(html).not.toMatch(/<script|<link|src=|href=/);
  });
});
