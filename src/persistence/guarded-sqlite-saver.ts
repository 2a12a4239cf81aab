/**
 * LangGraph's `SqliteSaver` with failures that name the file. The checkpointer's reads and writes
 * happen inside LangGraph's loop, far from the code that opened the file; a `SqliteError` from
 * there says "database disk image is malformed" and nothing else. This subclass keeps the
 * saver's contract (same methods, same results, still a `SqliteSaver`) and only changes what it
 * throws.
 */
import type { RunnableConfig } from "@langchain/core/runnables";
import type { Checkpoint, CheckpointMetadata, CheckpointTuple } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { openSqliteDatabase } from "./open-sqlite-database.js";
import { guardSqlite, guardSqliteIterable } from "./sqlite-failure.js";

// Named through SqliteSaver: @langchain/langgraph-checkpoint is LangGraph's, not a dependency of ours.
type ListOptions = Parameters<SqliteSaver["list"]>[1];
type Writes = Parameters<SqliteSaver["putWrites"]>[1];

/**
 * A `SqliteSaver` whose SQLite failures become library errors naming the database file: damage
 * (`SQLITE_CORRUPT…`, `SQLITE_NOTADB`) a {@link DatabaseDamagedError}, after which the saver (and
 * a store on the same connection) refuses every further call without touching the file; a lock
 * held past the busy timeout a {@link DatabaseBusyError}. Each `put` is one statement and each
 * `putWrites` one transaction, so a call that fails wrote nothing. `createSqlitePersistence`
 * returns one.
 *
 * @param db - An open `better-sqlite3` connection (e.g. from `createSqlitePersistence`).
 * @param serde - The serializer, as for `SqliteSaver`. Default LangGraph's JSON+.
 * @example
 * ```ts
 * import Database from "better-sqlite3";
 * import { GuardedSqliteSaver } from "langgraph-parallel/sqlite";
 * const checkpointer = new GuardedSqliteSaver(new Database("runs.sqlite"));
 * const graph = builder.compile({ checkpointer });
 * ```
 */
export class GuardedSqliteSaver extends SqliteSaver {
  /**
   * Opens `path` with `openSqliteDatabase` (folders created, file checked, WAL and busy timeout)
   * and returns a saver on it; the caller closes `saver.db`.
   *
   * @param path - A file path or `":memory:"`.
   * @returns The saver.
   */
  static override fromConnString(path: string): GuardedSqliteSaver {
    return new GuardedSqliteSaver(openSqliteDatabase(path));
  }

  /** Creates the tables on first use; SQLite failures are mapped. */
  protected override setup(): void {
    guardSqlite(this.db, () => super.setup());
  }

  /** The checkpoint for `config` (latest of the thread without `checkpoint_id`), as `SqliteSaver.getTuple`. */
  override async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    return guardSqlite(this.db, () => super.getTuple(config));
  }

  /** The thread's checkpoints, newest first, as `SqliteSaver.list`. */
  override async *list(config: RunnableConfig, options?: ListOptions): AsyncGenerator<CheckpointTuple> {
    yield* guardSqliteIterable(this.db, super.list(config, options));
  }

  /** Saves a checkpoint (one statement), as `SqliteSaver.put`. */
  override async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata): Promise<RunnableConfig> {
    return guardSqlite(this.db, () => super.put(config, checkpoint, metadata));
  }

  /** Saves a task's pending writes (one transaction), as `SqliteSaver.putWrites`. */
  override async putWrites(config: RunnableConfig, writes: Writes, taskId: string): Promise<void> {
    return guardSqlite(this.db, () => super.putWrites(config, writes, taskId));
  }

  /** Reads the pending sends of an old (v < 4) checkpoint, as `SqliteSaver.migratePendingSends`. */
  protected override async migratePendingSends(checkpoint: Checkpoint, threadId: string, parentCheckpointId: string): Promise<void> {
    return guardSqlite(this.db, () => super.migratePendingSends(checkpoint, threadId, parentCheckpointId));
  }

  /** Deletes a thread's checkpoints and writes (one transaction), as `SqliteSaver.deleteThread`. */
  override async deleteThread(threadId: string): Promise<void> {
    return guardSqlite(this.db, () => super.deleteThread(threadId));
  }
}
