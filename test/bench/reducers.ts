/**
 * Reducer cost when one superstep carries many writes to one list key, measured on LangGraph's
 * own channels (the `update(writes)` call its scheduler makes once per superstep):
 *   - ours:  DeltaChannel + batch `concat` (what `listField` builds): one fold per superstep;
 *   - naive: BinaryOperatorAggregate + `(a, b) => [...a, ...b]` (the usual Annotation reducer):
 *            one call per write, each copying the whole list.
 * Each write appends 1 item. Prints a table and one JSON line per case.
 *
 *   npm run bench:reducers            # naive reducer at 10k writes only
 *   npm run bench:reducers -- --full  # also the naive reducer at 100k writes (minutes)
 */
import { BinaryOperatorAggregate, DeltaChannel } from "@langchain/langgraph";
import { concat } from "../../src/reducers/concat.js";
import { sortedMerge } from "../../src/reducers/sorted-merge.js";
import { medianMs, printTable, round1 } from "./measure.js";

const FULL = process.argv.includes("--full");
// The naive reducer is timed once per size (no warm-up): at 100k writes one run takes minutes.
const writesOf = (n: number) => Array.from({ length: n }, (_, i) => [`item-${i}`]);

const ours = (writes: string[][]) => new DeltaChannel(concat<string>, { initialValueFactory: () => [] }).update(writes);
const oursSorted = (writes: string[][]) =>
  new DeltaChannel(sortedMerge<string>(), { initialValueFactory: () => [] }).update(writes.slice().reverse());
const naive = (writes: string[][]) =>
  new BinaryOperatorAggregate<string[], string[]>((a, b) => [...a, ...b], () => []).update(writes);

const rows = [];
for (const n of [10_000, 100_000, 1_000_000]) {
  const writes = writesOf(n);
  const oursMs = await medianMs(() => ours(writes), 11);
  const sortedMs = await medianMs(() => oursSorted(writes), 11);
  // Spread-concat is quadratic: at 100k writes it only runs with --full.
  const naiveMs = n === 10_000 || (FULL && n === 100_000) ? await medianMs(() => naive(writes), 1, false) : undefined;
  const row = {
    case: "reducer-one-superstep",
    writes: n,
    ours_concat_ms: round1(oursMs),
    ours_sorted_merge_ms: round1(sortedMs),
    ours_concat_ns_per_write: Math.round((oursMs * 1e6) / n),
    naive_spread_ms: naiveMs === undefined ? (n === 100_000 ? "skipped (--full)" : "skipped") : round1(naiveMs),
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
const sized = rows as { writes: number; ours_concat_ms: number; ours_sorted_merge_ms: number }[];
for (let i = 1; i < sized.length; i++) {
  const [small, large] = [sized[i - 1]!, sized[i]!];
  console.log(
    JSON.stringify({
      case: "reducer-scaling-10x-writes",
      from: small.writes,
      to: large.writes,
      concat_ratio: round1(large.ours_concat_ms / small.ours_concat_ms),
      sorted_merge_ratio: round1(large.ours_sorted_merge_ms / small.ours_sorted_merge_ms),
    }),
  );
}
printTable(rows);
