import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { END, InMemoryStore, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLauncher, LaunchFailedError } from "../../src/patterns/launch.js";
import { latch } from "../support/barrier.js";
import { stallSleepsAfter } from "../support/stall-sleeps.js";

const dir = mkdtempSync(join(tmpdir(), "lgp-launch-"));
const children: { proc: ReturnType<typeof spawn>; exited: () => boolean }[] = [];
afterAll(() => {
  for (const c of children) if (!c.exited()) c.proc.kill("SIGKILL"); // a stalled child never exits by itself
  rmSync(dir, { recursive: true, force: true });
});

describe("launch", () => {
  it("is fire-and-forget: the node returns before the work ends; the result is read later by id", async () => {
    const store = new InMemoryStore();
    let finished = 0;
    const release = latch(); // the work cannot end before the test has looked at the finished run
    const launcher = createLauncher({ store, workers: { slow: async (n: number) => (await release.wait(), ++finished, n * 2) } });
    const State = new StateSchema({ ids: z.array(z.string()).default(() => []) });
    const graph = new StateGraph(State)
      .addNode("fire", async (_s, config) => ({ ids: [await launcher.launch("slow", 21, { config })] }))
      .addEdge(START, "fire")
      .addEdge("fire", END)
      .compile();
    const { ids } = await graph.invoke({});
    expect(finished).toBe(0); // the run is over, the launch is still going
    const id = ids[0]!;
    expect(await launcher.result(id, { wait: false })).toBeUndefined();
    expect((await launcher.get(id))!.status).toMatch(/pending|running/);
    release.open();
    expect(await launcher.result(id)).toBe(42);
    expect(finished).toBe(1);
    expect(await launcher.get(id)).toMatchObject({ status: "done", attempts: 1, result: 42, worker: "slow", input: 21 });
  });

  it("result() honours its timeout even while the launch runs in this process", async () => {
    const launcher = createLauncher({ store: new InMemoryStore(), workers: { forever: () => new Promise(() => undefined) } });
    const id = await launcher.launch("forever", null, { id: "stuck" });
    await expect(launcher.result(id, { timeoutMs: 30 })).rejects.toThrow("Launch stuck did not finish within 30 ms.");
  });

  it("records the launch before starting it, and never starts the same id twice", async () => {
    const store = new InMemoryStore();
    let runs = 0;
    const launcher = createLauncher({ store, workers: { once: async () => ++runs } });
    await launcher.launch("once", null, { id: "job-1" });
    await launcher.launch("once", null, { id: "job-1" });
    await launcher.idle();
    expect(runs).toBe(1);
    expect(await launcher.recover()).toEqual([]); // nothing unfinished
  });

  it("recover() runs launches a crashed process left pending or running, once", async () => {
    const store = new InMemoryStore();
    // What a process that died mid-launch leaves behind.
    await store.put(["langgraph-parallel", "launches"], "a", { id: "a", worker: "w", input: 1, status: "running", attempts: 1 });
    await store.put(["langgraph-parallel", "launches"], "b", { id: "b", worker: "w", input: 2, status: "done", attempts: 1, result: "old" });
    const seen: number[] = [];
    const launcher = createLauncher({ store, workers: { w: async (n: number) => (seen.push(n), `ran ${n}`) } });
    expect(await launcher.recover()).toEqual(["a"]);
    await launcher.idle();
    expect(seen).toEqual([1]);
    expect(await launcher.get("a")).toMatchObject({ status: "done", attempts: 2, result: "ran 1" });
  });

  it("a failed launch reports its error when its result is read; unknown workers and ids are clear errors", async () => {
    const launcher = createLauncher({ store: new InMemoryStore(), workers: { bad: async () => Promise.reject(new Error("SMTP 550")) } });
    const id = await launcher.launch("bad", null, { id: "x" });
    await expect(launcher.result(id)).rejects.toThrow(new LaunchFailedError("Launch x failed: SMTP 550"));
    await expect(launcher.launch("nope", null, { id: "y" })).rejects.toThrow('No launch worker named "nope".');
    await expect(launcher.result("missing")).rejects.toThrow('No launch with id "missing".');
  });

  it("runs each launch exactly once across a SIGKILL and a resume in a new process", async () => {
    const db = join(dir, "launch.sqlite");
    const effectsDb = join(dir, "effects.sqlite");
    const child = (mode: string, preload: string[] = []) => {
      const imports = ["tsx", ...preload].flatMap((m) => ["--import", m]);
      const proc = spawn(process.execPath, [...imports, "test/fixtures/launch-crash.ts", mode, db, effectsDb], { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      let exited = false;
      proc.stdout.on("data", (d: Buffer) => (stdout += d));
      proc.stderr.on("data", (d: Buffer) => (stderr += d));
      const done = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        proc.on("exit", (code, signal) => {
          exited = true;
          resolve({ code, signal });
        }),
      );
      children.push({ proc, exited: () => exited });
      return { proc, done, stdout: () => stdout, stderr: () => stderr, exited: () => exited };
    };
    const readonly = <T>(file: string, query: string): T[] => {
      try {
        const sqlite = new Database(file, { readonly: true });
        try {
          return sqlite.prepare(query).all() as T[];
        } finally {
          sqlite.close();
        }
      } catch {
        return []; // not created yet
      }
    };
    const count = () => readonly<{ launch: string; n: number }>(effectsDb, "SELECT launch, COUNT(*) AS n FROM effects GROUP BY launch");
    const statuses = () =>
      Object.fromEntries(
        readonly<{ key: string; value: string }>(db, "SELECT key, value FROM store_items WHERE namespace = 'langgraph-parallel.launches'").map((r) => [
          r.key,
          (JSON.parse(r.value) as { status: string }).status,
        ]),
      );

    // The first notification to finish its work completes; the other five stall mid-work, before
    // their side effect. Kill once all six are recorded, five running and the finished one with its
    // result recorded: a kill between a side effect and its record is the documented
    // at-least-once window, which this test does not aim at.
    const first = child("run", [stallSleepsAfter(1)]);
    const stalledWithOneDone = () => {
      const rows = count();
      const status = statuses();
      const running = Object.values(status).filter((s) => s === "running").length;
      return rows.length === 1 && status[rows[0]!.launch] === "done" && Object.keys(status).length === 6 && running === 5;
    };
    while (!stalledWithOneDone()) {
      if (first.exited()) throw new Error(`the first run exited before the test could kill it: ${first.stderr()}`);
      await sleep(10); // polls until the state holds; no deadline but the test's timeout
    }
    first.proc.kill("SIGKILL");
    expect((await first.done).signal).toBe("SIGKILL");
    const before = count();
    expect(before).toHaveLength(1);
    expect(Object.values(statuses()).sort()).toEqual(["done", "running", "running", "running", "running", "running"]);

    const second = child("resume");
    expect((await second.done).code).toBe(0);
    expect(second.stderr()).toBe("recovered 5\n");
    expect(JSON.parse(second.stdout())).toEqual(["notified ada", "notified bo", "notified cyd", "notified dee", "notified eve", "notified flo"]);
    const after = count();
    expect(after).toHaveLength(6);
    for (const row of after) expect(row.n, row.launch).toBe(1);
  }, 180_000); // two processes on a loaded machine: a hang guard, not a speed requirement
});
