import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Packs the library exactly as `npm publish` would (prepack builds dist/), unpacks the tarball
// with `npm install` into a fresh project in a temp directory, and uses it from plain Node and
// from TypeScript. Install scripts are skipped: nothing here opens a SQLite file.

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const TSC = join(REPO, "node_modules", "typescript", "bin", "tsc");

let consumer: string;
let installed: string;
let packedFiles: string[];

beforeAll(async () => {
  consumer = await mkdtemp(join(tmpdir(), "lgp-consumer-"));
  const packDir = join(consumer, "pack");
  await mkdir(packDir);
  await run("npm", ["pack", "--pack-destination", packDir], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
  const [tarball] = (await readdir(packDir)).filter((name) => name.endsWith(".tgz"));
  const { stdout } = await run("tar", ["-tzf", join(packDir, tarball!)]);
  packedFiles = stdout.split("\n").filter(Boolean).map((path) => path.replace(/^package\//, ""));
  await writeFile(join(consumer, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
  // A real install of the tarball; the npm cache is warm after `npm ci`, so this stays local.
  await run("npm", ["install", join(packDir, tarball!), "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: consumer,
    maxBuffer: 16 * 1024 * 1024,
  });
  installed = join(consumer, "node_modules", "langgraph-parallel");
}, 120_000);

afterAll(async () => {
  if (consumer) await rm(consumer, { recursive: true, force: true });
});

/** Runs an ES module in the consumer project and returns its parsed JSON output. */
async function runConsumer(source: string): Promise<unknown> {
  const file = join(consumer, `check-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(file, source);
  const { stdout } = await run(process.execPath, [file], { cwd: consumer });
  return JSON.parse(stdout);
}

/** Type-checks a TypeScript file in the consumer project; returns the TS error codes. */
async function typecheckConsumer(source: string): Promise<string[]> {
  const file = join(consumer, `check-${Math.random().toString(36).slice(2)}.ts`);
  await writeFile(file, source);
  const args = [TSC, "--noEmit", "--strict", "--skipLibCheck", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", file];
  try {
    await run(process.execPath, args, { cwd: consumer });
    return [];
  } catch (error) {
    const output = String((error as { stdout?: string }).stdout ?? "");
    return [...output.matchAll(/error (TS\d+)/g)].map((match) => match[1]!);
  }
}

describe("the published package", () => {
  it("ships compiled code, declarations and the offline corpus, but no sources or tests", () => {
    expect(packedFiles).toContain("dist/index.js");
    expect(packedFiles).toContain("dist/index.d.ts");
    expect(packedFiles).toContain("dist/reducers/index.d.ts");
    expect(packedFiles).toContain("corpus/web/send-api-map-reduce.md");
    expect(packedFiles.filter((path) => path.startsWith("src/") || path.startsWith("test/"))).toEqual([]);
    expect(packedFiles.filter((path) => path.startsWith("dist/cli/main"))).toEqual([]);
  });

  it("passes publint's checks of the manifest and exports map, with no suggestions", async () => {
    const { messages, pkg } = await publint({ pkgDir: installed, pack: false, strict: true });
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
  });

  it("declares every package that its compiled code imports", async () => {
    const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const imported = new Set<string>();
    for (const path of packedFiles.filter((file) => file.endsWith(".js"))) {
      const code = await readFile(join(installed, path), "utf8");
      for (const match of code.matchAll(/(?:from|import)\s*\(?\s*"([^".][^"]*)"/g)) {
        const specifier = match[1]!;
        const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
        if (!name.startsWith("node:") && !builtinModules.includes(name)) imported.add(name);
      }
    }
    const undeclared = [...imported].filter((name) => !(name in manifest.dependencies));
    expect(undeclared).toEqual([]);
    expect(imported.has("@langchain/langgraph")).toBe(true);
  });

  it("runs from the root entry and each subpath in plain Node", async () => {
    const result = await runConsumer(`
      import * as root from "langgraph-parallel";
      import { concat, sortedMerge } from "langgraph-parallel/reducers";
      import { fanOut, runPool } from "langgraph-parallel/patterns";
      import { OfflineChatModel } from "langgraph-parallel/models";
      const pooled = await runPool([3, 1, 2], async (n) => n * 10, { concurrency: 2 });
      const reply = await new OfflineChatModel({ latencyMs: 0 }).invoke("Say hello");
      const hits = await root.createWebSearch()("map-reduce with Send");
      console.log(JSON.stringify({
        sameReducer: root.concat === concat,
        concat: concat([1], [[2, 3], [4]]),
        merged: sortedMerge()([1, 4], [[2, 3]]),
        fanOut: typeof fanOut,
        pooled,
        replied: typeof reply.content === "string" && reply.content.length > 0,
        corpusHit: hits.length > 0 && hits[0].url.startsWith("corpus://"),
      }));
    `);
    expect(result).toEqual({
      sameReducer: true,
      concat: [1, 2, 3, 4],
      merged: [1, 2, 3, 4],
      fanOut: "function",
      pooled: [30, 10, 20],
      replied: true,
      corpusHit: true,
    });
  });

  it("keeps internal files private behind the exports map", async () => {
    const result = await runConsumer(`
      try {
        await import("langgraph-parallel/dist/reducers/concat.js");
        console.log(JSON.stringify("imported"));
      } catch (error) {
        console.log(JSON.stringify(error.code));
      }
    `);
    expect(result).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  it("gives TypeScript consumers real types through the exports map", async () => {
    const fine = await typecheckConsumer(`
      import { concat } from "langgraph-parallel/reducers";
      import { getChatModel } from "langgraph-parallel/models";
      import { mapReduce } from "langgraph-parallel";
      const merged: number[] = concat([1], [[2]]);
      void merged; void getChatModel; void mapReduce;
    `);
    expect(fine).toEqual([]);
    const wrong = await typecheckConsumer(`
      import { concat } from "langgraph-parallel/reducers";
      const merged: string[] = concat([1], [[2]]);
      void merged;
    `);
    expect(wrong).toEqual(["TS2322"]);
  });
});
