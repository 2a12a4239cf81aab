// The lesson graphs, run offline (latency 0) on topics and questions a learner might type
// (test/fixtures/learner-questions.ts), checked for measurable properties rather than fixed
// strings: the answers follow the question, say so when the corpus does not cover it, never
// repeat a sentence under two analysts, tell jokes only when asked, decompose compound tasks into
// their parts, and make every stock analyst use its own tools.
import { HumanMessage } from "@langchain/core/messages";
import { Command, MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { buildDecompositionGraph } from "../../src/graphs/decomposition.js";
import { buildJokesGraph } from "../../src/graphs/jokes.js";
import { buildResearchAssistantGraph } from "../../src/graphs/research-assistant/graph.js";
import { buildSearchAnswerGraph } from "../../src/graphs/search-answer.js";
import { buildStockAnalystsGraph } from "../../src/graphs/stock-analysts.js";
import { loadCorpus } from "../../src/tools/corpus.js";
import { createEncyclopediaSearch } from "../../src/tools/encyclopedia-search.js";
import { createSearchTools } from "../../src/tools/search-tools.js";
import { createWebSearch } from "../../src/tools/web-search.js";
import { COMPOUND_TASKS, RESEARCH_TOPICS, STOCK_QUESTIONS } from "../fixtures/learner-questions.js";
import {
  analystSections,
  citedSources,
  containsJoke,
  contentWords,
  mentionsAll,
  onTopicShare,
  outputText,
  RecordingModel,
  repeatedSentences,
  reportPart,
  SAYS_NOT_COVERED,
  sentencesOf,
  sharesContentWord,
} from "../support/answer-properties.js";

const searches = () => ({ webSearch: createWebSearch(), encyclopediaSearch: createEncyclopediaSearch() });
const corpus = new Map(loadCorpus().map((d) => [d.url, `${d.title}\n${d.text}`]));

async function research(topic: string, feedback: string[] = []) {
  const model = new RecordingModel();
  const graph = buildResearchAssistantGraph({ model, ...searches(), checkpointer: new MemorySaver() });
  const config = { configurable: { thread_id: `t-${topic}` } };
  await graph.invoke({ topic, maxAnalysts: 3 }, config);
  for (const answer of feedback) await graph.invoke(new Command({ resume: answer }), config);
  const done = await graph.invoke(new Command({ resume: "" }), config);
  return { model, analysts: done.analysts as { name: string; role: string; affiliation: string; description: string }[], report: done.finalReport as string };
}

const noJokes = (model: RecordingModel) => model.calls.filter((c) => containsJoke(outputText(c))).map((c) => c.text.slice(0, 80));

describe("research reports follow their topic (lesson 4)", () => {
  for (const { text: topic, covered } of RESEARCH_TOPICS) {
    it(`${covered ? "covered" : "not covered"}: ${topic}`, async () => {
      const { model, analysts, report } = await research(topic);
      const sections = analystSections(report);
      expect(sections).toHaveLength(3);

      // No sentence of more than six words under two analysts.
      expect(repeatedSentences(sections)).toEqual([]);
      // At least 60% of the analysts' sentences share a content word with the topic, or the report
      // says its sources do not cover it; an uncovered topic is said to be uncovered.
      const all = sections.flatMap((s) => s.sentences);
      const onTopic = onTopicShare(all, topic);
      expect(onTopic >= 0.6 || SAYS_NOT_COVERED.test(report), `${Math.round(onTopic * 100)}% on topic`).toBe(true);
      if (!covered) expect(reportPart(report, "Introduction").join(" ")).toMatch(SAYS_NOT_COVERED);
      if (covered) expect(onTopic).toBeGreaterThanOrEqual(0.6);

      // Introduction and conclusion are drawn from the sections (or say that nothing covers the topic).
      const sectionText = all.join(" ");
      for (const part of ["Introduction", "Conclusion"]) {
        for (const s of reportPart(report, part)) expect(sectionText.includes(s) || SAYS_NOT_COVERED.test(s) || /needs sources|sections found little in their sources/.test(s), `${part}: ${s}`).toBe(true);
      }

      // People: two-word names, job titles and organisations that are not the topic's words.
      const topicWords = contentWords(topic);
      expect(new Set(analysts.map((a) => a.role)).size).toBe(3);
      for (const a of analysts) {
        expect(a.name).toMatch(/^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u);
        expect(a.role).toMatch(/^\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){0,2}$/u);
        for (const w of [...contentWords(a.role), ...contentWords(a.affiliation)]) expect(topicWords, `${a.role}, ${a.affiliation}`).not.toContain(w);
      }

      // Questions read as questions (no capitalised article mid-sentence) and differ turn by turn;
      // answers share a word with their question or say the documents do not cover it.
      const questions = model.callsWithSystem("You are an analyst interviewing").map((c) => c.text);
      expect(questions).toHaveLength(6);
      for (const q of questions) {
        expect(q).toMatch(/^\p{Lu}[^?]*(?:"[^"]*"[^?]*)?\?$/u);
        expect(q.replace(/"[^"]*"/g, "")).not.toMatch(/[\p{Ll},] (?:The|A|An) /u);
      }
      expect(new Set(questions).size).toBe(6);
      for (const call of model.callsWithSystem("You are an expert interviewed by")) {
        const question = call.messages[call.messages.length - 1]!.text;
        expect(sharesContentWord(sentencesOf(call.text).join(" "), question) || SAYS_NOT_COVERED.test(call.text), `${question} → ${call.text}`).toBe(true);
      }
      expect(noJokes(model)).toEqual([]);
      expect(model.calls.every((c) => c.message.response_metadata.offline === true)).toBe(true);
    });
  }

  it("feedback that names a role gives a person with that job title, on its own angle", async () => {
    const { analysts, report } = await research("Quantum error correction", ["Add a lawyer who cares about patents"]);
    expect(analysts[0]!.role).toBe("Lawyer");
    expect(analysts[0]!.description).toBe("Cares about patents when it comes to quantum error correction.");
    expect(report).toMatch(SAYS_NOT_COVERED);
  });

  it("is deterministic: the same topic gives the same report", async () => {
    const topic = RESEARCH_TOPICS[0]!.text;
    expect((await research(topic)).report).toBe((await research(topic)).report);
  });
});

describe("compound tasks decompose into their parts (lesson 6)", () => {
  for (const { text: task, parts, covered } of COMPOUND_TASKS) {
    it(task, async () => {
      const model = new RecordingModel();
      const graph = buildDecompositionGraph({ model, tools: [...createSearchTools()] });
      const { subtasks, results, answer } = await graph.invoke({ task });
      // One sub-task per named part, none about two parts.
      expect(subtasks).toHaveLength(parts.length);
      for (const part of parts) {
        const own = subtasks.filter((s: string) => s.toLowerCase().includes(part.toLowerCase()));
        expect(own, `${part} in ${JSON.stringify(subtasks)}`).toHaveLength(1);
        const result = results.find((r: { subtask: string }) => r.subtask === own[0])!;
        if (covered) {
          // Answered from a document that mentions the part.
          const docs = citedSources(result.output).map((url) => corpus.get(url) ?? "");
          expect(docs.some((d) => mentionsAll(d, part)), `${part}: ${result.output.slice(0, 200)}`).toBe(true);
        } else {
          expect(result.output).toMatch(SAYS_NOT_COVERED);
          expect(citedSources(result.output)).toEqual([]);
        }
        expect(answer.toLowerCase()).toContain(part.toLowerCase().split(" ")[0]);
      }
      // Each worker searched for its own sub-task, not for the whole task.
      const queries = model.calls.flatMap((c) => (c.message.tool_calls ?? []).map((t) => String(t.args.query ?? ""))).filter(Boolean);
      expect(queries.length).toBeGreaterThanOrEqual(parts.length);
      for (const q of queries) expect(parts.filter((p) => q.toLowerCase().includes(p.toLowerCase())).length, q).toBeLessThanOrEqual(1);
      expect(noJokes(model)).toEqual([]);
    });
  }
});

describe("stock questions make every analyst use its own tools (lesson 5)", () => {
  const own: Record<string, string[]> = {
    "Fundamental Analyst": ["get_financials"],
    "Technical Analyst": ["get_price_history"],
    "Sentiment Analyst": ["search_news", "get_social_sentiment"],
  };
  for (const { text: question, inFixtures } of STOCK_QUESTIONS) {
    it(`${inFixtures ? "in the fixtures" : "no data"}: ${question}`, async () => {
      const model = new RecordingModel();
      const out = await buildStockAnalystsGraph(model).invoke({ messages: [new HumanMessage(question)] });
      expect(out.responses.map((r) => r.name)).toEqual(Object.keys(own));
      for (const r of out.responses) {
        const called = r.transcript.filter((t) => t.startsWith("tool ")).map((t) => t.slice("tool ".length));
        expect(called.length, r.name).toBeGreaterThanOrEqual(1);
        for (const name of called) expect(own[r.name]).toContain(name);
        // Every analyst's brief is in the aggregated report.
        expect(out.result!.report).toContain(`${r.name}: ${sentencesOf(r.text)[0]}`);
        if (!inFixtures) expect(r.text).toMatch(/could not answer: .*no offline data/);
      }
      expect(out.result!.report).not.toContain("Offline model: it outlines the task");
      expect(noJokes(model)).toEqual([]);
    });
  }
});

describe("search-and-answer follows the question (lesson 1)", () => {
  for (const { text: question, covered } of [...RESEARCH_TOPICS, ...COMPOUND_TASKS]) {
    it(question, async () => {
      const model = new RecordingModel();
      const { answer } = await buildSearchAnswerGraph({ model, ...searches() }).invoke({ question });
      const quoted = sentencesOf(answer);
      if (!covered) {
        expect(answer).toMatch(SAYS_NOT_COVERED);
        expect(citedSources(answer)).toEqual([]);
      } else {
        expect(citedSources(answer).length).toBeGreaterThan(0);
        expect(quoted.filter((s) => sharesContentWord(s, question)).length / quoted.length).toBeGreaterThanOrEqual(0.6);
      }
      expect(noJokes(model)).toEqual([]);
    });
  }
});

describe("jokes only when asked (lesson 2)", () => {
  it("the jokes graph still tells jokes: the detector sees them", async () => {
    const model = new RecordingModel();
    const { jokes } = await buildJokesGraph({ model }).invoke({ topic: "vector databases" });
    expect(jokes.length).toBe(3);
    expect(jokes.every((j: string) => containsJoke(j))).toBe(true);
  });
});
