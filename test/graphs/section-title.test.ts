import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { AIMessage, type AIMessageChunk, HumanMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { buildInterviewGraph } from "../../src/graphs/research-assistant/interview.js";
import type { Analyst } from "../../src/graphs/research-assistant/schemas.js";
import type { OfflineChatModelCallOptions } from "../../src/models/offline-chat-model.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { sectionTitle } from "../../src/models/section-reply.js";
import { createEncyclopediaSearch } from "../../src/tools/encyclopedia-search.js";
import { createWebSearch } from "../../src/tools/web-search.js";

const TOPIC = "The benefits of adopting LangGraph as an agent framework";
const ELENA: Analyst = {
  name: "Elena Moreau",
  role: "Entrepreneur",
  affiliation: "a seed-stage startup",
  description: `Cares about shipping fast and business value when it comes to the benefits of adopting LangGraph as an agent framework.`,
};

// The offline model, except that its sections are rewritten the way another model might write them.
class RewritingModel extends OfflineChatModel {
  constructor(private readonly rewrite: (section: string) => string) {
    super({ latencyMs: 0 });
  }
  override async invoke(input: BaseLanguageModelInput, options?: Partial<OfflineChatModelCallOptions>): Promise<AIMessageChunk> {
    const reply = await super.invoke(input, options);
    const isSection = Array.isArray(input) && input.some((m) => typeof m === "object" && "text" in m && /Write a section of a research report/.test(String(m.text)));
    return isSection ? (new AIMessage(this.rewrite(reply.text)) as unknown as AIMessageChunk) : reply;
  }
}

async function sectionOf(model: OfflineChatModel): Promise<string> {
  const interview = buildInterviewGraph({ model, webSearch: createWebSearch(), encyclopediaSearch: createEncyclopediaSearch() });
  const { sections } = await interview.invoke({ topic: TOPIC, analyst: ELENA, messages: [new HumanMessage("Hello")] });
  return sections[0]!.markdown;
}

const headings = (markdown: string) => markdown.split("\n").filter((l) => l.startsWith("#"));

describe("report sections carry a topical title, not the analyst's name", () => {
  it("the offline writer titles a section with the topic and the analyst's angle", () => {
    expect(sectionTitle(ELENA.description, TOPIC)).toBe("Adopting LangGraph: shipping fast and business value");
    expect(sectionTitle("Cares about costs and budgets when it comes to vector databases.", "vector databases")).toBe("Vector databases: costs and budgets");
    expect(sectionTitle("Cares about speed and scale when it comes to checkpointers.", "How do checkpointers work?")).toBe("Speed and scale: How do checkpointers work?");
  });

  it("an interview's section starts with the writer's title", async () => {
    expect(headings(await sectionOf(new OfflineChatModel({ latencyMs: 0 })))).toEqual(["## Adopting LangGraph: shipping fast and business value", "### Sources"]);
  });

  it("a writer's `# **Title**` becomes the section's `## Title`, its sub-headings move under it", async () => {
    const model = new RewritingModel((text) => text.replace(/^## .*\n\n/, "# **Shipping LangGraph agents fast**\n\n### Summary\n\n"));
    expect(headings(await sectionOf(model))).toEqual(["## Shipping LangGraph agents fast", "#### Summary", "### Sources"]);
  });

  it("a section written without a title is titled from the analyst's role, never the name", async () => {
    const markdown = await sectionOf(new RewritingModel((text) => text.replace(/^## .*\n\n/, "")));
    expect(headings(markdown)).toEqual(["## The entrepreneur's perspective", "### Sources"]);
    expect(markdown).not.toContain("Elena");
  });
});
