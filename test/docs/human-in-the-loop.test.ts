import { describe, expect, it } from "vitest";
import { markedSnippets, runSnippet, typeCheckSnippets } from "./doc-snippets.js";

// docs/04's human-in-the-loop snippets (the academy's breakpoint + updateState, and interrupt() +
// Command({ resume })) and its sub-graph streaming snippet, run exactly as printed there: each
// must print the output the tutorial quotes under it.
const snippets = await markedSnippets("docs/04-research-assistant.md", "test/docs/human-in-the-loop.test.ts");

describe("docs/04: the snippets marked to run", () => {
  it("are there: the two review styles and the stream from the interview sub-graphs", () => {
    const calls = ["updateState(config", "new Command({ resume", "subgraphs: true"];
    expect(snippets.map((s) => calls.filter((call) => s.code.includes(call)))).toEqual([
      ["updateState(config"],
      ["new Command({ resume"],
      ["new Command({ resume", "subgraphs: true"],
    ]);
  });

  it("type-check as a user's own modules", () => {
    expect(typeCheckSnippets(snippets)).toEqual([]);
  }, 120_000);

  it.each(snippets.map((s, i) => [s.where, i] as const))("%s prints what the tutorial shows", async (_where, i) => {
    const snippet = snippets[i]!;
    const run = await runSnippet(snippet, `hitl-${i}`);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd()).toBe(snippet.output.trimEnd());
  });
});
