import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "../../src/cli/local-redis.js";
import { fileURLToPath } from "node:url";
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Serves langgraph.json with the LangGraph CLI's dev server (a local devDependency) on a free
// loopback port and drives two lesson graphs through the SDK client, as Studio or an app would.
// The server gets no API keys, so every graph runs on the offline model.

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CLI = fileURLToPath(new URL("../../node_modules/@langchain/langgraph-cli/dist/cli/cli.mjs", import.meta.url));

let server: ChildProcess | undefined;
let log = "";
let client: Client;


beforeAll(async () => {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, LANGSMITH_TRACING: "false" };
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "TAVILY_API_KEY", "LANGSMITH_API_KEY"]) delete env[key];
  server = spawn(process.execPath, [CLI, "dev", "--port", String(port), "--host", "127.0.0.1", "--no-browser"], { cwd: REPO, env });
  server.stdout?.on("data", (chunk) => (log += String(chunk)));
  server.stderr?.on("data", (chunk) => (log += String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 250) {
    if (server.exitCode !== null) throw new Error(`LangGraph dev server exited:\n${log}`);
    if (waited > 90_000) throw new Error(`LangGraph dev server did not answer /ok within 90 s:\n${log}`);
    const ok = await fetch(`${url}/ok`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  client = new Client({ apiUrl: url });
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (server.exitCode === null) server.kill("SIGKILL");
  }
});

describe("lesson graphs on the LangGraph dev server", () => {
  it("registers every graph from langgraph.json", async () => {
    const assistants = await client.assistants.search({ limit: 100 });
    const graphs = assistants.map((assistant) => assistant.graph_id).sort();
    expect(graphs).toContain("parallelization_fan_out");
    expect(graphs).toContain("research_assistant_graph");
    expect(graphs).toHaveLength(22);
  });

  it("runs the fan-out with the concat reducer: b and c both land in the list", async () => {
    const thread = await client.threads.create();
    const state = await client.runs.wait(thread.thread_id, "parallelization_fan_out", { input: { state: [] } });
    expect(state).toEqual({ state: ["I'm A", "I'm B", "I'm C", "I'm D"] });
  });

  it("pauses the research assistant for analyst review and resumes it through the API", async () => {
    const thread = await client.threads.create();
    await client.runs.wait(thread.thread_id, "research_assistant_graph", { input: { topic: "Fan-out in LangGraph", maxAnalysts: 2 } });
    const paused = await client.threads.getState(thread.thread_id);
    expect(paused.next).toEqual(["human_feedback"]);
    const review = paused.tasks.flatMap((task) => task.interrupts.map((i) => i.value)) as { analysts: unknown[] }[];
    expect(review).toHaveLength(1);
    expect(review[0]!.analysts).toHaveLength(2);

    // An empty answer approves the analysts: interviews run in parallel and the report is written.
    const final = (await client.runs.wait(thread.thread_id, "research_assistant_graph", { command: { resume: "" } })) as {
      sections: string[];
      finalReport: string;
    };
    expect(final.sections).toHaveLength(2);
    expect(final.finalReport).toMatch(/^# Fan-out in LangGraph\n\n## /);
    const done = await client.threads.getState(thread.thread_id);
    expect(done.next).toEqual([]);
  });
});
