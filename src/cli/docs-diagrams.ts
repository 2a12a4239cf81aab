/**
 * `npm run docs:diagrams`: regenerates every mermaid diagram embedded in the tutorials from the
 * real compiled graphs. A diagram block in a doc looks like:
 *
 *   <!-- diagram: parallelization.fan_out -->
 *   ```mermaid
 *   …generated…
 *   ```
 *   <!-- /diagram -->
 *
 * `<!-- diagram: sub_graphs.logs xray -->` draws the graph with its sub-graphs expanded.
 *
 * `--check` changes nothing and exits 1 when a block is stale (the tests run the same check).
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { LESSON_GRAPHS, mermaidFor, type LessonGraphId } from "../graphs/registry.js";

const BLOCK = /<!-- diagram: ([\w.]+)( xray)? -->\n[\s\S]*?<!-- \/diagram -->/g;

/** The tutorials folder. */
export const DOCS_DIR = new URL("../../docs/", import.meta.url);

/**
 * Rewrites the diagram blocks of one markdown text with freshly drawn diagrams.
 *
 * @param markdown - A tutorial's text.
 * @returns The text with every block regenerated, and the ids it found.
 * @throws Error naming an id that is not in `LESSON_GRAPHS`.
 * @example
 * ```ts
 * const { text, ids } = await refreshDiagrams(await readFile("docs/01-parallelization.md", "utf8"));
 * ```
 */
export async function refreshDiagrams(markdown: string): Promise<{ text: string; ids: string[] }> {
  const blocks = [...markdown.matchAll(BLOCK)].map((m) => ({ id: m[1] as string, xray: Boolean(m[2]) }));
  const ids = blocks.map((b) => b.id);
  const drawn = new Map<string, string>();
  for (const { id, xray } of blocks) {
    if (!(id in LESSON_GRAPHS)) throw new Error(`Unknown diagram id "${id}"; known: ${Object.keys(LESSON_GRAPHS).join(", ")}.`);
    drawn.set(`${id}${xray ? " xray" : ""}`, await mermaidFor(id as LessonGraphId, { xray }));
  }
  const text = markdown.replace(
    BLOCK,
    (_block, id: string, xray = "") => `<!-- diagram: ${id}${xray} -->\n\`\`\`mermaid\n${drawn.get(`${id}${xray}`)}\n\`\`\`\n<!-- /diagram -->`,
  );
  return { text, ids };
}

/**
 * Regenerates (or, with `check`, verifies) the diagrams of every tutorial.
 *
 * @param options - `check`: only report stale files (default false); `dir`: docs folder.
 * @returns Files whose diagrams were stale (and, unless checking, were rewritten).
 * @example
 * ```ts
 * const stale = await updateDocsDiagrams({ check: true });
 * ```
 */
export async function updateDocsDiagrams({ check = false, dir = DOCS_DIR } = {}): Promise<string[]> {
  const stale: string[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".md")).sort()) {
    const path = fileURLToPath(new URL(file, dir));
    const before = await readFile(path, "utf8");
    const { text } = await refreshDiagrams(before);
    if (text === before) continue;
    stale.push(file);
    if (!check) await writeFile(path, text);
  }
  return stale;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes("--check");
  const stale = await updateDocsDiagrams({ check });
  if (stale.length === 0) console.log("All tutorial diagrams match the graphs.");
  else console.log(`${check ? "Stale" : "Updated"}: ${stale.join(", ")}`);
  if (check && stale.length > 0) process.exitCode = 1;
}
