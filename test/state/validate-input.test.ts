import { StateSchema } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InputValidationError } from "../../src/errors.js";
import { listField } from "../../src/reducers/fields.js";
import { validateInput } from "../../src/state/validate-input.js";

const State = new StateSchema({ question: z.string().trim().min(1, "the question is empty"), context: listField(z.string()) });

async function rejection(input: unknown) {
  const error = await validateInput(State, input).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputValidationError);
  return error as InputValidationError;
}

describe("validateInput", () => {
  it("passes valid input through (trimmed by the schema)", async () => {
    expect(await validateInput(State, { question: "  Why?  ", context: ["x"] })).toEqual({ question: "Why?", context: ["x"] });
  });

  it("names the field and the problem", async () => {
    const e = await rejection({ question: "" });
    expect(e.field).toBe("question");
    expect(e.message).toBe('Invalid input for "question": the question is empty.');
    expect(e.exitCode).toBe(2);
  });

  it("validates list fields item by item, naming the position", async () => {
    const e = await rejection({ question: "q", context: ["ok", 5] });
    expect(e.message).toBe('Invalid input for "context": expected string, received number at [1].');
  });

  it("rejects unknown keys and non-objects", async () => {
    expect((await rejection({ questoin: "q" })).message).toBe(
      'Invalid input for "questoin": unknown state key; expected one of question, context.',
    );
    expect((await rejection([1])).message).toBe('Invalid input for "(state)": expected an object of state keys, got an array.');
    expect((await rejection(null)).message).toContain("got null");
    expect((await rejection({ question: "q", toString: 1 })).message).toContain('"toString": unknown state key');
    expect((await rejection(JSON.parse('{"question":"q","__proto__":1}'))).field).toBe("__proto__");
  });

  it("reports a missing required key; keys with defaults or reducers may be left out", async () => {
    expect((await rejection({})).message).toBe('Invalid input for "question": is required but missing.');
    expect(await validateInput(State, { question: "q" })).toEqual({ question: "q" });
  });
});
