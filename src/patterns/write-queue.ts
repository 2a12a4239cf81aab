/**
 * A queue of store writes that sends at most `batchSize` of them at a time, one batch in flight.
 * Inside a graph node the store is LangGraph's `AsyncBatchedStore`, which sends every operation
 * queued in one event-loop tick as one `batch()` and then resolves each with an `indexOf` over the
 * whole batch: quadratic in the batch's size. A map step that finishes thousands of items in one
 * tick would queue thousands of writes at once; through this queue each tick carries at most
 * `batchSize`, so a write costs O(batchSize) whatever the map's length, and writes finished in the
 * same tick still travel together (one SQLite transaction each).
 */

/**
 * Runs writes in bounded batches. `push` resolves once that write is done (durable, for a durable
 * store); a failed batch rejects the writes it held.
 */
export class WriteQueue {
  private readonly waiting: { write: () => Promise<unknown>; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;

  /**
   * @param batchSize - Most writes sent at once. Default 256.
   */
  constructor(private readonly batchSize = 256) {}

  /**
   * Queues one write.
   *
   * @param write - Starts the write (e.g. `() => store.put(…)`), called when its batch is sent.
   * @returns Resolves once the write is done.
   */
  push(write: () => Promise<unknown>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ write, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Let the writes of this tick gather first, then send them.
        queueMicrotask(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.batchSize);
      // Start every write of the batch in one tick, so the store sends them as one batch.
      const settled = await Promise.allSettled(batch.map((entry) => new Promise((resolve) => resolve(entry.write()))));
      settled.forEach((outcome, i) => (outcome.status === "fulfilled" ? batch[i]!.resolve() : batch[i]!.reject(outcome.reason)));
    }
    this.flushing = false;
  }
}
