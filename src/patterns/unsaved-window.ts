/**
 * The finished items of a map step whose memo writes are still in flight. A lane hands its
 * item's write here and goes on to its next item; only once `limit` writes are in flight does
 * it wait for one of them to settle. The limit bounds the at-least-once window of a crash: items
 * whose work is done but whose result is not saved yet.
 */

/** Tracks in-flight writes and holds a caller back while `limit` of them are unsettled. */
export class UnsavedWindow {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waiting: (() => void)[] = [];

  /**
   * @param limit - Most writes in flight before `add` waits. Default 256.
   */
  constructor(private readonly limit = 256) {}

  /**
   * Tracks one write.
   *
   * @param write - The write, e.g. `memo.save(key, value)`.
   * @param onSaved - Runs once it is through (the item counts as finished then).
   * @param onFailed - Runs if it fails.
   * @returns Resolves at once, or, past the limit, once an earlier write has settled.
   */
  async add(write: Promise<void>, onSaved: () => void, onFailed: (error: unknown) => void): Promise<void> {
    const settled: Promise<void> = write.then(onSaved, onFailed).finally(() => {
      this.inFlight.delete(settled);
      this.waiting.shift()?.();
    });
    this.inFlight.add(settled);
    if (this.inFlight.size > this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Resolves once every write added so far has settled (their callbacks included). */
  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}
