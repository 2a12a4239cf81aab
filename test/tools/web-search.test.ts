import { TavilySearch, TavilySearchAPIWrapper } from "@langchain/tavily";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SearchError } from "../../src/tools/search-errors.js";
import { createTavilySearch } from "../../src/tools/tavily-search.js";
import { createWebSearch, type TavilyLike } from "../../src/tools/web-search.js";

/** A Tavily response with one result per [url, title] pair. */
function tavilyResponse(query: string, items: [string, string][]) {
  return {
    query,
    response_time: 0.1,
    results: items.map(([url, title], i) => ({ url, title, content: `About ${title}.`, score: 1 - i / 10, raw_content: null })),
  };
}

describe("createWebSearch (offline)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("uses the corpus web section when TAVILY_API_KEY is not set", async () => {
    const search = createTavilySearch({ env: {} });
    expect(search.backend).toBe("offline");
    const results = await search("Send API map-reduce");
    expect(results).toHaveLength(3);
    expect(results[0]).toEqual({
      url: "corpus://web/send-api-map-reduce",
      title: "The Send API and map-reduce in LangGraph",
      content: expect.stringMatching(/^Static edges fix the shape of a graph/) as unknown as string,
    });
    expect(Object.keys(results[0]!).sort()).toEqual(["content", "title", "url"]);
    expect(results.every((r) => r.url.startsWith("corpus://web/"))).toBe(true);
  });

  it("honours maxResults and treats a blank key as unset", async () => {
    const search = createTavilySearch({ env: { TAVILY_API_KEY: "  " }, maxResults: 1 });
    expect(search.backend).toBe("offline");
    expect((await search("parallel")).length).toBe(1);
  });

  it("rejects a blank query", async () => {
    await expect(createWebSearch()(" ")).rejects.toThrow(SearchError);
  });

  it("rejects a bad maxResults when created", () => {
    expect(() => createWebSearch({ maxResults: 0 })).toThrow('"maxResults" must be a positive integer, got 0.');
  });

  it("createTavilySearch reads process.env by default; createWebSearch never reads the environment", () => {
    vi.stubEnv("TAVILY_API_KEY", "");
    expect(createTavilySearch().backend).toBe("offline");
    vi.stubEnv("TAVILY_API_KEY", "tvly-test-key");
    expect(createTavilySearch().backend).toBe("tavily");
    expect(createWebSearch().backend).toBe("offline");
  });
});

describe("createWebSearch (Tavily)", () => {
  it("selects Tavily when TAVILY_API_KEY is set, without calling the network", () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const search = createTavilySearch({ env: { TAVILY_API_KEY: "tvly-test-key" } });
    expect(search.backend).toBe("tavily");
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });

  it("maps a real TavilySearch tool's response (fake API wrapper) to WebResult", async () => {
    const calls: Record<string, unknown>[] = [];
    const apiWrapper = Object.assign(new TavilySearchAPIWrapper({ tavilyApiKey: "tvly-fake" }), {
      rawResults: async (params: Record<string, unknown>) => {
        calls.push(params);
        return tavilyResponse(String(params.query), [
          ["https://example.com/a", "A"],
          ["https://example.com/b", "B"],
        ]);
      },
    });
    const search = createWebSearch({ maxResults: 2, tavily: new TavilySearch({ apiWrapper, maxResults: 2 }) });
    expect(search.backend).toBe("tavily");
    expect(await search("  langgraph  ")).toEqual([
      { url: "https://example.com/a", title: "A", content: "About A." },
      { url: "https://example.com/b", title: "B", content: "About B." },
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ query: "langgraph", maxResults: 2 });
  });

  it("keeps at most maxResults results", async () => {
    const tavily: TavilyLike = {
      invoke: async ({ query }) => tavilyResponse(query, [["u1", "T1"], ["u2", "T2"], ["u3", "T3"]]),
    };
    expect((await createWebSearch({ tavily, maxResults: 2 })("q")).map((r) => r.url)).toEqual(["u1", "u2"]);
  });

  it("returns [] when Tavily finds nothing", async () => {
    const tavily: TavilyLike = {
      invoke: async ({ query }) => ({ error: `No search results found for '${query}'. Suggestions: x.` }),
    };
    expect(await createWebSearch({ tavily })("nothing")).toEqual([]);
  });

  it("turns a Tavily error into a SearchError", async () => {
    const tavily: TavilyLike = { invoke: async () => ({ error: "Error 401: Unauthorized" }) };
    const search = createWebSearch({ tavily });
    const error = await search("q").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchError);
    expect(error).toMatchObject({
      backend: "tavily",
      message: "Tavily search failed: Error 401: Unauthorized",
      hint: "Check TAVILY_API_KEY and your network, or unset TAVILY_API_KEY to use the offline corpus.",
    });
  });

  it("rejects a response without results", async () => {
    const tavily: TavilyLike = { invoke: async () => "not an object" };
    await expect(createWebSearch({ tavily })("q")).rejects.toThrow("Tavily returned a response without a results array.");
  });
});
