/**
 * Deterministic randomness for the offline model: a string hash turns the model's input into a
 * 32-bit seed, and a small PRNG (mulberry32) turns the seed into a reproducible stream of choices.
 * Same input → same seed → same "random" choices, on every machine and Node version.
 */

/**
 * A 32-bit hash of a string (FNV-1a over UTF-16 code units, then avalanched).
 *
 * @param text - Any string; the empty string hashes to a fixed value.
 * @returns An unsigned 32-bit integer.
 * @example
 * ```ts
 * hashString("hello") === hashString("hello"); // true
 * hashString("hello") === hashString("hello!"); // false (with overwhelming probability)
 * ```
 */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32) so nearby inputs give unrelated seeds.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A reproducible source of pseudo-random choices. */
export interface SeededRandom {
  /** The seed this generator started from. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive); `min` when `max < min`. */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** `true` with probability `p` (default 0.5). */
  chance(p?: number): boolean;
  /** A new generator whose stream depends on this seed and `label` only (not on draws so far). */
  fork(label: string): SeededRandom;
}

/**
 * A mulberry32 generator over a 32-bit seed.
 *
 * @param seed - Any number; it is truncated to an unsigned 32-bit integer.
 * @returns A {@link SeededRandom}; two generators with the same seed produce the same stream.
 * @example
 * ```ts
 * const rng = createSeededRandom(hashString("my prompt"));
 * rng.int(100, 400); // the same value on every run
 * ```
 */
export function createSeededRandom(seed: number): SeededRandom {
  const start = seed >>> 0;
  let state = start;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: SeededRandom = {
    seed: start,
    next,
    int(min, max) {
      if (max <= min) return min;
      return min + Math.floor(next() * (max - min + 1));
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError("pick() needs a non-empty array");
      return items[Math.floor(next() * items.length)] as T;
    },
    chance(p = 0.5) {
      return next() < p;
    },
    fork(label) {
      return createSeededRandom(hashString(`${start}:${label}`));
    },
  };
  return rng;
}

/**
 * Shorthand for `createSeededRandom(hashString(text))`.
 *
 * @param text - The input to seed from (the offline model passes a serialisation of its messages).
 * @returns A {@link SeededRandom}.
 * @example
 * ```ts
 * seededRandomFor("tell me a joke").pick(["a", "b", "c"]); // stable across runs
 * ```
 */
export function seededRandomFor(text: string): SeededRandom {
  return createSeededRandom(hashString(text));
}
