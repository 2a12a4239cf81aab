/**
 * Reads which items a SQLite file's map memo holds, straight from `store_items` (as a person
 * would with the `sqlite3` shell): each memo row holds the results of one write batch, as
 * `{ keys, values }`; an item key starts with the item's index (`"12:3f2a…"`).
 */
import type { BaseStore } from "@langchain/langgraph";
import Database from "better-sqlite3";

/**
 * Indexes of the items memoised in a SQLite store file, one per saved result.
 *
 * @param file - The SQLite file of `createSqlitePersistence`.
 * @returns The indexes, or `[]` while the file or its tables do not exist yet.
 */
export function memoisedIndexes(file: string): number[] {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: true });
  } catch {
    return []; // not created yet
  }
  try {
    const rows = sqlite.prepare("SELECT value FROM store_items WHERE namespace LIKE 'langgraph-parallel.map-memo.%'").all() as { value: string }[];
    return rows.flatMap((row) => (JSON.parse(row.value) as { keys?: string[] }).keys ?? []).map((key) => Number(key.split(":")[0]));
  } catch {
    return []; // the store's tables are not there yet
  } finally {
    sqlite.close();
  }
}

/**
 * The item keys memoised under a namespace prefix of a store (e.g. a thread's
 * `["langgraph-parallel", "map-memo", thread]`), one per saved result, in the order saved.
 *
 * @param store - Any LangGraph store.
 * @param prefix - Namespace prefix.
 * @returns Each memo entry as `[step name, item key]`.
 */
export async function memoisedKeys(store: BaseStore, prefix: string[]): Promise<[string, string][]> {
  const items = await store.search(prefix, { limit: 10_000 });
  return items.flatMap((item) => ((item.value as { keys?: string[] }).keys ?? []).map((key): [string, string] => [item.namespace[3] ?? "", key]));
}
