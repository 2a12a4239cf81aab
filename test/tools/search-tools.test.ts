import { describe, expect, it } from "vitest";
import { createEncyclopediaSearchTool, createSearchTools, createWebSearchTool } from "../../src/tools/search-tools.js";

describe("search tools", () => {
  it("names the tools and exposes a { query } schema", () => {
    const [web, encyclopedia] = createSearchTools();
    expect(web.name).toBe("web_search");
    expect(encyclopedia.name).toBe("encyclopedia_search");
    expect(web.schema.safeParse({ query: "x" }).success).toBe(true);
    expect(web.schema.safeParse({ query: 1 }).success).toBe(false);
  });

  it("web_search returns formatted results from the offline corpus by default", async () => {
    const web = createWebSearchTool(async () => [{ url: "corpus://web/a", title: "A", content: "Alpha." }]);
    expect(await web.invoke({ query: "a" })).toBe('<Document href="corpus://web/a"/>\nAlpha.\n</Document>');
    const real = await createSearchTools({})[0].invoke({ query: "Send API map-reduce" });
    expect(real).toMatch(/^<Document href="corpus:\/\/web\/send-api-map-reduce"\/>\nStatic edges/);
  });

  it("encyclopedia_search returns formatted documents", async () => {
    const text = await createEncyclopediaSearchTool().invoke({ query: "Amdahl" });
    expect(text).toMatch(/^<Document source="corpus:\/\/encyclopedia\/amdahls-law" page="Amdahl's law"\/>\nAmdahl's law gives/);
    expect(text.split("\n\n---\n\n")).toHaveLength(2);
  });

  it("says so when nothing is found", async () => {
    expect(await createWebSearchTool(async () => []).invoke({ query: "zzz" })).toBe('No web results for "zzz".');
    expect(await createEncyclopediaSearchTool(async () => []).invoke({ query: "zzz" })).toBe(
      'No encyclopedia articles for "zzz".',
    );
  });

  it("rejects an empty query before searching", async () => {
    let called = false;
    const web = createWebSearchTool(async () => {
      called = true;
      return [];
    });
    await expect(web.invoke({ query: "" })).rejects.toThrow();
    expect(called).toBe(false);
  });
});
