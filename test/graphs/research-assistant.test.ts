import { Command, MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import type { AnalystReview } from "../../src/graphs/research-assistant/analysts.js";
import { buildResearchAssistantGraph } from "../../src/graphs/research-assistant/graph.js";
import { Analyst } from "../../src/graphs/research-assistant/schemas.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { traceRun } from "../../src/observe/run-trace.js";
import { loadCorpus } from "../../src/tools/corpus.js";
import { createEncyclopediaSearch } from "../../src/tools/encyclopedia-search.js";
import { createWebSearch } from "../../src/tools/web-search.js";

const TOPIC = "The benefits of adopting LangGraph as an agent framework";

function setup(latencyMs = 0) {
  const graph = buildResearchAssistantGraph({
    model: new OfflineChatModel({ latencyMs }),
    webSearch: createWebSearch(),
    encyclopediaSearch: createEncyclopediaSearch(),
    checkpointer: new MemorySaver(),
  });
  const config = { configurable: { thread_id: `t-${Math.random()}` } };
  const review = (result: unknown) => ((result as { __interrupt__: { value: AnalystReview }[] }).__interrupt__[0]!.value);
  return { graph, config, review };
}

describe("research assistant", () => {
  it("proposes maxAnalysts schema-valid analysts, then pauses for review", async () => {
    for (const maxAnalysts of [2, 4]) {
      const { graph, config, review } = setup();
      const paused = review(await graph.invoke({ topic: TOPIC, maxAnalysts }, config));
      expect(paused.type).toBe("analyst_review");
      expect(paused.round).toBe(1);
      expect(paused.analysts).toHaveLength(maxAnalysts);
      for (const analyst of paused.analysts) expect(Analyst.parse(analyst)).toEqual(analyst);
      expect((await graph.getState(config)).next).toEqual(["human_feedback"]);
    }
  });

  it("feedback regenerates the analysts taking it into account; an empty answer approves", async () => {
    const { graph, config, review } = setup();
    const first = review(await graph.invoke({ topic: TOPIC, maxAnalysts: 3 }, config));
    const second = review(await graph.invoke(new Command({ resume: "Add a startup founder who cares about shipping fast" }), config));
    expect(second.round).toBe(2);
    expect(second.analysts).toHaveLength(3);
    expect(second.analysts).not.toEqual(first.analysts);
    expect(second.analysts[0]!.role).toMatch(/Startup Founder/);
    const done = await graph.invoke(new Command({ resume: "" }), config);
    expect(done.analysts).toEqual(second.analysts);
    expect(done.feedbackRounds).toBe(1);
  });

  it("writes one section per analyst and a report with introduction, sections, conclusion and de-duplicated sources from the corpus", async () => {
    const { graph, config } = setup();
    await graph.invoke({ topic: TOPIC, maxAnalysts: 3 }, config);
    const done = await graph.invoke(new Command({ resume: "" }), config);
    expect(done.sections.map((s: { analyst: string }) => s.analyst)).toEqual(done.analysts.map((a: { name: string }) => a.name));
    const report: string = done.finalReport;
    const headings = report.split("\n").filter((l) => l.startsWith("#"));
    // As in the academy: sections under the Insights carry a topical title (the topic, the
    // analyst's angle), never the analyst's name.
    const titles = done.analysts.map((a: { description: string }) => `### Adopting LangGraph: ${/Cares about (.+) when it comes to/.exec(a.description)![1]}`);
    expect(headings).toEqual([`# ${TOPIC}`, "## Introduction", "## Insights", ...titles, "## Conclusion", "## Sources"]);
    for (const a of done.analysts as { name: string }[]) expect(headings.join("\n")).not.toContain(a.name);
    expect(new Set(titles).size).toBe(3);
    const sources = report.slice(report.indexOf("## Sources")).split("\n").slice(2).filter(Boolean);
    expect(sources.length).toBeGreaterThan(0);
    const urls = sources.map((line, i) => {
      expect(line.startsWith(`${i + 1}. `)).toBe(true);
      return line.slice(`${i + 1}. `.length);
    });
    expect(new Set(urls).size).toBe(urls.length);
    const corpus = new Set(loadCorpus().map((d) => d.url));
    for (const url of urls) expect(corpus.has(url), url).toBe(true);
    // Every section's sources are in the final list, and its citations were renumbered to point at them.
    for (const [i, section] of (done.sections as { analyst: string; sources: string[] }[]).entries()) {
      for (const s of section.sources) expect(urls).toContain(s);
      const start = report.indexOf(titles[i]!);
      const body = report.slice(start, report.indexOf("\n### ", start + 1) > 0 ? report.indexOf("\n### ", start + 1) : report.indexOf("## Conclusion"));
      const cited = [...body.matchAll(/\[(\d+)\]/g)].map((m) => urls[Number(m[1]) - 1]);
      expect(cited.length).toBeGreaterThan(0);
      for (const url of cited) expect(section.sources).toContain(url);
    }
    expect(done.sections.map((s: { position: number }) => s.position)).toEqual([0, 1, 2]);
  });

  it("runs the interviews in parallel: they overlap in time, in one superstep", async () => {
    const { graph, config } = setup(15);
    await graph.invoke({ topic: TOPIC, maxAnalysts: 3 }, config);
    const trace = await traceRun(graph, new Command({ resume: "" }), { config });
    const interviews = trace.supersteps.find((s) => s.tasks[0]?.node === "conduct_interview")!.tasks;
    expect(interviews).toHaveLength(3);
    for (const a of interviews) for (const b of interviews) if (a !== b) expect(a.startedAt).toBeLessThan(b.endedAt!);
    const writers = trace.supersteps.find((s) => s.tasks.some((t) => t.node === "write_report"))!.tasks.map((t) => t.node).sort();
    expect(writers).toEqual(["write_conclusion", "write_introduction", "write_report"]);
  });
});
