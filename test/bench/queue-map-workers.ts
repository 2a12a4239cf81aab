/**
 * The worker module of `test/bench/queue-map.ts`, served by the worker CLI. `bench-sleep` sleeps
 * the item's `ms` and returns its `i`: waiting work, the kind a 2-core machine can scale out.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { ItemContext } from "../../src/patterns/map-items.js";

/** One benchmark item: its position and how long it sleeps, ms. */
export interface SleepItem {
  i: number;
  ms: number;
}

/** Sleeps `item.ms`, returns `item.i`; the same function runs in-process and on the queue. */
export async function sleepItem(item: SleepItem, { signal }: Pick<ItemContext, "signal">): Promise<number> {
  if (item.ms > 0) await sleep(item.ms, undefined, { signal });
  return item.i;
}

export const workers = { "bench-sleep": { run: sleepItem, version: "bench-1" } };
