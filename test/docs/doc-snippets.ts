// Runs the code blocks a tutorial marks with `<!-- runs in test/docs/… -->`, exactly as written:
// the block is written to a file beside the tests, its imports of the package's entries pointed at
// the sources (the package need not be built), and run in a child process; what it prints is then
// compared with the plain block that follows it in the tutorial (its quoted output). The snippets
// are also type-checked, strict, as a user's own modules.
import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { PUBLIC_ENTRIES, userModuleCompilerOptions } from "../package/public-entries.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Where snippets are written to run (inside the repository, so bare imports resolve). */
export const SNIPPETS_DIR = `${ROOT}test/docs/.snippets/`;

/** A marked snippet: its code and the output the tutorial quotes after it. */
export interface DocSnippet {
  /** `docs/04-research-assistant.md:123`, the line of the code block. */
  where: string;
  code: string;
  output: string;
}

/**
 * The marked snippets of a tutorial, in order: after each `<!-- runs in <marker> -->` line, the
 * next ```ts block and the next ``` block after it.
 */
export async function markedSnippets(doc: string, marker: string): Promise<DocSnippet[]> {
  const text = await readFile(`${ROOT}${doc}`, "utf8");
  const lines = text.split("\n");
  const found: DocSnippet[] = [];
  lines.forEach((line, i) => {
    if (line.trim() !== `<!-- runs in ${marker} -->`) return;
    const code = block(lines, i + 1, "```ts");
    const output = code && block(lines, code.end + 1, "```");
    if (!code || !output) throw new Error(`${doc}:${i + 1}: a marked snippet needs a \`\`\`ts block, then a \`\`\` block of output`);
    found.push({ where: `${doc}:${code.start + 1}`, code: code.body, output: output.body });
  });
  return found;
}

function block(lines: string[], from: number, fence: string) {
  const start = lines.findIndex((l, i) => i >= from && l.trim() === fence);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.trim() === "```");
  return end < 0 ? undefined : { start, end, body: lines.slice(start + 1, end).join("\n") };
}

/** The snippet's imports of `langgraph-parallel…` rewritten to the source files of those entries. */
export function pointAtSources(code: string): string {
  const files = new Map(PUBLIC_ENTRIES.map(([entry, file]) => [entry, `${ROOT}${file}`]));
  return code.replace(/from "(langgraph-parallel(?:\/[\w-]+)?)"/g, (whole, entry: string) => {
    const file = files.get(entry);
    if (!file) throw new Error(`"${entry}" is not an entry of package.json`);
    return `from ${JSON.stringify(file)}`;
  });
}

/** Runs a snippet in a child process (offline: no API keys) and returns what it printed. */
export async function runSnippet(snippet: DocSnippet, name: string): Promise<{ code: number; stdout: string; stderr: string }> {
  await mkdir(SNIPPETS_DIR, { recursive: true });
  const file = `${SNIPPETS_DIR}${name}.ts`;
  await writeFile(file, `${pointAtSources(snippet.code)}\nexport {};\n`);
  const env = { ...process.env };
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "TAVILY_API_KEY", "DATABASE_URL"]) delete env[key];
  try {
    return await new Promise((resolve) => {
      execFile(process.execPath, ["--import", "tsx", file], { env, cwd: ROOT }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * Type-checks snippets as a user's modules would be (strict, NodeNext), with the package's
 * entries mapped to the sources. Returns one line per diagnostic (empty: all compile).
 */
export function typeCheckSnippets(snippets: readonly DocSnippet[]): string[] {
  const options = userModuleCompilerOptions(ROOT);
  const virtual = new Map(snippets.map((s, i) => [`${SNIPPETS_DIR}check-${i}.ts`, `${s.code}\nexport {};\n`]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile: read, getSourceFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name) ?? read.call(host, name);
  host.getSourceFile = (name, version, onError, create) =>
    virtual.has(name) ? ts.createSourceFile(name, virtual.get(name)!, version, true) : getSourceFile.call(host, name, version, onError, create);
  const program = ts.createProgram([...virtual.keys()], options, host);
  return snippets.flatMap((snippet, i) => {
    const file = program.getSourceFile(`${SNIPPETS_DIR}check-${i}.ts`)!;
    return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((d) => {
      const line = d.start === undefined ? 0 : file.getLineAndCharacterOfPosition(d.start).line + 1;
      return `${snippet.where} (+${line}): TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
  });
}
