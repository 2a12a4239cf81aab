import { describe, expect, it } from "vitest";
import { formatEncyclopediaDocs, formatWebResults } from "../../src/tools/format-documents.js";

describe("formatWebResults", () => {
  it("formats each result as a Document block joined by the separator", () => {
    expect(
      formatWebResults([
        { url: "https://a.dev/x", title: "A", content: "Alpha." },
        { url: "corpus://web/b", title: "B", content: "Beta\nline two." },
      ]),
    ).toBe(
      '<Document href="https://a.dev/x"/>\nAlpha.\n</Document>\n\n---\n\n<Document href="corpus://web/b"/>\nBeta\nline two.\n</Document>',
    );
  });

  it("returns an empty string for no results and escapes quotes in the URL", () => {
    expect(formatWebResults([])).toBe("");
    expect(formatWebResults([{ url: 'https://a.dev/?q="x"', title: "", content: "C" }])).toBe(
      '<Document href="https://a.dev/?q=&quot;x&quot;"/>\nC\n</Document>',
    );
  });
});

describe("formatEncyclopediaDocs", () => {
  it("formats each document with source and page", () => {
    expect(
      formatEncyclopediaDocs([
        { source: "corpus://encyclopedia/amdahls-law", title: "Amdahl's law", content: "Speedup." },
        { source: "https://en.wikipedia.org/wiki/Fold", title: "Fold", content: "Reduce." },
      ]),
    ).toBe(
      '<Document source="corpus://encyclopedia/amdahls-law" page="Amdahl\'s law"/>\nSpeedup.\n</Document>' +
        "\n\n---\n\n" +
        '<Document source="https://en.wikipedia.org/wiki/Fold" page="Fold"/>\nReduce.\n</Document>',
    );
  });

  it("returns an empty string for no documents and escapes quotes in the title", () => {
    expect(formatEncyclopediaDocs([])).toBe("");
    expect(formatEncyclopediaDocs([{ source: "s", title: 'The "Pregel" paper', content: "C" }])).toBe(
      '<Document source="s" page="The &quot;Pregel&quot; paper"/>\nC\n</Document>',
    );
  });
});
