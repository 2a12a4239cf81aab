import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The docs' snippets import "langgraph-parallel…", which inside the repository resolves to the
// package itself through its exports map, that is to dist/. So `npm install` (and `npm ci`) in a
// fresh clone must build dist/, and the build must not show up in `git status`.
const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
const manifest = JSON.parse(read("package.json")) as { scripts: Record<string, string>; exports: Record<string, string | Record<string, string>> };

describe("installing the repository builds what the exports map points at", () => {
  it("the prepare script (run by npm install, npm ci and npm pack) is the build", () => {
    expect(manifest.scripts.prepare).toBe("npm run build");
    expect(manifest.scripts.build).toBe("tsc -p tsconfig.build.json");
    expect(manifest.scripts.prepack).toBeUndefined(); // npm pack runs prepare already: one build, not two
  });

  it("the build writes dist/, every entry's target is in it, and git ignores it", () => {
    expect(read("tsconfig.build.json")).toMatch(/"outDir": "dist"/);
    const targets = Object.values(manifest.exports).flatMap((t) => (typeof t === "string" ? [] : Object.values(t)));
    expect(targets.filter((t) => !t.startsWith("./dist/"))).toEqual([]);
    expect(read(".gitignore").split("\n")).toContain("dist/");
  });
});
