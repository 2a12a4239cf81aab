/**
 * Lesson 2, part two: map-reduce over a long list with the `mapReduce` builder. Every paragraph of
 * the offline corpus is summarised in one sentence by the model (map, bounded concurrency,
 * per-item progress), then the summaries are grouped into a digest per document (reduce).
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import type { MapExecutor } from "../patterns/map-executor.js";
import type { ItemContext } from "../patterns/map-items.js";
import { mapReduce } from "../patterns/map-reduce.js";
import { loadCorpus, type CorpusDocument } from "../tools/corpus.js";

/**
 * One paragraph of a corpus document.
 *
 * @example
 * ```ts
 * import { Passage } from "langgraph-parallel/graphs";
 *
 * const passage: Passage = Passage.parse({ id: "web/x#1", docId: "web/x", title: "X", text: "First paragraph." });
 * ```
 */
export const Passage = z.object({ id: z.string(), docId: z.string(), title: z.string(), text: z.string().min(1) });
export type Passage = z.infer<typeof Passage>;

/**
 * One document's digest: its title and one summary line per passage, in passage order.
 *
 * @example
 * ```ts
 * import { DocumentDigest } from "langgraph-parallel/graphs";
 *
 * DocumentDigest.parse({ docId: "web/x", title: "X", summaries: ["One line.", "Another."] });
 * ```
 */
export const DocumentDigest = z.object({ docId: z.string(), title: z.string(), summaries: z.array(z.string()) });

/**
 * State of the digest graph: `passages` in; one `digest` per document and the `failed` passages out.
 *
 * @example
 * ```ts
 * import { DigestState } from "langgraph-parallel/graphs";
 *
 * const lines = (s: typeof DigestState.State) => s.digest.flatMap((d) => d.summaries).length;
 * ```
 */
export const DigestState = new StateSchema({
  passages: z.array(Passage),
  digest: z.array(DocumentDigest).default(() => []),
  /** Passages that failed (settled mode), as `"<passage id>: <reason>"`. */
  failed: z.array(z.string()).default(() => []),
});

/**
 * Splits corpus documents into passages (their paragraphs), in corpus order.
 *
 * @param documents - Corpus documents. Default: the shipped corpus.
 * @returns Passages with ids like `web/state-reducers#2`.
 * @example
 * ```ts
 * import { corpusPassages } from "langgraph-parallel/graphs";
 *
 * corpusPassages().length; // 126 with the shipped corpus
 * ```
 */
export function corpusPassages(documents: readonly CorpusDocument[] = loadCorpus()): Passage[] {
  return documents.flatMap((doc) =>
    doc.text
      .split(/\n\s*\n/)
      .map((text) => text.trim())
      .filter(Boolean)
      .map((text, i) => ({ id: `${doc.id}#${i + 1}`, docId: doc.id, title: doc.title, text })),
  );
}

/** Options of {@link buildPassageDigestGraph}. */
export interface PassageDigestOptions {
  model: BaseChatModel;
  /** Passages summarised at once. Default 10. */
  concurrency?: number;
  /** Per-attempt limit for one summary, ms. Default 60,000. */
  timeoutMs?: number;
  /**
   * Where the summaries run: another process's workers (e.g. `queueExecutor` of
   * `langgraph-parallel/queue`, whose workers run {@link summarisePassage}). Default: this
   * process, `concurrency` at a time.
   */
  executor?: MapExecutor;
}

/**
 * The digest's map worker: one passage summarised in one sentence by `model`. The graph runs it
 * in-process; a queue worker (`startMapWorker`) runs the same function in another process.
 *
 * @param model - The chat model (one call per passage).
 * @returns The worker: `(passage, { signal }) => summary`.
 * @example
 * ```ts
 * import { corpusPassages, summarisePassage } from "langgraph-parallel/graphs";
 * import { OfflineChatModel } from "langgraph-parallel/models";
 *
 * const summarise = summarisePassage(new OfflineChatModel({ latencyMs: 0 }));
 * const line = await summarise(corpusPassages()[0]!, { signal: new AbortController().signal });
 * // the passage's first sentence (the offline model answers from what it was given)
 * ```
 */
export function summarisePassage(model: BaseChatModel): (passage: Passage, context: Pick<ItemContext, "signal">) => Promise<string> {
  return async (passage, { signal }) => {
    const reply = await model.invoke([new SystemMessage("Summarise the passage in one sentence."), new HumanMessage(passage.text)], { signal });
    return reply.text.trim();
  };
}

/**
 * Builds the digest graph: `START → map → reduce → END` via {@link mapReduce}. Expects a chat
 * model (one call per passage); no tools.
 *
 * Failures are settled: a passage that fails is listed in `failed`, the others are kept.
 *
 * @param options - The `model`; `concurrency` (default 10), `timeoutMs` (default 60 s), `executor`
 *   (default none: this process).
 * @returns The compiled graph over {@link DigestState}: `{ passages }` in, `digest` and `failed` out.
 * @example
 * ```ts
 * import { buildPassageDigestGraph, corpusPassages } from "langgraph-parallel/graphs";
 * import { OfflineChatModel } from "langgraph-parallel/models";
 *
 * const graph = buildPassageDigestGraph({ model: new OfflineChatModel({ latencyMs: 0 }) });
 * const { digest, failed } = await graph.invoke({ passages: corpusPassages() }); // one digest per document; failed: []
 * ```
 */
export function buildPassageDigestGraph({ model, concurrency = 10, timeoutMs = 60_000, executor }: PassageDigestOptions) {
  return mapReduce(DigestState, {
    name: "summarise",
    concurrency,
    failure: "settled",
    timeoutMs,
    executor,
    items: (state) => state.passages,
    itemLabel: (passage) => `passage ${passage.id}`,
    worker: summarisePassage(model),
    reduce: (outcomes, state) => {
      const digest: z.infer<typeof DocumentDigest>[] = [];
      const failed: string[] = [];
      outcomes.forEach((outcome, i) => {
        const passage = state.passages[i] as Passage;
        if (!outcome.ok) {
          failed.push(`${passage.id}: ${outcome.error.message}`);
          return;
        }
        const last = digest.at(-1);
        if (last?.docId === passage.docId) last.summaries.push(outcome.value);
        else digest.push({ docId: passage.docId, title: passage.title, summaries: [outcome.value] });
      });
      return { digest, failed };
    },
  });
}
