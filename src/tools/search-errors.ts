/**
 * Errors raised by the search tools: a corpus file that cannot be parsed, and a search that
 * cannot run (blank query, bad option, a backend that failed). Both derive from
 * {@link LanggraphParallelError}, so the lesson runner prints them as one clean line.
 */
import { LanggraphParallelError } from "../errors.js";

/**
 * A corpus folder or file that cannot be read or does not follow the corpus format
 * (front matter with `title` and `url: corpus://<section>/<slug>`, then a non-empty body).
 *
 * @param file - Path of the offending file or folder.
 * @param problem - What is wrong with it, without a trailing period.
 * @example
 * ```ts
 * import { CorpusError } from "langgraph-parallel";
 * throw new CorpusError("/corpus/web/a.md", 'missing the "title" field in the front matter');
 * ```
 */
export class CorpusError extends LanggraphParallelError {
  /** Path of the offending file or folder. */
  readonly file: string;

  constructor(file: string, problem: string, options?: ErrorOptions) {
    super(
      `Malformed corpus at ${file}: ${problem}.`,
      "Each corpus file starts with a front matter block (---, title: …, url: corpus://<section>/<file name without .md>, ---) followed by a non-empty body.",
      options,
    );
    this.file = file;
  }
}

/** Which search backend raised a {@link SearchError}. */
export type SearchBackendName = "offline" | "tavily" | "wikipedia";

/**
 * A search that could not run: a blank query, an invalid option, or a backend that failed
 * (HTTP error, unexpected response).
 *
 * @param backend - The backend that was asked: "offline", "tavily" or "wikipedia".
 * @param message - What went wrong, in one sentence.
 * @param hint - What to do next, in one sentence.
 * @example
 * ```ts
 * import { SearchError } from "langgraph-parallel";
 * throw new SearchError("wikipedia", "Wikipedia answered HTTP 500.", "Retry later or use the offline corpus.");
 * ```
 */
export class SearchError extends LanggraphParallelError {
  /** The backend that was asked. */
  readonly backend: SearchBackendName;

  constructor(backend: SearchBackendName, message: string, hint?: string, options?: ErrorOptions) {
    super(message, hint, options);
    this.backend = backend;
  }
}

/**
 * Throws a {@link SearchError} unless `query` has at least one non-blank character.
 *
 * @param query - The query to check.
 * @param backend - The backend named in the error.
 * @returns The query with surrounding whitespace removed.
 * @example
 * ```ts
 * const q = requireQuery("  Send API ", "offline"); // "Send API"
 * ```
 */
export function requireQuery(query: string, backend: SearchBackendName): string {
  const trimmed = typeof query === "string" ? query.trim() : "";
  if (trimmed === "") {
    throw new SearchError(
      backend,
      `The search query is empty (got ${JSON.stringify(query)}).`,
      "Pass a query with at least one word, such as \"LangGraph Send API\".",
    );
  }
  return trimmed;
}

/**
 * Throws a {@link SearchError} unless `value` is a positive integer.
 *
 * @param name - Option name used in the message (e.g. "limit").
 * @param value - The value to check.
 * @param backend - The backend named in the error.
 * @example
 * ```ts
 * requirePositiveInteger("maxResults", 3, "offline"); // ok
 * ```
 */
export function requirePositiveInteger(name: string, value: number, backend: SearchBackendName): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new SearchError(
      backend,
      `"${name}" must be a positive integer, got ${String(value)}.`,
      `Pass ${name}: 1 or more.`,
    );
  }
}
