import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { interviewLines } from "../../src/cli/interview-transcript.js";

const opening = new HumanMessage("Thanks for joining.");
const q1 = new AIMessage({ content: "How do runs recover?", name: "analyst" });
const a1 = new AIMessage({ content: "From checkpoints. [1]\n\nSources:\n[1] corpus://web/x", name: "expert" });
const q2 = new AIMessage({ content: "And when two branches fail at once, what happens to the writes of the branches that finished?", name: "analyst" });

describe("interviewLines", () => {
  it("numbers each turn by the speaker's earlier messages in what the task read", () => {
    expect(interviewLines("Ada", { node: "ask_question", input: { messages: [opening] }, writes: { messages: [q1] } })).toEqual([
      "[Ada] Q1 (analyst): How do runs recover?",
    ]);
    expect(interviewLines("Ada", { node: "answer_question", input: { messages: [opening, q1] }, writes: { messages: [a1] } })).toEqual([
      "[Ada] A1 (expert): From checkpoints. [1]",
      "[Ada]              Sources:",
      "[Ada]              [1] corpus://web/x",
    ]);
    // A resumed interview reads its earlier turns: the numbering goes on from them.
    expect(interviewLines("Ada", { node: "ask_question", input: { messages: [opening, q1, a1] }, writes: { messages: [q2] } }, 40)).toEqual([
      "[Ada] Q2 (analyst): And when two branches fail at once, what",
      "[Ada]               happens to the writes of the branches",
      "[Ada]               that finished?",
    ]);
  });

  it("lists what each search found, says when a section is written, and names a failed node", () => {
    const context = [{ source: "corpus://web/a" }, { source: "corpus://web/b" }];
    expect(interviewLines("Bo", { node: "search_web", writes: { context } })).toEqual(["[Bo] searched the web: corpus://web/a, corpus://web/b"]);
    expect(interviewLines("Bo", { node: "search_encyclopedia", writes: { context: [] } })).toEqual(["[Bo] searched the encyclopedia: nothing"]);
    expect(interviewLines("Bo", { node: "write_section", writes: { sections: [] } })).toEqual(["[Bo] section written"]);
    expect(interviewLines("Bo", { node: "answer_question", error: "429 Too Many Requests" })).toEqual(["[Bo] answer_question failed: 429 Too Many Requests"]);
  });

  it("adds nothing for the bookkeeping node, or a task that paused before writing", () => {
    expect(interviewLines("Bo", { node: "save_interview", writes: { interview: "…" } })).toEqual([]);
    expect(interviewLines("Bo", { node: "ask_question" })).toEqual([]);
  });
});
