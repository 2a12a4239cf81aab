// The package's entry points, read from the `exports` map of package.json, with the source file
// of each (dist/x.js is compiled from src/x.ts), for the tests that look at the public API whole.
import { readFileSync } from "node:fs";
import ts from "typescript";

const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  name: string;
  exports: Record<string, string | { default: string }>;
};

/** `[specifier, source file]` for every public entry, in the order of the exports map. */
export const PUBLIC_ENTRIES: [string, string][] = Object.entries(manifest.exports)
  .filter((entry): entry is [string, { default: string }] => typeof entry[1] === "object")
  .map(([path, target]) => [
    path === "." ? manifest.name : `${manifest.name}/${path.slice(2)}`,
    target.default.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"),
  ]);

/**
 * Compiler options for code written as a user's module (strict, NodeNext) whose imports of the
 * package's entries resolve to the sources: the TSDoc examples and the docs' snippets use them.
 */
export function userModuleCompilerOptions(root: string, extra: ts.CompilerOptions = {}): ts.CompilerOptions {
  return {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2023.d.ts"],
    types: ["node"],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    baseUrl: root,
    paths: Object.fromEntries(PUBLIC_ENTRIES.map(([entry, file]) => [entry, [file]])),
    ...extra,
  };
}
