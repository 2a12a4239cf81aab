import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { END, InMemoryStore, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ConfigurationError } from "../../src/errors.js";
import { createLauncher, LaunchFailedError, LaunchTimeoutError } from "../../src/patterns/launch.js";
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

  describe("result() timeouts", () => {
    afterEach(() => {
      vi.useRealTimers();
    });
    /** Settles `promise` into a value read after the timers moved: when, and with what. */
    const track = (promise: Promise<unknown>) => {
      const start = Date.now();
      const state: { at?: number; value?: unknown; error?: unknown } = {};
      promise.then(
        (value) => Object.assign(state, { at: Date.now() - start, value }),
        (error: unknown) => Object.assign(state, { at: Date.now() - start, error }),
      );
      return state;
    };

    it("a launch running in this process: a LaunchTimeoutError at exactly timeoutMs; the launch keeps running and a later result() returns it", async () => {
      vi.useFakeTimers();
      const release = latch();
      const launcher = createLauncher({ store: new InMemoryStore(), workers: { slow: async (n: number) => (await release.wait(), n * 2) } });
      const id = await launcher.launch("slow", 21, { id: "stuck" });
      const first = track(launcher.result(id, { timeoutMs: 10 }));
      await vi.advanceTimersByTimeAsync(9);
      expect(first).toEqual({});
      await vi.advanceTimersByTimeAsync(1);
      expect(first.at).toBe(10);
      expect(first.error).toBeInstanceOf(LaunchTimeoutError);
      expect(first.error).not.toBeInstanceOf(LaunchFailedError);
      expect(first.error).toMatchObject({
        name: "LaunchTimeoutError",
        id: "stuck",
        timeoutMs: 10,
        message: "Launch stuck did not finish within 10 ms.",
        hint: 'It keeps running (it has not failed): call result("stuck") again, or with a larger timeoutMs.',
      });
      expect(await launcher.get(id)).toMatchObject({ status: "running", attempts: 1 }); // not failed, not cancelled

      const second = track(launcher.result(id, { timeoutMs: 1_000 }));
      await vi.advanceTimersByTimeAsync(500);
      expect(second).toEqual({});
      release.open();
      await vi.advanceTimersByTimeAsync(0);
      expect(second).toEqual({ at: 500, value: 42 });
      expect(await launcher.get(id)).toMatchObject({ status: "done", attempts: 1, result: 42 });
    });

    it("a launch running in another process: polled every 25 ms, a LaunchTimeoutError at exactly timeoutMs, then its result once that process records it", async () => {
      vi.useFakeTimers();
      const store = new InMemoryStore();
      const namespace = ["langgraph-parallel", "launches"];
      // What the process that started the launch has recorded so far.
      await store.put(namespace, "remote", { id: "remote", worker: "w", input: 1, status: "running", attempts: 1 });
      const reads = vi.spyOn(store, "get");
      const launcher = createLauncher({ store, workers: { w: () => "not run here" } }); // this process did not start it
      const timedOut = track(launcher.result("remote", { timeoutMs: 60 }));
      await vi.advanceTimersByTimeAsync(59);
      expect(timedOut).toEqual({});
      expect(reads).toHaveBeenCalledTimes(3); // at 0, 25 and 50 ms
      await vi.advanceTimersByTimeAsync(1); // the last wait stops at the deadline, not at the next 25 ms tick
      expect(reads).toHaveBeenCalledTimes(4);
      expect(timedOut.at).toBe(60);
      expect(timedOut.error).toBeInstanceOf(LaunchTimeoutError);
      expect(timedOut.error).toMatchObject({ id: "remote", timeoutMs: 60, message: "Launch remote did not finish within 60 ms." });
      expect(timedOut.error).not.toBeInstanceOf(LaunchFailedError);

      const done = track(launcher.result("remote", { timeoutMs: 1_000 }));
      await vi.advanceTimersByTimeAsync(30);
      await store.put(namespace, "remote", { id: "remote", worker: "w", input: 1, status: "done", attempts: 1, result: "sent" });
      await vi.advanceTimersByTimeAsync(19);
      expect(done).toEqual({});
      await vi.advanceTimersByTimeAsync(1); // the poll at 50 ms reads it
      expect(done).toEqual({ at: 50, value: "sent" });
    });

    it("a launch whose record says failed is a LaunchFailedError, even with timeoutMs: 0, never a LaunchTimeoutError", async () => {
      vi.useFakeTimers();
      const store = new InMemoryStore();
      await store.put(["langgraph-parallel", "launches"], "gone", { id: "gone", worker: "w", input: 1, status: "failed", attempts: 1, error: "SMTP 550" });
      const launcher = createLauncher({ store, workers: { w: () => undefined } });
      const failed = track(launcher.result("gone", { timeoutMs: 0 }));
      await vi.advanceTimersByTimeAsync(0);
      expect(failed.at).toBe(0);
      expect(failed.error).toBeInstanceOf(LaunchFailedError);
      expect(failed.error).not.toBeInstanceOf(LaunchTimeoutError);
      expect((failed.error as Error).message).toBe("Launch gone failed: SMTP 550");
    });

    it("timeoutMs: Infinity waits for a local launch without a timer; a negative or NaN timeoutMs is a ConfigurationError", async () => {
      vi.useFakeTimers();
      const release = latch();
      const launcher = createLauncher({ store: new InMemoryStore(), workers: { slow: async () => (await release.wait(), "ok") } });
      const id = await launcher.launch("slow", null, { id: "patient" });
      const result = track(launcher.result(id, { timeoutMs: Infinity }));
      await vi.advanceTimersByTimeAsync(0);
      expect(vi.getTimerCount()).toBe(0);
      release.open();
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toEqual({ at: 0, value: "ok" });
      for (const timeoutMs of [-1, Number.NaN]) {
        await expect(launcher.result(id, { timeoutMs })).rejects.toThrow(ConfigurationError);
      }
      await expect(launcher.result(id, { timeoutMs: -1 })).rejects.toThrow("timeoutMs must be a number of ms ≥ 0 (or Infinity), not -1.");
    });
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
    await expect(launcher.result(id)).rejects.toThrow("Launch x failed: SMTP 550");
    // @ts-expect-error -- an unknown worker does not compile either; this is what plain JavaScript gets
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
