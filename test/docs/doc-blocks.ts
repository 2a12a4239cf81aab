// Every fenced code block of the README and the hand-written docs, with the HTML comment (if any)
// on the line before it, for the tests that run them (test/docs/doc-code.test.ts runs the
// TypeScript, test/docs/doc-commands.test.ts the shell commands). The marks they understand:
//
//   <!-- runs in test/docs/x.test.ts -->  run by that test, which compares its printed output
//   <!-- excerpt of src/a.ts, src/b.ts --> quoted from those files: every line of code in it is
//                                          in one of them (so the quote cannot drift), not run
//   <!-- diagram: … -->                    a mermaid diagram, redrawn by test/docs/diagrams.test.ts
//
// A ```ts block without a mark is a complete program: type-checked and run. A ``` block without a
// language is quoted output, not code.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The repository root, with a trailing slash. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The hand-written docs: README.md and docs/*.md (docs/api and docs/public-surface.md are generated). */
export const DOC_FILES: readonly string[] = [
  "README.md",
  ...readdirSync(`${ROOT}docs`)
    .filter((name) => name.endsWith(".md") && name !== "public-surface.md")
    .sort()
    .map((name) => `docs/${name}`),
];

/** One fenced code block. */
export interface CodeBlock {
  /** `docs/02-map-reduce.md:57`, the line of the opening fence. */
  where: string;
  /** The fence's language (`ts`, `bash`, `mermaid`…), `""` for none. */
  lang: string;
  code: string;
  /** The HTML comment on the line before the fence, without `<!--` and `-->`; `""` for none. */
  mark: string;
}

/** The code blocks of one doc, in order. */
export function codeBlocks(doc: string): CodeBlock[] {
  const lines = readFileSync(`${ROOT}${doc}`, "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && /^\s*```\s*$/.test(line));
    if (end < 0) throw new Error(`${doc}:${i + 1}: a code block that is never closed`);
    const mark = /^\s*<!--\s*(.*?)\s*-->\s*$/.exec(lines[i - 1] ?? "")?.[1] ?? "";
    blocks.push({ where: `${doc}:${i + 1}`, lang: open[1]!, code: lines.slice(i + 1, end).join("\n"), mark });
    i = end;
  }
  return blocks;
}

/** Every code block of every doc in {@link DOC_FILES}. */
export function allCodeBlocks(): CodeBlock[] {
  return DOC_FILES.flatMap(codeBlocks);
}

/** The files an `excerpt of …` mark names, or undefined for another mark. */
export function excerptSources(block: CodeBlock): string[] | undefined {
  const m = /^excerpt of (.+)$/.exec(block.mark);
  return m ? m[1]!.split(/,\s*/) : undefined;
}

/**
 * The lines of an excerpt that none of its sources contains (empty: a faithful quote). A line is
 * looked for in the sources' text with all whitespace removed, so a quote may wrap or indent a
 * statement differently; its trailing `// comment` and a trailing `,` or `;` are dropped, and
 * blank lines, comment-only lines, lines with `…` and imports (a quote shows the public entry
 * where the source imports a relative path) are not looked for. A source's TSDoc
 * examples count as its code too (test/docs/examples.test.ts compiles them).
 */
export function unquotedLines(block: CodeBlock, sources: readonly string[]): string[] {
  const squeeze = (text: string) => text.replace(/\s+/g, "");
  const source = sources.map((file) => squeeze(readFileSync(`${ROOT}${file}`, "utf8").replace(/^\s*\* /gm, ""))).join("\n");
  return block.code
    .split("\n")
    .map((line) => line.replace(/\s\/\/ .*$/, "").trim().replace(/[,;]$/, ""))
    .filter((line) => line !== "" && !/^(?:\/\/|import )/.test(line) && !line.includes("…") && !source.includes(squeeze(line)));
}

/** A shell line split into words as `sh` would (quotes removed, `# comments` dropped); no expansion. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const close = line.indexOf(c, i + 1);
      if (close < 0) throw new Error(`unclosed ${c} in: ${line}`);
      word = (word ?? "") + line.slice(i + 1, close);
      i = close;
    } else if (c === "#" && word === undefined) {
      break;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
