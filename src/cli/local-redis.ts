/**
 * A throwaway `redis-server` for lesson 9 when `REDIS_URL` is not set: on a free loopback port,
 * with its files in a temporary folder (no snapshots, no AOF), stopped and deleted at the end.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** A redis-server this process started. */
export interface LocalRedis {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** Stops it and deletes its folder. */
  stop(): Promise<void>;
}

/**
 * Where `binary` is on `PATH`, or undefined.
 *
 * @param binary - e.g. `"redis-server"`.
 * @param path - The search path. Default `process.env.PATH`.
 * @returns The executable's full path, or undefined.
 * @example
 * ```ts
 * findOnPath("redis-server"); // "/usr/bin/redis-server", or undefined
 * ```
 */
export function findOnPath(binary: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return join(dir, binary);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/**
 * A free loopback TCP port, for a server this process starts.
 *
 * @returns A port number the OS had free a moment ago.
 * @example
 * ```ts
 * const port = await freePort(); // e.g. 41877
 * ```
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => (socket.destroy(), resolve(true)));
    socket.on("error", () => resolve(false));
  });
}

/**
 * Starts `redis-server` on a free loopback port in a temporary folder.
 *
 * @param binary - The executable (from {@link findOnPath}).
 * @returns The running server, once it accepts connections.
 * @throws Error when it exits before it answers (its log is in the message).
 * @example
 * ```ts
 * const redis = await startLocalRedis(findOnPath("redis-server")!);
 * try { console.log(redis.url); } finally { await redis.stop(); }
 * ```
 */
export async function startLocalRedis(binary: string): Promise<LocalRedis> {
  const dir = mkdtempSync(join(tmpdir(), "lgp-lesson9-redis-"));
  const port = await freePort();
  const proc = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  proc.stdout.on("data", (d: Buffer) => (log += d));
  proc.stderr.on("data", (d: Buffer) => (log += d));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill("SIGKILL");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  while (!(await answers(port))) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      await stop();
      throw new Error(`redis-server exited before it answered on port ${port}:\n${log}`);
    }
    await sleep(20);
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}
