/**
 * The report: introduction, body and conclusion are written in parallel from the sections, then
 * joined (a waiting edge) and finalised into Markdown with one merged, de-duplicated Sources list.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { bodyPrompt, conclusionPrompt, introductionPrompt } from "./prompts.js";
import type { Research } from "./schemas.js";
import { mergeSources, splitSources } from "./sources.js";


// The sections' text for the writers: bodies only (headings and source lists read as noise).
const sectionsText = (s: Research) =>
  s.sections.map((section) => section.markdown.replace(/^#+ .*$/gm, "").replace(/\n+### Sources[\s\S]*$/, "").replace(/^\[\d+\] \S+$/gm, "").trim()).join("\n\n");

const writer =
  (model: BaseChatModel, prompt: (topic: string, sections: string) => string, key: "introduction" | "content" | "conclusion") =>
  async (s: Research, config: LangGraphRunnableConfig) => {
    const reply = await model.invoke([new HumanMessage(prompt(s.topic, sectionsText(s)))], { signal: config.signal });
    return { [key]: splitSources(reply.text).body };
  };

/**
 * Builds the three writer nodes of the report, run in parallel from the sections. Expects a chat
 * model; no tools.
 *
 * @param model - The chat model.
 * @returns `writeIntroduction`, `writeReport` (the body) and `writeConclusion`: nodes over the
 *   research state returning `{ introduction }`, `{ content }` and `{ conclusion }`.
 * @example
 * ```ts
 * import { reportWriters } from "langgraph-parallel/graphs";
 *
 * const { writeIntroduction, writeReport, writeConclusion } = reportWriters(model);
 * builder.addNode("write_introduction", writeIntroduction).addNode("write_report", writeReport);
 * builder.addNode("write_conclusion", writeConclusion);
 * ```
 */
export function reportWriters(model: BaseChatModel) {
  return {
    writeIntroduction: writer(model, introductionPrompt, "introduction"),
    writeReport: writer(model, bodyPrompt, "content"),
    writeConclusion: writer(model, conclusionPrompt, "conclusion"),
  };
}

/**
 * Node: assembles the final Markdown report: title, introduction, the body (`## Insights`) with
 * every analyst's section under its own topical title (`###`), the conclusion, and the sources of
 * all sections merged without duplicates.
 *
 * @param s - The research state.
 * @returns `{ finalReport }`.
 * @example
 * ```ts
 * import { finalizeReport } from "langgraph-parallel/graphs";
 *
 * builder.addNode("finalize_report", finalizeReport);
 * ```
 */
export function finalizeReport(s: Research) {
  const sources = mergeSources(s.sections.map((section) => section.sources));
  // Each section numbered its own sources; renumber its citations to the merged list.
  const renumber = (markdown: string, own: readonly string[]) =>
    markdown.replace(/\[(\d+)\]/g, (cite, n: string) => {
      const at = sources.indexOf(own[Number(n) - 1] ?? "");
      return at >= 0 ? `[${at + 1}]` : cite;
    });
  const stripSources = (markdown: string) => markdown.replace(/\n+### Sources[\s\S]*$/, "");
  const sourceList = sources.length > 0 ? sources.map((source, i) => `${i + 1}. ${source}`).join("\n") : "No source the searches found covers the topic.";
  const report = [
    `# ${s.topic}`,
    "## Introduction",
    s.introduction,
    "## Insights",
    s.content,
    ...s.sections.map((section) => renumber(stripSources(section.markdown), section.sources).replace(/^## /, "### ")),
    "## Conclusion",
    s.conclusion,
    "## Sources",
    sourceList,
  ].join("\n\n");
  return { finalReport: report };
}
