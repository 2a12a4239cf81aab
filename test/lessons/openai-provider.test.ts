import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loadLessons } from "../../src/cli/lesson-catalog.js";
import { findOnPath } from "../../src/cli/local-redis.js";
import { runLessons } from "../../src/cli/run-lessons.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { type FaultServer, startFaultServer } from "../support/openai-fault-server.js";
import { offlineCompletion, responderModel } from "../support/offline-responder.js";
import { workerCallLines } from "../support/worker-call-lines.js";

// Small options where a lesson takes them, so that all nine run in seconds (lesson 9: ~30 s).
const FLAGS: Record<number, string[]> = { 4: ["--analysts", "2"] };

function printedCalls(text: string): { calls: number; failed: number } {
  const line = text.split("\n").find((l) => l.startsWith("summary: ")) ?? "";
  if (line.endsWith("· no model calls")) return { calls: 0, failed: 0 };
  const match = /· ([\d,]+) model calls?(?: \((\d+) cancelled or failed\))?, [\d,]+ tokens in, [\d,]+ out, \$(\d+\.\d{4})$/.exec(line);
  if (!match) throw new Error(`unexpected summary line: "${line}"`);
  return { calls: Number(match[1]!.replaceAll(",", "")), failed: Number(match[2] ?? 0) };
}

// Lesson 9 needs Redis; without it the lesson says so and makes no model call.
const noRedis = !process.env.REDIS_URL && !findOnPath("redis-server") ? "redis-server is not on the PATH and REDIS_URL is not set" : undefined;

describe("--model openai reaches every model call of every lesson (real client, loopback server)", () => {
  let server: FaultServer;
  beforeAll(async () => {
    // The server answers like the offline model would: text, tool calls, structured output.
    server = await startFaultServer(undefined, offlineCompletion as never);
  });
  afterAll(() => server.close());
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it("each lesson's calls arrive at the server, as many as its summary counts, and no offline model is called", async () => {
    vi.stubEnv("OPENAI_API_KEY", "test-key");
    vi.stubEnv("OPENAI_BASE_URL", server.url);
    vi.stubEnv("OPENAI_MODEL", "gpt-4o-mini");
    vi.stubEnv("TAVILY_API_KEY", "");
    const lessons = await loadLessons();
    expect(lessons.map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    if (noRedis) console.warn(`[lesson 9's calls to the server not checked] ${noRedis} (apt-get install redis-server)`);
    // Every offline-model call must be the server's own (one per request it answers).
    const generate = vi.spyOn(OfflineChatModel.prototype, "_generate");
    let printed = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((printed += String(chunk)), true));
    const seen: Record<number, { summary: number; failed: number; server: number }> = {};
    let lesson9 = "";
    for (const lesson of lessons) {
      printed = "";
      const before = server.log.length;
      expect(await runLessons([String(lesson.number), "--model", "openai", "--latency", "0", ...(FLAGS[lesson.number] ?? [])], lessons), `lesson ${lesson.number}`).toBe(0);
      const label = lesson.usesModel === false ? "model: none (this lesson calls no chat model)" : `model: openai gpt-4o-mini at ${new URL(server.url).host}`;
      expect(printed.split("\n")[1], `lesson ${lesson.number}`).toBe(label);
      const { calls, failed } = printedCalls(printed);
      seen[lesson.number] = { summary: calls, failed, server: server.log.length - before };
      if (lesson.number === 9) lesson9 = printed;
    }
    expect(generate.mock.contexts.every((model) => model === responderModel)).toBe(true);
    // The server's own model answers every request, from this process or from lesson 9's workers.
    expect(generate.mock.calls).toHaveLength(server.log.length);
    for (const [n, { summary, failed, server: arrived }] of Object.entries(seen)) {
      // A call cancelled mid-run (lesson 8's siblings of the item that dies) may be aborted before
      // its request leaves the client; every other call arrives, exactly once.
      if (failed === 0) expect(arrived, `lesson ${n}`).toBe(summary);
      else expect([arrived >= summary - failed, arrived <= summary], `lesson ${n}: ${arrived} of ${summary}`).toEqual([true, true]);
    }
    // Lessons 7 (races outside a graph) and 8 (part 5's rate-limited model) reach the server too.
    expect(seen[3]).toEqual({ summary: 0, failed: 0, server: 0 });
    expect(seen[7]!.server).toBe(9);
    expect(seen[8]).toMatchObject({ summary: 25, failed: 3 });
    expect(server.log.filter((r) => r.prompt.includes("request 10"))).toHaveLength(1);
    if (noRedis) {
      expect(lesson9).toContain("Lesson 9 is skipped; nothing failed.");
      expect(seen[9]).toEqual({ summary: 0, failed: 0, server: 0 });
      return;
    }
    // Lesson 9: its worker processes reach the server too (126 in this process, 126 on two
    // workers, 126 and the killed worker's lost calls, which may not have left it).
    const [part2, part3] = workerCallLines(lesson9);
    expect(part2).toEqual({ made: 126, reported: 126, lost: 0 });
    expect(part3!.reported).toBe(126);
    expect(seen[9]).toMatchObject({ summary: 126 + 126 + part3!.made, failed: part3!.lost });
    expect(seen[9]!.server).toBeGreaterThanOrEqual(126 + 126 + 126);
    expect(lesson9.match(/ {2}same digest as in this process: yes\n/g)).toHaveLength(1);
  }, 240_000);
});
