import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The real command line, in a child process, with no API keys in its environment.
function cli(args: string[], script = "src/cli/main.ts") {
  const env = { ...process.env };
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "TAVILY_API_KEY"]) delete env[key];
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", script, ...args], { env, cwd: process.cwd() }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe("lesson runner command line", () => {
  it("--json prints only the final states, one JSON line per graph, then the lesson's summary", async () => {
    const { code, stdout, stderr } = await cli(["1", "--latency", "0", "--json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(8);
    expect(lines[7]).toMatchObject({ lesson: 1, summary: { runs: 7, supersteps: 24, tasks: 30, calls: 1, usd: 0 } });
    expect(lines[0]).toEqual({ lesson: 1, graph: "1. Linear a → b → c → d (no reducer)", state: { state: ["I'm D"] } });
    expect(lines[2].state).toEqual({ state: ["I'm A", "I'm B", "I'm C", "I'm D"] });
  });

  it("--step without a TTY prints every superstep with what each node read and wrote and the merged state, without waiting", async () => {
    const { code, stdout } = await cli(["1", "--latency", "0", "--step"]);
    expect(code).toBe(0);
    expect(stdout).toContain("  superstep 2: b ∥ c   (2 nodes in parallel)\n");
    expect(stdout).toMatch(
      / {6}b \(\d+ ms\)\n {8}read {2}\{"state":\["I'm A"\]\}\n {8}wrote \{"state":\["I'm B"\]\}\n {6}c \(\d+ ms\)\n {8}read {2}\{"state":\["I'm A"\]\}\n {8}wrote \{"state":\["I'm C"\]\}\n {6}merged state: \{"state":\["I'm A","I'm B","I'm C"\]\}\n/,
    );
    expect(stdout).toContain("model: offline (deterministic, no simulated latency)");
  });

  it("a lesson file runs on its own with the same flags", async () => {
    const { code, stdout } = await cli(["--latency", "0", "--json"], "lessons/01_parallelization.ts");
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(8);
  });

  it("--help prints usage and the lessons to stdout, exit 0", async () => {
    const { code, stdout, stderr } = await cli(["--help"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^Usage: npm run lesson -- <number\|all\|list>/);
    expect(stdout).toContain(" 2  Map-reduce");
  });

  it("bad input prints nothing on stdout, even in --json mode", async () => {
    const { code, stdout } = await cli(["1", "--json", "--question", ""]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
  });

  it("a wide run (5 analysts, 15 parallel tasks) prints no MaxListenersExceededWarning", async () => {
    const { code, stderr, stdout } = await cli(["4", "--latency", "0", "--db", ":memory:", "--analysts", "5", "--json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.trim().split("\n").at(-2)).toContain('"finalReport"');
  });

  it("--timeline writes every graph run of the lesson as an HTML Gantt chart and draws text charts", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lgp-cli-timeline-"));
    try {
      const file = join(dir, "nested", "timeline.html");
      const { code, stdout } = await cli(["1", "--latency", "0", "--timeline", file]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/\n {2}a {2}█+\n {2}b {3,}█+\n {2}c {3,}█+\n {2}d {3,}█+\n {5}1 +2 +3 +4 {2}\(supersteps; one column ≈ [\d.]+ m?s\)\n/);
      expect(stdout).toContain(`timeline: ${file} (7 graph runs so far)`);
      const html = await readFile(file, "utf8");
      expect(html.match(/<section>/g)).toHaveLength(7);
      expect(html.match(/<rect class="bar[" ]/g)).toHaveLength(30);
      expect(html).toContain("<h2>Lesson 1 · 1. Linear a → b → c → d (no reducer)</h2>");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("lists the lessons", async () => {
    const { code, stdout } = await cli(["list"]);
    expect(code).toBe(0);
    expect(stdout).toContain(" 1  Parallelization: fan-out, fan-in and reducers\n 2  Map-reduce: Send, and mapping over long lists\n");
  });

  it.each([
    [["10"], "error: There is no lesson 10. Lessons available: 1"],
    [["one"], 'error: "one" is not a lesson number.'],
    [[], "error: Which lesson? Give a lesson number, `all` or `list`."],
    [["1", "--latency", "fast"], 'error: --latency must be a whole number of milliseconds from 0 to 60000, not "fast".'],
    [["1", "--model", "claude"], 'error: --model must be "offline" or "openai", not "claude".'],
    [["1", "--bogus"], "error: Unknown option '--bogus'."],
    [["1", "--step", "--json"], "error: --step and --json cannot be combined."],
    [["1", "--latency", "0", "--question", "  "], "error: Invalid --question: the question is empty."],
    [["2", "--latency", "0", "--topic", ""], "error: Invalid --topic: the topic is empty."],
    [["4", "--analysts", "0"], "error: Invalid --analysts: maxAnalysts must be at least 1."],
    [["4", "--analysts", "100"], "error: Invalid --analysts: maxAnalysts must be at most 10."],
    [["4", "--analysts", "two"], 'error: --analysts must be a whole number, not "two".'],
    [["4", "--topic", " "], "error: Invalid --topic: the topic is empty."],
    [["4", "--out", "/nonexistent-folder/report.md"], "error: Invalid --out: the folder /nonexistent-folder does not exist or is not writable."],
    [["5", "--question", ""], "error: Invalid --question: the question is empty."],
    [["6", "--question", " "], "error: Invalid --question: the task is empty."],
    [["7", "--question", ""], "error: Invalid --question: the question is empty."],
    [["1", "--encyclopedia", "britannica"], 'error: --encyclopedia must be "offline" or "wikipedia", not "britannica".'],
    [["1", "--model", "openai"], "OPENAI_API_KEY"],
    [["1", "--timeline", "chart.png"], 'error: --timeline takes an .html file name, not "chart.png".'],
  ])("bad input %j: one clear line on stderr, exit code 2", async (args, message) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
