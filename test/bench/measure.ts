/**
 * Small timing helpers shared by the benchmark scripts: median of repeated runs, and a table
 * printer. Benchmarks print ratios measured side by side in one run; they are never unit tests.
 */

/**
 * Median wall time of `fn` over `runs` runs (after one warm-up run), ms.
 *
 * @param fn - The work to time.
 * @param runs - How many timed runs. Default 5.
 * @param warmUp - Run once untimed first. Default true.
 * @returns Median milliseconds.
 * @example
 * ```ts
 * const ms = await medianMs(() => graph.invoke(input), 5);
 * ```
 */
export async function medianMs(fn: () => unknown, runs = 5, warmUp = true): Promise<number> {
  if (warmUp) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/**
 * Prints rows as an aligned text table.
 *
 * @param rows - Objects with the same keys; the keys are the header.
 * @example
 * ```ts
 * printTable([{ k: 3, wall_ms: 212 }]);
 * ```
 */
export function printTable(rows: Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0] as object);
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(width[i] as number)).join("  ");
  console.log(line(keys));
  for (const row of rows) console.log(line(keys.map((k) => String(row[k]))));
}

/** Rounds to one decimal place. */
export const round1 = (n: number): number => Math.round(n * 10) / 10;
