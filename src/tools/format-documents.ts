/**
 * Turns search results into the context blocks LangChain Academy's module 4 puts in front of
 * the model. The offline model later reads the `href` / `source` attributes back out of these
 * blocks to cite its sources, so the format is fixed: change it here and there together.
 */
import type { EncyclopediaDoc } from "./encyclopedia-search.js";
import type { WebResult } from "./web-search.js";

/**
 * Separator between two formatted documents.
 *
 * @example
 * ```ts
 * import { DOCUMENT_SEPARATOR } from "langgraph-parallel";
 * DOCUMENT_SEPARATOR; // "\n\n---\n\n"
 * ```
 */
export const DOCUMENT_SEPARATOR = "\n\n---\n\n";

/**
 * Formats web results as `<Document href="URL"/>\nCONTENT\n</Document>` blocks joined by
 * {@link DOCUMENT_SEPARATOR}. Quotes in the URL are escaped as `&quot;`.
 *
 * @param results - The results, in the order they should appear.
 * @returns The formatted text; `""` for no results.
 * @example
 * ```ts
 * import { formatWebResults } from "langgraph-parallel";
 * formatWebResults([{ url: "https://a.dev", title: "A", content: "Alpha." }]);
 * // '<Document href="https://a.dev"/>\nAlpha.\n</Document>'
 * ```
 */
export function formatWebResults(results: readonly WebResult[]): string {
  return results
    .map((result) => `<Document href="${escapeAttribute(result.url)}"/>\n${result.content}\n</Document>`)
    .join(DOCUMENT_SEPARATOR);
}

/**
 * Formats encyclopedia documents as `<Document source="URL" page="TITLE"/>\nCONTENT\n</Document>`
 * blocks joined by {@link DOCUMENT_SEPARATOR}. Quotes in attributes are escaped as `&quot;`.
 *
 * @param docs - The documents, in the order they should appear.
 * @returns The formatted text; `""` for no documents.
 * @example
 * ```ts
 * import { formatEncyclopediaDocs } from "langgraph-parallel";
 * formatEncyclopediaDocs([{ source: "corpus://encyclopedia/fold", title: "Fold", content: "A fold…" }]);
 * // '<Document source="corpus://encyclopedia/fold" page="Fold"/>\nA fold…\n</Document>'
 * ```
 */
export function formatEncyclopediaDocs(docs: readonly EncyclopediaDoc[]): string {
  return docs
    .map(
      (doc) =>
        `<Document source="${escapeAttribute(doc.source)}" page="${escapeAttribute(doc.title)}"/>\n${doc.content}\n</Document>`,
    )
    .join(DOCUMENT_SEPARATOR);
}

// Only the double quote would break the attribute; everything else is kept verbatim so titles
// such as "Fork–join model" and "Amdahl's law" read naturally.
function escapeAttribute(value: string): string {
  return value.replace(/"/g, "&quot;");
}
