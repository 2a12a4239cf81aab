/**
 * A queue that gathers entries and writes them in batches: at most `batchSize` per batch, one
 * batch in flight, and everything pushed while a batch is being written travels in the next one.
 * The per-item memo uses it to write the results of many items as one store item (see
 * `storeMemo`), so a long map step makes one store operation per batch, not one per item: that
 * keeps LangGraph's in-node store wrapper (which resolves each operation of a batch with an
 * `indexOf` over the whole batch, quadratic in its size) and the store itself out of the per-item
 * cost.
 */

/**
 * Writes entries in bounded batches. `push` resolves once the batch holding that entry is written
 * (durable, for a durable store); a failed batch rejects the entries it held.
 */
export class WriteQueue<Entry> {
  private readonly waiting: { entry: Entry; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;

  /**
   * @param writeBatch - Writes one batch (e.g. one `store.put` holding every entry); resolves once it is durable.
   * @param batchSize - Most entries per batch. Default 512.
   */
  constructor(
    private readonly writeBatch: (entries: Entry[]) => Promise<unknown>,
    private readonly batchSize = 512,
  ) {}

  /**
   * Queues one entry.
   *
   * @param entry - What to write.
   * @returns Resolves once the entry's batch is written.
   */
  push(entry: Entry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Let the entries of this tick gather first, then send them.
        queueMicrotask(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.batchSize);
      try {
        await this.writeBatch(batch.map((waiting) => waiting.entry));
        for (const waiting of batch) waiting.resolve();
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.flushing = false;
  }
}
