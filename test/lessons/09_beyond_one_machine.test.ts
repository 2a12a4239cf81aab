import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import lesson from "../../lessons/09_beyond_one_machine.js";
import { findOnPath } from "../../src/cli/local-redis.js";
import { runLessonOffline } from "./run-lesson.js";

// The real path starts a redis-server of the lesson's own (or uses REDIS_URL) and three worker
// processes, one of them killed with SIGKILL mid-run; the assertions are about what the lesson
// printed (counts, the same digest, the killed worker's passages run again), never about times.
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const noRedis = !process.env.REDIS_URL && !findOnPath("redis-server") ? "redis-server is not on the PATH and REDIS_URL is not set" : undefined;
if (noRedis) console.warn(`[lesson 9's queue run skipped] ${noRedis} (apt-get install redis-server)`);

describe("lesson 9: beyond one machine", () => {
  it.skipIf(noRedis)("runs the digest in-process, on two queue workers, and with a worker killed mid-run: nothing lost, the same digest", async () => {
    const text = await runLessonOffline(lesson);
    expect(text).toContain("126 passages of the offline corpus, each summarised by one offline model call of 20 ms.");
    expect(text).toContain("▸ 1. In this process: 8 passages at a time");
    expect(text.match(/ {2}final state: \{"digest":"28 documents, 126 summaries","failed":\[\]\}/g)).toHaveLength(3);
    expect(text.match(/ {2}same digest as in this process: yes\n/g)).toHaveLength(1);

    // Part 2: the two workers between them ran every passage once.
    const part2 = text.slice(text.indexOf("▸ 2."), text.indexOf("worker-c joins"));
    const two = /ran: worker-a (\d+), worker-b (\d+) passages/.exec(part2);
    expect(two).not.toBeNull();
    expect(Number(two![1]) + Number(two![2])).toBe(126);

    // Part 3: worker-c was killed holding passages; each ran again on another worker, and only those ran twice.
    const part3 = text.slice(text.indexOf("▸ 3."));
    const ran = [...(/ran: (.*) passages/.exec(part3)![1]!.matchAll(/(worker-[abc]) (\d+)/g))].map((m) => Number(m[2]));
    expect(ran.reduce((a, b) => a + b, 0)).toBe(126);
    const held = /worker-c started (\d+) passages and finished (\d+) before it was killed; it held (\d+):/.exec(part3);
    expect(held).not.toBeNull();
    const [started, finished, holding] = held!.slice(1).map(Number) as [number, number, number];
    expect(holding).toBeGreaterThanOrEqual(1);
    expect(started).toBe(finished + holding);
    const rerun = [...part3.matchAll(/^ {4}(\S+): run again by (worker-a|worker-b)$/gm)].map((m) => m[1]);
    expect(rerun).toHaveLength(holding);
    expect(part3).toContain("  nothing lost: 126 of 126 passages summarised, 0 failed; same digest as in this process: yes\n");
    const twice = /passages run twice \(at least once, not exactly once\): (.*); side effects recorded twice: (.*)\n/.exec(part3);
    // Every passage worker-c held ran twice (another could too, if a loaded machine delayed a lock renewal).
    expect(twice![1]!.split(", ")).toEqual(expect.arrayContaining(rerun));
    expect(text).toContain("Try next:");
  }, 240_000);

  it("without Redis it says what to install and exits 0", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: "/nonexistent-lgp-path" };
    delete env.REDIS_URL;
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, ["--import", "tsx", "lessons/09_beyond_one_machine.ts", "--latency", "0"], { cwd: ROOT, env }, (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout })),
    );
    expect(code).toBe(0);
    expect(stdout).toContain("This lesson needs a Redis server, and there is none here: REDIS_URL is not set and redis-server is");
    expect(stdout).toContain("  apt-get install redis-server");
    expect(stdout).toContain("  REDIS_URL=redis://127.0.0.1:6379 npm run lesson -- 9");
    expect(stdout).toContain("Lesson 9 is skipped; nothing failed.");
    expect(stdout).not.toContain("▸ 1.");
  }, 120_000);
});
