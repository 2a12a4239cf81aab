import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PUBLIC_ENTRIES, userModuleCompilerOptions } from "../package/public-entries.js";

// Every `@example` in the TSDoc of the public API is compiled, as a user would paste it: each one
// is its own module importing from the package's entries (mapped to the sources here), strict, in
// one TypeScript program. A few names an example may use without defining (a chat model, a graph
// builder, a node's config…) are declared once in PRELUDE, like the hidden lines of a doctest.
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EXAMPLES_DIR = `${ROOT}test/docs/.examples/`;

const PRELUDE = `
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { BaseCheckpointSaver, BaseStore, LangGraphRunnableConfig, StateGraph } from "@langchain/langgraph";
declare global {
  /** Any chat model. */
  const model: BaseChatModel;
  /** A graph being built (any state). */
  const builder: StateGraph<any, any, any, string>;
  /** A node's or a run's config. */
  const config: LangGraphRunnableConfig;
  const runConfig: RunnableConfig;
  const store: BaseStore;
  const checkpointer: BaseCheckpointSaver;
}
export {};
`;

interface Example {
  /** Where the example is: `src/file.ts:line (symbol)`. */
  where: string;
  code: string;
}

/** Exported names (`entry: name`) whose declaration has no `@example` (values) or no summary (types). */
function undocumentedExports(program: ts.Program): string[] {
  const checker = program.getTypeChecker();
  const missing = new Set<string>();
  for (const [entry, file] of PUBLIC_ENTRIES) {
    const source = program.getSourceFile(ROOT + file)!;
    for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const declarations = (target.declarations ?? []).map((d) => (ts.isVariableDeclaration(d) ? d.parent.parent : d));
      const isValue = (target.flags & ts.SymbolFlags.Value) !== 0;
      const documented = isValue
        ? declarations.some((d) => ts.getJSDocTags(d).some((tag) => tag.tagName.text === "example"))
        : target.getDocumentationComment(checker).length > 0;
      if (!documented) missing.add(`${entry.replace(/^langgraph-parallel/, ".")}: ${symbol.name} (${isValue ? "no @example" : "no summary"})`);
    }
  }
  return [...missing];
}

/** The `@example` blocks of every declaration the public entries export, members included. */
function publicExamples(program: ts.Program): Example[] {
  const checker = program.getTypeChecker();
  const found = new Map<string, Example>();
  const visit = (node: ts.Node, name: string) => {
    for (const tag of ts.getJSDocTags(node)) {
      if (tag.tagName.text !== "example") continue;
      const text = typeof tag.comment === "string" ? tag.comment : ts.getTextOfJSDocComment(tag.comment) ?? "";
      const code = /```(?:ts|typescript)?\n([\s\S]*?)```/.exec(text)?.[1] ?? text;
      const source = node.getSourceFile();
      const line = source.getLineAndCharacterOfPosition(tag.getStart()).line + 1;
      const where = `${source.fileName.slice(ROOT.length)}:${line} (${name})`;
      found.set(where, { where, code });
    }
    ts.forEachChild(node, (child) => {
      if (ts.isClassElement(child) || ts.isTypeElement(child) || ts.isVariableDeclarationList(child) || ts.isVariableDeclaration(child)) visit(child, name);
    });
  };
  for (const [, file] of PUBLIC_ENTRIES) {
    const source = program.getSourceFile(ROOT + file)!;
    for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      for (const declaration of target.declarations ?? []) {
        const node = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
        visit(node, symbol.name);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.where.localeCompare(b.where));
}

function compileExamples(): { examples: Example[]; failures: string[]; undocumented: string[] } {
  const options = userModuleCompilerOptions(ROOT, { noUnusedLocals: false });
  const entryFiles = PUBLIC_ENTRIES.map(([, file]) => ROOT + file);
  const api = ts.createProgram(entryFiles, options);
  const examples = publicExamples(api);
  const undocumented = undocumentedExports(api);
  const virtual = new Map<string, string>([[`${EXAMPLES_DIR}prelude.ts`, PRELUDE]]);
  examples.forEach((example, i) => virtual.set(`${EXAMPLES_DIR}example-${i}.ts`, `${example.code}\nexport {};\n`));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, version, onError, create) =>
    virtual.has(name) ? ts.createSourceFile(name, virtual.get(name)!, version, true) : getSourceFile.call(host, name, version, onError, create);
  const program = ts.createProgram([...virtual.keys()], options, host);
  const failures: string[] = [];
  examples.forEach((example, i) => {
    const file = program.getSourceFile(`${EXAMPLES_DIR}example-${i}.ts`)!;
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    for (const d of diagnostics) {
      const line = d.start === undefined ? 0 : file.getLineAndCharacterOfPosition(d.start).line + 1;
      failures.push(`${example.where}, example line ${line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
    }
  });
  return { examples, failures, undocumented };
}

describe("TSDoc examples of the public API", () => {
  it("every one compiles as a module importing from the package's entries", () => {
    const { examples, failures, undocumented } = compileExamples();
    expect({ failures, undocumented }).toEqual({ failures: [], undocumented: [] });
    expect(examples.length).toBeGreaterThan(130);
  }, 120_000);
});
