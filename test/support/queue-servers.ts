/**
 * Throwaway servers for the queue tests: a `redis-server` on a free loopback port with its files
 * in a temporary folder (AOF, `appendfsync always`, no RDB snapshots), which a test can kill and
 * start again on the same port and files; and a throwaway PostgreSQL cluster as `.ci/run` starts
 * it (initdb / pg_ctl as user postgres). Each says why it cannot run, for the skip message.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { findOnPath, freePort } from "../../src/cli/local-redis.js";

export { freePort };

/** Why a local redis-server cannot be started, or undefined when it can. */
export const noRedisServer: string | undefined = findOnPath("redis-server") ? undefined : "redis-server is not on the PATH (apt-get install redis-server)";

/** A redis-server this test owns. */
export interface LocalRedis {
  url: string;
  /** Kills it (SIGKILL: the AOF with appendfsync always must hold everything). */
  kill(): Promise<void>;
  /** Starts it again on the same port and files. */
  start(): Promise<void>;
  /** Stops it and deletes its files. */
  stop(): Promise<void>;
}

async function waitForPort(port: number, up: boolean): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => (socket.destroy(), resolve(true)));
      socket.on("error", () => resolve(false));
    });
    if (open === up) return;
    await sleep(20);
  }
}

/**
 * Starts a redis-server on a free port in a temporary folder.
 *
 * @returns The server; call `stop()` in `afterAll`.
 */
export async function startRedis(): Promise<LocalRedis> {
  const dir = mkdtempSync(join(tmpdir(), "lgp-redis-"));
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const start = async () => {
    proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--logfile", join(dir, "redis.log")], { stdio: "ignore" });
    await waitForPort(port, true);
  };
  const kill = async () => {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((resolve) => p.once("exit", resolve));
    p.kill("SIGKILL");
    await exited;
    await waitForPort(port, false);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Why a throwaway PostgreSQL cannot be started here, or undefined when it can. */
export function noPostgresServer(): string | undefined {
  if (process.env.DATABASE_URL) return undefined;
  const bins = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").map((v) => `/usr/lib/postgresql/${v}/bin`) : [];
  if (!bins.some((b) => existsSync(`${b}/initdb`))) return "no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb) and no DATABASE_URL";
  if (process.getuid?.() !== 0) return "a throwaway PostgreSQL needs root (to run initdb as user postgres) when DATABASE_URL is not set";
  if (!findOnPath("runuser")) return "runuser is not on the PATH (needed to run initdb as user postgres) and DATABASE_URL is not set";
  try {
    execFileSync("id", ["postgres"], { stdio: "ignore" });
  } catch {
    return "there is no user postgres to run a throwaway cluster as, and DATABASE_URL is not set";
  }
  return undefined;
}

/** A PostgreSQL server for a test: DATABASE_URL's, or a throwaway cluster. */
export interface LocalPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set, else a throwaway cluster on a free port in a temporary folder.
 *
 * @returns The server; call `stop()` in `afterAll`.
 */
export async function startPostgres(): Promise<LocalPostgres> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  const bin = readdirSync("/usr/lib/postgresql").sort().map((v) => `/usr/lib/postgresql/${v}/bin`).filter((b) => existsSync(`${b}/initdb`)).pop() as string;
  const dir = mkdtempSync(join(tmpdir(), "lgp-pg-"));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const asPostgres = (cmd: string, args: string[]) => execFileSync("runuser", ["-u", "postgres", "--", `${bin}/${cmd}`, ...args], { stdio: "ignore" });
  asPostgres("initdb", ["-D", `${dir}/data`, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  asPostgres("pg_ctl", ["-D", `${dir}/data`, "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, "-l", `${dir}/log`, "-w", "start"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      try {
        asPostgres("pg_ctl", ["-D", `${dir}/data`, "-m", "immediate", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
