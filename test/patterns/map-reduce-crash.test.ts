import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "lgp-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function child(args: string[]) {
  const proc = spawn(process.execPath, ["--import", "tsx", "test/fixtures/map-reduce-crash.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  proc.stdout.on("data", (d) => (stdout += d));
  proc.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { proc, done, out: () => stdout, err: () => stderr };
}

const effectsOf = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map(Number);

describe("mapReduce crash and resume (SQLite, SIGKILL)", () => {
  it("a run killed mid-map resumes with the same output and repeats no item that had finished", async () => {
    const db = join(dir, "crash.sqlite");
    const effects = join(dir, "effects.txt");
    const first = child(["run", db, effects]);
    // Kill it once at least 40 items have finished (their side effects are on disk).
    for (let i = 0; i < 600; i++) {
      await sleep(10);
      const count = (() => {
        try {
          return effectsOf(effects).length;
        } catch {
          return 0;
        }
      })();
      if (count >= 40) break;
    }
    first.proc.kill("SIGKILL");
    expect((await first.done).signal).toBe("SIGKILL");
    const beforeResume = effectsOf(effects);
    expect(beforeResume.length).toBeGreaterThanOrEqual(40);
    expect(beforeResume.length).toBeLessThan(200);

    // Items whose results reached the store's memo before the kill.
    const sqlite = new Database(db, { readonly: true });
    const memoKeys = sqlite
      .prepare("SELECT key FROM store_items WHERE namespace LIKE 'langgraph-parallel.map-memo.%'")
      .all() as { key: string }[];
    sqlite.close();
    const memoised = memoKeys.map((r) => Number(r.key.split(":")[0]));
    expect(memoised.length).toBeGreaterThanOrEqual(30);

    const second = child(["resume", db, effects]);
    const { code } = await second.done;
    expect(second.err()).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(second.out())).toEqual(Array.from({ length: 200 }, (_, i) => i * i));

    const counts = new Map<number, number>();
    for (const n of effectsOf(effects)) counts.set(n, (counts.get(n) ?? 0) + 1);
    for (let i = 0; i < 200; i++) expect(counts.get(i), `item ${i}`).toBeGreaterThanOrEqual(1);
    for (const i of memoised) expect(counts.get(i), `memoised item ${i}`).toBe(1);
    // At most the items in flight at the kill (concurrency 4) ran twice.
    expect([...counts.values()].filter((c) => c > 1).length).toBeLessThanOrEqual(4);
  });
});
