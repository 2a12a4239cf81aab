import { HumanMessage, type AIMessage, type BaseMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { ToolNode, createReactAgent, toolsCondition } from "@langchain/langgraph/prebuilt";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";

const docs = tool(
  async ({ query }) =>
    query
      ? '<Document href="https://docs.example/supersteps"/>\n' +
        "A superstep is one round of the Pregel loop. All nodes triggered in a superstep run in parallel.\n</Document>"
      : "",
  { name: "docs_search", description: "Search the documentation.", schema: z.object({ query: z.string().min(1) }) },
);

describe("OfflineChatModel inside LangGraph", () => {
  it("drives a tool loop (model → ToolNode → model) to a cited text answer", async () => {
    const model = new OfflineChatModel({ latencyMs: 0 }).bindTools([docs]);
    const graph = new StateGraph(MessagesAnnotation)
      .addNode("agent", async (s) => ({ messages: [await model.invoke(s.messages)] }))
      .addNode("tools", new ToolNode([docs]))
      .addEdge(START, "agent")
      .addConditionalEdges("agent", toolsCondition, ["tools", END])
      .addEdge("tools", "agent")
      .compile();
    const { messages } = await graph.invoke({ messages: [new HumanMessage("What is a superstep?")] });
    expect(messages.map((m: BaseMessage) => m.getType())).toEqual(["human", "ai", "tool", "ai"]);
    const call = (messages[1] as AIMessage).tool_calls![0]!;
    expect(call).toMatchObject({ name: "docs_search", args: { query: "What is a superstep?" } });
    expect(messages[3]!.text).toBe(
      "A superstep is one round of the Pregel loop. [1] All nodes triggered in a superstep run in parallel. [1]\n\n" +
        "Sources:\n[1] https://docs.example/supersteps",
    );
  });

  it("works with createReactAgent and in the messages stream", async () => {
    const agent = createReactAgent({ llm: new OfflineChatModel({ latencyMs: 0 }), tools: [docs] });
    const chunks: unknown[] = [];
    for await (const chunk of await agent.stream({ messages: [new HumanMessage("What is a superstep?")] }, { streamMode: "messages" })) {
      chunks.push(chunk);
    }
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    const final = await agent.invoke({ messages: [new HumanMessage("What is a superstep?")] });
    const last = final.messages[final.messages.length - 1]!;
    expect(last.text).toContain("Sources:\n[1] https://docs.example/supersteps");
    expect((last as AIMessage).usage_metadata?.total_tokens).toBeGreaterThan(0);
  });
});
