// Lesson 9's lines about its queue workers' model calls, one per queue part: begun (from the
// workers' journal), reported back with the results, and never reported back (counted as failed).

/** One part's worker calls, as lesson 9 printed them. */
export interface WorkerCallLine {
  made: number;
  reported: number;
  lost: number;
}

/** Parses every "model calls on the workers: …" line of lesson 9's output, in order. */
export function workerCallLines(text: string): WorkerCallLine[] {
  return [...text.matchAll(/^ {2}model calls on the workers: (\d+) begun, (\d+) reported back with their results(?:, (\d+) never reported back .*)?$/gm)].map((m) => ({
    made: Number(m[1]),
    reported: Number(m[2]),
    lost: Number(m[3] ?? 0),
  }));
}
