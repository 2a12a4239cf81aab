import { describe, expect, it } from "vitest";
import lesson from "../../lessons/05_concurrent_agents.js";
import { LAUNCH_PROMPT } from "../../src/graphs/product-launch.js";
import { terms } from "../../src/models/text-terms.js";
import { runLessonOffline } from "./run-lesson.js";

const RULE = "-".repeat(60);
const ROLES = ["researcher", "marketer", "legal"];

/** The printed conversation of part 1: each message's number, name and text, as the sample prints them. */
function conversation(text: string): { head: string; name: string; body: string }[] {
  const start = text.indexOf("===== Final Aggregated Conversation (messages) =====\n");
  const block = text.slice(start, text.indexOf("\n▸ 2.", start));
  return block
    .split(`${RULE}\n\n`)
    .slice(1)
    .map((chunk) => {
      const [head = "", ...rest] = chunk.split("\n");
      return { head, name: /^\d\d \[(.+)\]:$/.exec(head)?.[1] ?? "", body: rest.join("\n").replace(new RegExp(`\\n*(?:${RULE})?\\n*$`), "") };
    });
}

/** Part 2's summary lines (without their indent). */
function summaryLines(text: string): string[] {
  const from = text.indexOf("  The aggregator's summary");
  return text.slice(from, text.indexOf("\n\n", from)).split("\n").slice(1).map((l) => l.replace(/^ {4}/, ""));
}

const contentWords = (text: string) => new Set(terms(text.replace(/\*\*/g, "")));

