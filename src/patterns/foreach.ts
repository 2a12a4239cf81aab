/**
 * `foreach`: run a worker over a list, a bounded number at a time, and get the results as a list
 * in input order or as an object keyed by each item's key. A thin, typed front for `mapItems`
 * (so retry, timeout, progress and failure policy are the same everywhere).
 */
import { ConfigurationError } from "../errors.js";
import { type ItemContext, type ItemOutcome, mapItems, type MapItemsOptions } from "./map-items.js";

/** Options of {@link foreach}. */
export interface ForeachOptions<Item, Result> extends Omit<MapItemsOptions<Item, Result>, "memo" | "itemKey" | "interrupts"> {
  /** `"list"` (default): results in input order. `"object"`: results keyed by `key`. */
  as?: "list" | "object";
  /** With `as: "object"`: the item's property, or a function, giving its key. Default `"id"`. */
  key?: string | ((item: Item, index: number) => string);
}

/**
 * Runs `worker` over `items`. Fail-fast by default (plain results); with `failure: "settled"` every
 * item is attempted and each result is an outcome, `{ ok: true, value }` or `{ ok: false, error }`.
 *
 * @param items - The list.
 * @param worker - `(item, { index, attempt, signal }) => result`.
 * @param options - `as` ("list"), `key` ("id"), and the shared branch options: `concurrency` (10),
 *   `retry`, `timeoutMs`, `failure` ("fail-fast"); `onProgress`.
 * @returns The results in input order, or keyed by each item's key.
 * @throws {ConfigurationError} when two items have the same key.
 * @example
 * ```ts
 * import { foreach } from "langgraph-parallel";
 *
 * const tickets = [{ id: "T-17", text: "My refund never arrived" }, { id: "T-18", text: "The app crashes at login" }];
 * const byId = await foreach(tickets, async (t, { signal }) => (await model.invoke(`Classify: ${t.text}`, { signal })).text, {
 *   as: "object", key: "id", concurrency: 4,
 * });
 * byId["T-17"]; // the label of ticket T-17
 * ```
 */
export async function foreach<Item, Result>(
  items: readonly Item[],
  worker: (item: Item, context: ItemContext) => Result | Promise<Result>,
  options: ForeachOptions<Item, Result> & { as?: "list"; failure: "settled" },
): Promise<ItemOutcome<Result>[]>;
export async function foreach<Item, Result>(
  items: readonly Item[],
  worker: (item: Item, context: ItemContext) => Result | Promise<Result>,
  options: ForeachOptions<Item, Result> & { as: "object"; failure: "settled" },
): Promise<Record<string, ItemOutcome<Result>>>;
export async function foreach<Item, Result>(
  items: readonly Item[],
  worker: (item: Item, context: ItemContext) => Result | Promise<Result>,
  options?: ForeachOptions<Item, Result> & { as?: "list" },
): Promise<Result[]>;
export async function foreach<Item, Result>(
  items: readonly Item[],
  worker: (item: Item, context: ItemContext) => Result | Promise<Result>,
  options: ForeachOptions<Item, Result> & { as: "object" },
): Promise<Record<string, Result>>;
export async function foreach<Item, Result>(
  items: readonly Item[],
  worker: (item: Item, context: ItemContext) => Result | Promise<Result>,
  options: ForeachOptions<Item, Result> = {},
): Promise<Result[] | Record<string, Result> | ItemOutcome<Result>[] | Record<string, ItemOutcome<Result>>> {
  const { as = "list", key = "id", failure = "fail-fast", ...rest } = options;
  // Keys are checked before any work starts.
  const keys = as === "object" ? items.map((item, i) => keyOf(item, i, key)) : [];
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate !== undefined) throw new ConfigurationError(`foreach: two items have the key "${duplicate}".`, "Keys must be unique with as: \"object\".");
  const outcomes = await mapItems(items, worker, { name: "foreach", ...rest, failure });
  const values: (Result | ItemOutcome<Result>)[] = failure === "settled" ? outcomes : outcomes.map((o) => (o as { value: Result }).value);
  if (as === "list") return values as Result[] | ItemOutcome<Result>[];
  return Object.fromEntries(keys.map((k, i) => [k, values[i]])) as Record<string, Result>;
}

function keyOf<Item>(item: Item, index: number, key: string | ((item: Item, index: number) => string)): string {
  if (typeof key === "function") return key(item, index);
  const value = (item as Record<string, unknown>)?.[key];
  if (value === undefined || value === null) throw new ConfigurationError(`foreach: item ${index} has no "${key}".`, "Pass key: (item) => … to compute keys.");
  return String(value);
}
