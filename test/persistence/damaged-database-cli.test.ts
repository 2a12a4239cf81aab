// Lesson 4 resuming a thread whose SQLite file is damaged: one line on stderr naming the file and
// saying what to do, exit code 2, and the file left as it was.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, closeSync, openSync, writeSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import lesson from "../../lessons/04_research_assistant.js";
import { runLessons } from "../../src/cli/run-lessons.js";
import { buildResearchAssistantGraph } from "../../src/graphs/research-assistant/graph.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { createSqlitePersistence } from "../../src/persistence/sqlite-persistence.js";
import { createEncyclopediaSearch } from "../../src/tools/encyclopedia-search.js";
import { createWebSearch } from "../../src/tools/web-search.js";

const dir = mkdtempSync(join(tmpdir(), "lgp-damaged-cli-"));
const paused = join(dir, "paused.sqlite");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

// A lesson-4 thread paused at the analyst review, as `npm run lesson -- 4 --db … --thread t` leaves it.
beforeAll(async () => {
  const { checkpointer, close } = createSqlitePersistence({ path: paused });
  const graph = buildResearchAssistantGraph({
    model: new OfflineChatModel({ latencyMs: 0 }),
    webSearch: createWebSearch(),
    encyclopediaSearch: createEncyclopediaSearch(),
    checkpointer,
  });
  await graph.invoke({ topic: "The benefits of adopting LangGraph as an agent framework", maxAnalysts: 2 }, { configurable: { thread_id: "t" } });
  close();
});

const hash = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const HINT = 'Move it aside and keep it (the sqlite3 shell\'s ".recover" may rescue its data); start the thread again in a new file (lessons: --db <new file>), or restore a backup copy.';

function cli(args: string[]) {
  const env = { ...process.env };
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "TAVILY_API_KEY", "DATABASE_URL", "DEBUG"]) delete env[key];
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe("lesson 4 on a damaged --db file", () => {
  it("8 KiB zeroed in the middle (command line): exit 2, one line naming the file, the file untouched", async () => {
    const path = join(dir, "zeroed.sqlite");
    copyFileSync(paused, path);
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.alloc(8192), 0, 8192, Math.floor(statSync(path).size / 2 / 4096) * 4096);
    closeSync(fd);
    const before = hash(path);

    const { code, stdout, stderr } = await cli(["4", "--latency", "0", "--db", path, "--thread", "t"]);
    expect(code).toBe(2);
    const lines = stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^error: The SQLite database "${escape(path)}" is damaged: .+\\. ${escape(HINT)}$`));
    expect(stdout).not.toContain("thread: t");
    expect(hash(path)).toBe(before);
  });

  it("truncated to half (in process): the same one line, exit 2", async () => {
    const path = join(dir, "truncated.sqlite");
    copyFileSync(paused, path);
    truncateSync(path, statSync(path).size / 2);
    const before = hash(path);
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    expect(await runLessons(["4", "--latency", "0", "--db", path, "--thread", "t"], [lesson])).toBe(2);
    expect(errors).toEqual([`error: The SQLite database "${path}" is damaged: database disk image is malformed (SQLITE_CORRUPT). ${HINT}`]);
    expect(hash(path)).toBe(before);
  });
});

function escape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}
