// `langgraph-parallel/queue`: map steps on a BullMQ job queue (Redis, or BullMQ's PostgreSQL
// backend), run by worker processes on any number of machines. Needs the optional peer `bullmq`
// (and `pg` for a postgres:// queue).
export { queueExecutor } from "./queue/queue-executor.js";
export type { QueueExecutorOptions, QueueItemEvent } from "./queue/queue-executor.js";
export { startMapWorker } from "./queue/map-worker.js";
export type { MapWorker, MapWorkerDefinition, MapWorkerEntry, MapWorkerOptions } from "./queue/map-worker.js";
export { parseQueueUrl, redactQueueUrl } from "./queue/queue-connection.js";
export type { QueueConnection, QueueConnectionOptions } from "./queue/queue-connection.js";
export { QueueBoundaryError, QueueUnavailableError, QueueWorkerVersionError } from "./queue/queue-errors.js";
export type { BoundaryKind } from "./queue/queue-errors.js";
