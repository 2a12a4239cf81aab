// Damaged, incomplete and busy SQLite files: the damage is found (at open, or at the first read
// or write that meets it), reported as one DatabaseDamagedError naming the file, and nothing is
// written to the file afterwards. A lock held by another process is waited for within the busy
// timeout, then reported as one DatabaseBusyError, with nothing half-written.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { DatabaseBusyError, DatabaseDamagedError } from "../../src/errors.js";
import { walHeaderProblem } from "../../src/persistence/check-sqlite-file.js";
import { GuardedSqliteSaver } from "../../src/persistence/guarded-sqlite-saver.js";
import { createSqlitePersistence, type SqlitePersistence, type SqlitePersistenceOptions } from "../../src/persistence/sqlite-persistence.js";

const dir = mkdtempSync(join(tmpdir(), "lgp-damaged-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opened: SqlitePersistence[] = [];
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});
let files = 0;
const newPath = (name: string) => join(dir, `${++files}-${name}.sqlite`);

function open(path: string, options: Omit<SqlitePersistenceOptions, "path"> = {}): SqlitePersistence {
  const p = createSqlitePersistence({ path, ...options });
  opened.push(p);
  return p;
}

/** sha256 of a file, or "missing". */
function hash(path: string): string {
  return existsSync(path) ? createHash("sha256").update(readFileSync(path)).digest("hex") : "missing";
}

/** The database file and its side files that exist. */
function filesOf(path: string): string[] {
  return ["", "-wal", "-shm"].filter((suffix) => existsSync(path + suffix)).map((suffix) => path + suffix);
}

/** Two parallel nodes count their visits in the store and append them to state. */
function visitGraph({ checkpointer, store }: SqlitePersistence) {
  const State = Annotation.Root({ visits: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }) });
  const visit = (name: string) => async (_state: unknown, config: LangGraphRunnableConfig) => {
    const previous = await config.store?.get(["visits"], name);
    const count = ((previous?.value.count as number | undefined) ?? 0) + 1;
    await config.store?.put(["visits"], name, { count });
    return { visits: [`${name}${count}`] };
  };
  return new StateGraph(State)
    .addNode("a", visit("a"))
    .addNode("b", visit("b"))
    .addEdge(START, "a")
    .addEdge(START, "b")
    .addEdge("a", END)
    .addEdge("b", END)
    .compile({ checkpointer, store });
}
const thread = { configurable: { thread_id: "t1" } };

/** A closed database file holding thread t1 after `runs` runs of the visit graph. */
async function threadFile(name: string, runs = 2): Promise<string> {
  const path = newPath(name);
  const p = createSqlitePersistence({ path });
  for (let i = 0; i < runs; i++) await visitGraph(p).invoke({}, thread);
  p.close();
  expect(filesOf(path)).toEqual([path]); // a clean close leaves no -wal
  return path;
}

/** Overwrites `bytes` bytes at `offset` with zeros. */
function zero(path: string, offset: number, bytes: number): void {
  const fd = openSync(path, "r+");
  try {
    writeSync(fd, Buffer.alloc(bytes), 0, bytes, offset);
  } finally {
    closeSync(fd);
  }
}

/** The (single, in these small files) page of a table, read on a read-only connection. */
function pageOf(path: string, table: string): { page: number; pageSize: number } {
  const db = new Database(path, { readonly: true });
  try {
    const page = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = ?").pluck().get(table) as number;
    return { page, pageSize: db.pragma("page_size", { simple: true }) as number };
  } finally {
    db.close();
  }
}

/** Zeroes the page of a table in a cleanly closed file. */
function zeroTablePage(path: string, table: string): void {
  const { page, pageSize } = pageOf(path, table);
  // The read-only connection leaves an empty -wal and a -shm; nothing else has the file open.
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  zero(path, (page - 1) * pageSize, pageSize);
}

