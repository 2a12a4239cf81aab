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
// from TypeScript. The project installs only what npm brings for the package: its dependencies
// and its required peers (LangGraph, LangChain core, zod), none of the optional backends.
// Install scripts are skipped: nothing here opens a SQLite file.

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const TSC = join(REPO, "node_modules", "typescript", "bin", "tsc");

let consumer: string;
let installed: string;
let packedFiles: string[];
let tarballPath: string;

// How a strict TypeScript app on Node checks its code: nodenext, `skipLibCheck: false` (so our
// declarations and the peers' are checked too), Node's types, and the `esnext.disposable` lib
// that @langchain/core's declarations use.
const TS_FLAGS = ["--strict", "--skipLibCheck", "false", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--lib", "es2022,esnext.disposable", "--types", "node"];
const NODE_TYPES = "@types/node@20.19.43";

beforeAll(async () => {
  consumer = await mkdtemp(join(tmpdir(), "lgp-consumer-"));
  const packDir = join(consumer, "pack");
  await mkdir(packDir);
  await run("npm", ["pack", "--pack-destination", packDir], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
  const [tarball] = (await readdir(packDir)).filter((name) => name.endsWith(".tgz"));
  tarballPath = join(packDir, tarball!);
  const { stdout } = await run("tar", ["-tzf", tarballPath]);
  packedFiles = stdout.split("\n").filter(Boolean).map((path) => path.replace(/^package\//, ""));
  await writeFile(join(consumer, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
  // A real install of the tarball; the npm cache is warm after `npm ci`, so this stays local.
  await run("npm", ["install", tarballPath, NODE_TYPES, "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: consumer,
    maxBuffer: 16 * 1024 * 1024,
  });
  installed = join(consumer, "node_modules", "langgraph-parallel");
}, 120_000);

afterAll(async () => {
  if (consumer) await rm(consumer, { recursive: true, force: true });
});

/** Bare package names imported by `entries` and everything they import relatively, in the installed package. */
async function bareImportsReachable(entries: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = await readFile(join(installed, file), "utf8");
    for (const match of code.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
      const specifier = match[1]!;
      if (specifier.startsWith(".")) {
        const target = join(file, "..", specifier);
        queue.push(file.endsWith(".d.ts") ? target.replace(/\.js$/, ".d.ts") : target);
      } else if (!specifier.startsWith("node:") && !builtinModules.includes(specifier) && !specifier.startsWith("langgraph-parallel")) {
        packages.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!);
      }
    }
  }
  return [...packages].sort();
}

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
  const args = [TSC, "--noEmit", ...TS_FLAGS, file];
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

  it("declares every package that its compiled code imports, as a dependency or a peer", async () => {
    const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
    };
    const imported = new Set<string>();
    for (const path of packedFiles.filter((file) => file.endsWith(".js"))) {
      const code = await readFile(join(installed, path), "utf8");
      for (const match of code.matchAll(/(?:from|import)\s*\(?\s*"([^".][^"]*)"/g)) {
        const specifier = match[1]!;
        const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
        if (!name.startsWith("node:") && !builtinModules.includes(name) && name !== "langgraph-parallel") imported.add(name);
      }
    }
    const undeclared = [...imported].filter((name) => !(name in manifest.dependencies) && !(name in manifest.peerDependencies));
    expect(undeclared).toEqual([]);
    expect(imported.has("@langchain/langgraph")).toBe(true);
  });

  it("has exactly one copy of LangGraph and LangChain core: the peers the app installed", async () => {
    const { stdout } = await run("npm", ["ls", "@langchain/langgraph", "@langchain/core", "--all", "--parseable"], { cwd: consumer });
    const copies = stdout.split("\n").filter((line) => /node_modules\/@langchain\/(langgraph|core)$/.test(line));
    expect(copies.map((line) => line.slice(consumer.length))).toEqual(["/node_modules/@langchain/core", "/node_modules/@langchain/langgraph"]);
  });

  it("imports no optional peer from the root and core entries, in code or in types", async () => {
    const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8")) as { peerDependenciesMeta: Record<string, unknown> };
    const optional = Object.keys(manifest.peerDependenciesMeta);
    const core = ["index", "reducers/index", "patterns/index", "models/index", "observe/index", "tools/index", "graphs/index"];
    for (const extension of [".js", ".d.ts"]) {
      const reached = await bareImportsReachable(core.map((entry) => `dist/${entry}${extension}`));
      expect(reached.filter((name) => optional.includes(name)), extension).toEqual([]);
      expect(reached, extension).toContain("@langchain/langgraph");
    }
    // …while each backend entry does import its peer, normally.
    expect(await bareImportsReachable(["dist/sqlite.js"])).toEqual(expect.arrayContaining(["better-sqlite3", "@langchain/langgraph-checkpoint-sqlite"]));
    expect(await bareImportsReachable(["dist/openai.js"])).toContain("@langchain/openai");
  });

  it.each([
    ["sqlite", "better-sqlite3"],
    ["postgres", "@langchain/langgraph-checkpoint-postgres"],
    ["openai", "@langchain/openai"],
    ["tavily", "@langchain/tavily"],
  ])("importing langgraph-parallel/%s without its optional peer names the package to install", async (entry, peer) => {
    const result = await runConsumer(`
      try {
        await import("langgraph-parallel/${entry}");
        console.log(JSON.stringify({ loaded: true }));
      } catch (error) {
        console.log(JSON.stringify({ code: error.code, message: error.message.split("\\n")[0] }));
      }
    `);
    expect(result).toEqual({ code: "ERR_MODULE_NOT_FOUND", message: expect.stringContaining(`Cannot find package '${peer}'`) });
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
      import { OfflineChatModel } from "langgraph-parallel/models";
      import { mapReduce } from "langgraph-parallel";
      const merged: number[] = concat([1], [[2]]);
      void merged; void OfflineChatModel; void mapReduce;
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

// The supported range's ends, pinned exactly (raise "newest" deliberately when a release is out).
const MATRIX = [
  ["lowest", { "@langchain/langgraph": "1.7.0", "@langchain/core": "1.3.4", zod: "4.2.0" }],
  ["newest", { "@langchain/langgraph": "1.7.3", "@langchain/core": "1.4.0", zod: "4.6.7" }],
] as const;

describe("a consumer on either end of the supported LangGraph range", () => {
  const EVERY_PATTERN = fileURLToPath(new URL("./consumer/every-pattern.ts", import.meta.url));

  it.each(MATRIX)("%s: one copy of LangGraph; a program using every pattern type-checks strictly and runs", async (_end, pins) => {
    const app = await mkdtemp(join(tmpdir(), "lgp-matrix-"));
    try {
      await writeFile(join(app, "package.json"), JSON.stringify({ name: "matrix-app", type: "module", private: true }));
      const peers = Object.entries(pins).map(([name, version]) => `${name}@${version}`);
      await run("npm", ["install", tarballPath, ...peers, NODE_TYPES, "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: app, maxBuffer: 16 * 1024 * 1024 });
      const { stdout: tree } = await run("npm", ["ls", "@langchain/langgraph", "@langchain/core", "zod", "--all", "--json"], { cwd: app, maxBuffer: 16 * 1024 * 1024 });
      expect(versionsIn(JSON.parse(tree))).toEqual({
        "@langchain/core": [pins["@langchain/core"]],
        "@langchain/langgraph": [pins["@langchain/langgraph"]],
        zod: [pins.zod],
      });
      await writeFile(join(app, "every-pattern.ts"), await readFile(EVERY_PATTERN, "utf8"));
      await run(process.execPath, [TSC, ...TS_FLAGS, "--outDir", "out", "every-pattern.ts"], { cwd: app }).catch((error: { stdout?: string }) => {
        throw new Error(`tsc failed:\n${error.stdout}`);
      });
      const { stdout } = await run(process.execPath, [join(app, "out", "every-pattern.js")], { cwd: app });
      expect(JSON.parse(stdout)).toEqual({
        reducers: { notes: ["a", "b"], ranked: [1, 2, 3] },
        concat: [1, 2, 3],
        merged: [{ id: "a", v: 2 }],
        fan: ["x", "y"],
        mapped: [1, 4, 9],
        node: [3, 6],
        items: [2, 3, 4].map((value) => ({ ok: true, value })),
        pooled: [30, 10, 20],
        each: ["P", "Q"],
        raced: ["fulfilled", "fulfilled"],
        conversation: ["human", "Ada", "Bo"],
        calls: 2,
        launched: 42,
        traced: [["only"]],
      });
    } finally {
      await rm(app, { recursive: true, force: true });
    }
  }, 180_000);
});

/** Every version of each package in an `npm ls --json` tree, deduplicated. */
function versionsIn(tree: { dependencies?: Record<string, { version?: string; dependencies?: unknown }> }): Record<string, string[]> {
  const found: Record<string, Set<string>> = {};
  const walk = (deps: Record<string, { version?: string; dependencies?: unknown }> = {}) => {
    for (const [name, info] of Object.entries(deps)) {
      if (["@langchain/langgraph", "@langchain/core", "zod"].includes(name) && info.version) (found[name] ??= new Set()).add(info.version);
      walk(info.dependencies as typeof deps);
    }
  };
  walk(tree.dependencies);
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)).map(([name, versions]) => [name, [...versions]]));
}
