import { Annotation, Command, END, InMemoryStore, MemorySaver, START, StateGraph, StateSchema, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { ItemContext, ItemOutcome } from "../../src/patterns/map-items.js";
import { mapReduce, mapReduceNode, type MapReduceCompileOptions } from "../../src/patterns/map-reduce.js";
import { listField } from "../../src/reducers/fields.js";

// Type tests: `npx tsc -p tsconfig.json --noEmit` (part of `npm test`) checks them; at run time
// `expectTypeOf` does nothing, so each `it` only proves its code runs without throwing. No explicit type
// arguments anywhere: everything is inferred from the schema and the options.
const Passage = z.object({ id: z.string(), text: z.string() });
const State = new StateSchema({
  passages: z.array(Passage),
  summaries: listField(z.string()),
  failed: z.array(z.string()).default(() => []),
});
type S = typeof State.State;
type P = z.infer<typeof Passage>;

describe("mapReduceNode(schema, options) infers from the schema", () => {
  it("items gets the state, worker the element type, reduce the results; the node returns reduce's update", () => {
    const node = mapReduceNode(State, {
      items: (s) => {
        expectTypeOf(s).toEqualTypeOf<S>();
        return s.passages;
      },
      worker: (p, context) => {
        expectTypeOf(p).toEqualTypeOf<P>();
        expectTypeOf(context).toEqualTypeOf<ItemContext>();
        return p.text.length;
      },
      reduce: (collected, state, config) => {
        expectTypeOf(collected).toEqualTypeOf<number[]>();
        expectTypeOf(state).toEqualTypeOf<S>();
        expectTypeOf(config).toEqualTypeOf<LangGraphRunnableConfig>();
        return { summaries: collected.map(String) };
      },
    });
    expectTypeOf(node).parameter(0).toEqualTypeOf<S>();
    expectTypeOf(node).returns.resolves.toEqualTypeOf<{ summaries: string[] }>();
    // The node's update is an update of the state: StateGraph accepts it as it is.
    new StateGraph(State).addNode("summarise", node).addEdge(START, "summarise").addEdge("summarise", END).compile();
  });

  it('failure: "settled" hands reduce ItemOutcome<Result>[] (Failure inferred from the literal)', () => {
    const node = mapReduceNode(State, {
      failure: "settled",
      items: (s) => s.passages,
      worker: async (p) => p.id,
      reduce: (outcomes) => {
        expectTypeOf(outcomes).toEqualTypeOf<ItemOutcome<string>[]>();
        return { summaries: outcomes.flatMap((o) => (o.ok ? [o.value] : [])), failed: outcomes.flatMap((o) => (o.ok ? [] : [o.error.message])) };
      },
    });
    expectTypeOf(node).returns.resolves.toEqualTypeOf<{ summaries: string[]; failed: string[] }>();
  });

  it('"fail-fast" spelled out, an async reduce and an async worker: values, and Promise unwrapped', () => {
    const node = mapReduceNode(State, {
      failure: "fail-fast",
      items: (s) => s.passages,
      worker: async (p, { signal }) => ({ id: p.id, aborted: signal.aborted }),
      reduce: async (results) => {
        expectTypeOf(results).toEqualTypeOf<{ id: string; aborted: boolean }[]>();
        return { failed: results.map((r) => r.id) };
      },
    });
    expectTypeOf(node).returns.resolves.toEqualTypeOf<{ failed: string[] }>();
  });

  it("reduce must return an update of the schema's state, or a Command", () => {
    mapReduceNode(State, {
      items: (s) => s.passages,
      worker: (p) => p.id,
      // @ts-expect-error -- `summaries` holds strings
      reduce: (ids) => ({ summaries: ids.map((id) => id.length) }),
    });
    mapReduceNode(State, {
      items: (s) => s.passages,
      worker: (p) => p.id,
      // @ts-expect-error -- not a key of the state
      reduce: (ids) => ({ summary: ids }),
    });
    const routed = mapReduceNode(State, {
      items: (s) => s.passages,
      worker: (p) => p.id,
      reduce: (ids) => new Command({ update: { summaries: ids }, goto: "next" }),
    });
    expectTypeOf(routed).returns.resolves.toExtend<Command>();
  });

  it("takes an Annotation.Root like StateGraph does", () => {
    const Root = Annotation.Root({ words: Annotation<string[]>(), total: Annotation<number>() });
    const node = mapReduceNode(Root, {
      items: (s) => {
        expectTypeOf(s).toEqualTypeOf<typeof Root.State>();
        return s.words;
      },
      worker: (w) => {
        expectTypeOf(w).toEqualTypeOf<string>();
        return w.length;
      },
      reduce: (lengths) => ({ total: lengths.reduce((a, b) => a + b, 0) }),
    });
    expectTypeOf(node).returns.resolves.toEqualTypeOf<{ total: number }>();
  });

  it("the form without a schema still infers from an annotated items parameter", () => {
    const node = mapReduceNode({
      items: (s: S) => s.passages,
      worker: (p) => {
        expectTypeOf(p).toEqualTypeOf<P>();
        return p.id;
      },
      reduce: (ids) => ({ summaries: ids }),
    });
    expectTypeOf(node).parameter(0).toEqualTypeOf<S>();
    expectTypeOf(node).returns.resolves.toEqualTypeOf<{ summaries: string[] }>();
  });
});

describe("mapReduce(schema, options, compile)", () => {
  const options = { items: (s: S) => s.passages, worker: (p: P) => p.id, reduce: (ids: string[]) => ({ summaries: ids }) };

  it("takes StateGraph.compile's options, with the graph's own node names to interrupt at", () => {
    mapReduce(State, options, { checkpointer: new MemorySaver(), store: new InMemoryStore(), name: "digest", description: "one summary per passage" });
    mapReduce(State, options, { interruptBefore: ["reduce"], interruptAfter: ["map"] });
    mapReduce(State, options, { interruptBefore: "*", checkpointer: true });
    // LangGraph refuses an unknown node when compiling; the type refuses it first.
    // @ts-expect-error -- no such node in a mapReduce graph
    expect(() => mapReduce(State, options, { interruptBefore: ["summarise"] })).toThrow("Interrupt node `summarise` is not present");
    expectTypeOf<MapReduceCompileOptions["interruptBefore"]>().toEqualTypeOf<("map" | "reduce")[] | "*" | undefined>();
  });

  it("the graph takes and returns the schema's state", () => {
    const graph = mapReduce(State, options, { checkpointer: new MemorySaver() });
    expectTypeOf(graph.invoke).toBeCallableWith({ passages: [{ id: "p1", text: "…" }] });
    expectTypeOf(graph.invoke).returns.resolves.toEqualTypeOf<S>();
  });
});
