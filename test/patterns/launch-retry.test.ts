import { InMemoryStore } from "@langchain/langgraph";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConfigurationError } from "../../src/errors.js";
import { createLauncher, type LaunchContext, LaunchFailedError, type LaunchRecord } from "../../src/patterns/launch.js";
import { backoffDelay, resolveRetry } from "../../src/patterns/retry.js";
import { sleepWithSignal } from "../../src/patterns/sleep.js";

const NS = ["langgraph-parallel", "launches"];
// The delays the default policy waits without jitter, computed rather than named.
const policy = resolveRetry({ jitter: false });
const afterFirst = backoffDelay(1, policy);
const afterSecond = backoffDelay(2, policy);
const unavailable = (n: number) => Object.assign(new Error(`503 on attempt ${n}`), { status: 503 });

/** The fields of a record that say where a launch is. */
const where = (record: LaunchRecord | undefined) => record && { status: record.status, attempts: record.attempts, error: record.error };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("launch retries (retry option)", () => {
  it("retries a transient failure after the policy's backoff, recording each attempt; result() waits through them", async () => {
    const store = new InMemoryStore();
    const calls: number[] = [];
    const launcher = createLauncher({
      store,
      retry: { maxAttempts: 3, jitter: false },
      workers: {
        send: async (to: string, { attempt }: LaunchContext) => {
          calls.push(attempt);
          if (attempt < 3) throw unavailable(attempt);
          return `sent to ${to}`;
        },
      },
    });
    const id = await launcher.launch("send", "ada", { id: "mail" });
    const result = launcher.result(id, { timeoutMs: Infinity });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([1]);
    expect(where(await launcher.get(id))).toEqual({ status: "pending", attempts: 1, error: "503 on attempt 1" }); // between attempts
    await vi.advanceTimersByTimeAsync(afterFirst - 1);
    expect(calls).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([1, 2]);
    expect(where(await launcher.get(id))).toEqual({ status: "pending", attempts: 2, error: "503 on attempt 2" });
    await vi.advanceTimersByTimeAsync(afterSecond);
    expect(calls).toEqual([1, 2, 3]);
    expect(await result).toBe("sent to ada");
    expect(await launcher.get(id)).toEqual({ id, worker: "send", input: "ada", status: "done", attempts: 3, result: "sent to ada" });
  });

  it("after maxAttempts the launch is failed with the last error; result() says how many attempts were made", async () => {
    let n = 0;
    const launcher = createLauncher({ store: new InMemoryStore(), retry: { maxAttempts: 2, jitter: false }, workers: { send: () => Promise.reject(unavailable(++n)) } });
    const id = await launcher.launch("send", null, { id: "mail" });
    const failed = launcher.result(id, { timeoutMs: Infinity }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(afterFirst);
    expect((await failed as Error).message).toBe("Launch mail failed after 2 attempts: 503 on attempt 2");
    expect(await failed).toBeInstanceOf(LaunchFailedError);
    expect(where(await launcher.get(id))).toEqual({ status: "failed", attempts: 2, error: "503 on attempt 2" });
    expect(n).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("an error retryOn rejects fails at once; without the retry option (the default) nothing is retried", async () => {
    const bug = createLauncher({ store: new InMemoryStore(), retry: { maxAttempts: 5 }, workers: { send: () => Promise.reject(new TypeError("to is undefined")) } });
    await bug.launch("send", null, { id: "bug" });
    await bug.idle();
    expect(where(await bug.get("bug"))).toEqual({ status: "failed", attempts: 1, error: "to is undefined" });

    let calls = 0;
    const once = createLauncher({ store: new InMemoryStore(), workers: { send: () => Promise.reject(unavailable(++calls)) } });
    await once.launch("send", null, { id: "once" });
    await once.idle();
    expect(calls).toBe(1);
    await expect(once.result("once")).rejects.toThrow("Launch once failed: 503 on attempt 1");
    expect(vi.getTimerCount()).toBe(0);

    const custom = createLauncher({ store: new InMemoryStore(), retry: { maxAttempts: 2, jitter: false, retryOn: (e) => (e as Error).message === "busy" }, workers: { send: () => Promise.reject(new Error("busy")) } });
    await custom.launch("send", null, { id: "busy" });
    await vi.advanceTimersByTimeAsync(afterFirst);
    expect(where(await custom.get("busy"))).toEqual({ status: "failed", attempts: 2, error: "busy" });
  });

  it("recover() continues a launch that a crash left between attempts, counting the attempts already made", async () => {
    const store = new InMemoryStore();
    // What a process that died while waiting for attempt 2 leaves behind.
    await store.put(NS, "mail", { id: "mail", worker: "send", input: "ada", status: "pending", attempts: 1, error: "503 on attempt 1" });
    const calls: number[] = [];
    const launcher = createLauncher({
      store,
      retry: { maxAttempts: 3, jitter: false },
      workers: { send: async (_to: string, { attempt }: LaunchContext) => (calls.push(attempt), attempt === 2 ? Promise.reject(unavailable(2)) : "sent") },
    });
    expect(await launcher.recover()).toEqual(["mail"]);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([2]); // at once: the wait the crash cut off is not repeated
    expect(where(await launcher.get("mail"))).toEqual({ status: "pending", attempts: 2, error: "503 on attempt 2" });
    await vi.advanceTimersByTimeAsync(afterSecond); // the backoff of attempt 2, not of attempt 1
    expect(calls).toEqual([2, 3]);
    expect(where(await launcher.get("mail"))).toEqual({ status: "done", attempts: 3, error: undefined });
  });

  it("a crash during the last attempt still gets one more run; if it fails, no further retry", async () => {
    const store = new InMemoryStore();
    await store.put(NS, "mail", { id: "mail", worker: "send", input: null, status: "running", attempts: 2, error: "503 on attempt 1" });
    const calls: number[] = [];
    const launcher = createLauncher({ store, retry: { maxAttempts: 2 }, workers: { send: (_: unknown, { attempt }: LaunchContext) => (calls.push(attempt), Promise.reject(unavailable(attempt))) } });
    expect(await launcher.recover()).toEqual(["mail"]);
    await launcher.idle();
    expect(calls).toEqual([3]);
    expect(where(await launcher.get("mail"))).toEqual({ status: "failed", attempts: 3, error: "503 on attempt 3" });
  });

  it("an impossible retry policy is a ConfigurationError when the launcher is created", () => {
    expect(() => createLauncher({ store: new InMemoryStore(), workers: {}, retry: { maxAttempts: 0 } })).toThrow(ConfigurationError);
    expect(() => createLauncher({ store: new InMemoryStore(), workers: {}, retry: { maxAttempts: 0 } })).toThrow("retry.maxAttempts must be a whole number ≥ 1, not 0.");
  });
});

describe("shutting a launcher down (signal option)", () => {
  it("stops a backoff wait: no further attempt, the record stays pending, and the next process's recover() continues it", async () => {
    const store = new InMemoryStore();
    const shutdown = new AbortController();
    const calls: number[] = [];
    const send = async (_to: string, { attempt }: LaunchContext) => (calls.push(attempt), attempt === 1 ? Promise.reject(unavailable(1)) : "sent");
    const launcher = createLauncher({ store, retry: { maxAttempts: 3, jitter: false }, signal: shutdown.signal, workers: { send } });
    const id = await launcher.launch("send", "ada", { id: "mail" });
    const waiting = launcher.result(id, { timeoutMs: Infinity }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(afterFirst - 1);
    const reason = new Error("deploying a new version");
    shutdown.abort(reason);
    await launcher.idle();
    expect(await waiting).toBe(reason); // result() stops waiting with the signal's reason
    expect(vi.getTimerCount()).toBe(0); // the backoff timer is gone
    await vi.advanceTimersByTimeAsync(afterFirst * 10);
    expect(calls).toEqual([1]);
    expect(where(await launcher.get(id))).toEqual({ status: "pending", attempts: 1, error: "503 on attempt 1" }); // not failed
    await expect(launcher.launch("send", "bo", { id: "late" })).rejects.toBe(reason);
    expect(await launcher.get("late")).toBeUndefined(); // nothing recorded
    await expect(launcher.result(id)).rejects.toBe(reason);

    const next = createLauncher({ store, retry: { maxAttempts: 3, jitter: false }, workers: { send } });
    expect(await next.recover()).toEqual(["mail"]);
    expect(await next.result(id)).toBe("sent");
    expect(calls).toEqual([1, 2]);
    expect(where(await next.get(id))).toEqual({ status: "done", attempts: 2, error: undefined });
  });

  it("aborts the running worker's context.signal; an attempt that ends with the abort is not a failure and runs again after recover()", async () => {
    const store = new InMemoryStore();
    const shutdown = new AbortController();
    const seen: { attempt: number; aborted: boolean }[] = [];
    const render = async (pages: number, { attempt, signal }: LaunchContext) => {
      seen.push({ attempt, aborted: signal.aborted });
      await sleepWithSignal(attempt === 1 ? 60_000 : 10, signal); // the first run is cut off by the shutdown
      return pages * 2;
    };
    const launcher = createLauncher({ store, signal: shutdown.signal, workers: { render } });
    const id = await launcher.launch("render", 20, { id: "pdf" });
    await vi.advanceTimersByTimeAsync(5);
    expect(where(await launcher.get(id))).toEqual({ status: "running", attempts: 1, error: undefined });
    shutdown.abort(new Error("SIGTERM"));
    await launcher.idle();
    expect(where(await launcher.get(id))).toEqual({ status: "running", attempts: 1, error: undefined }); // as a crash leaves it
    await expect(launcher.recover()).rejects.toThrow("SIGTERM");

    const next = createLauncher({ store, workers: { render } });
    expect(await next.recover()).toEqual(["pdf"]);
    await vi.advanceTimersByTimeAsync(10);
    expect(await next.result(id)).toBe(40);
    expect(seen).toEqual([
      { attempt: 1, aborted: false },
      { attempt: 2, aborted: false },
    ]);
    expect(where(await next.get(id))).toEqual({ status: "done", attempts: 2, error: undefined });
  });
});

describe("review fixes", () => {
  it("shutting down ends a result() that waits on a launch running here, even one whose worker ignores its signal", async () => {
    const controller = new AbortController();
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const launcher = createLauncher({ store: new InMemoryStore(), signal: controller.signal, workers: { slow: async () => (await stuck, 1) } });
    const id = await launcher.launch("slow", undefined, { id: "slow-1" });
    for (const timeoutMs of [Infinity, 3_000]) {
      const waiting = launcher.result(id, { timeoutMs }).catch((e: unknown) => e);
      if (timeoutMs === Infinity) controller.abort(new Error("shutting down"));
      expect(await waiting).toEqual(new Error("shutting down"));
    }
    release();
  });

  it("honours retry.logWarning: one line before each retry", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let n = 0;
    const launcher = createLauncher({ store: new InMemoryStore(), retry: { maxAttempts: 3, jitter: false, logWarning: true }, workers: { flaky: async () => { n++; if (n < 3) throw unavailable(n); return n; } } });
    const id = await launcher.launch("flaky", undefined, { id: "flaky-1" });
    const result = launcher.result(id, { timeoutMs: Infinity });
    await vi.runAllTimersAsync();
    expect(await result).toBe(3);
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      `Retrying in ${afterFirst} ms: attempt 1 of 3 failed with Error: 503 on attempt 1`,
      `Retrying in ${afterSecond} ms: attempt 2 of 3 failed with Error: 503 on attempt 2`,
    ]);
    warn.mockRestore();
  });
});
