import { describe, expect, it } from "vitest";
import { buildJokesGraph, Subjects } from "../../src/graphs/jokes.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { strictStructuredOutput } from "../../src/models/strict-structured-output.js";
import { isTopicList, planSubtopics } from "../../src/models/subtopics.js";

const model = new OfflineChatModel({ latencyMs: 0 });
// Articles, case and spacing aside: "The Send API" is the topic "Send API".
const key = (s: string) => s.toLowerCase().replace(/\s+/g, " ").replace(/^(?:the|a|an) /, "").trim();

// Covered and uncovered by the corpus, one word and several, a name, a compound, a question-like one.
const TOPICS = [
  "animals",
  "Cats",
  "distributed systems",
  "vector databases",
  "the Send API",
  "LangGraph",
  "quantum computing in medicine",
  "cats and dogs",
  "The benefits of adopting LangGraph as an agent framework",
  "marathon training plans for beginners over forty",
];

describe("sub-topics of a topic (offline model)", () => {
  it("lists distinct sub-topics, none of them the topic itself, for every topic and count", async () => {
    const subjects = strictStructuredOutput(model, Subjects, { name: "Subjects" });
    for (const topic of TOPICS) {
      for (const count of [1, 3, 5, 12]) {
        const { subjects: list } = await subjects.invoke(`Topic: ${topic}\nList ${count} subjects closely related to this topic, each a few words long.`);
        expect(list, `${topic} × ${count}`).toHaveLength(count);
        expect(list.map(key), topic).not.toContain(key(topic));
        expect(new Set(list.map(key)).size, `${topic}: ${list.join(" | ")}`).toBe(count);
      }
    }
  });

  it("gives lesson 2's jokes graph three sub-topics, each sent to its own joke", async () => {
    const state = await buildJokesGraph({ model }).invoke({ topic: "animals" });
    expect(state.subjects).toEqual(["the history of animals", "animals in everyday life", "the science of animals"]);
    state.subjects.forEach((subject, i) => expect(state.jokes[i]).toContain(subject));
  });

  it("takes a compound topic's parts and a long topic's subject phrases before facets", () => {
    expect(planSubtopics("cats and dogs", 3)).toEqual(["cats", "dogs", "the history of cats and dogs"]);
    expect(planSubtopics("The benefits of adopting LangGraph as an agent framework", 3)).toEqual(["LangGraph", "agent framework", "the history of LangGraph"]);
    // A short topic's own phrases are broader than it, not sub-topics.
    expect(planSubtopics("quantum computing in medicine", 2)).toEqual(["the history of quantum computing in medicine", "quantum computing in medicine in everyday life"]);
  });

  it("knows topic lists by their field name", () => {
    expect(["subjects", "topics", "subtopics", "sub_topics", "themes"].map(isTopicList)).toEqual([true, true, true, true, true]);
    expect(["subtasks", "subject", "jokes", "items"].map(isTopicList)).toEqual([false, false, false, false]);
  });
});
