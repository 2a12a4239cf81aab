import { describe, expect, it } from "vitest";
import { createEncyclopediaSearch } from "../../src/tools/encyclopedia-search.js";
import { SearchError } from "../../src/tools/search-errors.js";

interface Call {
  params: Record<string, string>;
  headers: Record<string, string>;
}

/** A fetch stub that answers MediaWiki search and extract requests from fixed data. */
function stubWikipedia(pages: { pageid: number; title: string; extract: string }[], calls: Call[] = []): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const params = Object.fromEntries(url.searchParams);
    calls.push({ params, headers: { ...(init?.headers as Record<string, string>) } });
    if (params.list === "search") {
      const body = { query: { search: pages.map(({ pageid, title }) => ({ ns: 0, pageid, title })) } };
      return new Response(JSON.stringify(body), { status: 200 });
    }
    const page = pages.find((p) => String(p.pageid) === params.pageids);
    const fullurl = page ? `https://en.wikipedia.org/wiki/${page.title.replace(/ /g, "_")}` : undefined;
    return new Response(JSON.stringify({ query: { pages: [{ ...page, fullurl }] } }), { status: 200 });
  };
}

describe("createEncyclopediaSearch (offline)", () => {
  it("returns the best encyclopedia documents, maxDocs = 2 by default", async () => {
    const search = createEncyclopediaSearch();
    expect(search.source).toBe("offline");
    const docs = await search("Amdahl's law speedup");
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({ source: "corpus://encyclopedia/amdahls-law", title: "Amdahl's law" });
    expect(docs[0]?.content).toMatch(/^Amdahl's law gives the theoretical speedup/);
    expect(docs.every((d) => d.source.startsWith("corpus://encyclopedia/"))).toBe(true);
  });

  it("honours maxDocs and maxChars", async () => {
    const docs = await createEncyclopediaSearch({ maxDocs: 1, maxChars: 100 })("Pregel");
    expect(docs.map((d) => d.source)).toEqual(["corpus://encyclopedia/pregel"]);
    expect(docs[0]?.content).toBe("Pregel is a system for processing very large graphs that was developed at Google and described in a");
  });

  it("rejects a blank query", async () => {
    await expect(createEncyclopediaSearch()("")).rejects.toThrow("The search query is empty");
  });
});

describe("createEncyclopediaSearch (wikipedia)", () => {
  const pages = [
    { pageid: 11, title: "Amdahl's law", extract: "  Amdahl's law is a formula.  " },
    { pageid: 22, title: "Gustafson's law", extract: "Gustafson's law is another formula." },
  ];

  it("searches, then fetches plain-text extracts in rank order", async () => {
    const calls: Call[] = [];
    const search = createEncyclopediaSearch({ source: "wikipedia", fetch: stubWikipedia(pages, calls) });
    expect(search.source).toBe("wikipedia");
    expect(await search(" Amdahl ")).toEqual([
      { source: "https://en.wikipedia.org/wiki/Amdahl's_law", title: "Amdahl's law", content: "Amdahl's law is a formula." },
      { source: "https://en.wikipedia.org/wiki/Gustafson's_law", title: "Gustafson's law", content: "Gustafson's law is another formula." },
    ]);
    expect(calls).toHaveLength(3);
    expect(calls[0]?.params).toEqual({
      action: "query",
      format: "json",
      formatversion: "2",
      origin: "*",
      list: "search",
      srsearch: "Amdahl",
      srlimit: "2",
    });
    expect(calls.slice(1).map((c) => c.params.pageids).sort()).toEqual(["11", "22"]);
    expect(calls[1]?.params).toMatchObject({ prop: "extracts|info", inprop: "url", explaintext: "1" });
    expect(calls[0]?.headers["User-Agent"]).toBe("langgraph-parallel/0.1 (course)");
  });

  it("builds the page URL when the API gives none, and skips empty extracts", async () => {
    const doFetch: typeof fetch = async (input) => {
      const params = new URL(String(input)).searchParams;
      const body =
        params.get("list") === "search"
          ? { query: { search: [{ pageid: 1, title: "Fork–join model" }, { pageid: 2, title: "Empty" }] } }
          : params.get("pageids") === "1"
            ? { query: { pages: [{ pageid: 1, title: "Fork–join model", extract: "Text." }] } }
            : { query: { pages: [{ pageid: 2, title: "Empty", extract: "" }] } };
      return new Response(JSON.stringify(body));
    };
    expect(await createEncyclopediaSearch({ source: "wikipedia", fetch: doFetch })("fork join")).toEqual([
      { source: "https://en.wikipedia.org/wiki/Fork%E2%80%93join_model", title: "Fork–join model", content: "Text." },
    ]);
  });

  it("returns [] when the search finds nothing", async () => {
    expect(await createEncyclopediaSearch({ source: "wikipedia", fetch: stubWikipedia([]) })("zzz")).toEqual([]);
  });

  it("turns HTTP 500 into a SearchError", async () => {
    const doFetch: typeof fetch = async () => new Response("oops", { status: 500, statusText: "Internal Server Error" });
    const search = createEncyclopediaSearch({ source: "wikipedia", fetch: doFetch });
    const error = await search("Amdahl").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchError);
    expect(error).toMatchObject({
      backend: "wikipedia",
      message: "Wikipedia answered HTTP 500 Internal Server Error.",
      hint: 'Retry later, or use createEncyclopediaSearch({ source: "offline" }).',
    });
  });

  it("turns a network failure and an API error into SearchErrors", async () => {
    const offline: typeof fetch = async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }) });
    };
    await expect(createEncyclopediaSearch({ source: "wikipedia", fetch: offline })("x")).rejects.toThrow(
      "Could not reach Wikipedia at https://en.wikipedia.org: fetch failed (ENOTFOUND).",
    );
    const apiError: typeof fetch = async () =>
      new Response(JSON.stringify({ error: { code: "badvalue", info: "Unrecognized value" } }));
    await expect(createEncyclopediaSearch({ source: "wikipedia", fetch: apiError })("x")).rejects.toThrow(
      "Wikipedia API error badvalue: Unrecognized value.",
    );
  });

  it("rejects a bad maxDocs when created", () => {
    expect(() => createEncyclopediaSearch({ source: "wikipedia", maxDocs: 0 })).toThrow(
      '"maxDocs" must be a positive integer, got 0.',
    );
  });
});
