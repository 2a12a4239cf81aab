import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { briefKind, launchBrief, launchFacts } from "../../src/models/launch-brief.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { labelledParts, summaryOfParts } from "../../src/models/section-reply.js";

describe("the offline model's launch briefs", () => {
  it("reads the product, its qualities, audience, markets and timing from a launch prompt", () => {
    expect(launchFacts("We are launching a new budget-friendly electric bike for urban commuters.")).toEqual({
      core: "electric bike",
      qualities: ["budget-friendly"],
      audience: "urban commuters",
    });
    expect(launchFacts("We are launching Tern, a pocket-sized solar charger for hikers, in the EU and the US next month. Prepare your part.")).toEqual({
      name: "Tern",
      core: "solar charger",
      qualities: ["pocket-sized"],
      audience: "hikers",
      markets: "the EU and the US",
      when: "next month",
    });
    expect(launchFacts("We're introducing a smart water bottle that tracks hydration for office workers.")).toEqual({
      core: "water bottle",
      qualities: ["smart"],
      feature: "that tracks hydration",
      audience: "office workers",
    });
    expect(launchFacts("Should we adopt Kubernetes?")).toBeUndefined();
  });

  it("tells the three kinds of persona apart, and no others", () => {
    expect(briefKind("You are a cautious legal/compliance reviewer.")).toBe("legal");
    expect(briefKind("You are a creative marketing strategist.")).toBe("marketing");
    expect(briefKind("You are an expert market and product researcher.")).toBe("research");
    expect(briefKind("You are the Editor. Start with APPROVE or REJECT.")).toBeUndefined();
  });

  it("each brief speaks to what the prompt says: the legal one names the markets and the claims, the research one the audience", () => {
    const tern = launchFacts("We are launching Tern, a pocket-sized solar charger for hikers, in the EU and the US next month.")!;
    const legal = launchBrief("legal", tern);
    expect(legal).toContain("check that Tern meets the product rules of the EU and the US.");
    expect(legal).toContain('"pocket-sized" and every performance or price claim must be backed by evidence');
    expect(legal).toContain("battery, charger and electrical safety certification");
    expect(legal).not.toContain("e-bike");
    const research = launchBrief("research", tern);
    expect(research).toContain("- Target demographic: hikers;");
    expect(research).toContain("- Selling in the EU and the US means more than one set of rules");
    const bike = launchBrief("legal", launchFacts("We are launching a new budget-friendly electric bike for urban commuters.")!);
    expect(bike).toContain("e-bike classification, speed and motor power limits");
  });

  it("a persona without a launch still outlines its task, labelled offline", async () => {
    const reply = await new OfflineChatModel({ latencyMs: 0 }).invoke([
      new SystemMessage("You are a market researcher. Give the risks."),
      new HumanMessage("Should we adopt Kubernetes?"),
    ]);
    expect(reply.text).toMatch(/^As a market researcher, for "Should we adopt Kubernetes\?": give the risks\. \(Offline model:/);
  });

  it("a summary of labelled parts: one line per part from its own text, then the words two or more parts share beyond the prompt", async () => {
    const parts = labelledParts(
      "=== researcher ===\n**Insights:**\n- Commuters want a cheap bike; most rent today.\n\n**Risks:**\n- Warranty costs.\n\n=== legal ===\n1. Check the warranty terms.\n\n**Disclaimer:** not advice.",
    );
    expect(summaryOfParts(parts, "We sell a cheap bike.")).toBe(
      'Summary of 2 participants on "We sell a cheap bike.":\n- researcher: Commuters want a cheap bike. Warranty costs.\n- legal: Check the warranty terms. Disclaimer: not advice.\nCommon ground: warranty.',
    );
    // Asked through the model: the request's text before the parts is the prompt.
    const reply = await new OfflineChatModel({ latencyMs: 0 }).invoke([
      new SystemMessage("Summarise what the participants said."),
      new HumanMessage("Prompt: We sell a cheap bike.\n\n=== researcher ===\nWarranty costs.\n\n=== legal ===\nCheck the warranty terms."),
    ]);
    expect(reply.text).toBe('Summary of 2 participants on "We sell a cheap bike.":\n- researcher: Warranty costs.\n- legal: Check the warranty terms.\nCommon ground: warranty.');
  });
});
