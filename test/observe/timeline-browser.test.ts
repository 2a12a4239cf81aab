import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { buildFanOutGraph, buildLinearGraph } from "../../src/graphs/parallelization.js";
import { traceRun } from "../../src/observe/run-trace.js";
import { renderTimelineHtml } from "../../src/observe/timeline-html.js";
import { timelineOf } from "../../src/observe/timeline.js";

// Loads a real timeline page in headless Chromium (Debian's `chromium`, which .ci/run installs)
// and reads back what the browser laid out. Without Chromium the test is skipped (and says so).
const run = promisify(execFile);
const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => existsSync(path));
if (!CHROMIUM) console.warn("timeline browser test skipped: install Debian's chromium package (apt-get install chromium).");

// Appended to the page under test only: counts the bars the browser actually drew (non-zero
// layout boxes, styled by the page's CSS), resources it tried to fetch, and script errors.
const PROBE = `<script>
  const errors = [];
  window.addEventListener("error", (event) => errors.push(String(event.message)));
  const bars = [...document.querySelectorAll("rect.bar")];
  const drawn = bars.filter((bar) => { const box = bar.getBoundingClientRect(); return box.width > 0 && box.height > 0; });
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({
    drawn: drawn.length,
    failed: document.querySelectorAll("rect.bar.failed").length,
    charts: document.querySelectorAll("svg").length,
    barFill: bars.length ? getComputedStyle(bars[0]).fill : null,
    fetched: performance.getEntriesByType("resource").length,
    errors,
  });
  document.body.append(probe);
</script>`;

const dir = await mkdtemp(join(tmpdir(), "lgp-timeline-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.skipIf(!CHROMIUM)("timeline HTML in headless Chromium", () => {
  it("loads without errors, fetches nothing, and draws one bar per task", async () => {
    const fanOut = timelineOf(await traceRun(buildFanOutGraph({ workMs: 5 }), { state: [] }));
    const linear = timelineOf(await traceRun(buildLinearGraph({ workMs: 5 }), { state: [] }));
    const html = renderTimelineHtml([
      { title: "fan-out", timeline: fanOut },
      { title: "linear", timeline: linear },
    ]);
    const page = join(dir, "timeline.html");
    await writeFile(page, html.replace("</body>", `${PROBE}\n</body>`));
    const { stdout } = await run(CHROMIUM!, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--dump-dom", `file://${page}`], {
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const probe = JSON.parse(/<pre id="probe">(.*?)<\/pre>/s.exec(stdout)![1]!.replaceAll("&quot;", '"'));
    expect(probe).toEqual({ drawn: 8, failed: 0, charts: 2, barFill: "rgb(47, 129, 247)", fetched: 0, errors: [] });
  });
});
