/**
 * Namespaces in the SQLite store: validation (the same rules and messages as LangGraph's
 * `BaseStore`), the on-disk encoding, and the prefix/suffix matching of `listNamespaces`.
 */
import type { MatchCondition } from "@langchain/langgraph";
import { StoreError } from "./store-error.js";

/** Separator of labels in the `namespace` column; labels may not contain it. */
const SEPARATOR = ".";
/** The character right after {@link SEPARATOR}, bounding a prefix range in binary order. */
const AFTER_SEPARATOR = String.fromCharCode(SEPARATOR.charCodeAt(0) + 1);
const HINT = 'Use non-empty string labels without ".", ":" or NUL bytes, e.g. ["memo", "item-1"].';

/** Options of {@link validateStoreNamespace}. */
export interface NamespaceRules {
  /** Accept `[]` (search and list mean "everything"). Default `false`. */
  allowEmpty?: boolean;
  /** Accept `"langgraph"` as the first label (reserved; only `put` rejects it). Default `false`. */
  allowReservedRoot?: boolean;
}

/**
 * Checks a namespace against LangGraph's rules: labels are non-empty strings without periods,
 * colons or NUL bytes, and (unless allowed) the namespace is non-empty and not rooted at
 * `"langgraph"`.
 *
 * @param namespace - The labels to check.
 * @param rules - Which relaxations apply. Default `{}` (none).
 * @throws {StoreError} naming the offending label, worded like LangGraph's `InvalidNamespaceError`.
 * @example
 * ```ts
 * validateStoreNamespace(["memo", "a.b"]); // throws: labels cannot contain periods
 * ```
 */
export function validateStoreNamespace(namespace: readonly string[], rules: NamespaceRules = {}): void {
  if (namespace.length === 0) {
    if (rules.allowEmpty) return;
    throw invalid("Namespace cannot be empty.");
  }
  const shown = namespace.map(String).join(",");
  for (const label of namespace as readonly unknown[]) {
    if (typeof label !== "string") {
      throw invalid(`Invalid namespace label '${String(label)}' found in ${shown}. Namespace labels must be strings, but got ${typeof label}.`);
    }
    if (label.includes(".")) throw invalid(`Invalid namespace label '${label}' found in ${shown}. Namespace labels cannot contain periods ('.').`);
    if (label.includes(":")) throw invalid(`Invalid namespace label '${label}'. Namespace labels cannot contain colons (':').`);
    if (label.includes("\0")) throw invalid("Namespace labels cannot contain NUL bytes.");
    if (label === "") throw invalid(`Namespace labels cannot be empty strings. Got ${label} in ${shown}`);
  }
  if (namespace[0] === "langgraph" && !rules.allowReservedRoot) throw invalid(`Root label for namespace cannot be "langgraph". Got: ${shown}`);
}

/** A namespace error with the shared hint. */
function invalid(message: string): StoreError {
  return new StoreError(message, HINT);
}

/**
 * Encodes a validated namespace as the text stored in the `namespace` column.
 *
 * @param namespace - Labels (already validated, so none contains the separator).
 * @returns The labels joined with `"."`.
 * @example
 * ```ts
 * encodeNamespace(["memo", "run-1"]); // "memo.run-1"
 * ```
 */
export function encodeNamespace(namespace: readonly string[]): string {
  return namespace.join(SEPARATOR);
}

/**
 * Decodes the `namespace` column back into labels.
 *
 * @param encoded - Text written by {@link encodeNamespace}.
 * @returns The labels.
 * @example
 * ```ts
 * decodeNamespace("memo.run-1"); // ["memo", "run-1"]
 * ```
 */
export function decodeNamespace(encoded: string): string[] {
  return encoded.split(SEPARATOR);
}

/**
 * SQL matching a namespace column equal to `prefix` or below it, as an index-friendly range
 * (`col = ? OR (col >= 'p.' AND col < 'p/')`; labels never contain `"."`, so the range holds
 * exactly the descendants). An empty prefix matches everything.
 *
 * @param column - The column expression, e.g. `"i.namespace"`.
 * @param prefix - Literal labels (no wildcards).
 * @returns A clause (`"1"` for no restriction) and its parameters.
 * @example
 * ```ts
 * namespacePrefixSql("namespace", ["memo"]); // { sql: "(namespace = ? OR …)", params: ["memo", "memo.", "memo/"] }
 * ```
 */
export function namespacePrefixSql(column: string, prefix: readonly string[]): { sql: string; params: string[] } {
  if (prefix.length === 0) return { sql: "1", params: [] };
  const encoded = encodeNamespace(prefix);
  return {
    sql: `(${column} = ? OR (${column} >= ? AND ${column} < ?))`,
    params: [encoded, encoded + SEPARATOR, encoded + AFTER_SEPARATOR],
  };
}

/**
 * Whether a namespace satisfies one `listNamespaces` condition: its first (prefix) or last
 * (suffix) labels equal `path`, where `"*"` matches any one label. Same rule as `InMemoryStore`.
 *
 * @param condition - `{ matchType: "prefix" | "suffix", path }`.
 * @param namespace - The namespace to test.
 * @returns `true` on a match.
 * @example
 * ```ts
 * matchesCondition({ matchType: "suffix", path: ["*", "v1"] }, ["docs", "a", "v1"]); // true
 * ```
 */
export function matchesCondition(condition: MatchCondition, namespace: readonly string[]): boolean {
  const { matchType, path } = condition;
  if (matchType !== "prefix" && matchType !== "suffix") {
    throw new StoreError(`Unsupported match type: ${String(matchType)}.`, 'Use matchType "prefix" or "suffix".');
  }
  if (path.length > namespace.length) return false;
  const start = matchType === "prefix" ? 0 : namespace.length - path.length;
  return path.every((label, i) => label === "*" || namespace[start + i] === label);
}
