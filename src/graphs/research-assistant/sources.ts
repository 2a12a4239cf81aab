/**
 * Sources in generated text: the trailing `Sources:` list a model is asked to end with, and the
 * final report's merged, de-duplicated list.
 */

const SOURCE_URL = /\b(?:corpus:\/\/|https?:\/\/)[^\s)\]>"']+/;

/**
 * Splits a model reply into its body and the sources listed after a trailing `Sources:` line.
 *
 * @param text - The reply.
 * @returns `body` (without the list) and the listed source URLs in order.
 * @example
 * ```ts
 * import { splitSources } from "langgraph-parallel/graphs";
 *
 * splitSources("Text [1]\n\nSources:\n[1] corpus://web/x"); // { body: "Text [1]", sources: ["corpus://web/x"] }
 * ```
 */
export function splitSources(text: string): { body: string; sources: string[] } {
  const at = text.search(/^\s*(?:#+\s*)?Sources:?\s*$/im);
  if (at < 0) return { body: text.trim(), sources: [] };
  const sources = text
    .slice(at)
    .split("\n")
    .map((line) => SOURCE_URL.exec(line)?.[0])
    .filter((url): url is string => Boolean(url));
  return { body: text.slice(0, at).trim(), sources };
}

/**
 * Merges the sources of several sections: first-seen order, each URL once.
 *
 * @param lists - Source lists.
 * @returns The merged list.
 * @example
 * ```ts
 * import { mergeSources } from "langgraph-parallel/graphs";
 *
 * mergeSources([["a", "b"], ["b", "c"]]); // ["a", "b", "c"]
 * ```
 */
export function mergeSources(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())];
}
