// `langgraph-parallel/sqlite`: one SQLite file for a run's checkpoints and store, checked for
// damage and locks. Needs the optional peers `better-sqlite3` and
// `@langchain/langgraph-checkpoint-sqlite`.
export { DEFAULT_DATABASE_FILE, DEFAULT_DATA_DIR, createSqlitePersistence } from "./persistence/sqlite-persistence.js";
export type { SqlitePersistence, SqlitePersistenceOptions } from "./persistence/sqlite-persistence.js";
export { DEFAULT_BUSY_TIMEOUT_MS, DEFAULT_QUICK_CHECK_MAX_BYTES, applySqlitePragmas, isVirtualSqlitePath, openSqliteDatabase } from "./persistence/open-sqlite-database.js";
export type { SqliteOpenOptions } from "./persistence/open-sqlite-database.js";
export { DatabaseBusyError, DatabaseDamagedError } from "./errors.js";
export { GuardedSqliteSaver } from "./persistence/guarded-sqlite-saver.js";
export { SqliteStore } from "./persistence/sqlite-store.js";
export type { SearchItem, SqliteStoreOptions } from "./persistence/sqlite-store.js";
