import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { readConversation } from "../../src/models/read-conversation.js";
import { fillSchema } from "../../src/models/schema-fill.js";
import { seededRandomFor } from "../../src/models/seeded-random.js";

const model = new OfflineChatModel({ latencyMs: 0 });

const Analyst = z.object({
  affiliation: z.string().describe("Primary affiliation of the analyst."),
  name: z.string().describe("Name of the analyst."),
  role: z.string().describe("Role of the analyst in the context of the topic."),
  description: z.string().describe("Description of the analyst focus, concerns, and motives."),
});
const Perspectives = z.object({ analysts: z.array(Analyst) });

const analystPrompt = (maxAnalysts: number) => [
  new SystemMessage(
    "You are tasked with creating a set of AI analyst personas. Follow these instructions carefully:\n" +
      "1. First, review the research topic:\nThe benefits of adopting LangGraph as an agent framework\n" +
      "2. Examine any editorial feedback that has been optionally provided to guide creation of the analysts:\n\n" +
      "3. Determine the most interesting themes based upon documents and / or feedback above.\n" +
      `4. Pick the top ${maxAnalysts} themes.\n5. Assign one analyst to each theme.`,
  ),
  new HumanMessage("Generate the set of analysts."),
];

const Kitchen = z.object({
  title: z.string().min(5).max(40),
  level: z.enum(["low", "medium", "high"]),
  score: z.number().min(1).max(10),
  ratio: z.number().gt(0).lt(1),
  count: z.int().min(2).max(4),
  step: z.number().multipleOf(5).min(7).max(40),
  done: z.boolean(),
  tags: z.array(z.string()).min(4).max(6),
  note: z.string().optional(),
  parent: z.string().nullable(),
  kind: z.literal("report"),
  either: z.union([z.number().int().min(0).max(3), z.string()]),
  withDefault: z.string().default("fallback"),
  contact: z.email(),
  homepage: z.url(),
  ref: z.uuid(),
  when: z.iso.datetime(),
  slug: z.string().regex(/^[a-z]+(?:-[a-z]+)*$/),
  scores: z.record(z.string(), z.int().min(0).max(100)),
  pair: z.tuple([z.string(), z.int().min(1).max(2)]),
  nested: z.object({ deeper: z.object({ flag: z.boolean(), items: z.array(z.enum(["x", "y"])).max(1) }) }),
});

describe("withStructuredOutput", () => {
  it("fills the research-assistant analysts, sized by the count in the prompt", async () => {
    const result = await model.withStructuredOutput(Perspectives).invoke(analystPrompt(2));
    expect(Perspectives.parse(result)).toEqual(result);
    expect(result.analysts).toHaveLength(2);
    const names = result.analysts.map((a) => a.name);
    expect(names.every((n) => /^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u.test(n))).toBe(true);
    expect(new Set(names).size).toBe(2);
    // Job titles and organisations a person could have, not the topic's words with "Specialist" appended.
    expect(result.analysts.map((a) => a.role)).toEqual(["Software Architect", "Product Manager"]);
    expect(result.analysts.every((a) => !a.affiliation.includes("LangGraph") && !a.role.includes("LangGraph"))).toBe(true);
    expect(result.analysts[1]!.description).toBe("Cares about adoption by teams and users when it comes to the benefits of adopting LangGraph as an agent framework.");
    expect((await model.withStructuredOutput(Perspectives).invoke(analystPrompt(4))).analysts).toHaveLength(4);
  });

  it("prefers a field-specific count ('max_analysts: 3') over a generic one", async () => {
    const result = await model.withStructuredOutput(Perspectives).invoke("Topic: parallel agents. Pick the top 5 themes. max_analysts: 3");
    expect(result.analysts).toHaveLength(3);
  });

  it("generates sub-topics and jokes for the map-reduce lesson", async () => {
    const Subjects = z.object({ subjects: z.array(z.string()) });
    const { subjects } = await model
      .withStructuredOutput(Subjects)
      .invoke("Generate a list of 3 sub-topics that are all related to this overall topic: animals.");
    expect(subjects).toEqual(["the history of animals", "animals in everyday life", "the science of animals"]);
    const { joke } = await model.withStructuredOutput(z.object({ joke: z.string() })).invoke(`Generate a joke about ${subjects[0]}`);
    expect(joke).toContain("the history of animals");
  });

  it("picks an id within the listed items, or within the schema's bounds", async () => {
    const jokes = ["Joke A.", "Joke B.", "Joke C.", "Joke D."];
    const prompt = `Below are a bunch of jokes about animals. Select the best one! Return the ID of the best one, starting 0 as the ID for the first joke. Jokes:\n\n${jokes.join("\n\n")}`;
    const { id } = await model.withStructuredOutput(z.object({ id: z.int() })).invoke(prompt);
    expect(id).toBeGreaterThanOrEqual(0);
    expect(id).toBeLessThanOrEqual(3);
    const bounded = await model.withStructuredOutput(z.object({ id: z.int().min(10).max(12) })).invoke(prompt);
    expect([10, 11, 12]).toContain(bounded.id);
  });

  it("fills every kind of field so that the schema parses", async () => {
    const result = await model.withStructuredOutput(Kitchen).invoke("Write a report on fan-out at high volume with 5 tags. Contact the team.");
    expect(Kitchen.parse(result)).toEqual(result);
    expect(result.tags).toHaveLength(5);
    expect(result.level).toBe("high");
    expect(result.kind).toBe("report");
    expect(result.scores).toBeTypeOf("object");
    expect(result.step % 5).toBe(0);
  });

  it("ignores a requested count outside the array bounds", async () => {
    const Tags = z.object({ tags: z.array(z.string()).min(4).max(6) });
    expect((await model.withStructuredOutput(Tags).invoke("List 9 tags about graphs")).tags).toHaveLength(4);
    expect((await model.withStructuredOutput(Tags).invoke("List 6 tags about graphs")).tags).toHaveLength(6);
  });

  it("applies zod transforms and defaults when parsing", async () => {
    const Schema = z.object({ title: z.string().transform((s) => s.length), topic: z.string().default("x") });
    const result = await model.withStructuredOutput(Schema).invoke("topic: reducers");
    expect(typeof result.title).toBe("number");
    expect(result.topic).toBe("reducers");
  });

  it("returns raw and parsed with includeRaw, under the given name", async () => {
    const result = await model.withStructuredOutput(z.object({ answer: z.string() }), { name: "Answer", includeRaw: true }).invoke("What is a fold?");
    expect(result.raw.getType()).toBe("ai");
    expect((result.raw as { tool_calls?: Array<{ name: string }> }).tool_calls?.[0]?.name).toBe("Answer");
    expect(result.parsed.answer).toContain("offline model");
  });

  it("accepts a plain JSON schema", async () => {
    const jsonSchema = {
      title: "Plan",
      type: "object",
      properties: { steps: { type: "array", items: { type: "string" }, minItems: 2, maxItems: 2 }, urgent: { type: "boolean" } },
      required: ["steps", "urgent"],
    };
    const result = await model.withStructuredOutput(jsonSchema).invoke("Plan a fan-out over documents");
    expect(result.steps).toHaveLength(2);
    expect(typeof result.urgent).toBe("boolean");
  });

  it("is deterministic for the same prompt and varies across prompts", async () => {
    const so = model.withStructuredOutput(Perspectives);
    expect(await so.invoke(analystPrompt(3))).toEqual(await so.invoke(analystPrompt(3)));
    const a = await model.withStructuredOutput(z.object({ name: z.string(), topic: z.string() })).invoke("topic: reducers");
    const b = await model.withStructuredOutput(z.object({ name: z.string(), topic: z.string() })).invoke("topic: checkpoints");
    expect(a).not.toEqual(b);
  });
});

