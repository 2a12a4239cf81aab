import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
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
    ["queue", "bullmq"],
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
        asked: 2,
        answered: [10, 2, 300],
        node: [3, 6],
        items: [2, 3, 4].map((value) => ({ ok: true, value })),
        pooled: [30, 10, 20],
        each: ["P", "Q"],
        raced: ["fulfilled", "fulfilled"],
        conversation: ["human", "Ada", "Bo"],
        tally: 2,
        review: { draft: "Ship it?", verdicts: ["0:Ada", "1:Bo"] },
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

// docs/recipes.md, as a user would paste it: every ```ts block becomes a file of an ES module
// project that installed the tarball, all of a project's recipes are type-checked and compiled in
// one strict tsc call (TS_FLAGS, skipLibCheck false), and each one then runs with node in that
// project's directory, where any file it writes lands. Recipes that import only the required
// peers run in `consumer` (which has nothing else); a recipe importing a backend entry runs in a
// second project that installs that entry's optional peers too.
const RECIPES_MD = fileURLToPath(new URL("../../docs/recipes.md", import.meta.url));

// What each backend entry needs installed, at the versions the repository tests with.
const OPTIONAL_PEERS: Record<string, string[]> = {
  sqlite: ["better-sqlite3", "@langchain/langgraph-checkpoint-sqlite", "@types/better-sqlite3"],
  postgres: ["@langchain/langgraph-checkpoint-postgres", "pg"],
  queue: ["bullmq"],
  openai: ["@langchain/openai"],
  tavily: ["@langchain/tavily"],
};

interface Recipe {
  title: string;
  /** File name stem inside the project's `recipes/` folder. */
  stem: string;
  code: string;
  /** Optional peers the recipe's imports need; empty for the required peers only. */
  peers: string[];
}

