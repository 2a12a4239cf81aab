/**
 * BullMQ's classes bound to one backend: Redis (BullMQ's default) or PostgreSQL
 * (`createPostgresBackend`, BullMQ 6). The executor and the worker open their `Queue`, `Worker`
 * and `QueueEvents` through here, so nothing else knows which backend runs underneath.
 */
import { createPostgresBackend, Queue, QueueEvents, Worker, withBackend, type Processor, type QueueEventsOptions, type QueueOptions, type WorkerOptions } from "bullmq";
import type { QueueConnectionOptions } from "./queue-connection.js";

/** The three BullMQ classes the queue executor uses, on one backend and connection. */
export interface QueueBackend {
  openQueue(name: string, options?: Omit<QueueOptions, "connection">): Queue;
  openWorker(name: string, processor: Processor, options?: Omit<WorkerOptions, "connection">): Worker;
  openEvents(name: string, options?: Omit<QueueEventsOptions, "connection">): QueueEvents;
}

/**
 * Binds BullMQ's classes to a parsed connection.
 *
 * @param connection - From {@link parseQueueUrl}.
 * @returns Openers for queues, workers and queue events.
 */
export function queueBackend(connection: QueueConnectionOptions): QueueBackend {
  if (connection.backend === "postgres") {
    // The PostgreSQL classes take the same options with a node-postgres connection; BullMQ's
    // generic types differ per backend, the objects do not.
    const pg = withBackend(createPostgresBackend);
    const opts = { connection: connection.postgres };
    return {
      openQueue: (name, options) => new pg.Queue(name, { ...options, ...opts }) as unknown as Queue,
      openWorker: (name, processor, options) => new pg.Worker(name, processor as never, { ...options, ...opts }) as unknown as Worker,
      openEvents: (name, options) => new pg.QueueEvents(name, { ...options, ...opts }) as unknown as QueueEvents,
    };
  }
  // BullMQ's own connections (it sets `maxRetriesPerRequest: null` where it blocks); commands
  // queue while Redis is away and ioredis reconnects, so a restarted Redis is picked up again.
  const redis = { ...connection.redis };
  return {
    openQueue: (name, options) => new Queue(name, { ...options, connection: redis }),
    openWorker: (name, processor, options) => new Worker(name, processor, { ...options, connection: redis }),
    openEvents: (name, options) => new QueueEvents(name, { ...options, connection: redis }),
  };
}