describe("fillSchema", () => {
  it("stops at recursive $ref schemas", () => {
    const schema = {
      type: "object",
      properties: { node: { $ref: "#/$defs/Node" } },
      required: ["node"],
      $defs: { Node: { type: "object", properties: { label: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/Node" } } } } },
    };
    const value = fillSchema(schema, readConversation([new HumanMessage("a tree of graphs")]), seededRandomFor("t")) as { node: { children: unknown[] } };
    expect(value.node.children).toHaveLength(3);
    expect(JSON.stringify(value).length).toBeLessThan(5_000);
  });

  it("handles anyOf with null first, allOf and const", () => {
    const schema = {
      type: "object",
      properties: {
        maybe: { anyOf: [{ type: "null" }, { type: "integer", minimum: 5, maximum: 5 }] },
        both: { allOf: [{ type: "object", properties: { a: { type: "string" } } }, { properties: { b: { const: 1 } } }] },
      },
    };
    expect(fillSchema(schema, readConversation([new HumanMessage("x")]), seededRandomFor("x"))).toMatchObject({ maybe: 5, both: { b: 1 } });
  });
});

describe("property: structured output always parses", () => {
  const schemas = {
    Perspectives,
    Kitchen,
    Small: z.object({
      subjects: z.array(z.string()).min(1).max(5),
      best: z.int().min(0).max(2),
      mood: z.enum(["happy", "sad"]).optional(),
      summary: z.string().min(10).max(60),
    }),
  };
  const token = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.integer({ min: -1000, max: 3000 }).map(String),
    fc.constantFrom("analysts", "max_analysts: 7", "3 subjects", "a joke about", "topic:", "question:", "?", "\n", "happy", "top 9 themes", "<Document href=\"https://x.example\"/>\nSome text here about graphs.\n</Document>"),
  );
  const prompt = fc.array(token, { maxLength: 25 }).map((parts) => parts.join(" "));

  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name}: schema.parse accepts the model's object for random prompts`, async () => {
      const structured = model.withStructuredOutput(schema);
      await fc.assert(
        fc.asyncProperty(prompt, async (text) => {
          const result = await structured.invoke([new HumanMessage(text)]);
          schema.parse(result);
        }),
        { numRuns: 60 },
      );
    });
  }

  it("tool-call arguments parse against each tool's schema for random prompts", async () => {
    const search = tool(async () => "", { name: "search", description: "Search the web.", schema: z.object({ query: z.string().min(1) }) });
    const rate = tool(async () => "", {
      name: "rate",
      description: "Rate an item.",
      schema: z.object({ item: z.string(), stars: z.int().min(1).max(5), tags: z.array(z.string()).max(2).optional() }),
    });
    const bound = model.bindTools([search, rate], { tool_choice: "any" });
    await fc.assert(
      fc.asyncProperty(prompt, async (text) => {
        const reply = await bound.invoke([new HumanMessage(text)]);
        expect(reply.tool_calls).toHaveLength(1);
        const call = reply.tool_calls![0]!;
        (call.name === "search" ? search : rate).schema.parse(call.args);
      }),
      { numRuns: 60 },
    );
  });
});
