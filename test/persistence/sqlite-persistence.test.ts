import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigurationError, DatabaseDamagedError } from "../../src/errors.js";
import {
  DEFAULT_DATA_DIR,
  DEFAULT_DATABASE_FILE,
  createSqlitePersistence,
  type SqlitePersistence,
} from "../../src/persistence/sqlite-persistence.js";
import { SqliteStore } from "../../src/persistence/sqlite-store.js";
import { StoreError } from "../../src/persistence/store-error.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

let dir: string;
const opened: SqlitePersistence[] = [];
function persistence(...args: Parameters<typeof createSqlitePersistence>): SqlitePersistence {
  const p = createSqlitePersistence(...args);
  opened.push(p);
  return p;
}
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sqlite-persistence-"));
});
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A node counts its visits in the store (shared by all threads) and appends the count to state. */
function visitGraph({ checkpointer, store }: SqlitePersistence) {
  const State = Annotation.Root({
    visits: Annotation<number[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  });
  const visit = async (_state: typeof State.State, config: LangGraphRunnableConfig) => {
    const previous = await config.store?.get(["visits"], "counter");
    const count = ((previous?.value.count as number | undefined) ?? 0) + 1;
    await config.store?.put(["visits"], "counter", { count });
    return { visits: [count] };
  };
  return new StateGraph(State).addNode("visit", visit).addEdge(START, "visit").addEdge("visit", END).compile({ checkpointer, store });
}

describe("createSqlitePersistence", () => {
  it("gives a graph a checkpointer and a store in one file; a second invoke reads what the first wrote", async () => {
    const path = join(dir, "graph.sqlite");
    const p = persistence({ path });
    expect(p.path).toBe(path);
    expect(p.checkpointer).toBeInstanceOf(SqliteSaver);
    expect(p.store).toBeInstanceOf(SqliteStore);
    expect(p.store.db).toBe(p.checkpointer.db);

    const graph = visitGraph(p);
    const thread = { configurable: { thread_id: "t1" } };
    expect(await graph.invoke({}, thread)).toEqual({ visits: [1] });
    expect(await graph.invoke({}, thread)).toEqual({ visits: [1, 2] }); // state from the checkpointer, count from the store
    expect(await graph.invoke({}, { configurable: { thread_id: "t2" } })).toEqual({ visits: [3] }); // the store spans threads
    const tables = p.store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(["checkpoints", "store_items", "store_namespaces", "writes"]);
  });

  it("keeps graph state and store data after close and reopen", async () => {
    const path = join(dir, "again.sqlite");
    const first = createSqlitePersistence({ path });
    await visitGraph(first).invoke({}, { configurable: { thread_id: "t1" } });
    first.close();
    first.close(); // idempotent
    await expect(first.store.get(["visits"], "counter")).rejects.toThrow(StoreError);

    const second = persistence({ path });
    expect((await second.store.get(["visits"], "counter"))?.value).toEqual({ count: 1 });
    const graph = visitGraph(second);
    expect((await graph.getState({ configurable: { thread_id: "t1" } })).values).toEqual({ visits: [1] });
    expect(await graph.invoke({}, { configurable: { thread_id: "t1" } })).toEqual({ visits: [1, 2] });
  });

  it('supports ":memory:"', async () => {
    const p = persistence({ path: ":memory:" });
    expect(p.path).toBe(":memory:");
    expect(await visitGraph(p).invoke({}, { configurable: { thread_id: "m" } })).toEqual({ visits: [1] });
  });

  it("puts the default file in dataDir, creating the folder", async () => {
    const dataDir = join(dir, "data", "nested");
    const p = persistence({ dataDir });
    expect(p.path).toBe(join(dataDir, DEFAULT_DATABASE_FILE));
    await p.store.put(["a"], "k", { v: 1 });
    expect(existsSync(p.path)).toBe(true);
  });

  it('defaults to <cwd>/data/langgraph.sqlite: DEFAULT_DATA_DIR is the relative "data", resolved from the cwd option', async () => {
    expect(DEFAULT_DATA_DIR).toBe("data");
    expect(DEFAULT_DATABASE_FILE).toBe("langgraph.sqlite");
    const p = persistence({ cwd: dir });
    expect(p.path).toBe(join(dir, "data", "langgraph.sqlite"));
    await p.store.put(["a"], "k", { v: 1 });
    expect(readdirSync(join(dir, "data"))).toContain("langgraph.sqlite");
    // A relative dataDir or path resolves from the same folder.
    expect(persistence({ cwd: dir, dataDir: "runs" }).path).toBe(join(dir, "runs", "langgraph.sqlite"));
    expect(persistence({ cwd: dir, path: "rel/db.sqlite" }).path).toBe(join(dir, "rel", "db.sqlite"));
    expect(persistence({ cwd: dir, path: ":memory:" }).path).toBe(":memory:");
  });

  it("with no options, the file lands in data/ under process.cwd() as it is at the call, not at import", async () => {
    const cwd = process.cwd();
    process.chdir(dir); // after this module imported sqlite-persistence.ts
    try {
      const p = persistence();
      expect(p.path).toBe(join(realpathSync(dir), "data", "langgraph.sqlite"));
      await p.store.put(["a"], "k", { v: 1 });
      expect(existsSync(join(dir, "data", "langgraph.sqlite"))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it("installed under node_modules, it writes to <cwd>/data/ of the program and creates nothing next to the module", async () => {
    // The persistence sources as an installed package would hold them, run by a program in `app`.
    const app = join(dir, "app");
    const pkg = join(app, "node_modules", "langgraph-parallel");
    mkdirSync(join(pkg, "src"), { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "langgraph-parallel", type: "module" }));
    cpSync(join(REPO, "src"), join(pkg, "src"), { recursive: true });
    for (const dependency of ["better-sqlite3", "@langchain"]) symlinkSync(join(REPO, "node_modules", dependency), join(app, "node_modules", dependency));
    const before = readdirSync(pkg, { recursive: true }).map(String).sort();

    const module = pathToFileURL(join(pkg, "src", "persistence", "sqlite-persistence.ts")).href;
    const script = `const { createSqlitePersistence } = await import(${JSON.stringify(module)});
      const p = createSqlitePersistence();
      await p.store.put(["a"], "k", { v: 1 });
      console.log(p.path);
      p.close();`;
    const tsx = pathToFileURL(join(REPO, "node_modules", "tsx", "dist", "loader.mjs")).href;
    const { stdout } = await run(process.execPath, ["--import", tsx, "--input-type=module", "-e", script], { cwd: app });

    expect(stdout).toBe(`${join(realpathSync(app), "data", "langgraph.sqlite")}\n`);
    expect(existsSync(join(app, "data", "langgraph.sqlite"))).toBe(true);
    expect(existsSync(join(pkg, "data"))).toBe(false);
    expect(readdirSync(pkg, { recursive: true }).map(String).sort()).toEqual(before);
  });

  it("resolves a relative path from the working directory", () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(persistence({ path: "rel/db.sqlite" }).path).toBe(join(process.cwd(), "rel", "db.sqlite"));
    } finally {
      process.chdir(cwd);
    }
  });

  it("a folder that cannot be created is a ConfigurationError naming the path", () => {
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "not a folder");
    const path = join(blocker, "sub", "db.sqlite");
    let error: unknown;
    try {
      createSqlitePersistence({ path });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const { message, hint } = error as ConfigurationError;
    expect(message).toMatch(new RegExp(`^Cannot open the SQLite database at "${path.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&")}": ENOTDIR`));
    expect(hint).toBe('Pass a file path in a folder you can write to (it is created if missing), or ":memory:".');
    expect((error as ConfigurationError).exitCode).toBe(2);
  });

  it("a file that is not a database is a DatabaseDamagedError naming the path (more in damaged-database.test.ts)", () => {
    const path = join(dir, "notes.txt");
    writeFileSync(path, "x".repeat(4096));
    expect(() => createSqlitePersistence({ path })).toThrow(DatabaseDamagedError);
    expect(() => createSqlitePersistence({ path })).toThrow(`The SQLite database "${path}" is damaged: file is not a database (SQLITE_NOTADB).`);
  });
});
