import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { refreshDiagrams, updateDocsDiagrams } from "../../src/cli/docs-diagrams.js";
import { LESSON_GRAPHS } from "../../src/graphs/registry.js";

describe("tutorial diagrams", () => {
  it("every diagram in docs/ matches the graph it is drawn from (run `npm run docs:diagrams`)", async () => {
    expect(await updateDocsDiagrams({ check: true })).toEqual([]);
  });

  it("lesson 1 shows every lesson 1 graph", async () => {
    const { ids } = await refreshDiagrams(await readFile("docs/01-parallelization.md", "utf8"));
    expect(ids).toEqual(Object.keys(LESSON_GRAPHS).filter((id) => id.startsWith("parallelization.")));
  });

  it("a stale block is detected and redrawn from the graph", async () => {
    const stale = "<!-- diagram: parallelization.waiting_edge -->\n```mermaid\ngraph TD; a --> d;\n```\n<!-- /diagram -->";
    const { text } = await refreshDiagrams(stale);
    expect(text).not.toBe(stale);
    expect(text).toContain("\tb2 --> d;");
    expect(text).toContain("\tc --> d;");
  });

  it("an unknown diagram id is an error naming it", async () => {
    await expect(refreshDiagrams("<!-- diagram: nope.graph -->\n<!-- /diagram -->")).rejects.toThrow('Unknown diagram id "nope.graph"');
  });
});
