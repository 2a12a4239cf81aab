import { describe, expect, it } from "vitest";
import { searchCorpus } from "../../src/tools/offline-search.js";
import { SearchError } from "../../src/tools/search-errors.js";

const ids = (query: string, options?: Parameters<typeof searchCorpus>[1]) => searchCorpus(query, options).map((h) => h.id);

describe("searchCorpus", () => {
  it.each([
    ["Send API map-reduce", "web/send-api-map-reduce"],
    ["Amdahl", "encyclopedia/amdahls-law"],
    ["Amdahl's law", "encyclopedia/amdahls-law"],
    ["reducer InvalidUpdateError", "web/state-reducers"],
    ["waiting edge fan-in", "web/fan-out-fan-in"],
    ["superstep", "web/langgraph-supersteps"],
    ["checkpointer Postgres SQLite", "web/checkpointers"],
    ["interrupt Command resume", "web/human-in-the-loop-interrupt"],
    ["subgraph output schema", "web/subgraphs"],
    ["why adopt LangGraph", "web/why-langgraph"],
    ["CrewAI crew", "web/crewai-crews"],
    ["AutoGen concurrent orchestration", "web/autogen-concurrent"],
    ["OpenAI Agents SDK handoffs", "web/openai-agents-sdk"],
    ["LlamaIndex workflows", "web/llamaindex-workflows"],
    ["quorum first-success race", "web/race-quorum-patterns"],
    ["429 Retry-After backoff jitter", "web/llm-rate-limits"],
    ["bulk synchronous parallel", "encyclopedia/bulk-synchronous-parallel"],
    ["MapReduce", "encyclopedia/mapreduce"],
    ["fork join", "encyclopedia/fork-join-model"],
    ["actor model", "encyclopedia/actor-model"],
    ["large language model", "encyclopedia/large-language-model"],
    ["retrieval augmented generation", "encyclopedia/retrieval-augmented-generation"],
    ["multi-agent system", "encyclopedia/multi-agent-system"],
    ["application checkpointing", "encyclopedia/application-checkpointing"],
    ["idempotence", "encyclopedia/idempotence"],
    ["fold reduce", "encyclopedia/fold"],
    ["directed acyclic graph", "encyclopedia/directed-acyclic-graph"],
  ])("ranks %j first: %s", (query, expected) => {
    expect(ids(query)[0]).toBe(expected);
  });

  it("ranks the encyclopedia article first within its section", () => {
    expect(ids("Pregel", { section: "encyclopedia", limit: 1 })).toEqual(["encyclopedia/pregel"]);
    expect(ids("human in the loop", { section: "encyclopedia", limit: 1 })).toEqual(["encyclopedia/human-in-the-loop"]);
    expect(ids("human in the loop", { section: "web", limit: 1 })).toEqual(["web/human-in-the-loop-interrupt"]);
  });

  it("returns hits with the document's fields, best first", () => {
    const hits = searchCorpus("Send API map-reduce");
    expect(hits).toHaveLength(3);
    expect(hits[0]).toMatchObject({
      id: "web/send-api-map-reduce",
      title: "The Send API and map-reduce in LangGraph",
      url: "corpus://web/send-api-map-reduce",
    });
    expect(hits[0]?.content).toMatch(/^Static edges fix the shape of a graph/);
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("filters by section", () => {
    const web = searchCorpus("parallel", { section: "web", limit: 10 });
    const encyclopedia = searchCorpus("parallel", { section: "encyclopedia", limit: 10 });
    expect(web.length).toBeGreaterThan(0);
    expect(encyclopedia.length).toBeGreaterThan(0);
    expect(web.every((h) => h.id.startsWith("web/"))).toBe(true);
    expect(encyclopedia.every((h) => h.id.startsWith("encyclopedia/"))).toBe(true);
    expect(ids("MapReduce", { section: "web" })).not.toContain("encyclopedia/mapreduce");
  });

  it("honours limit", () => {
    expect(searchCorpus("graph", { limit: 1 })).toHaveLength(1);
    expect(searchCorpus("graph", { limit: 5 })).toHaveLength(5);
  });

  it("is deterministic, with ties broken by id", () => {
    const first = searchCorpus("parallel agents", { limit: 28 });
    expect(searchCorpus("parallel agents", { limit: 28 })).toEqual(first);
    for (let i = 1; i < first.length; i++) {
      const [a, b] = [first[i - 1]!, first[i]!];
      expect(a.score > b.score || (a.score === b.score && a.id < b.id)).toBe(true);
    }
  });

  it("ignores stop words and case", () => {
    expect(searchCorpus("the of and")).toEqual([]);
    expect(ids("AMDAHL")).toEqual(ids("amdahl"));
    expect(ids("what is the Amdahl law")[0]).toBe("encyclopedia/amdahls-law");
  });

  it("matches prefixes and small typos", () => {
    expect(ids("checkpoint", { section: "web" })[0]).toBe("web/checkpointers");
    expect(ids("idempotense")[0]).toBe("encyclopedia/idempotence");
  });

  it("returns [] when nothing matches", () => {
    expect(searchCorpus("zzzqqqxxx")).toEqual([]);
  });

  it.each(["", "   ", "\n\t"])("rejects the blank query %j", (query) => {
    expect(() => searchCorpus(query)).toThrow(SearchError);
    expect(() => searchCorpus(query)).toThrow(`The search query is empty (got ${JSON.stringify(query)}).`);
  });

  it.each([0, -1, 1.5])("rejects limit %d", (limit) => {
    expect(() => searchCorpus("graph", { limit })).toThrow(`"limit" must be a positive integer, got ${limit}.`);
  });
});
