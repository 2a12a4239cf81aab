import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Lesson } from "../../src/cli/lesson.js";
import { reportError } from "../../src/cli/report-error.js";
import { runLessons } from "../../src/cli/run-lessons.js";
import { DatabaseDamagedError, UsageError } from "../../src/errors.js";

const damaged = () => new DatabaseDamagedError("/runs/t.sqlite", "database disk image is malformed (SQLITE_CORRUPT)");
const DAMAGED_LINE = `error: ${damaged().describe()}`;

describe("reportError", () => {
  it("a library error: its message and hint, its exit code", () => {
    expect(reportError(damaged())).toEqual({ lines: [DAMAGED_LINE], exitCode: 2 });
  });

  it("an aggregate: one line per error inside (nested ones too), duplicates once, the first library error's exit code", () => {
    const aggregate = new AggregateError([new Error("disk quota exceeded"), damaged(), new AggregateError([damaged(), new UsageError("bad", "fix it")])], "Multiple errors");
    expect(reportError(aggregate)).toEqual({ lines: ["error: disk quota exceeded", DAMAGED_LINE, "error: bad fix it"], exitCode: 2 });
  });

  it("an aggregate of plain errors exits 1; something that is not an Error is printed as text", () => {
    expect(reportError(new AggregateError([new Error("a"), "b"]))).toEqual({ lines: ["error: a", "error: b"], exitCode: 1 });
  });

  it("an empty errors array is a plain error", () => {
    expect(reportError(Object.assign(new Error("nothing inside"), { errors: [] }))).toEqual({ lines: ["error: nothing inside"], exitCode: 1 });
  });
});

describe("runLessons on LangGraph's \"Multiple errors occurred during superstep\"", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints each error of the superstep on its own line and exits with the library error's code", async () => {
    const State = Annotation.Root({ n: Annotation<number>() });
    const graph = new StateGraph(State)
      .addNode("a", async () => {
        throw new Error("disk quota exceeded");
      })
      .addNode("b", async () => {
        throw damaged();
      })
      .addEdge(START, "a")
      .addEdge(START, "b")
      .addEdge("a", END)
      .addEdge("b", END)
      .compile();
    const thrown = await graph.invoke({ n: 1 }).catch((e: unknown) => e);
    expect((thrown as Error).message).toBe('Multiple errors occurred during superstep 1. See the "errors" field of this exception for more details.');

    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const lesson: Lesson = { number: 7, title: "Two failing branches", usesModel: false, run: async () => void (await graph.invoke({ n: 1 })) };
    expect(await runLessons(["7"], [lesson])).toBe(2);
    expect(errors).toEqual(["error: disk quota exceeded", DAMAGED_LINE]);
  });
});
