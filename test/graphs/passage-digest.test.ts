import { describe, expect, it } from "vitest";
import { buildPassageDigestGraph, corpusPassages } from "../../src/graphs/passage-digest.js";
import { OfflineChatModel } from "../../src/models/offline-chat-model.js";
import { loadCorpus } from "../../src/tools/corpus.js";

describe("passage digest (mapReduce over the corpus)", () => {
  it("splits the corpus into its paragraphs, in order", () => {
    const passages = corpusPassages();
    const corpus = loadCorpus();
    expect(passages.length).toBe(corpus.reduce((n, d) => n + d.text.split(/\n\s*\n/).filter((p) => p.trim()).length, 0));
    expect(passages[0]).toMatchObject({ id: `${corpus[0]!.id}#1`, docId: corpus[0]!.id, title: corpus[0]!.title });
  });

  it("summarises every passage and groups the summaries by document in passage order", async () => {
    const passages = corpusPassages();
    const { digest, failed } = await buildPassageDigestGraph({ model: new OfflineChatModel({ latencyMs: 0 }) }).invoke({ passages });
    expect(failed).toEqual([]);
    expect(digest.map((d) => d.docId)).toEqual([...new Set(passages.map((p) => p.docId))]);
    expect(digest.flatMap((d) => d.summaries)).toHaveLength(passages.length);
    // Offline, a one-sentence summary is the passage's first sentence.
    expect(digest[0]!.summaries[0]).toBe(passages[0]!.text.split(/(?<=\.)\s/)[0]);
  });

  it("keeps going when a passage fails, listing it (settled)", async () => {
    const model = new OfflineChatModel({ latencyMs: 0 });
    const passages = corpusPassages().slice(0, 5);
    const failing = { ...passages[2]!, text: "FAIL" };
    const flaky = Object.assign(Object.create(model), {
      invoke: (messages: Parameters<typeof model.invoke>[0], options?: Parameters<typeof model.invoke>[1]) => {
        if (JSON.stringify(messages).includes("FAIL")) return Promise.reject(new Error("content filter"));
        return model.invoke(messages, options);
      },
    }) as OfflineChatModel;
    const out = await buildPassageDigestGraph({ model: flaky }).invoke({ passages: [...passages.slice(0, 2), failing, ...passages.slice(3)] });
    expect(out.failed).toEqual([`${failing.id}: content filter`]);
    expect(out.digest.flatMap((d) => d.summaries)).toHaveLength(4);
  });
});
