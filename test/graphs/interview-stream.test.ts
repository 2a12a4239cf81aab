import { Command, MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { buildResearchAssistantGraph } from "../../src/graphs/research-assistant/graph.js";
import type { Analyst } from "../../src/graphs/research-assistant/schemas.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { traceRun, type SubgraphTaskRecord } from "../../src/observe/run-trace.js";
import { createEncyclopediaSearch } from "../../src/tools/encyclopedia-search.js";
import { createWebSearch } from "../../src/tools/web-search.js";

// The interviews as LangGraph streams them from the sub-graphs: one namespace per Send task.
describe("research assistant: the interview sub-graphs' tasks, by namespace", () => {
  it("each interview runs in its own namespace, conduct_interview:<its task id>, one turn after another", async () => {
    const graph = buildResearchAssistantGraph({
      model: new OfflineChatModel({ latencyMs: 0 }),
      webSearch: createWebSearch(),
      encyclopediaSearch: createEncyclopediaSearch(),
      checkpointer: new MemorySaver(),
    });
    const config = { configurable: { thread_id: "ns" } };
    await graph.invoke({ topic: "LangGraph", maxAnalysts: 3 }, config);
    const inner: SubgraphTaskRecord[] = [];
    const trace = await traceRun(graph, new Command({ resume: "" }), { config, onSubgraphTaskResult: (t) => inner.push(t) });

    const sends = trace.supersteps.find((s) => s.tasks[0]?.node === "conduct_interview")!.tasks;
    expect(sends.map((t) => t.viaSend)).toEqual([true, true, true]);
    const analysts = (trace.finalState as { analysts: Analyst[] }).analysts;
    // Each Send carried one analyst, in the list's order.
    expect(sends.map((t) => (t.input as { analyst: Analyst }).analyst)).toEqual(analysts);

    const namespaces = [...new Set(inner.map((t) => t.namespace.join("|")))];
    expect(namespaces.sort()).toEqual(sends.map((t) => `conduct_interview:${t.id}`).sort());
    const turn = ["ask_question", "search_*", "search_*", "answer_question"];
    for (const send of sends) {
      const mine = inner.filter((t) => t.namespace[0] === `conduct_interview:${send.id}`);
      expect(mine.every((t) => t.parent === send)).toBe(true);
      // Every task read this interview's own state: its analyst.
      expect(mine.every((t) => (t.input as { analyst: Analyst }).analyst.name === (send.input as { analyst: Analyst }).analyst.name)).toBe(true);
      expect(mine.map((t) => t.node.replace(/^search_\w+$/, "search_*"))).toEqual([...turn, ...turn, "save_interview", "write_section"]);
      const asked = mine.filter((t) => t.node === "ask_question").map((t) => (t.writes as { messages: { name?: string }[] }).messages[0]!.name);
      const answered = mine.filter((t) => t.node === "answer_question").map((t) => (t.writes as { messages: { name?: string }[] }).messages[0]!.name);
      expect([asked, answered]).toEqual([["analyst", "analyst"], ["expert", "expert"]]);
    }
  });
});
