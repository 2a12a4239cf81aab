import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LanggraphParallelError } from "../../src/errors.js";
import { clearCorpusCache, loadCorpus, parseCorpusDocument } from "../../src/tools/corpus.js";
import { CorpusError } from "../../src/tools/search-errors.js";

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** The error `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("loadCorpus (shipped corpus)", () => {
  const docs = loadCorpus();

  it("has 14 web and 14 encyclopedia documents, sorted by id", () => {
    expect(docs.filter((d) => d.section === "web")).toHaveLength(14);
    expect(docs.filter((d) => d.section === "encyclopedia")).toHaveLength(14);
    expect(docs.map((d) => d.id)).toEqual([...docs.map((d) => d.id)].sort());
  });

  it("gives every document a matching id and url, a unique title and a 150–300 word body", () => {
    for (const doc of docs) {
      expect(doc.url).toBe(`corpus://${doc.id}`);
      expect(doc.id.startsWith(`${doc.section}/`)).toBe(true);
      expect(doc.title.length).toBeGreaterThan(0);
      expect(doc.text).not.toMatch(/^---/m);
      expect(words(doc.text), doc.id).toBeGreaterThanOrEqual(150);
      expect(words(doc.text), doc.id).toBeLessThanOrEqual(300);
    }
    expect(new Set(docs.map((d) => d.title)).size).toBe(docs.length);
  });

  it("contains the documents the lessons rely on", () => {
    const byId = new Map(docs.map((d) => [d.id, d]));
    expect(byId.get("web/send-api-map-reduce")?.title).toBe("The Send API and map-reduce in LangGraph");
    expect(byId.get("encyclopedia/amdahls-law")?.title).toBe("Amdahl's law");
    expect(byId.get("encyclopedia/pregel")?.url).toBe("corpus://encyclopedia/pregel");
  });

  it("caches: a second call returns the same frozen array", () => {
    expect(loadCorpus()).toBe(docs);
    expect(Object.isFrozen(docs)).toBe(true);
    expect(Object.isFrozen(docs[0])).toBe(true);
  });
});

describe("parseCorpusDocument", () => {
  it("parses front matter and normalises paragraphs (CRLF, extra blank lines)", () => {
    const doc = parseCorpusDocument("---\r\ntitle: A title\r\nurl: corpus://web/a\r\n---\r\n\r\n First.\r\n\r\n\r\nSecond.\r\n", "web", "a");
    expect(doc).toEqual({ id: "web/a", section: "web", title: "A title", url: "corpus://web/a", text: "First.\n\nSecond." });
  });

  it.each([
    ["no front matter", "title: A\n", 'Malformed corpus at web/a.md: the first line must be "---" (start of the front matter).'],
    ["unclosed front matter", "---\ntitle: A\nurl: corpus://web/a\nBody", 'Malformed corpus at web/a.md: the front matter is not closed by a "---" line.'],
    ["missing title", "---\nurl: corpus://web/a\n---\nBody", 'Malformed corpus at web/a.md: missing the "title" field in the front matter.'],
    ["unknown field", "---\ntitle: A\nauthor: B\n---\nBody", 'Malformed corpus at web/a.md: unknown front matter field "author" on line 3 (expected title and url).'],
    ["not key: value", "---\ntitle: A\njust text\n---\nBody", 'Malformed corpus at web/a.md: line 3 is not a "key: value" pair.'],
    ["wrong url", "---\ntitle: A\nurl: corpus://web/b\n---\nBody", 'Malformed corpus at web/a.md: url is "corpus://web/b" but a file in this place must have url "corpus://web/a".'],
    ["empty body", "---\ntitle: A\nurl: corpus://web/a\n---\n\n  \n", "Malformed corpus at web/a.md: the body after the front matter is empty."],
  ])("rejects %s with a clear CorpusError", (_name, source, message) => {
    const error = thrown(() => parseCorpusDocument(source, "web", "a"));
    expect(error).toBeInstanceOf(CorpusError);
    expect(error).toBeInstanceOf(LanggraphParallelError);
    expect((error as CorpusError).message).toBe(message);
    expect((error as CorpusError).file).toBe("web/a.md");
    expect((error as CorpusError).hint).toMatch(/^Each corpus file starts with a front matter block/);
  });
});

describe("loadCorpus (override directory)", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
    clearCorpusCache();
  });

  function makeCorpus(files: Record<string, string>): string {
    dir = mkdtempSync(join(tmpdir(), "corpus-"));
    mkdirSync(join(dir, "web"));
    mkdirSync(join(dir, "encyclopedia"));
    for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
    return dir;
  }

  it("loads a valid folder, ignoring files that are not .md", () => {
    const root = makeCorpus({
      "web/b.md": "---\ntitle: B\nurl: corpus://web/b\n---\nBee.",
      "encyclopedia/a.md": "---\ntitle: A\nurl: corpus://encyclopedia/a\n---\nAy.",
      "web/notes.txt": "ignored",
    });
    expect(loadCorpus({ dir: root }).map((d) => d.id)).toEqual(["encyclopedia/a", "web/b"]);
  });

  it("names the malformed file in the error", () => {
    const root = makeCorpus({ "web/broken.md": "---\ntitle: Broken\n---\nNo url here." });
    const file = join(root, "web", "broken.md");
    expect(() => loadCorpus({ dir: root })).toThrow(
      `Malformed corpus at ${file}: missing the "url" field in the front matter.`,
    );
    expect((thrown(() => loadCorpus({ dir: root })) as CorpusError).file).toBe(file);
  });

  it("reports a missing section folder", () => {
    dir = mkdtempSync(join(tmpdir(), "corpus-"));
    mkdirSync(join(dir, "encyclopedia"));
    expect(() => loadCorpus({ dir })).toThrow(
      `Malformed corpus at ${join(dir, "web")}: the "web" section folder does not exist.`,
    );
  });
});
