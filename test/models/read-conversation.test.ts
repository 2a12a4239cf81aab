import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { extractiveAnswer, rankSentences } from "../../src/models/extractive-answer.js";
import { parseDocuments, readConversation, toolOutputDocuments } from "../../src/models/read-conversation.js";

const WEB = [
  '<Document href="https://docs.example/reducers"/>',
  "In LangGraph every key of the graph state is stored in a channel. By default a key keeps only the last value written to it. " +
    "Two nodes writing the same key in one superstep raise an InvalidUpdateError. The fix is to give the key a reducer.",
  "</Document>",
].join("\n");
const ENCYCLOPEDIA = [
  '<Document source="corpus://encyclopedia/fold" page="Fold (&quot;reduce&quot;)"/>',
  "In functional programming, a fold reduces a list to a single value with a combining function. It is also called reduce.",
  "</Document>",
].join("\n");
const SEND = [
  '<Document href="https://docs.example/send"/>',
  "The Send API lets a node fan out work to many copies of another node. Each Send carries its own private state. " +
    "Map-reduce graphs use Send for the map step.",
  "</Document>",
].join("\n");
const CONTEXT = [WEB, ENCYCLOPEDIA, SEND].join("\n\n---\n\n");

describe("parseDocuments", () => {
  it("reads href and source/page blocks, unescaping attributes", () => {
    const docs = parseDocuments(CONTEXT);
    expect(docs.map((d) => [d.source, d.title])).toEqual([
      ["https://docs.example/reducers", undefined],
      ["corpus://encyclopedia/fold", 'Fold ("reduce")'],
      ["https://docs.example/send", undefined],
    ]);
    expect(docs[1]!.content).toBe(
      "In functional programming, a fold reduces a list to a single value with a combining function. It is also called reduce.",
    );
  });

  it("returns nothing for text without blocks", () => {
    expect(parseDocuments("no documents here")).toEqual([]);
  });
});

describe("readConversation", () => {
  it("finds an inline question, the documents, and strips them from the text", () => {
    const view = readConversation([new HumanMessage(`Answer the question How do map-reduce graphs fan out? using this context: ${CONTEXT}`)]);
    expect(view.question).toBe("How do map-reduce graphs fan out?");
    expect(view.task).toBe("How do map-reduce graphs fan out?");
    expect(view.documents).toHaveLength(3);
    expect(view.text).toBe("Answer the question How do map-reduce graphs fan out? using this context:");
  });

  it("does not mistake 'the question using only this context' for a question", () => {
    const view = readConversation([
      new SystemMessage(`Answer the question using only this context:\n\n${CONTEXT}`),
      new HumanMessage("What does a fold do?"),
    ]);
    expect(view.question).toBeUndefined();
    expect(view.task).toBe("What does a fold do?");
    expect(view.subject).toBe("What does a fold do?");
  });

  it("finds a topic on the line after 'research topic:' and keeps the human request", () => {
    const view = readConversation([
      new SystemMessage("Create analysts.\n1. First, review the research topic:\nThe benefits of LangGraph\n2. Pick the top 3 themes."),
      new HumanMessage("Generate the set of analysts."),
    ]);
    expect(view.topic).toBe("The benefits of LangGraph");
    expect(view.request).toBe("Generate the set of analysts.");
    expect(view.subject).toBe("The benefits of LangGraph");
  });

  it("collects the trailing tool results and marks the turn as after a tool call", () => {
    const ai = new AIMessage({ content: "", tool_calls: [{ id: "c1", name: "multiply", args: { a: 3, b: 4 } }] });
    const view = readConversation([new HumanMessage("What is 3 times 4?"), ai, new ToolMessage({ content: "12", tool_call_id: "c1", name: "multiply" })]);
    expect(view.afterToolCall).toBe(true);
    expect(view.toolResults).toEqual([{ source: "multiply tool", content: "12" }]);
    expect(view.request).toBe("What is 3 times 4?");
  });
});

describe("toolOutputDocuments", () => {
  it("reads Tavily-style JSON results", () => {
    const json = JSON.stringify({ query: "q", results: [{ url: "https://t.example/a", title: "A", content: "Alpha is first." }, { url: "https://t.example/b" }] });
    expect(toolOutputDocuments(json, "tavily")).toEqual([{ source: "https://t.example/a", title: "A", content: "Alpha is first." }]);
  });

  it("falls back to the text as one document", () => {
    expect(toolOutputDocuments("  plain  ", "lookup")).toEqual([{ source: "lookup tool", content: "plain" }]);
    expect(toolOutputDocuments("", "lookup")).toEqual([]);
  });
});

describe("extractiveAnswer", () => {
  const docs = parseDocuments(CONTEXT);

  it("quotes the sentence that answers the question, the sentence after it, and cites the URL", () => {
    expect(extractiveAnswer("What error do two nodes writing the same key raise?", docs)).toBe(
      "Two nodes writing the same key in one superstep raise an InvalidUpdateError. [1] The fix is to give the key a reducer. [1]\n\n" +
        "Sources:\n[1] https://docs.example/reducers",
    );
  });

  it("cites several documents, numbered in order of first citation, with titles when present", () => {
    const answer = extractiveAnswer("How does a fold reduce a list, and how does Send fan out map-reduce work?", docs);
    expect(answer).toBe(
      "The Send API lets a node fan out work to many copies of another node. [1] Map-reduce graphs use Send for the map step. [1] " +
        "In functional programming, a fold reduces a list to a single value with a combining function. [2]\n\n" +
        'Sources:\n[1] https://docs.example/send\n[2] Fold ("reduce") — corpus://encyclopedia/fold',
    );
  });

  it("ranks with deterministic tie-breaks (earlier document, then earlier sentence)", () => {
    const tie = [
      { source: "s1", content: "Apples are red fruit here. Apples are red fruit there." },
      { source: "s2", content: "Apples are red fruit again." },
    ];
    expect(rankSentences("apples", tie).map((r) => [r.documentIndex, r.sentenceIndex])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
    ]);
  });

  it("says so when no document covers the question, and quotes nothing", () => {
    expect(extractiveAnswer("Who painted the Mona Lisa?", docs.slice(0, 1))).toBe('The context does not answer "Who painted the Mona Lisa?".');
    // A document that shares a word but not the subject is not quoted: "state" alone is not "state machines in Erlang".
    expect(extractiveAnswer("state machines in Erlang", docs)).toBe("The 3 context documents do not cover state machines and Erlang.");
  });
});
