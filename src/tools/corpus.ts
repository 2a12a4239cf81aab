/**
 * The offline search corpus: short Markdown documents shipped in `corpus/web/` (blog and docs
 * style pages) and `corpus/encyclopedia/` (encyclopedia style articles). Each file is
 *
 * ```
 * ---
 * title: <Title>
 * url: corpus://<section>/<file name without .md>
 * ---
 * <plain paragraphs>
 * ```
 *
 * Files are read synchronously once per folder and cached; the corpus is small (~30 files).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CorpusError } from "./search-errors.js";

/**
 * The two sections of the corpus, one folder each.
 *
 * @example
 * ```ts
 * import { CORPUS_SECTIONS } from "langgraph-parallel";
 * CORPUS_SECTIONS; // ["web", "encyclopedia"]
 * ```
 */
export const CORPUS_SECTIONS = ["web", "encyclopedia"] as const;

/** A corpus section: `"web"` or `"encyclopedia"`. */
export type CorpusSection = (typeof CORPUS_SECTIONS)[number];

/** One parsed corpus file. */
export interface CorpusDocument {
  /** `<section>/<slug>`, e.g. `"web/send-api-map-reduce"`; unique and stable. */
  readonly id: string;
  readonly section: CorpusSection;
  readonly title: string;
  /** `corpus://<section>/<slug>`. */
  readonly url: string;
  /** The body: paragraphs separated by one blank line, trimmed. */
  readonly text: string;
}

/** Options of {@link loadCorpus}. */
export interface LoadCorpusOptions {
  /** Folder holding `web/` and `encyclopedia/`. Default: the `corpus/` folder shipped with the package. */
  dir?: string;
}

/**
 * The shipped corpus folder, found relative to this module (works from `src/` and under tsx).
 *
 * @example
 * ```ts
 * import { DEFAULT_CORPUS_DIR } from "langgraph-parallel";
 * DEFAULT_CORPUS_DIR; // "<package root>/corpus/"
 * ```
 */
export const DEFAULT_CORPUS_DIR: string = fileURLToPath(new URL("../../corpus/", import.meta.url));

// Parsed corpora by absolute folder path.
const cache = new Map<string, readonly CorpusDocument[]>();

const FRONT_MATTER_KEYS = ["title", "url"] as const;

/**
 * Parses one corpus file. Exported for tests and for tools that validate new documents.
 *
 * @param source - The file's text.
 * @param section - The section (folder) the file belongs to.
 * @param slug - The file name without `.md`; the `url` must end with it.
 * @param file - Path used in error messages. Default: `<section>/<slug>.md`.
 * @returns The parsed, frozen document.
 * @throws {CorpusError} When the front matter or body is missing or malformed.
 * @example
 * ```ts
 * import { parseCorpusDocument } from "langgraph-parallel";
 * const doc = parseCorpusDocument("---\ntitle: A\nurl: corpus://web/a\n---\nBody.", "web", "a");
 * doc.id; // "web/a"
 * ```
 */
export function parseCorpusDocument(
  source: string,
  section: CorpusSection,
  slug: string,
  file = `${section}/${slug}.md`,
): CorpusDocument {
  const lines = source.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.trim() !== "---") {
    throw new CorpusError(file, 'the first line must be "---" (start of the front matter)');
  }
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === "---");
  if (end === -1) throw new CorpusError(file, 'the front matter is not closed by a "---" line');

  const fields = new Map<string, string>();
  for (const [offset, line] of lines.slice(1, end).entries()) {
    if (line.trim() === "") continue;
    const match = /^([A-Za-z_][\w-]*):\s*(.*?)\s*$/.exec(line);
    const lineNo = offset + 2;
    if (!match) throw new CorpusError(file, `line ${lineNo} is not a "key: value" pair`);
    const [, key = "", value = ""] = match;
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key)) {
      throw new CorpusError(file, `unknown front matter field "${key}" on line ${lineNo} (expected title and url)`);
    }
    if (fields.has(key)) throw new CorpusError(file, `the field "${key}" appears twice`);
    fields.set(key, value);
  }
  for (const key of FRONT_MATTER_KEYS) {
    if (!fields.get(key)) throw new CorpusError(file, `missing the "${key}" field in the front matter`);
  }

  const url = fields.get("url") ?? "";
  const expectedUrl = `corpus://${section}/${slug}`;
  if (url !== expectedUrl) {
    throw new CorpusError(file, `url is "${url}" but a file in this place must have url "${expectedUrl}"`);
  }

  // Normalise the body: trim each paragraph's edges, one blank line between paragraphs.
  const text = lines
    .slice(end + 1)
    .join("\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "")
    .join("\n\n");
  if (text === "") throw new CorpusError(file, "the body after the front matter is empty");

  return Object.freeze({ id: `${section}/${slug}`, section, title: fields.get("title") ?? "", url, text });
}

function loadSection(root: string, section: CorpusSection): CorpusDocument[] {
  const folder = join(root, section);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new CorpusError(folder, `the "${section}" section folder does not exist`);
  }
  return readdirSync(folder)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => {
      const file = join(folder, name);
      return parseCorpusDocument(readFileSync(file, "utf8"), section, name.slice(0, -".md".length), file);
    });
}

/**
 * Loads every document of the corpus, sorted by id (all `encyclopedia/…` then all `web/…`).
 * The result is cached per folder, so later calls are free.
 *
 * @param options - `dir`: the corpus folder. Default: {@link DEFAULT_CORPUS_DIR}.
 * @returns The documents, frozen.
 * @throws {CorpusError} When a section folder is missing or a file is malformed.
 * @example
 * ```ts
 * import { loadCorpus } from "langgraph-parallel";
 * const docs = loadCorpus();
 * docs.filter((d) => d.section === "web").length; // 14
 * ```
 */
export function loadCorpus(options: LoadCorpusOptions = {}): readonly CorpusDocument[] {
  const root = resolve(options.dir ?? DEFAULT_CORPUS_DIR);
  const cached = cache.get(root);
  if (cached) return cached;
  const docs = CORPUS_SECTIONS.flatMap((section) => loadSection(root, section)).sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const frozen = Object.freeze(docs);
  cache.set(root, frozen);
  return frozen;
}

/**
 * Forgets every cached corpus (and, through the cache key, every search index built on it).
 * Useful in tests that rewrite a corpus folder in place.
 *
 * @example
 * ```ts
 * import { clearCorpusCache, loadCorpus } from "langgraph-parallel";
 * clearCorpusCache();
 * loadCorpus(); // read from disk again
 * ```
 */
export function clearCorpusCache(): void {
  cache.clear();
}