/** What `work` throws (it must throw). */
async function failure(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

const MAIN_HINT = 'Move it aside and keep it (the sqlite3 shell\'s ".recover" may rescue its data); start the thread again in a new file (lessons: --db <new file>), or restore a backup copy.';

describe("a damaged database file, found when it is opened", () => {
  it("truncated to half: one DatabaseDamagedError naming the file, exit code 2, the file untouched", async () => {
    const path = await threadFile("truncated");
    truncateSync(path, statSync(path).size / 2);
    const before = hash(path);
    const error = await failure(() => open(path));
    expect(error).toBeInstanceOf(DatabaseDamagedError);
    const damaged = error as DatabaseDamagedError;
    expect(damaged.message).toBe(`The SQLite database "${path}" is damaged: database disk image is malformed (SQLITE_CORRUPT).`);
    expect(damaged.hint).toBe(MAIN_HINT);
    expect([damaged.path, damaged.file, damaged.exitCode]).toEqual([path, path, 2]);
    expect(hash(path)).toBe(before);
    expect(filesOf(path)).toEqual([path]);
  });

  it("8 KiB zeroed in the middle: PRAGMA quick_check finds it before anything is written", async () => {
    const path = await threadFile("zeroed");
    const size = statSync(path).size;
    zero(path, Math.floor(size / 2 / 4096) * 4096, 8192);
    const before = hash(path);
    const error = await failure(() => open(path));
    expect(error).toBeInstanceOf(DatabaseDamagedError);
    // Pages 5 and 6 of 9: the store_namespaces index and the checkpoints table.
    expect((error as Error).message).toBe(`The SQLite database "${path}" is damaged: PRAGMA quick_check found "Tree 5 page 5: btreeInitPage() returns error code 11".`);
    expect(hash(path)).toBe(before);
    expect(filesOf(path)).toEqual([path]);
  });

  it("a file whose header is not SQLite's (SQLITE_NOTADB) is the same error", async () => {
    const path = newPath("notadb");
    writeFileSync(path, "x".repeat(4096));
    const error = await failure(() => open(path));
    expect(error).toBeInstanceOf(DatabaseDamagedError);
    expect((error as Error).message).toBe(`The SQLite database "${path}" is damaged: file is not a database (SQLITE_NOTADB).`);
    expect(readFileSync(path, "utf8")).toBe("x".repeat(4096));
  });
});

describe("damage met later, inside a graph run (files above quickCheckMaxBytes skip the open-time check)", () => {
  it("the checkpointer's first read: DatabaseDamagedError naming the file; later calls fail the same way; the file untouched", async () => {
    const path = await threadFile("checkpoints-page");
    zeroTablePage(path, "checkpoints");
    const before = hash(path);
    const p = open(path, { quickCheckMaxBytes: statSync(path).size - 1 });
    const error = await failure(() => visitGraph(p).invoke({}, thread));
    expect(error).toBeInstanceOf(DatabaseDamagedError);
    expect((error as Error).message).toBe(`The SQLite database "${path}" is damaged: database disk image is malformed (SQLITE_CORRUPT).`);
    // The connection is known to be damaged: the store refuses too, without running SQL.
    await expect(p.store.put(["visits"], "z", { count: 1 })).rejects.toBe(error);
    await expect(p.checkpointer.getTuple(thread)).rejects.toBe(error);
    p.close();
    expect(hash(path)).toBe(before);
    expect(filesOf(path)).toEqual([path]);
  });

  it("parallel nodes reading a damaged store page: one error for the run (both tasks report the same one), nothing written after it", async () => {
    const path = await threadFile("store-page");
    zeroTablePage(path, "store_items");
    const p = open(path, { quickCheckMaxBytes: 0 });
    const error = await failure(() => visitGraph(p).invoke({}, thread));
    expect(error).toBeInstanceOf(DatabaseDamagedError);
    expect((error as DatabaseDamagedError).path).toBe(path);
    // Before the nodes ran, LangGraph saved the run's input checkpoint (the file was not known to
    // be damaged then). From the error on, nothing reaches the file.
    const after = filesOf(path).map(hash);
    await expect(visitGraph(p).invoke({}, { configurable: { thread_id: "t2" } })).rejects.toBe(error);
    await expect(p.store.batch([{ namespace: ["visits"], key: "a", value: { count: 9 } }])).rejects.toBe(error);
    expect(filesOf(path).map(hash)).toEqual(after);
  });
});

describe("GuardedSqliteSaver and the open options", () => {
  it("is a SqliteSaver whose list() and deleteThread() report damage the same way; fromConnString checks the file", async () => {
    const path = await threadFile("saver");
    const saver = GuardedSqliteSaver.fromConnString(path);
    expect(saver).toBeInstanceOf(SqliteSaver);
    const listed = [];
    for await (const tuple of saver.list(thread)) listed.push(tuple.checkpoint.id);
    expect(listed.length).toBeGreaterThan(2);
    saver.db.close();

    zeroTablePage(path, "checkpoints");
    expect(() => GuardedSqliteSaver.fromConnString(path)).toThrow(DatabaseDamagedError);
    const unchecked = new GuardedSqliteSaver(new Database(path));
    try {
      const error = await failure(async () => {
        for await (const tuple of unchecked.list(thread)) void tuple;
      });
      expect(error).toBeInstanceOf(DatabaseDamagedError);
      await expect(unchecked.deleteThread("t1")).rejects.toBe(error);
    } finally {
      unchecked.db.close();
    }
  });

  it("quickCheckMaxBytes must be a number of bytes ≥ 0", () => {
    expect(() => createSqlitePersistence({ path: newPath("limit"), quickCheckMaxBytes: -1 })).toThrow(
      "quickCheckMaxBytes must be a number of bytes ≥ 0, not -1.",
    );
  });
});

describe("the write-ahead log (-wal)", () => {
  /**
   * A crash image: thread t1 after two runs, the first copied into the main file, the second only
   * in the -wal (the files are copied while the connection is open, as a SIGKILL leaves them).
   */
  async function crashImage(name: string): Promise<string> {
    const live = newPath(`${name}-live`);
    const p = createSqlitePersistence({ path: live });
    await visitGraph(p).invoke({}, thread);
    p.checkpointer.db.pragma("wal_checkpoint(TRUNCATE)");
    await visitGraph(p).invoke({}, thread);
    const path = newPath(name);
    copyFileSync(live, path);
    copyFileSync(`${live}-wal`, `${path}-wal`);
    p.close();
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(32);
    return path;
  }
  const stateOf = async (p: SqlitePersistence) => (await visitGraph(p).getState(thread)).values;

  it("an intact log is replayed: the state includes the steps saved only in it", async () => {
    const path = await crashImage("wal-intact");
    expect(await stateOf(open(path))).toEqual({ visits: ["a1", "b1", "a2", "b2"] });
  });

  it("a log of garbage: DatabaseDamagedError naming the -wal file; neither file is touched, no -shm created", async () => {
    const path = await crashImage("wal-garbage");
    writeFileSync(`${path}-wal`, Buffer.alloc(statSync(`${path}-wal`).size, 0xab));
    const before = [hash(path), hash(`${path}-wal`)];
    const error = await failure(() => open(path));
    expect(error).toBeInstanceOf(DatabaseDamagedError);
    const damaged = error as DatabaseDamagedError;
    expect(damaged.message).toBe(`The write-ahead log "${path}-wal" of the SQLite database "${path}" is damaged: its header is not a SQLite WAL header.`);
    expect(damaged.hint).toBe(
      "Move both files aside and keep them. To resume from the state in the main file, delete the -wal file (the steps saved in it are lost); or start the thread again in a new file (lessons: --db <new file>), or restore a backup copy of both.",
    );
    expect([damaged.path, damaged.file, damaged.exitCode]).toEqual([path, `${path}-wal`, 2]);
    expect([hash(path), hash(`${path}-wal`)]).toEqual(before);
    expect(filesOf(path)).toEqual([path, `${path}-wal`]);
  });

  it("garbage after the last complete transaction is a crash's torn tail: ignored, nothing lost", async () => {
    const path = await crashImage("wal-tail");
    writeFileSync(`${path}-wal`, Buffer.concat([readFileSync(`${path}-wal`), Buffer.alloc(5000, 0xab)]));
    expect(await stateOf(open(path))).toEqual({ visits: ["a1", "b1", "a2", "b2"] });
  });

  it("a deleted log is not damage: the thread resumes from the state in the main file (the log's steps are lost)", async () => {
    const path = await crashImage("wal-deleted");
    rmSync(`${path}-wal`);
    const p = open(path);
    expect(await stateOf(p)).toEqual({ visits: ["a1", "b1"] });
    // The thread goes on from there: the second run is simply run again.
    expect(await visitGraph(p).invoke({}, thread)).toEqual({ visits: ["a1", "b1", "a2", "b2"] });
  });

  it("a deleted log with its -shm left behind: the same", async () => {
    const path = await crashImage("wal-deleted-shm");
    rmSync(`${path}-wal`);
    writeFileSync(`${path}-shm`, Buffer.alloc(32768));
    expect(await stateOf(open(path))).toEqual({ visits: ["a1", "b1"] });
  });

  it("a damaged main file with a log holding data: checked read-only, so the log is not copied into it", async () => {
    const path = await crashImage("wal-main-damaged");
    // store_namespaces did not change in the second run, so its page is read from the main file.
    const { page, pageSize } = pageOf(path, "store_namespaces");
    rmSync(`${path}-shm`);
    zero(path, (page - 1) * pageSize, pageSize);
    const before = [hash(path), hash(`${path}-wal`)];
    const error = await failure(() => open(path));
    expect(error).toBeInstanceOf(DatabaseDamagedError);
    expect((error as DatabaseDamagedError).file).toBe(path);
    expect([hash(path), hash(`${path}-wal`)]).toEqual(before);
  });

  it("walHeaderProblem names what is wrong with a header", () => {
    expect(walHeaderProblem(Buffer.alloc(10))).toBe("it is 10 bytes long, shorter than a WAL header");
    expect(walHeaderProblem(Buffer.alloc(32, 0xab))).toBe("its header is not a SQLite WAL header");
  });
});

/**
 * Another process holding the write lock of `path` (`BEGIN EXCLUSIVE`, plus a row in the store
 * so its commit is visible) until `release()`, which commits and waits for it to exit.
 */
async function holdLock(path: string): Promise<{ release(): Promise<number | null> }> {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(process.argv[1]);
    db.exec("BEGIN EXCLUSIVE");
    db.prepare("INSERT INTO store_items (namespace, key, value, created_at, updated_at) VALUES ('visits', 'holder', '{}', '', '')").run();
    console.log("locked");
    process.stdin.once("data", () => { db.exec("COMMIT"); db.close(); process.exit(0); });`;
  const child = spawn(process.execPath, ["-e", script, path], { stdio: ["pipe", "pipe", "inherit"] });
  await firstLine(child, "locked");
  return {
    release: () => {
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      child.stdin.end("commit\n");
      return exited;
    },
  };
}

/** Resolves when the child prints `expected` (rejects when it exits first). */
function firstLine(child: ChildProcess, expected: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      if (line === expected) resolve();
    });
    child.on("exit", (code) => reject(new Error(`child exited (${code}) before printing "${expected}"`)));
  });
}

const keysInOrder = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT key FROM store_items ORDER BY seq").pluck().all();
  } finally {
    db.close();
  }
};

describe("two processes on one thread's file (SQLITE_BUSY)", () => {
  it("a lock held past the busy timeout: one DatabaseBusyError naming the file, nothing half-written, normal again once released", async () => {
    const path = await threadFile("busy", 1);
    const holder = await holdLock(path);
    let released = false;
    try {
      const p = open(path, { busyTimeoutMs: 20 });
      expect(await visitGraph(p).getState(thread)).toMatchObject({ values: { visits: ["a1", "b1"] } }); // WAL: reads go on
      const error = await failure(() => visitGraph(p).invoke({}, thread));
      expect(error).toBeInstanceOf(DatabaseBusyError);
      const busy = error as DatabaseBusyError;
      expect(busy.message).toBe(`The SQLite database "${path}" is locked by another connection: gave up after waiting 20 ms.`);
      expect(busy.hint).toBe("Another process is writing to it: let it finish (or stop it) and run again, or use another database file; a larger busyTimeoutMs waits longer.");
      expect([busy.path, busy.waitedMs, busy.exitCode]).toEqual([path, 20, 1]);
      // While the lock is still held, later calls fail with the same error (tried without waiting).
      await expect(p.store.put(["visits"], "c", { count: 1 })).rejects.toBe(error);
      expect(await holder.release()).toBe(0);
      released = true;
      // The failed run left no trace: the thread is where it was, and runs on normally.
      expect(await visitGraph(p).getState(thread)).toMatchObject({ values: { visits: ["a1", "b1"] } });
      expect(await visitGraph(p).invoke({}, thread)).toEqual({ visits: ["a1", "b1", "a2", "b2"] });
      expect(keysInOrder(path)).toEqual(["a", "b", "holder"]);
    } finally {
      if (!released) await holder.release();
    }
  });

  it("a lock released within the busy timeout: the writer in another process waits, then writes after the holder's commit", async () => {
    const path = await threadFile("busy-wait", 1);
    const holder = await holdLock(path);
    // The writer uses the library with a busy timeout far longer than this test.
    const writer = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `const { createSqlitePersistence } = await import(${JSON.stringify(new URL("../../src/persistence/sqlite-persistence.ts", import.meta.url).href)});
         const p = createSqlitePersistence({ path: process.argv[1], busyTimeoutMs: 600000 });
         console.log("writing");
         await p.store.put(["visits"], "waiter", { count: 1 });
         console.log("written");
         p.close();`,
        path,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      const written = firstLine(writer, "written");
      await firstLine(writer, "writing");
      expect(await holder.release()).toBe(0);
      await written;
    } finally {
      if (writer.exitCode === null) writer.kill();
    }
    expect(keysInOrder(path)).toEqual(["a", "b", "holder", "waiter"]);
  });
});
