/**
 * Lesson 2 — Map-reduce (LangChain Academy, module 4).
 *
 * Review: in lesson 1 the parallel branches were fixed when the graph was built (b and c). Often
 * the number of branches is only known at run time: one per subject, per document, per row.
 *
 * Goals:
 *  - fan out with `Send`: one task per item, each with its own small state, decided at run time;
 *  - gather the results with a reducer (map) and pick from them (reduce);
 *  - watch updates arrive while the branches run (the `updates` stream);
 *  - map over a long list with the `mapReduce` builder: bounded concurrency, per-item progress,
 *    failures kept as data, and why one `Send` per item stops scaling.
 *
 * Run: npm run lesson -- 2 [--topic <text>] [--step] [--json] [--model offline|openai] [--latency <ms>]
 */
import { defineLesson } from "../src/cli/define-lesson.js";
import { buildJokesGraph, JokesState } from "../src/graphs/jokes.js";
import { buildPassageDigestGraph, corpusPassages, DigestState } from "../src/graphs/passage-digest.js";

/** The jokes topic when `--topic` is not given (the academy's). */
export const DEFAULT_TOPIC = "animals";
/** How many corpus passages the summarising step works on at once. */
export const DIGEST_CONCURRENCY = 10;

export default defineLesson(import.meta.url, {
  number: 2,
  title: "Map-reduce: Send, and mapping over long lists",
  async run(ctx) {
    const { out } = ctx;
    const input = await ctx.validateFlag(JokesState, { topic: ctx.options.topic ?? DEFAULT_TOPIC }, "--topic");
    const topic = input.topic;

    out.line("Part 1: the number of branches is decided at run time. generate_topics returns a list of");
    out.line("subjects; a conditional edge turns it into one Send per subject, each carrying only its");
    out.line("subject; every generate_joke appends to `jokes` through the concat reducer; best_joke picks.");
    out.line();
    const jokes = await ctx.runGraph<typeof JokesState.State>(
      `1. Jokes about "${topic}": one Send per subject`,
      buildJokesGraph({ model: ctx.model }),
      input,
      { schema: JokesState, live: true },
    );
    const state = jokes.finalState;
    if (state) {
      out.line(`  subjects: ${state.subjects.join(" · ")}`);
      out.line(`  best joke: ${state.bestSelectedJoke}`);
      out.line();
    }

    const passages = corpusPassages();
    out.line(`Part 2: ${passages.length} passages of the offline corpus, each summarised in one sentence by the`);
    out.line(`model, at most ${DIGEST_CONCURRENCY} at a time, then grouped into a digest per document. The mapReduce`);
    out.line("builder runs the items in one task over a promise pool instead of one Send each: progress is");
    out.line("reported per item, failures are kept as data (settled), and the cost stays linear.");
    out.line();
    const digest = await ctx.runGraph<typeof DigestState.State>(
      `2. Summarise ${passages.length} passages with mapReduce`,
      buildPassageDigestGraph({ model: ctx.model, concurrency: DIGEST_CONCURRENCY }),
      { passages },
      {
        schema: DigestState,
        summarize: (s: typeof DigestState.State) => ({
          passages: `${s.passages.length} passages`,
          digest: `${s.digest.length} documents`,
          failed: s.failed,
        }),
      },
    );
    const docs = digest.finalState?.digest ?? [];
    out.line(`  digest: ${docs.length} documents, ${docs.reduce((n, d) => n + d.summaries.length, 0)} summaries, ${digest.finalState?.failed.length ?? 0} failed`);
    for (const doc of docs.slice(0, 2)) {
      out.line(`  ${doc.title}`);
      for (const summary of doc.summaries.slice(0, 2)) out.line(`    - ${summary}`);
    }
    out.line();
    out.line("Try next: --topic \"distributed systems\"; --latency 0 to see framework cost alone;");
    out.line("npm run bench:map-reduce to compare mapReduce, one Send per item and a plain promise pool.");
  },
});