/** Every ```ts block of the recipes page, named after its `##` heading. */
function readRecipes(markdown: string): Recipe[] {
  const recipes: Recipe[] = [];
  for (const section of markdown.split(/^## /m).slice(1)) {
    const title = section.slice(0, section.indexOf("\n")).trim();
    const blocks = [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
    blocks.forEach((code, index) => {
      const entries = [...code.matchAll(/from "langgraph-parallel\/([a-z-]+)"/g)].map((match) => match[1]!);
      const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 48);
      recipes.push({
        title: blocks.length > 1 ? `${title} (${index + 1})` : title,
        stem: `${String(recipes.length + 1).padStart(2, "0")}-${slug}`,
        code,
        peers: [...new Set(entries.flatMap((entry) => OPTIONAL_PEERS[entry] ?? []))].sort(),
      });
    });
  }
  return recipes;
}

const RECIPES = readRecipes(readFileSync(RECIPES_MD, "utf8"));

/** What each recipe prints; a new recipe needs an entry here (and so a look at its output). */
const RECIPE_OUTPUT: Record<string, (stdout: string, dir: string) => void | Promise<void>> = {
  "Let parallel nodes write to one list": (out) => expect(out).toBe("[ 'from the web', 'from the encyclopedia', 'a second note' ]\n"),
  "Keep a list sorted while branches append to it": (out) => expect(out).toBe("[ 0.9, 0.7, 0.4 ]\n"),
  "Map over a list in the state, with bounded concurrency and retries": (out) => expect(out).toBe("2\n"),
  "Durable mapReduce with resume-or-start": async (out, dir) => {
    expect(out).toBe("map: item 6 (7) failed after 1 attempt: stopped at 7\nresume: 1 4 9 16 25 36 49 64 81 100\nworked again on: 7 9 10\n");
    expect((await readdir(join(dir, "data"))).filter((name) => name === "squares.sqlite")).toEqual(["squares.sqlite"]);
  },
  "Ask a human about some items of a map": (out) =>
    expect(out).toBe(
      "R2: Refund 450 EUR for R2? (3 of 5 done)\nR4: Refund 980 EUR for R4? (3 of 5 done)\nR1: refunded, R2: refunded, R3: refunded, R4: declined, R5: refunded\nchecked again: R2 R4\n",
    ),
  "Fan out to a fixed set of branches inside one node": (out) =>
    expect(out).toBe(`[ "web results for What is Amdahl's law?" ] [ 'encyclopedia: encyclopedia is down' ]\n`),
  "Race several workflows: first success, or a quorum": (out) => {
    const [first = "", ...rest] = out.split("\n");
    expect([first.match(/: fulfilled'/g)?.length, first.match(/: cancelled'/g)?.length]).toEqual([1, 2]);
    expect(rest.join("\n").match(/`I am the offline model/g)).toHaveLength(2); // the two answers of the quorum
  },
  "Run promises with a concurrency limit": (out) => expect(out).toBe("3\n"),
  "Typed launcher": (out) => expect(out).toBe("invoice-1042/receipt 1250 2\nLaunch refund-1042 failed: refunds are not enabled (invoice-1042/receipt)\n"),
  "Track tokens and cost per branch; stop a run at a hard budget": (out) => {
    expect(out).toMatch(/│ 'cats' │ 1 +│ \d+ +│ \d+ +│ 0 +│/);
    expect(out).toMatch(/│ 'dogs' │ 1 +│ \d+ +│ \d+ +│ 0 +│/);
    expect(out).toMatch(/branch: 'total',\s+calls: 2,[\s\S]*usd: 0\s+\} \[\]\nBudget of 20 tokens reached \(25 tokens in 1 call, 5 tokens over\) with 1 call in flight: the run was stopped\.\n$/);
  },
  "Draw a timeline of a run": async (out, dir) => {
    expect(out).toMatch(/^a {2}█+\nb {2,}█+\nc {2,}█+\nd {2,}█+\n {3}1 +2 +3 {2}\(supersteps; one column ≈ [\d.]+ ms\)\nwall \d+ ms vs \d+ ms one at a time\n$/);
    expect(await readFile(join(dir, "timeline.html"), "utf8")).toContain("<svg");
  },
};

describe("the recipes in docs/recipes.md, type-checked and run against the installed package", () => {
  const projects = new Map<Recipe, string>();
  const compileErrors = new Map<string, string[]>();
  let withPeers: string | undefined;

  /** Writes `recipes` into `dir/recipes`, compiles them in one tsc call into `dir/out`, records errors per file. */
  async function compileRecipes(dir: string, recipes: Recipe[]): Promise<void> {
    await mkdir(join(dir, "recipes"), { recursive: true });
    for (const recipe of recipes) await writeFile(join(dir, "recipes", `${recipe.stem}.ts`), recipe.code);
    const files = recipes.map((recipe) => join("recipes", `${recipe.stem}.ts`));
    const output = await run(process.execPath, [TSC, ...TS_FLAGS, "--rootDir", "recipes", "--outDir", "out", ...files], { cwd: dir }).then(
      () => "",
      (error: { stdout?: string }) => String(error.stdout ?? error),
    );
    for (const recipe of recipes) {
      const mine = output.split("\n").filter((line) => line.startsWith(join("recipes", `${recipe.stem}.ts`)));
      compileErrors.set(recipe.stem, mine);
    }
    // Anything tsc said that is not about one recipe (a bad flag, a library's declarations) fails them all.
    const other = output.split("\n").filter((line) => /error TS/.test(line) && !line.startsWith(join("recipes", "")));
    if (other.length > 0) for (const recipe of recipes) compileErrors.set(recipe.stem, other);
  }

  /** A project with the tarball and the optional peers `peers` (at the repository's tested versions). */
  async function projectWithPeers(peers: string[]): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "lgp-recipes-"));
    await writeFile(join(dir, "package.json"), JSON.stringify({ name: "recipes-app", type: "module", private: true }));
    const { devDependencies } = JSON.parse(await readFile(join(REPO, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    const pinned = peers.map((name) => `${name}@${devDependencies[name]}`);
    await run("npm", ["install", tarballPath, ...pinned, NODE_TYPES, "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    if (peers.includes("better-sqlite3")) {
      // Install scripts are skipped, and better-sqlite3's would download (or compile) its native
      // addon. Use the repository's copy of that addon instead: same version, same Node.
      const repoCopy = JSON.parse(await readFile(join(REPO, "node_modules", "better-sqlite3", "package.json"), "utf8")) as { version: string };
      expect(`better-sqlite3@${repoCopy.version}`).toBe(pinned.find((spec) => spec.startsWith("better-sqlite3@")));
      const release = join(dir, "node_modules", "better-sqlite3", "build", "Release");
      await mkdir(release, { recursive: true });
      await copyFile(join(REPO, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node"), join(release, "better_sqlite3.node"));
    }
    return dir;
  }

  beforeAll(async () => {
    const plain = RECIPES.filter((recipe) => recipe.peers.length === 0);
    const needing = RECIPES.filter((recipe) => recipe.peers.length > 0);
    for (const recipe of plain) projects.set(recipe, consumer);
    const jobs = [compileRecipes(consumer, plain)];
    if (needing.length > 0) {
      jobs.push(
        (async () => {
          withPeers = await projectWithPeers([...new Set(needing.flatMap((recipe) => recipe.peers))].sort());
          for (const recipe of needing) projects.set(recipe, withPeers);
          await compileRecipes(withPeers, needing);
        })(),
      );
    }
    await Promise.all(jobs);
  }, 120_000);

  afterAll(async () => {
    if (withPeers) await rm(withPeers, { recursive: true, force: true });
  });

  it("finds every recipe, each with its expected output listed here", () => {
    expect(RECIPES.length).toBeGreaterThanOrEqual(9);
    expect(RECIPES.map((recipe) => recipe.title).sort()).toEqual(Object.keys(RECIPE_OUTPUT).sort());
    expect(RECIPES.filter((recipe) => recipe.peers.length > 0).map((recipe) => recipe.title)).toEqual(["Durable mapReduce with resume-or-start"]);
  });

  it.each(RECIPES.map((recipe) => [recipe.title, recipe] as const))("%s", async (_title, recipe) => {
    expect(compileErrors.get(recipe.stem)).toEqual([]);
    const dir = projects.get(recipe)!;
    const { stdout, stderr } = await run(process.execPath, [join(dir, "out", `${recipe.stem}.js`)], { cwd: dir, timeout: 30_000 });
    expect(stderr).toBe("");
    await RECIPE_OUTPUT[recipe.title]!(stdout, dir);
  });
});
