import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { allCodeBlocks, excerptSources, ROOT, unquotedLines, type CodeBlock } from "./doc-blocks.js";
import { pointAtSources, SNIPPETS_DIR, typeCheckSnippets } from "./doc-snippets.js";

// Every TypeScript block of the README and the docs, as a reader would take it: a block without a
// mark is a whole program, type-checked strict as a user's module and then run, offline (no API
// keys in the environment), in a fresh temporary directory (so the SQLite files and pages it
// writes land there). A block marked `excerpt of <files>` must be a faithful quote of them; one
// marked `runs in <test>` is run by that test, which also compares its output.
const blocks = allCodeBlocks();
const typescript = blocks.filter((b) => b.lang === "ts");
const programs = typescript.filter((b) => b.mark === "");
// A ```json block is a quote of a file (langgraph.json…): it must be marked as an excerpt of it.
const json = blocks.filter((b) => b.lang === "json");
const excerpts = [...typescript, ...json].filter((b) => excerptSources(b) !== undefined);
const KEYS = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "TAVILY_API_KEY", "DATABASE_URL", "LANGSMITH_TRACING", "LANGSMITH_API_KEY"];

const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

/** Runs a program in this process from a temporary working directory; returns what it logged. */
async function runProgram(block: CodeBlock, name: string): Promise<string[]> {
  await mkdir(SNIPPETS_DIR, { recursive: true });
  const file = `${SNIPPETS_DIR}${name}.ts`;
  await writeFile(file, `${pointAtSources(block.code)}\nexport {};\n`);
  const cwd = await mkdtemp(join(tmpdir(), "lgp-doc-"));
  scratch.push(cwd);
  const saved = process.cwd();
  const logged: string[] = [];
  const record = (...args: unknown[]) => void logged.push(args.map(String).join(" "));
  const spies = (["log", "info", "table", "error", "warn"] as const).map((method) => vi.spyOn(console, method).mockImplementation(record));
  for (const key of KEYS) vi.stubEnv(key, undefined);
  process.chdir(cwd);
  try {
    await import(/* @vite-ignore */ `${file}?${Date.now()}`);
  } finally {
    process.chdir(saved);
    vi.unstubAllEnvs();
    for (const spy of spies) spy.mockRestore();
    await rm(file, { force: true });
  }
  return logged;
}

describe("the TypeScript in the README and the docs", () => {
  it("every block is a program, an excerpt, or run by a named test", () => {
    const unknown = typescript.filter((b) => b.mark !== "" && excerptSources(b) === undefined && !/^runs in test\/\S+\.test\.ts$/.test(b.mark));
    expect(unknown.map((b) => `${b.where}: <!-- ${b.mark} -->`)).toEqual([]);
    for (const b of typescript.filter((x) => x.mark.startsWith("runs in "))) expect(existsSync(ROOT + b.mark.slice("runs in ".length)), b.where).toBe(true);
    expect(json.filter((b) => excerptSources(b) === undefined).map((b) => `${b.where}: a json block that is not an excerpt`)).toEqual([]);
    const languages = new Set(blocks.map((b) => b.lang));
    expect([...languages].filter((l) => !["ts", "json", "bash", "mermaid", "", "text"].includes(l))).toEqual([]);
  });

  it("excerpts quote their sources line for line", () => {
    const drift = excerpts.flatMap((b) => {
      const sources = excerptSources(b)!;
      const missing = sources.filter((f) => !existsSync(ROOT + f));
      if (missing.length > 0) return [`${b.where}: no such file ${missing.join(", ")}`];
      return unquotedLines(b, sources).map((line) => `${b.where}: not in ${sources.join(", ")}: ${line}`);
    });
    expect(drift).toEqual([]);
  });

  it("the programs type-check as a user's own modules", () => {
    expect(typeCheckSnippets(programs.map((b) => ({ where: b.where, code: b.code, output: "" })))).toEqual([]);
  }, 180_000);

  it.each(programs.map((b, i) => [b.where, i] as const))("%s runs", async (_where, i) => {
    await runProgram(programs[i]!, `doc-${i}`);
  });
});
