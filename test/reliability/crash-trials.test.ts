import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { createSeededRandom } from "../../src/models/seeded-random.js";
import { memoisedIndexes } from "../support/memo-rows.js";

// Ten kills at seeded-random moments: seven during a 1,000-item map-reduce, three during the
// research assistant's interviews. Each resume must give the uninterrupted output and repeat no
// finished work.
const dir = mkdtempSync(join(tmpdir(), "lgp-trials-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const random = createSeededRandom(20261121);
// Each trial starts two processes; on a loaded 2-core machine the seven take ~40 s. A hang guard,
// not a speed requirement.
const TRIALS_TIMEOUT_MS = 300_000;

function child(args: string[], onLine?: (line: string, kill: () => void) => void) {
  const env = { ...process.env };
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "TAVILY_API_KEY"]) delete env[key];
  const proc = spawn(process.execPath, ["--import", "tsx", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  proc.stdout.on("data", (d: Buffer) => {
    stdout += d;
    for (const line of d.toString().split("\n")) if (line) onLine?.(line, () => proc.kill("SIGKILL"));
  });
  return { proc, done: new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal, stdout }))) };
}

const lines = (file: string) => {
  try {
    return readFileSync(file, "utf8").split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

describe("crash and resume trials (SIGKILL at random points)", () => {
  it("map-reduce of 1,000 items: 7 kills, each resume identical, memoised items never rerun", async () => {
    const expected = Array.from({ length: 1000 }, (_, i) => i * i);
    for (let trial = 0; trial < 7; trial++) {
      const db = join(dir, `mr-${trial}.sqlite`);
      const effects = join(dir, `mr-${trial}.txt`);
      const killAt = 20 + random.int(0, 700); // finished items before the kill
      const first = child(["test/fixtures/map-reduce-crash.ts", "run", db, effects, "1000"]);
      // Wait for the kill point however long a loaded machine takes to get there (no time cap).
      while (lines(effects).length < killAt && first.proc.exitCode === null) await sleep(5);
      first.proc.kill("SIGKILL");
      await first.done;
      const memoised = memoisedIndexes(db);
      const resumed = await child(["test/fixtures/map-reduce-crash.ts", "resume", db, effects, "1000"]).done;
      expect(resumed.code, `trial ${trial}`).toBe(0);
      expect(JSON.parse(resumed.stdout), `trial ${trial}`).toEqual(expected);
      const counts = new Map<number, number>();
      for (const n of lines(effects)) counts.set(n, (counts.get(n) ?? 0) + 1);
      expect(counts.size, `trial ${trial}`).toBe(1000);
      for (const n of memoised) expect(counts.get(n), `trial ${trial}, item ${n}`).toBe(1);
    }
  }, TRIALS_TIMEOUT_MS);

  it("research assistant: 3 kills during the interviews, each resume finishes with one section per analyst and no finished interview repeated", async () => {
    let kills = 0;
    for (let trial = 0; trial < 3; trial++) {
      const db = join(dir, `ra-${trial}.sqlite`);
      const thread = `trial-${trial}`;
      const afterSections = 1 + random.int(0, 1);
      let sections = 0;
      const finishedBeforeKill: string[] = [];
      const first = child(["src/cli/main.ts", "4", "--db", db, "--thread", thread], (line, kill) => {
        const done = /\[(.+)\] section written/.exec(line);
        if (done) {
          finishedBeforeKill.push(done[1]!);
          if (++sections === afterSections) setTimeout(kill, 40 + random.int(0, 80));
        }
      });
      const killed = await first.done;
      if (killed.signal !== "SIGKILL") continue; // finished before the kill landed: nothing to resume
      kills++;
      const resumed = await child(["src/cli/main.ts", "4", "--latency", "0", "--db", db, "--thread", thread]).done;
      expect(resumed.code, `trial ${trial}`).toBe(0);
      expect(resumed.stdout.match(/ {2}│ ### .+/g), `trial ${trial}`).toHaveLength(3);
      // An interview whose section was written and saved before the kill does not start again.
      const restarted = [...resumed.stdout.matchAll(/\[(.+)\] turn 1: asking/g)].map((m) => m[1]);
      for (const name of restarted) expect(finishedBeforeKill.slice(0, afterSections - 1), `trial ${trial}`).not.toContain(name);
    }
    expect(kills).toBeGreaterThanOrEqual(2);
  }, TRIALS_TIMEOUT_MS);
});
