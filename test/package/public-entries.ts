// The package's entry points (the `exports` map of package.json) and the source file of each,
// for the tests that look at the public API as a whole.

/** `[specifier, source file]` for every public entry. */
export const PUBLIC_ENTRIES: [string, string][] = [
  ["langgraph-parallel", "src/index.ts"],
  ["langgraph-parallel/reducers", "src/reducers/index.ts"],
  ["langgraph-parallel/patterns", "src/patterns/index.ts"],
  ["langgraph-parallel/models", "src/models/index.ts"],
  ["langgraph-parallel/observe", "src/observe/index.ts"],
  ["langgraph-parallel/tools", "src/tools/index.ts"],
  ["langgraph-parallel/graphs", "src/graphs/index.ts"],
  ["langgraph-parallel/sqlite", "src/sqlite.ts"],
  ["langgraph-parallel/postgres", "src/postgres.ts"],
  ["langgraph-parallel/openai", "src/openai.ts"],
  ["langgraph-parallel/tavily", "src/tavily.ts"],
];
