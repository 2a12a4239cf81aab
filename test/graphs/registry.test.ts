import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { LESSON_GRAPHS } from "../../src/graphs/registry.js";
import * as studio from "../../src/graphs/studio.js";

describe("langgraph.json", () => {
  it("registers every lesson graph, each pointing at a compiled graph export", async () => {
    const config = JSON.parse(await readFile("langgraph.json", "utf8")) as { graphs: Record<string, string> };
    const expected = Object.keys(LESSON_GRAPHS).map((id) => id.replace(".", "_"));
    expect(Object.keys(config.graphs).sort()).toEqual(expected.sort());
    for (const [name, target] of Object.entries(config.graphs)) {
      const [file, exportName] = target.split(":");
      expect(file).toBe("./src/graphs/studio.ts");
      expect(exportName).toBe(name);
      const graph = (studio as Record<string, unknown>)[exportName!] as { invoke?: unknown; getGraphAsync?: unknown };
      expect(typeof graph?.invoke, name).toBe("function");
      expect(typeof graph?.getGraphAsync, name).toBe("function");
    }
  });

  it("the served fan-out graph runs", async () => {
    expect(await studio.parallelization_fan_out.invoke({ state: [] })).toEqual({ state: ["I'm A", "I'm B", "I'm C", "I'm D"] });
  });
});
