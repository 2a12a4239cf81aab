import { buildLogsGraphCallingSubgraph, buildLogTriageGraph } from "./src/graphs/log-composition.js";
import { ACADEMY_LOGS } from "./src/graphs/logs.js";
const a = await buildLogsGraphCallingSubgraph().invoke({ raw_logs: ACADEMY_LOGS });
console.log(a.fa_summary, a.report, a.processed_logs);
const logs = [...ACADEMY_LOGS, { id: "3", question: "q3", answer: "a3", grade: 0, grader: "Hallucination", feedback: "Made-up API" }, { id: "4", question: "q4", answer: "a4", grade: 1, grader: "Helpfulness" }];
const t = await buildLogTriageGraph().invoke({ raw_logs: logs });
console.log(JSON.stringify({ verdicts: t.verdicts, findings: t.findings, processed_logs: t.processed_logs }, null, 1));
for await (const c of await buildLogTriageGraph().stream({ raw_logs: logs }, { streamMode: "updates", subgraphs: true })) console.log(JSON.stringify(c).slice(0, 150));
