import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { createPersistence } from "../../src/persistence/persistence.js";
import { memoisedKeys } from "../support/memo-rows.js";

// Runs against a real PostgreSQL server when DATABASE_URL is set. `.ci/run` starts a throwaway
// PostgreSQL 15 cluster on a free loopback port and sets it; locally:
//   DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db npx vitest run test/reliability/postgres.test.ts
const url = process.env.DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), "lgp-pg-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!url)("PostgreSQL persistence (DATABASE_URL)", () => {
  it("is selected by DATABASE_URL and round-trips store values", async () => {
    const persistence = await createPersistence({ env: { DATABASE_URL: url } });
    expect(persistence.kind).toBe("postgres");
    await persistence.store.put(["lgp-test"], "k", { n: 1 });
    expect((await persistence.store.get(["lgp-test"], "k"))?.value).toEqual({ n: 1 });
    await persistence.store.delete(["lgp-test"], "k");
    await persistence.close();
  });

  it("a map-reduce killed with SIGKILL resumes from Postgres in a new process: same output, memoised items not rerun", async () => {
    const thread = `pg-crash-${Date.now()}`;
    const effects = join(dir, "effects.txt");
    const lines = () => {
      try {
        return readFileSync(effects, "utf8").split("\n").filter(Boolean).map(Number);
      } catch {
        return [];
      }
    };
    const run = (mode: string) => {
      const proc = spawn(process.execPath, ["--import", "tsx", "test/fixtures/map-reduce-crash.ts", mode, url!, effects, "300", thread], { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      proc.stdout.on("data", (d: Buffer) => (stdout += d));
      return { proc, done: new Promise<{ code: number | null; signal: string | null; stdout: () => string }>((r) => proc.on("exit", (code, signal) => r({ code, signal, stdout: () => stdout }))) };
    };
    const first = run("run");
    // Wait for 60 finished items however long a loaded machine takes (no time cap).
    while (lines().length < 60 && first.proc.exitCode === null) await sleep(5);
    first.proc.kill("SIGKILL");
    expect((await first.done).signal).toBe("SIGKILL");

    const persistence = await createPersistence({ env: { DATABASE_URL: url } });
    const memo = await memoisedKeys(persistence.store, ["langgraph-parallel", "map-memo", thread]);
    await persistence.close();
    const memoised = memo.map(([, key]) => Number(key.split(":")[0]));
    expect(memoised.length).toBeGreaterThanOrEqual(30);

    const second = run("resume");
    const resumed = await second.done;
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout())).toEqual(Array.from({ length: 300 }, (_, i) => i * i));
    const counts = new Map<number, number>();
    for (const n of lines()) counts.set(n, (counts.get(n) ?? 0) + 1);
    expect(counts.size).toBe(300);
    for (const n of memoised) expect(counts.get(n), `item ${n}`).toBe(1);
  }, 180_000); // two processes on a loaded machine: a hang guard, not a speed requirement
});
