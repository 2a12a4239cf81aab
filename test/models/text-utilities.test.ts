import { describe, expect, it } from "vitest";
import { createSeededRandom, hashString, seededRandomFor } from "../../src/models/seeded-random.js";
import { joinWithAnd, salientPhrases, sentences, stem, terms } from "../../src/models/text-terms.js";
import { estimatePromptTokens, estimateTokens, usageFor } from "../../src/models/token-count.js";
import { requestedCount } from "../../src/models/requested-count.js";

describe("hashString / createSeededRandom", () => {
  it("hashes the same text to the same unsigned 32-bit value and nearby texts apart", () => {
    expect(hashString("hello")).toBe(hashString("hello"));
    expect(hashString("hello")).not.toBe(hashString("hello!"));
    expect(hashString("")).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(hashString("x")) && hashString("x") < 2 ** 32).toBe(true);
  });

  it("replays the same stream for the same seed and stays within int() bounds", () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const drawsA = Array.from({ length: 50 }, () => a.int(100, 400));
    const drawsB = Array.from({ length: 50 }, () => b.int(100, 400));
    expect(drawsA).toEqual(drawsB);
    expect(drawsA.every((n) => n >= 100 && n <= 400 && Number.isInteger(n))).toBe(true);
    expect(new Set(drawsA).size).toBeGreaterThan(10);
  });

  it("forks independently of draws already made", () => {
    const a = seededRandomFor("prompt");
    const b = seededRandomFor("prompt");
    a.next();
    a.next();
    expect(a.fork("latency").next()).toBe(b.fork("latency").next());
    expect(a.fork("latency").next()).not.toBe(a.fork("reply").next());
  });

  it("pick() refuses an empty array", () => {
    expect(() => createSeededRandom(1).pick([])).toThrow(RangeError);
  });
});

describe("text terms", () => {
  it("splits sentences at end punctuation followed by a capital, and at line breaks, dropping bullets", () => {
    expect(sentences("LangGraph runs nodes. Each step is a superstep!\n- A bullet\nVersion 1.7 is out, e.g. this one.")).toEqual([
      "LangGraph runs nodes.",
      "Each step is a superstep!",
      "A bullet",
      "Version 1.7 is out, e.g. this one.",
    ]);
  });

  it("keeps content terms, lower-cased and lightly stemmed", () => {
    expect(terms("What are the benefits of parallel nodes in LangGraph's libraries?")).toEqual([
      "benefit",
      "parallel",
      "node",
      "langgraph",
      "library",
    ]);
    expect(stem("Boxes")).toBe("box");
    expect(stem("status")).toBe("status");
  });

  it("finds salient phrases as runs of content words", () => {
    expect(salientPhrases("the benefits of using LangGraph as an agent framework")).toEqual([
      "benefits",
      "LangGraph",
      "agent framework",
    ]);
  });

  it("joins with commas and a final 'and'", () => {
    expect(joinWithAnd([])).toBe("");
    expect(joinWithAnd(["a"])).toBe("a");
    expect(joinWithAnd(["a", "b", "c"])).toBe("a, b and c");
  });
});

describe("token estimates", () => {
  it("counts about four characters per token plus three per message", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("hello world")).toBe(3);
    expect(estimatePromptTokens(["You are helpful.", "Hi!"])).toBe(4 + 3 + 1 + 3);
    expect(estimatePromptTokens(["Hi!"], "12345678")).toBe(1 + 3 + 2);
  });

  it("builds consistent usage metadata", () => {
    expect(usageFor(11, "Hello there!")).toEqual({ input_tokens: 11, output_tokens: 3, total_tokens: 14 });
  });
});

describe("requestedCount", () => {
  it("reads field-specific counts first", () => {
    expect(requestedCount("Pick the top 3 themes. max_analysts: 4", "analysts")).toBe(4);
    expect(requestedCount("number of questions = 5", "questions")).toBe(5);
    expect(requestedCount("Write 2 short jokes", "jokes")).toBe(2);
    expect(requestedCount("give me three distinct subjects", "subjects")).toBe(3);
    expect(requestedCount("List 6 categories", "categories")).toBe(6);
    expect(requestedCount("Generate 4 sub-topics", "sub_topics")).toBe(4);
  });

  it("uses generic phrases only when asked to", () => {
    const prompt = "Generate a list of 3 sub-topics that are all related to this overall topic: animals.";
    expect(requestedCount(prompt, "subjects")).toBeUndefined();
    expect(requestedCount(prompt, "subjects", true)).toBe(3);
    expect(requestedCount("Pick the top 2 themes.", "analysts", true)).toBe(2);
  });

  it("ignores years, zero and huge numbers", () => {
    expect(requestedCount("Q2 2024 earnings were up", "earnings", true)).toBeUndefined();
    expect(requestedCount("0 analysts", "analysts")).toBeUndefined();
    expect(requestedCount("500 analysts", "analysts")).toBeUndefined();
    expect(requestedCount("5. Assign one analyst to each theme.", "analysts")).toBeUndefined();
    expect(requestedCount("feedback for the analysts:\n\n3. Determine themes", "analysts")).toBeUndefined();
  });
});
