import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { memoisedIndexes } from "../support/memo-rows.js";
import { stallSleepsAfter } from "../support/stall-sleeps.js";

const dir = mkdtempSync(join(tmpdir(), "lgp-crash-"));
const children: { proc: ReturnType<typeof spawn>; exited: () => boolean }[] = [];
afterAll(() => {
  for (const c of children) if (!c.exited()) c.proc.kill("SIGKILL"); // a stalled child never exits by itself
  rmSync(dir, { recursive: true, force: true });
});

function child(args: string[], preload: string[] = []) {
  const imports = ["tsx", ...preload].flatMap((m) => ["--import", m]);
  const proc = spawn(process.execPath, [...imports, "test/fixtures/map-reduce-crash.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  proc.stdout.on("data", (d) => (stdout += d));
  proc.stderr.on("data", (d) => (stderr += d));
  let exited = false;
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on("exit", (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  const handle = { proc, done, out: () => stdout, err: () => stderr, exited: () => exited };
  children.push(handle);
  return handle;
}

// Polls until `condition` holds (no deadline: the test's timeout is the only bound), failing at
// once if the child exits first.
async function waitUntil(condition: () => boolean, running: ReturnType<typeof child>) {
  while (!condition()) {
    if (running.exited()) throw new Error(`the child exited before the test could kill it: ${running.err()}`);
    await sleep(10);
  }
}

const effectsOf = (file: string) => {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
};

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe("mapReduce crash and resume (SQLite, SIGKILL)", () => {
  it("a run killed mid-map resumes with the same output and repeats no item that had finished", async () => {
    const db = join(dir, "crash.sqlite");
    const effects = join(dir, "effects.txt");
    // 40 items finish; the next ones (one per lane) stall mid-work, before their side effects.
    // Kill once those 40 are in the memo.
    const first = child(["run", db, effects], [stallSleepsAfter(40)]);
    await waitUntil(() => effectsOf(effects).length === 40 && memoisedIndexes(db).length === 40, first);
    first.proc.kill("SIGKILL");
    expect((await first.done).signal).toBe("SIGKILL");
    const beforeResume = effectsOf(effects);
    const memoised = memoisedIndexes(db);
    expect(new Set(beforeResume).size).toBe(40);
    expect(sorted(memoised)).toEqual(sorted(beforeResume));

    const second = child(["resume", db, effects]);
    const { code } = await second.done;
    expect(second.err()).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(second.out())).toEqual(Array.from({ length: 200 }, (_, i) => i * i));

    // Every item's side effect happened exactly once: the 40 memoised items were not run again,
    // and the items that were mid-work at the kill had not reached their side effect.
    const counts = new Map<number, number>();
    for (const n of effectsOf(effects)) counts.set(n, (counts.get(n) ?? 0) + 1);
    expect(Array.from({ length: 200 }, (_, i) => counts.get(i) ?? 0)).toEqual(Array.from({ length: 200 }, () => 1));
  }, 180_000); // two processes on a loaded machine: a hang guard, not a speed requirement
});