describe("lesson 5: concurrent agents", () => {
  it("prints the default aggregator's conversation as Agent Framework's sample does: 01 [user], 02 [researcher], 03 [marketer], 04 [legal]", async () => {
    const text = await runLessonOffline(lesson);
    expect(text).toContain("  superstep 1: legal ∥ marketer ∥ researcher   (3 nodes in parallel)\n  superstep 2: aggregate\n");
    expect(text).toContain(`\n===== Final Aggregated Conversation (messages) =====\n${RULE}\n\n01 [user]:\n${LAUNCH_PROMPT}\n${RULE}\n\n02 [researcher]:\n**Insights:**\n`);
    const messages = conversation(text);
    expect(messages.map((m) => m.head)).toEqual(["01 [user]:", "02 [researcher]:", "03 [marketer]:", "04 [legal]:"]);
    expect(messages[0]!.body).toBe(LAUNCH_PROMPT);
    // Each participant answers the prompt from its own role: the product and its audience, in its own headings.
    const [, researcher, marketer, legal] = messages.map((m) => m.body);
    for (const body of [researcher!, marketer!, legal!]) expect(body).toMatch(/electric bike/);
    expect(researcher).toMatch(/^\*\*Insights:\*\*\n[\s\S]*\*\*Opportunities:\*\*\n[\s\S]*\*\*Risks:\*\*\n/);
    expect(researcher).toContain("urban commuters");
    expect(marketer).toMatch(/^\*\*Value proposition:\*\*\n"[^"\n]*budget-friendly electric bike for urban commuters[^"\n]*"\n[\s\S]*\*\*Tagline:\*\* "[^"\n]+"/);
    expect(legal).toMatch(/^\*\*Constraints, disclaimers and policy concerns:\*\*\n1\. /);
    expect(legal).toContain('"budget-friendly"');
    expect(text).not.toContain("Offline model: it outlines the task");
  });

  it("the custom aggregator asks the model to summarise the participants: one line per role, drawn from that role's answer", async () => {
    for (const topic of [
      undefined,
      "We are launching Tern, a pocket-sized solar charger for hikers, in the EU and the US next month.",
      "We are introducing a smart water bottle that tracks hydration for office workers.",
    ]) {
      const text = await runLessonOffline(lesson, topic ? { topic } : {});
      const prompt = topic ?? LAUNCH_PROMPT;
      expect(text).toContain("▸ 2. The same participants, a custom aggregator: the model summarises them\n");
      const answers = new Map(conversation(text).slice(1).map((m) => [m.name, m.body]));
      expect([...answers.keys()]).toEqual(ROLES);
      const lines = summaryLines(text);
      expect(lines[0]).toBe(`Summary of 3 participants on "${prompt}":`);
      expect(lines.slice(1, 4).map((l) => /^- (\w+): /.exec(l)?.[1])).toEqual(ROLES);
      for (const [i, role] of ROLES.entries()) {
        // The role's line is made of its own answer: most of its words are that answer's, and some are no one else's.
        const line = contentWords(lines[i + 1]!.slice(`- ${role}: `.length));
        const own = contentWords(answers.get(role)!);
        const others = new Set(ROLES.filter((r) => r !== role).flatMap((r) => [...contentWords(answers.get(r)!)]));
        expect([...line].filter((w) => own.has(w)).length / line.size, `${role}: ${lines[i + 1]}`).toBeGreaterThan(0.9);
        expect([...line].some((w) => own.has(w) && !others.has(w)), role).toBe(true);
      }
      // What they have in common: words every one of them used, beyond the prompt's own.
      const common = /^Common ground: (.+)\.$/.exec(lines[4] ?? "")?.[1]?.split(", ") ?? [];
      expect(common.length, lines.join("\n")).toBeGreaterThan(0);
      for (const w of common) {
        expect(ROLES.filter((r) => contentWords(answers.get(r)!).has(terms(w)[0]!)).length, w).toBeGreaterThanOrEqual(2);
        expect(contentWords(prompt).has(terms(w)[0]!), w).toBe(false);
      }
    }
  });

  it("isolated analysts: the exercise's === headers ===, every analyst's whole brief in the aggregate, each in the report", async () => {
    const text = await runLessonOffline(lesson);
    expect(text).toContain("    Fundamental Analyst  human  ·  ai → get_financials  ·  tool get_financials  ·  ai\n");
    const from = text.indexOf("  The aggregator was given the request and these briefs, nothing else:\n");
    const aggregate = text.slice(from, text.indexOf("  Report:\n", from)).split("\n").slice(1).map((l) => l.replace(/^ {4}/, ""));
    expect(aggregate.filter((l) => l.startsWith("==="))).toEqual(["=== Fundamental Analyst ===", "=== Technical Analyst ===", "=== Sentiment Analyst ==="]);
    const briefs = aggregate.join("\n").split(/^=== .+ ===\n/m).slice(1).map((b) => b.trim());
    expect(briefs).toHaveLength(3);
    expect(briefs[0]).toMatch(/^The get_financials tool returned: Tern Outdoor \(TERN\) had revenue of \$412 million/);
    expect(briefs[1]).toMatch(/^The get_price_history tool returned: TERN closed at/);
    expect(briefs[2]).toMatch(/^The get_social_sentiment tool returned: Social sentiment about TERN/);
    const report = text.slice(text.indexOf("  Report:\n", from)).split("\n").slice(1, 4);
    expect(report.map((l) => /^ {4}(\w+ Analyst): /.exec(l)?.[1])).toEqual(["Fundamental Analyst", "Technical Analyst", "Sentiment Analyst"]);
    for (const [i, line] of report.entries()) expect(briefs[i]!.startsWith(line.slice(line.indexOf(": ") + 2).split(". ")[0]!)).toBe(true);
  });

  it("--json prints the three final states", async () => {
    const lines = (await runLessonOffline(lesson, { json: true })).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].state.messages).toHaveLength(4);
    expect(lines[1].state.result).toMatch(/^Summary of 3 participants on /);
    expect(lines[2].state.responses.map((r: { name: string }) => r.name)).toEqual(["Fundamental Analyst", "Technical Analyst", "Sentiment Analyst"]);
  });

  it("rejects an empty launch prompt before running", async () => {
    await expect(runLessonOffline(lesson, { topic: " " })).rejects.toThrow("Invalid --topic: the launch prompt is empty.");
  });
});
