import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { Command, Overwrite, Send } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { buildJokesGraph } from "../../src/graphs/jokes.js";
import { buildOrderedFanInGraph, buildWaitingEdgeGraph } from "../../src/graphs/parallelization.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { traceRun, type Superstep } from "../../src/observe/run-trace.js";
import { formatSuperstep, formatValue } from "../../src/cli/render.js";

// Durations vary from run to run; everything else of a --step block is exact.
const stable = (text: string) => text.replace(/\(\d+ ms\)/g, "(N ms)");

describe("formatValue", () => {
  it("prints plain data as compact JSON, cutting long strings and lists", () => {
    expect(formatValue({ state: ["I'm A"], n: 1, ok: true, none: null, gone: undefined })).toBe('{"state":["I\'m A"],"n":1,"ok":true,"none":null}');
    expect(formatValue("x".repeat(12), 10)).toBe('"xxxxxxxxxx… (12 chars)"');
    expect(formatValue([1, 2, 3, 4, 5, 6, 7])).toBe('[1,2,3,"… 4 more"]');
    expect(formatValue(undefined)).toBe("undefined");
  });

  it("prints LangGraph's wrappers by name: Overwrite (class or wire form), Send, Command", () => {
    expect(formatValue({ bPath: new Overwrite<string[]>([]) })).toBe('{"bPath":Overwrite([])}');
    expect(formatValue({ bPath: { __overwrite__: ["x"] } })).toBe('{"bPath":Overwrite(["x"])}');
    expect(formatValue(new Send("generate_joke", { subject: "lions" }))).toBe('Send("generate_joke", {"subject":"lions"})');
    expect(formatValue(new Command({ resume: "yes" }))).toBe('Command({"resume":"yes"})');
    expect(formatValue(new Command({ goto: "b", update: { n: 1 } }))).toBe('Command({"update":{"n":1},"goto":["b"]})');
  });

  it("prints messages with their class, speaker and text", () => {
    expect(formatValue([new HumanMessage("Hello"), new AIMessage({ content: "Why?", name: "analyst" })])).toBe(
      '[HumanMessage("Hello"),AIMessage(analyst: "Why?")]',
    );
    const call = new AIMessage({ content: "", tool_calls: [{ id: "1", name: "search", args: {} }] });
    expect(formatValue(call)).toBe("AIMessage(tool calls: search)");
  });

  it("does not loop on a circular value", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    expect(formatValue(a)).toBe('{"name":"a","self":"[circular]"}');
  });
});

describe("formatSuperstep", () => {
  it("shows what each node read and wrote, then the merged state, for a superstep of two branches", async () => {
    const trace = await traceRun(buildWaitingEdgeGraph(), { state: [] });
    expect(formatSuperstep(trace.supersteps[1]!)).toBe("superstep 2: b ∥ c   (2 nodes in parallel)");
    expect(stable(formatSuperstep(trace.supersteps[1]!, true)).split("\n")).toEqual([
      "superstep 2: b ∥ c   (2 nodes in parallel)",
      "    b (N ms)",
      '      read  {"state":["I\'m A"]}',
      '      wrote {"state":["I\'m B"]}',
      "    c (N ms)",
      '      read  {"state":["I\'m A"]}',
      '      wrote {"state":["I\'m C"]}',
      '    merged state: {"state":["I\'m A","I\'m B","I\'m C"]}',
    ]);
    // b2, one superstep later, read c's write.
    expect(stable(formatSuperstep(trace.supersteps[2]!, true)).split("\n")).toEqual([
      "superstep 3: b2",
      "    b2 (N ms)",
      '      read  {"state":["I\'m A","I\'m B","I\'m C"]}',
      '      wrote {"state":["I\'m B2"]}',
      '    merged state: {"state":["I\'m A","I\'m B","I\'m C","I\'m B2"]}',
    ]);
  });

  it("renders the sink's Overwrite readably and names the keys it left unchanged", async () => {
    const trace = await traceRun(buildOrderedFanInGraph(), { state: [] });
    expect(stable(formatSuperstep(trace.supersteps[3]!, true)).split("\n")).toEqual([
      "superstep 4: sink",
      "    sink (N ms)",
      '      read  {"state":["I\'m A"],"bPath":["I\'m B","I\'m B2"],"cPath":["I\'m C"]}',
      '      wrote {"state":["I\'m B","I\'m B2","I\'m C"],"bPath":Overwrite([]),"cPath":Overwrite([])}',
      '    merged state: {"state":["I\'m A","I\'m B","I\'m B2","I\'m C"],"bPath":[],"cPath":[]}',
    ]);
    expect(stable(formatSuperstep(trace.supersteps[2]!, true)).split("\n").at(-1)).toBe(
      '    merged state: {"bPath":["I\'m B","I\'m B2"]}   (unchanged: state, cPath)',
    );
  });

  it("lists each Send task with the argument it was sent", async () => {
    const trace = await traceRun(buildJokesGraph({ model: new OfflineChatModel({ latencyMs: 0 }) }), { topic: "animals" });
    const lines = stable(formatSuperstep(trace.supersteps[1]!, true)).split("\n");
    const subjects = (trace.finalState as { subjects: string[] }).subjects;
    expect(lines.filter((l) => l.startsWith("    generate_joke"))).toEqual(
      subjects.map((subject) => `    generate_joke ← Send(${JSON.stringify({ subject })}) (N ms)`),
    );
    expect(lines.filter((l) => l.startsWith("      read"))).toEqual([]);
    expect(lines.filter((l) => l.startsWith("      wrote {\"jokes\":["))).toHaveLength(subjects.length);
    expect(lines.at(-1)).toMatch(/^ {4}merged state: \{"jokes":\[.+\]\} {3}\(unchanged: topic, subjects, bestSelectedJoke\)$/);
  });

  it("says when a superstep's writes were not applied, or the run paused inside it", () => {
    const task = { id: "1", node: "b", startedAt: 0, endedAt: 2, input: { state: [] } };
    const refused: Superstep = { step: 2, tasks: [{ ...task, writes: { state: ["I'm B"] } }] };
    expect(formatSuperstep(refused, true).split("\n").at(-1)).toBe("    merged state: none (this superstep's writes were not applied)");
    const paused: Superstep = { step: 2, tasks: [{ ...task, node: "human_feedback" }] };
    expect(formatSuperstep(paused, true).split("\n").slice(1)).toEqual([
      "    human_feedback (2 ms)",
      '      read  {"state":[]}',
      "      paused at interrupt(): nothing written yet",
      "    merged state: none yet (the run paused at an interrupt in this superstep)",
    ]);
    const failed: Superstep = { step: 2, tasks: [{ ...task, error: "boom" }, { id: "2", node: "c", startedAt: 0 }] };
    expect(formatSuperstep(failed, true).split("\n").slice(1, 5)).toEqual(["    b (2 ms)", '      read  {"state":[]}', "      failed: boom", "    c (did not finish)"]);
  });
});
