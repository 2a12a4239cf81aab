import { END, START, StateGraph, StateSchema } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { listField, recordField } from "../../src/reducers/fields.js";
import { mergeByKey } from "../../src/reducers/merge-by-key.js";
import { sortedMerge } from "../../src/reducers/sorted-merge.js";

const Row = z.object({ id: z.string(), score: z.number() });
const State = new StateSchema({
  log: listField(z.string()),
  ranked: listField(Row, sortedMerge<z.infer<typeof Row>>({ by: (r) => r.score, order: "desc" })),
  latest: listField(Row, mergeByKey<z.infer<typeof Row>>()),
  counts: recordField(z.number()),
});
type Update = typeof State.Update;

describe("typed fields", () => {
  it("fold parallel writes with their reducers", async () => {
    const graph = new StateGraph(State)
      .addNode("x", () => ({ log: ["x"], ranked: [{ id: "x", score: 1 }], latest: [{ id: "k", score: 1 }], counts: { x: 1 } }))
      .addNode("y", () => ({ log: ["y"], ranked: [{ id: "y", score: 5 }], latest: [{ id: "k", score: 2 }], counts: { y: 2 } }))
      .addEdge(START, "x")
      .addEdge(START, "y")
      .addEdge("x", END)
      .addEdge("y", END)
      .compile();
    expect(await graph.invoke({ log: ["start"] })).toEqual({
      log: ["start", "x", "y"],
      ranked: [{ id: "y", score: 5 }, { id: "x", score: 1 }],
      latest: [{ id: "k", score: 2 }],
      counts: { x: 1, y: 2 },
    });
  });

  it("reject a malformed write at run time with the field's name, before later nodes run", async () => {
    let laterRan = false;
    const graph = new StateGraph(State)
      .addNode("bad", () => ({ log: [42] }) as unknown as Update)
      .addNode("later", () => ((laterRan = true), {}))
      .addEdge(START, "bad")
      .addEdge("bad", "later")
      .addEdge("later", END)
      .compile();
    await expect(graph.invoke({})).rejects.toThrow(/log/);
    expect(laterRan).toBe(false);
  });

  it("make a wrong update type a compile error", () => {
    const updates: Update[] = [
      { log: ["ok"] },
      // @ts-expect-error a list field takes a list of items, not one item
      { log: "not a list" },
      // @ts-expect-error items must match the item schema
      { ranked: [{ id: "x", score: "high" }] },
      // @ts-expect-error record values must match the value schema
      { counts: { x: "1" } },
    ];
    expect(updates).toHaveLength(4);
  });
});
