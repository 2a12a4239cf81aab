/**
 * Lesson 9's worker module, for the worker CLI:
 *
 *     npm run worker -- --module src/graphs/passage-digest-workers.ts --connection redis://… --id worker-a
 *
 * It serves `summarise`: the digest graph's own map worker ({@link summarisePassage}) on the
 * lesson's provider (`getChatModel`: offline, or `--model openai` with the lesson's
 * `OPENAI_API_KEY` / `OPENAI_BASE_URL` / `OPENAI_MODEL`, inherited), so a queue worker and the
 * graph process write the same summaries. For the
 * lesson's narration each run is written to a journal file (one line when a passage starts, one
 * as its model call begins, one when it is done, appended synchronously so a SIGKILL loses nothing already written), and a
 * worker can be told to hang at its n-th passage, as a machine that stops answering does.
 *
 * Environment (read when the module is loaded):
 * - `LGP_DIGEST_PROVIDER`: `"offline"` or `"openai"`, as `getChatModel`'s `provider` (default `"offline"`);
 * - `LGP_DIGEST_ITEM_MS`: the offline model's latency per call, ms (default 20);
 * - `LGP_DIGEST_JOURNAL`: the journal file (default none);
 * - `LGP_DIGEST_WORKER`: this worker's name in the journal (default `"<pid>"`);
 * - `LGP_DIGEST_HANG_AT`: hang (never return) on the n-th passage this process starts (default never).
 */
import { appendFileSync, readFileSync } from "node:fs";
import { getChatModel } from "../models/get-chat-model.js";
import type { ItemContext } from "../patterns/map-items.js";
import { type Passage, summarisePassage } from "./passage-digest.js";

/** The code version the lesson's `queueExecutor` and these workers agree on. */
export const DIGEST_WORKER_VERSION = "digest-1";

/**
 * One line of the journal: a passage started, its model call begun (the lesson counts those the
 * queue never reported back), finished, or held by a hanging worker.
 */
export interface JournalEntry {
  event: "start" | "call" | "done" | "hang";
  worker: string;
  passage: string;
}

const env = process.env;
const itemMs = Number(env.LGP_DIGEST_ITEM_MS ?? 20);
const journal = env.LGP_DIGEST_JOURNAL;
const name = env.LGP_DIGEST_WORKER ?? String(process.pid);
const hangAt = env.LGP_DIGEST_HANG_AT === undefined ? undefined : Number(env.LGP_DIGEST_HANG_AT);
const summarise = summarisePassage(getChatModel({ provider: env.LGP_DIGEST_PROVIDER ?? "offline", latencyMs: itemMs }));
let started = 0;

function note(event: JournalEntry["event"], passage: Passage): void {
  if (journal) appendFileSync(journal, `${JSON.stringify({ event, worker: name, passage: passage.id })}\n`);
}

async function run(passage: Passage, context: ItemContext): Promise<string> {
  started++;
  note("start", passage);
  if (started === hangAt) {
    note("hang", passage);
    await new Promise<never>(() => undefined); // never settles: the worker holds the job until it is killed
  }
  note("call", passage);
  const summary = await summarise(passage, context);
  note("done", passage);
  return summary;
}

/** The named workers the worker CLI serves: `summarise`, version {@link DIGEST_WORKER_VERSION}. */
export const workers = { summarise: { run, version: DIGEST_WORKER_VERSION } };

/**
 * Reads a journal the workers wrote (missing file: no entries).
 *
 * @param file - The `LGP_DIGEST_JOURNAL` file.
 * @returns Its entries, in the order they were written.
 */
export function readJournal(file: string): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  // A line cut short by a SIGKILL mid-write is not an entry.
  return text.split("\n").flatMap((line) => {
    try {
      return line ? [JSON.parse(line) as JournalEntry] : [];
    } catch {
      return [];
    }
  });
}
