/**
 * Synchronisation points for tests that must prove two things ran at the same time without
 * timing them: a branch that waits at a barrier can only get past it once every other branch has
 * arrived, so "they overlapped" is a fact of the run, not a margin the machine's load can break.
 * If the branches did not run concurrently, the first one waits forever and the test times out.
 */

/** A one-shot signal: `open()` releases everyone who `wait()`s, before or after. */
export interface Latch {
  /** Resolves once the latch is open. */
  wait(): Promise<void>;
  /** Opens the latch (idempotent). */
  open(): void;
  /** Whether `open()` was called. */
  readonly isOpen: boolean;
}

/**
 * Creates a closed latch.
 *
 * @example
 * ```ts
 * const cDone = latch();
 * const b = async () => (await cDone.wait(), "b"); // b cannot finish before c
 * const c = async () => (cDone.open(), "c");
 * ```
 */
export function latch(): Latch {
  let release!: () => void;
  let isOpen = false;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return {
    wait: () => opened,
    open: () => {
      isOpen = true;
      release();
    },
    get isOpen() {
      return isOpen;
    },
  };
}

/** A meeting point for `parties` callers: each `arrive()` resolves once all of them have arrived. */
export interface Barrier {
  /** Records one arrival and resolves when all parties have arrived. */
  arrive(): Promise<void>;
  /** How many have arrived so far. */
  readonly arrived: number;
}

/**
 * Creates a barrier for `parties` callers.
 *
 * @param parties - How many arrivals release the barrier.
 * @example
 * ```ts
 * const both = barrier(2);
 * const branch = async () => (await both.arrive(), "done"); // neither finishes before both started
 * ```
 */
export function barrier(parties: number): Barrier {
  const all = latch();
  let arrived = 0;
  return {
    arrive: () => {
      if (++arrived >= parties) all.open();
      return all.wait();
    },
    get arrived() {
      return arrived;
    },
  };
}
