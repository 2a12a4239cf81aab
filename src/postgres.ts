// `langgraph-parallel/postgres`: LangGraph's PostgreSQL checkpointer and store on one connection
// string. Needs the optional peers `@langchain/langgraph-checkpoint-postgres` (and its `pg`).
export { createPostgresPersistence } from "./persistence/postgres-persistence.js";
export type { PostgresPersistence } from "./persistence/postgres-persistence.js";
export { BulkPostgresStore } from "./persistence/bulk-postgres-store.js";
