import { FakeListChatModel } from "@langchain/core/utils/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigurationError, StructuredOutputError } from "../../src/errors.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { strictOutputSchema } from "../../src/models/strict-output-schema.js";
import { strictStructuredOutput } from "../../src/models/strict-structured-output.js";

describe("strictOutputSchema", () => {
  it("keeps the documented keywords and drops the rest (the zod schema still checks them)", () => {
    const Schema = z.object({
      subjects: z.array(z.string().min(1).max(80)).min(1).max(12).describe("Subjects."),
      id: z.number().int().min(0).max(3),
      when: z.iso.datetime(),
      site: z.url(),
      kind: z.discriminatedUnion("k", [z.object({ k: z.literal("a") }), z.object({ k: z.literal("b"), n: z.number().multipleOf(5) })]),
      note: z.string().nullable().default(null),
    });
    expect(strictOutputSchema(Schema)).toEqual({
      type: "object",
      properties: {
        subjects: { type: "array", description: "Subjects.", minItems: 1, maxItems: 12, items: { type: "string" } },
        id: { type: "integer", minimum: 0, maximum: 3 },
        when: { type: "string", format: "date-time", pattern: expect.any(String) },
        site: { type: "string" },
        kind: {
          anyOf: [
            { type: "object", properties: { k: { type: "string", const: "a" } }, required: ["k"], additionalProperties: false },
            {
              type: "object",
              properties: { k: { type: "string", const: "b" }, n: { type: "number", multipleOf: 5 } },
              required: ["k", "n"],
              additionalProperties: false,
            },
          ],
        },
        note: { type: ["string", "null"] },
      },
      required: ["subjects", "id", "when", "site", "kind", "note"],
      additionalProperties: false,
    });
  });

  it("refuses what strict mode cannot express, saying what to write instead", () => {
    const refused = (schema: z.ZodType) => {
      try {
        strictOutputSchema(schema, "Thing");
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        return (error as ConfigurationError).describe();
      }
      throw new Error("not refused");
    };
    expect(refused(z.object({ a: z.string().optional() }))).toMatch(/"Thing".*the root\.a is optional.*\.nullable\(\)/);
    expect(refused(z.object({ a: z.record(z.string(), z.number()) }))).toMatch(/the root\.a uses "propertyNames".*\{ key, value \}/);
    expect(refused(z.object({ a: z.tuple([z.string()]) }))).toMatch(/uses "prefixItems"/);
    expect(refused(z.object({ a: z.never() }))).toMatch(/uses "not"/);
    expect(refused(z.array(z.string()))).toMatch(/the root is "array", not an object.*z\.object/);
  });
});

describe("strictStructuredOutput", () => {
  const Joke = z.object({ joke: z.string().min(1) });

  it("sends the strict schema and returns the value parsed by zod (defaults and transforms applied)", async () => {
    const model = new OfflineChatModel({ latencyMs: 0 });
    const Schema = z.object({ title: z.string().min(1).transform((s) => s.toUpperCase()), count: z.number().int().min(2).max(2) });
    const result = await strictStructuredOutput(model, Schema, { name: "Title" }).invoke("Give a title for a talk on reducers");
    expect(result.count).toBe(2);
    expect(result.title).toBe(result.title.toUpperCase());
    expect(result.title.length).toBeGreaterThan(0);
  });

  it("asks again when an answer fails the checks the provider did not enforce", async () => {
    const model = new FakeListChatModel({ responses: ['{"joke":""}', '{"joke":"A pun."}'] });
    expect(await strictStructuredOutput(model, Joke, { name: "Joke" }).invoke("Tell a joke")).toEqual({ joke: "A pun." });
  });

  it("reports a StructuredOutputError with the problem and the last answer once retries run out", async () => {
    const model = new FakeListChatModel({ responses: ['{"joke":""}', '{"joke":""}', '{"joke":"late"}'] });
    const error = await strictStructuredOutput(model, Joke, { name: "Joke" })
      .invoke("Tell a joke")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    const e = error as StructuredOutputError;
    expect([e.schemaName, e.attempts, e.value]).toEqual(["Joke", 2, { joke: "" }]);
    expect(e.problem).toMatch(/^joke: /);
    expect(e.message).toContain('"Joke" answer did not match its schema after 2 attempts: joke: ');
    expect(e.hint).toMatch(/prompt/);
    const once = await strictStructuredOutput(new FakeListChatModel({ responses: ['{"joke":""}'] }), Joke, { name: "Joke", retries: 0 })
      .invoke("Tell a joke")
      .catch((x: unknown) => x);
    expect((once as StructuredOutputError).attempts).toBe(1);
  });

  it("refuses a schema strict mode cannot send before any call", () => {
    expect(() => strictStructuredOutput(new OfflineChatModel(), z.object({ a: z.string().optional() }), { name: "A" })).toThrow(ConfigurationError);
  });

  it("refuses an impossible retries count with a library error", () => {
    const build = () => strictStructuredOutput(new OfflineChatModel(), z.object({ a: z.string() }), { name: "A", retries: -1 });
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow("retries must be a whole number ≥ 0, not -1.");
  });
});
