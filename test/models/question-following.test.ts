import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { topicPhrase } from "../../src/models/interview-question.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { asksForJoke } from "../../src/models/offline-reply.js";
import { readConversation } from "../../src/models/read-conversation.js";
import { labelledParts, ownerOf, partsReply } from "../../src/models/section-reply.js";
import { askedFor, covers, subjectPhrases, subjectTerms } from "../../src/models/subject-terms.js";
import { namedParts, planSubtasks } from "../../src/models/task-parts.js";

const model = new OfflineChatModel({ latencyMs: 0 });

describe("subject terms", () => {
  it("drop the frame of a question and keep what it is about", () => {
    expect(subjectTerms("When it comes to vector databases, what should I understand first about costs?")).toEqual(["vector", "database", "cost"]);
    expect(subjectPhrases("The benefits of adopting LangGraph as an agent framework")).toEqual(["LangGraph", "agent framework"]);
    expect(askedFor("Search for and explain: the Send API (part of: a briefing)")).toBe("the Send API");
    expect(covers(["vector", "database"], new Set(["database", "checkpointer"]))).toBe(false);
    expect(covers(["marathon", "training", "plan"], new Set(["training", "plan"]), new Set(["marathon"]))).toBe(false);
  });

  it("turn any topic into a phrase that can follow a preposition", () => {
    expect(topicPhrase("The history of jazz")).toBe("the history of jazz");
    expect(topicPhrase("Quantum error correction")).toBe("quantum error correction");
    expect(topicPhrase("LangGraph")).toBe("LangGraph");
    expect(topicPhrase("How do checkpointers work?")).toBe('"How do checkpointers work?"');
  });
});

describe("compound tasks", () => {
  it("name their parts: lists, comparisons, several questions, a shared qualifier", () => {
    expect(namedParts("Compare CrewAI, AutoGen and LangGraph")).toEqual(["CrewAI", "AutoGen", "LangGraph"]);
    expect(namedParts("What are the differences between Pregel and MapReduce?")).toEqual(["Pregel", "MapReduce"]);
    expect(namedParts("Compare CrewAI and AutoGen for parallel agents")).toEqual(["CrewAI for parallel agents", "AutoGen for parallel agents"]);
    expect(namedParts("How does LangGraph run nodes in parallel, and why do parallel writes need a reducer?")).toEqual([
      "How does LangGraph run nodes in parallel?",
      "Why do parallel writes need a reducer?",
    ]);
    expect(namedParts("The benefits of adopting LangGraph as an agent framework")).toEqual([]);
  });

  it("give one sub-task per part, or three aspects of a single subject", async () => {
    expect(planSubtasks("Write a briefing on vector databases", 5)).toEqual([
      "What vector databases are and why they matter",
      "How vector databases work in practice",
      "Limits and risks of vector databases",
    ]);
    const Plan = z.object({ subtasks: z.array(z.string()).min(1).max(12) });
    const plan = await model
      .withStructuredOutput(Plan)
      .invoke([new SystemMessage("Break the task into at most 5 subtasks."), new HumanMessage("Topic: Compare CrewAI, AutoGen and LangGraph")]);
    expect(plan.subtasks).toEqual(["CrewAI", "AutoGen", "LangGraph"]);
  });
});

describe("jokes", () => {
  it("are told when the instruction asks for one, not when the material mentions them", async () => {
    expect(asksForJoke(readConversation([new HumanMessage("Tell a short joke about owls.")]))).toBe(true);
    const intro = "Write a short introduction for a research report on vector databases, previewing these sections:\n\nSend fans out one joke per generated subject. Tell me a joke about it, said nobody.";
    expect(asksForJoke(readConversation([new HumanMessage(intro)]))).toBe(false);
    expect((await model.invoke(intro)).text).toBe("Send fans out one joke per generated subject.");
  });
});

describe("sections and parts", () => {
  it("share sentences out between focuses: every writer assigns each sentence to the same one", () => {
    const focuses = ["Cares about costs.", "Cares about failures.", "Cares about design."];
    const sentences = ["Retries after failures cost money.", "A failure loses the step.", "LangGraph graphs are designed as nodes and edges.", "LangGraph runs nodes."];
    const owners = sentences.map((s) => ownerOf(s, focuses, ["langgraph"]));
    expect(owners.slice(1, 3)).toEqual(["Cares about failures.", "Cares about design."]);
    for (const order of [[...focuses].reverse(), [focuses[1]!, focuses[2]!, focuses[0]!]]) {
      expect(sentences.map((s) => ownerOf(s, order, ["langgraph"]))).toEqual(owners);
    }
  });

  it("an introduction quotes the sections that found something and counts those that did not", async () => {
    const sections = [
      "The documents found on costs and budgets do not cover vector databases.",
      "Vector databases store embeddings of document passages for semantic search.",
      "Beyond what the other sections report, the documents found say little about speed and scale for vector databases.",
    ].join("\n\n");
    const reply = await model.invoke(`Topic: vector databases\nWrite a short introduction for a research report on vector databases, previewing these sections:\n\n${sections}`);
    expect(reply.text).toBe("Vector databases store embeddings of document passages for semantic search. 2 of the 3 sections found little in their sources.");
  });

  it("combine labelled parts, one line each, none left out", async () => {
    const briefs = "=== Fundamental analyst ===\nRevenue grew 3%. Margins held.\n\n=== Technical analyst ===\nA rising trend.\n\n=== Sentiment analyst ===\nNews is calm.\n\nPosts are mixed.";
    expect(labelledParts(briefs).map((p) => p.label)).toEqual(["Fundamental analyst", "Technical analyst", "Sentiment analyst"]);
    expect(partsReply(labelledParts(briefs))).toBe("Fundamental analyst: Revenue grew 3%. Margins held.\nTechnical analyst: A rising trend.\nSentiment analyst: News is calm. Posts are mixed.");
    const reply = await model.invoke([new SystemMessage("Write a short investment report from the briefs."), new HumanMessage(`Request: Should we buy?\n\nBriefs:\n\n${briefs}`)]);
    expect(reply.text.split("\n")).toHaveLength(3);
  });
});

describe("tools a persona's instructions describe", () => {
  const financials = tool(async ({ ticker }) => `figures for ${ticker}`, {
    name: "get_financials",
    description: "Latest financial statements of a company: revenue, margins and valuation.",
    schema: z.object({ ticker: z.string().describe("Stock ticker, e.g. TERN, KITE, MOSS.") }),
  });
  const analyst = new SystemMessage("You are a fundamental analyst. Judge the company's financial health and valuation from its financial statements.");

  it("are called for any stock question, with the ticker the request names", async () => {
    const bound = model.bindTools([financials]);
    const calls = async (q: string) => (await bound.invoke([analyst, new HumanMessage(q)])).tool_calls?.map((c) => c.args.ticker);
    expect(await calls("Should we invest in MOSS?")).toEqual(["MOSS"]);
    expect(await calls("Is Kite Robotics a good buy?")).toEqual(["KITE"]);
    expect(await calls("What about Apple?")).toEqual(["APPLE"]);
    // Without the persona, a question that names no tool calls none.
    expect((await bound.invoke("Should we invest in MOSS?")).tool_calls).toEqual([]);
  });
});
