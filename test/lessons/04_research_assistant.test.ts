import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import lesson, { ACADEMY_FEEDBACK } from "../../lessons/04_research_assistant.js";
import { buildResearchAssistantGraph } from "../../src/graphs/research-assistant/graph.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { createSqlitePersistence } from "../../src/persistence/sqlite-persistence.js";
import { createEncyclopediaSearch } from "../../src/tools/encyclopedia-search.js";
import { createWebSearch } from "../../src/tools/web-search.js";
import { runLessonOffline } from "./run-lesson.js";

const dir = mkdtempSync(join(tmpdir(), "lgp-research-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function child(script: string, args: string[], onLine?: (line: string, kill: () => void) => void) {
  const env = { ...process.env };
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "TAVILY_API_KEY"]) delete env[key];
  const proc = spawn(process.execPath, ["--import", "tsx", script, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  proc.stdout.on("data", (d: Buffer) => {
    for (const line of d.toString().split("\n")) if (line) onLine?.(line, () => proc.kill("SIGKILL"));
    stdout += d;
  });
  proc.stderr.on("data", (d: Buffer) => (stderr += d));
  return new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    proc.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

// Transcript lines of the interviews: "[<analyst>] <what>", by analyst, as kinds in order:
// Q1/A1… (who asked, who answered, which turn), "search" (web or encyclopedia), "section", and
// "…" for a continuation line of the message above it.
function transcript(lines: string[], indent: string) {
  const byAnalyst = new Map<string, string[]>();
  let previous: string | undefined;
  for (const line of lines) {
    const match = new RegExp(`^${indent}\\[([^\\]]+)\\] (.*)$`).exec(line);
    if (!match) {
      previous = undefined;
      continue;
    }
    const [, name, rest] = match as unknown as [string, string, string];
    const kind = /^([QA]\d+) \((analyst|expert)\): \S/.exec(rest)?.slice(1).join(" ") ??
      (/^searched the (web|encyclopedia): \S/.test(rest) ? "search" : rest === "section written" ? "section" : /^ +\S/.test(rest) ? "…" : `? ${rest}`);
    // A continuation line follows a line of the same analyst: no other interview cuts into a message.
    if (kind === "…") expect(previous, line).toBe(name);
    else byAnalyst.set(name, [...(byAnalyst.get(name) ?? []), kind]);
    previous = name;
  }
  return byAnalyst;
}

const ONE_INTERVIEW = ["Q1 analyst", "search", "search", "A1 expert", "Q2 analyst", "search", "search", "A2 expert"];

describe("lesson 4: research assistant", () => {
  it("first reviews analysts the academy's way: a breakpoint before human_feedback, updateState as human_feedback, getState().next", async () => {
    const text = await runLessonOffline(lesson, { db: ":memory:", thread: "t-academy" });
    const partA = text.slice(text.indexOf("A. Analysts only"), text.indexOf("B. One interview")).split("\n");
    const analyst = /^ {3}\d\. [^:]+: .+, .+$/;
    const shape = partA.map((l) => (analyst.test(l) ? "   <analyst>" : l)).filter((l) => l.startsWith("▸") || l.startsWith("  "));
    expect(shape).toEqual([
      "   (compile({ interruptBefore })), feedback written with updateState(…, asNode), getState().next.",
      "▸ A1. create_analysts, then stop before human_feedback",
      "  superstep 1: create_analysts",
      "  ⏸ paused at a breakpoint (interruptBefore / interruptAfter): getState(config).next says what runs on resume",
      '  getState(config).next = ["human_feedback"]; its analysts:',
      ...Array(3).fill("   <analyst>"),
      `  updateState(config, { humanAnalystFeedback: ${JSON.stringify(ACADEMY_FEEDBACK)} }, "human_feedback")`,
      '  getState(config).next = ["create_analysts"]',
      "▸ A2. Resume with null: create_analysts again, reading the feedback",
      // Superstep 2 was the update, written as if human_feedback had run.
      "  superstep 3: create_analysts",
      "  ⏸ paused at a breakpoint (interruptBefore / interruptAfter): getState(config).next says what runs on resume",
      '  getState(config).next = ["human_feedback"]; its analysts:',
      ...Array(3).fill("   <analyst>"),
      '  updateState(config, { humanAnalystFeedback: "" }, "human_feedback")',
      "  getState(config).next = []",
    ]);
    // Then the full graph reviews with interrupt(): its own round 1, on the lesson's thread.
    expect(text.indexOf("thread: t-academy in :memory:")).toBeGreaterThan(text.indexOf("C. The whole research assistant"));
    expect(text).toContain("  Analysts (review round 1):\n");
  });

  it("then runs one interview on its own, for the first approved analyst, and prints its section", async () => {
    const text = await runLessonOffline(lesson, { db: ":memory:", thread: "t-one", analysts: 2 });
    const approved = text.slice(text.indexOf("▸ A2."), text.indexOf("B. One interview"));
    const first = /\n {3}1\. ([^:]+):/.exec(approved)![1]!;
    const partB = text.slice(text.indexOf("B. One interview"), text.indexOf("C. The whole research assistant"));
    expect(partB).toContain(`▸ B. Interview of ${first}\n`);
    const lines = partB.split("\n");
    expect(lines.filter((l) => /^ {2}superstep/.test(l))).toEqual([
      "  superstep 1: ask_question",
      "  superstep 2: search_encyclopedia ∥ search_web   (2 nodes in parallel)",
      "  superstep 3: answer_question",
      "  superstep 4: ask_question",
      "  superstep 5: search_encyclopedia ∥ search_web   (2 nodes in parallel)",
      "  superstep 6: answer_question",
      "  superstep 7: save_interview",
      "  superstep 8: write_section",
    ]);
    // Each turn's lines sit under the superstep that produced them.
    const underStep = (step: number) => lines.slice(lines.findIndex((l) => l.startsWith(`  superstep ${step}:`)) + 1).find((l) => l.startsWith("      ["));
    expect(underStep(1)).toMatch(new RegExp(`^ {6}\\[${first}\\] Q1 \\(analyst\\): `));
    expect(underStep(3)).toMatch(new RegExp(`^ {6}\\[${first}\\] A1 \\(expert\\): `));
    expect([...transcript(lines, " {6}")]).toEqual([[first, ONE_INTERVIEW]]);
    expect(partB).toContain('  final state: {"sections":1}\n');
    // The section's title is topical (the topic, the analyst's angle), as in the academy: no name.
    expect(partB).toMatch(/\n {2}│ ## Adopting LangGraph: [a-z][^(\n]+\n/);
    expect(partB).not.toMatch(new RegExp(`\n {2}│ #+ .*${first}`));
    expect(partB).toMatch(/\n {2}│ ### Sources\n/);
  });

  it("streams every parallel interview's questions and answers, each line prefixed with its analyst, in turn order", async () => {
    const text = await runLessonOffline(lesson, { db: ":memory:", thread: "t-stream" });
    const review = text.slice(text.indexOf("Analysts (review round 1):"));
    const names = [...review.matchAll(/\n {3}\d\. ([^:]+):/g)].slice(0, 3).map((m) => m[1]!);
    const partC = text.slice(text.indexOf("▸ 2. Approved")).split("\n");
    const byAnalyst = transcript(partC, " {4}");
    expect([...byAnalyst.keys()].sort()).toEqual([...names].sort());
    for (const name of names) expect(byAnalyst.get(name), name).toEqual([...ONE_INTERVIEW, "section"]);
    // All of it happens inside superstep 3, the interviews' superstep, printed once they end.
    const interviews = partC.findIndex((l) => l.startsWith("  superstep 3: conduct_interview ∥"));
    expect(partC.slice(interviews).some((l) => /^ {4}\[/.test(l))).toBe(false);
    // Three interviews at once: their first questions come before anyone's first answer.
    const kinds = partC.filter((l) => /^ {4}\[[^\]]+\] [QA]1 /.test(l)).map((l) => /\] ([QA])1 /.exec(l)![1]);
    expect(kinds).toEqual(["Q", "Q", "Q", "A", "A", "A"]);
  });


  it("reviews the analysts (feedback from --feedback, then approval), interviews them and prints the report", async () => {
    const text = await runLessonOffline(lesson, { db: ":memory:", thread: "t-lesson", feedback: ["Add a startup founder who cares about shipping fast"] });
    expect(text).toContain("thread: t-lesson in :memory:\n");
    expect(text).toContain("  Analysts (review round 1):\n");
    expect(text).toContain('▸ 2. Regenerate the analysts with feedback "Add a startup founder who cares about shipping fast"\n');
    expect(text).toMatch(/ {2}Analysts \(review round 2\):\n {3}1\. [A-Z][a-z]+ [A-Z][a-z]+: Startup Founder/);
    expect(text).toContain("  No more --feedback: approving the analysts.\n");
    expect(text).toContain("  superstep 5: conduct_interview ∥ conduct_interview ∥ conduct_interview   (3 nodes in parallel)\n");
    expect(text.match(/ {4}\[[^\]]+\] section written\n/g)).toHaveLength(3);
    expect(text).toContain("  │ ## Sources\n");
    // The report's shape: Introduction, Insights with one topical section per analyst (no names), Conclusion, one Sources list.
    const report = text.slice(text.lastIndexOf("  │ # "));
    const headings = report.split("\n").filter((l) => l.startsWith("  │ #")).map((l) => l.slice(4));
    expect(headings).toHaveLength(8);
    expect(headings.slice(0, 3)).toEqual(["# The benefits of adopting LangGraph as an agent framework", "## Introduction", "## Insights"]);
    expect(headings.slice(3, 6).every((h) => /^### Adopting LangGraph: [a-z][^()]+$/.test(h))).toBe(true);
    expect(headings.slice(6)).toEqual(["## Conclusion", "## Sources"]);
  });

  it("asks for feedback at the prompt on a terminal: feedback regenerates, Enter approves", async () => {
    const run = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const proc = spawn("python3", ["test/fixtures/tty-review.py", process.execPath, "--import", "tsx", "src/cli/main.ts", "4", "--db", ":memory:", "--latency", "0", "--analysts", "2"]);
      let stdout = "";
      proc.stdout.on("data", (d: Buffer) => (stdout += d));
      proc.on("exit", (code) => resolve({ code, stdout }));
    });
    expect(run.code).toBe(0);
    // Drop the terminal's control sequences (cursor moves from readline) and carriage returns.
    const text = run.stdout.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g"), "").replace(/\r/g, "");
    expect(text).toContain("Feedback on the analysts (Enter to approve): Add a security researcher");
    expect(text).toContain('▸ 2. Regenerate the analysts with feedback "Add a security researcher"');
    expect(text).toMatch(/Analysts \(review round 2\):\n+ {3}1\. [A-Z][a-z]+ [A-Z][a-z]+: Security Researcher/);
    expect(text).toContain("▸ 3. Approved: interviews in parallel, then the report");
    expect(text).toContain("superstep 5: conduct_interview ∥ conduct_interview   (2 nodes in parallel)");
  });

  it("writes the report with --out", async () => {
    const out = join(dir, "report.md");
    await runLessonOffline(lesson, { db: ":memory:", out });
    const report = readFileSync(out, "utf8");
    expect(report.startsWith("# The benefits of adopting LangGraph as an agent framework\n")).toBe(true);
    expect(report).toContain("## Conclusion");
  });

  it("resumes a thread paused at the review in a fresh process, through the SQLite checkpointer", async () => {
    const db = join(dir, "paused.sqlite");
    const started = await child("test/fixtures/research-start.ts", [db, "paused-thread"]);
    expect(started.code).toBe(0);
    const review = JSON.parse(started.stdout) as { analysts: { name: string }[] };
    expect(review.analysts).toHaveLength(3);

    const resumed = await child("src/cli/main.ts", ["4", "--latency", "0", "--db", db, "--thread", "paused-thread"]);
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain("Thread paused-thread is waiting for the analyst review: continuing it.");
    for (const analyst of review.analysts) expect(resumed.stdout).toContain(`[${analyst.name}] section written`);
    expect(resumed.stdout).toContain("  │ ## Sources");
  });

  it("a run killed during the interviews resumes without repeating the interviews that had finished", async () => {
    const db = join(dir, "killed.sqlite");
    const thread = "killed-thread";
    // Default offline latency (100–400 ms per call) so the interviews finish at different times.
    // Kill shortly after the first interview reports its section, while the others still run.
    let armed = false;
    const first = await child("src/cli/main.ts", ["4", "--db", db, "--thread", thread], (line, kill) => {
      if (line.includes("section written") && !armed) {
        armed = true;
        setTimeout(kill, 60);
      }
    });
    expect(first.signal).toBe("SIGKILL");

    // What the checkpoint says had finished when the process died.
    const persistence = createSqlitePersistence({ path: db });
    const graph = buildResearchAssistantGraph({
      model: new OfflineChatModel({ latencyMs: 0 }),
      webSearch: createWebSearch(),
      encyclopediaSearch: createEncyclopediaSearch(),
      checkpointer: persistence.checkpointer,
    });
    const state = await graph.getState({ configurable: { thread_id: thread } });
    persistence.close();
    const interviews = state.tasks.filter((t) => t.name === "conduct_interview");
    expect(interviews).toHaveLength(3);
    // A Send task's path is ["__pregel_push", <index of its Send>, …]: the analyst it interviews.
    const analystOf = (t: (typeof interviews)[number]) => (state.values.analysts as { name: string }[])[Number(t.path?.[1])]!.name;
    expect(interviews.map((t) => t.path?.[0])).toEqual(["__pregel_push", "__pregel_push", "__pregel_push"]);
    const finished = interviews.filter((t) => t.result !== undefined).map(analystOf);
    const unfinished = interviews.filter((t) => t.result === undefined).map(analystOf);
    expect(finished.length).toBeGreaterThanOrEqual(1);

    const resumed = await child("src/cli/main.ts", ["4", "--latency", "0", "--db", db, "--thread", thread]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`Thread ${thread} stopped while running (conduct_interview|write_\\w+).*: resuming where it left off\\.`));
    for (const name of finished) expect(resumed.stdout, name).not.toContain(`[${name}]`);
    // An unfinished interview runs again from its own sub-graph checkpoint: one the kill caught after
    // its sub-graph had saved its section, but before the parent recorded the task, has nothing left
    // to print. Whichever it was, every section is in the report, and at least one interview ran again.
    if (unfinished.length > 0) expect(unfinished.some((name) => resumed.stdout.includes(`[${name}] section written`)), unfinished.join(", ")).toBe(true);
    const sections = resumed.stdout.match(/ {2}│ ### .+/g) ?? [];
    expect(sections).toHaveLength(3);
  });
});
