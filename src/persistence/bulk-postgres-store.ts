/**
 * LangGraph's `PostgresStore`, with bulk writes. `PostgresStore.batch` runs each operation as its
 * own autocommitted statement, so the 256 memo writes of one map batch cost 256 round trips and
 * 256 commits (a durable 100,000-item map spent 129 s on them). Here every run of consecutive
 * plain writes in a batch (puts without TTL or index, and deletes) is one transaction of at most
 * two statements over `unnest` arrays; everything else goes to `PostgresStore` unchanged. Same
 * table, same rows, same results.
 */
import type { Operation, OperationResults, PutOperation } from "@langchain/langgraph-checkpoint";
import { PostgresStore } from "@langchain/langgraph-checkpoint-postgres/store";
import pg from "pg";

/**
 * A `PostgresStore` whose plain writes travel in bulk. `createPostgresPersistence` returns one.
 *
 * @example
 * ```ts
 * import { BulkPostgresStore } from "langgraph-parallel/postgres";
 *
 * const store = new BulkPostgresStore(process.env.DATABASE_URL!);
 * await store.setup();
 * await store.batch([{ namespace: ["memo"], key: "a", value: { v: 1 } }, { namespace: ["memo"], key: "b", value: { v: 2 } }]); // one INSERT
 * await store.stop();
 * ```
 */
export class BulkPostgresStore extends PostgresStore {
  private readonly writer: pg.Pool;

  /**
   * @param url - A `postgres://` connection string.
   * @param schema - The schema of the store's tables. Default `"public"`.
   */
  constructor(
    url: string,
    private readonly schema = "public",
  ) {
    super({ connectionOptions: url, schema });
    this.writer = new pg.Pool({ connectionString: url, max: 2 });
  }

  /**
   * Runs the operations in order, with each run of plain writes as one transaction.
   *
   * @param operations - Gets, puts (value `null` deletes), searches, namespace listings.
   * @returns One result per operation (`null` for writes), as `PostgresStore.batch`.
   */
  override async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const results: unknown[] = [];
    for (let i = 0; i < operations.length; ) {
      let j = i;
      const plain = isPlainWrite(operations[i]);
      while (j < operations.length && isPlainWrite(operations[j]) === plain) j++;
      const run = operations.slice(i, j);
      if (plain) {
        await this.write(run as PutOperation[]);
        results.push(...run.map(() => null));
      } else {
        results.push(...((await super.batch(run)) as unknown[]));
      }
      i = j;
    }
    return results as OperationResults<Op>;
  }

  /**
   * Deletes every item directly in `namespace` in one statement (the memo cleanup uses it).
   *
   * @param namespace - The namespace.
   * @returns How many items were deleted.
   */
  async deleteNamespace(namespace: string[]): Promise<number> {
    const result = await this.writer.query(`DELETE FROM "${this.schema}".store WHERE namespace_path = $1`, [namespace.join(":")]);
    return result.rowCount ?? 0;
  }

  /** Closes both connection pools. */
  override async stop(): Promise<void> {
    await super.stop();
    await this.writer.end();
  }

  private async write(puts: PutOperation[]): Promise<void> {
    // The last write of a key wins, as when they run one after another.
    const last = new Map<string, PutOperation>();
    for (const put of puts) last.set(`${put.namespace.join(":")}\0${put.key}`, put);
    const upserts = [...last.values()].filter((put) => put.value !== null);
    const deletes = [...last.values()].filter((put) => put.value === null);
    const client = await this.writer.connect();
    try {
      await client.query("BEGIN");
      if (upserts.length > 0) {
        await client.query(
          `INSERT INTO "${this.schema}".store (namespace_path, key, value, expires_at)
           SELECT ns, k, v::jsonb, NULL FROM unnest($1::text[], $2::text[], $3::text[]) AS t(ns, k, v)
           ON CONFLICT (namespace_path, key) DO UPDATE SET value = EXCLUDED.value, expires_at = NULL, updated_at = CURRENT_TIMESTAMP`,
          [upserts.map((p) => p.namespace.join(":")), upserts.map((p) => p.key), upserts.map((p) => JSON.stringify(p.value))],
        );
      }
      if (deletes.length > 0) {
        await client.query(
          `DELETE FROM "${this.schema}".store s USING unnest($1::text[], $2::text[]) AS t(ns, k) WHERE s.namespace_path = t.ns AND s.key = t.k`,
          [deletes.map((p) => p.namespace.join(":")), deletes.map((p) => p.key)],
        );
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

// A put the bulk path can take: no TTL, no vector index, a namespace PostgresStore accepts
// (anything else goes to PostgresStore, which validates and writes it its own way).
function isPlainWrite(op: Operation | undefined): boolean {
  if (!op || !("value" in op) || !("key" in op)) return false;
  const put = op as PutOperation;
  if ((op as { options?: { ttl?: number } }).options?.ttl !== undefined || (put.index !== undefined && put.index !== false)) return false;
  return put.namespace.length > 0 && put.namespace.every((label) => typeof label === "string" && label.length > 0 && !label.includes(".")) && put.namespace[0] !== "langgraph";
}
