/**
 * Where the queue lives, given as one URL: `redis://` or `rediss://` (TLS) for Redis, with an
 * optional user, password and database number, or `postgres://` / `postgresql://` for BullMQ's
 * PostgreSQL backend (optionally `?schema=name`). The URL picks the backend; the rest of the
 * queue code is the same on both.
 */
import { ConfigurationError } from "../errors.js";

/** A parsed queue URL: the BullMQ connection options of its backend. */
export type QueueConnectionOptions =
  | {
      backend: "redis";
      /** ioredis options as BullMQ takes them. */
      redis: { host: string; port: number; db: number; username?: string; password?: string; tls?: { servername: string } };
    }
  | {
      backend: "postgres";
      /**
       * node-postgres options as BullMQ's PostgreSQL backend takes them: `schema` is BullMQ's
       * namespace, `migrate` whether BullMQ creates or upgrades its tables on connecting.
       */
      postgres: { connectionString: string; migrate: boolean; schema?: string };
    };

/** A queue URL, or options already parsed by {@link parseQueueUrl}. */
export type QueueConnection = string | QueueConnectionOptions;

/**
 * Parses a queue URL into the backend and its BullMQ connection options.
 *
 * - `redis://[user[:password]@]host[:port][/db]`: port 6379 and database 0 by default; the user
 *   and password are URL-decoded (write `%40` for `@` in a password).
 * - `rediss://…`: the same over TLS (the host is the certificate's server name).
 * - `postgres://…` or `postgresql://…`: passed to node-postgres as is, except `?schema=<name>`,
 *   which names BullMQ's schema (default BullMQ's own, `bullmq`), and `?migrate=false`: by default
 *   BullMQ creates its tables on connecting (under an advisory lock, so several processes may
 *   start at once); with `false` they must exist.
 *
 * @param url - The URL, e.g. `process.env.REDIS_URL`.
 * @returns The backend and its connection options.
 * @throws {ConfigurationError} for another scheme, a missing host, a bad port or database number.
 * @example
 * ```ts
 * import { parseQueueUrl } from "langgraph-parallel/queue";
 *
 * parseQueueUrl("rediss://default:s3cr%40t@cache.example.com:6380/2");
 * // { backend: "redis", redis: { host: "cache.example.com", port: 6380, db: 2, username: "default", password: "s3cr@t", tls: { servername: "cache.example.com" } } }
 * parseQueueUrl("postgres://app@db.internal/jobs?schema=queues");
 * // { backend: "postgres", postgres: { connectionString: "postgres://app@db.internal/jobs", migrate: true, schema: "queues" } }
 * ```
 */
export function parseQueueUrl(url: string): QueueConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badUrl(url, "it is not a URL");
  }
  const scheme = parsed.protocol.replace(/:$/, "");
  if (scheme === "postgres" || scheme === "postgresql") {
    const schema = parsed.searchParams.get("schema") ?? undefined;
    const migrate = parsed.searchParams.get("migrate") !== "false";
    parsed.searchParams.delete("schema");
    parsed.searchParams.delete("migrate");
    return { backend: "postgres", postgres: { connectionString: parsed.toString(), migrate, ...(schema ? { schema } : {}) } };
  }
  if (scheme !== "redis" && scheme !== "rediss") throw badUrl(url, `the scheme "${scheme}:" is neither redis:, rediss: nor postgres:`);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!host) throw badUrl(url, "it names no host");
  const port = parsed.port ? Number(parsed.port) : 6379;
  const dbText = parsed.pathname.replace(/^\//, "");
  const db = dbText === "" ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw badUrl(url, `the database "${dbText}" is not a number ≥ 0`);
  const username = parsed.username ? decodeURIComponent(parsed.username) : undefined;
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  return {
    backend: "redis",
    redis: { host, port, db, ...(username ? { username } : {}), ...(password ? { password } : {}), ...(scheme === "rediss" ? { tls: { servername: host } } : {}) },
  };
}

/**
 * Resolves a {@link QueueConnection}: parses a URL, passes parsed options through.
 *
 * @param connection - A URL or parsed options.
 * @returns The parsed options.
 */
export function resolveConnection(connection: QueueConnection): QueueConnectionOptions {
  return typeof connection === "string" ? parseQueueUrl(connection) : connection;
}

/**
 * A URL with its password replaced by `***`, for logs and errors.
 *
 * @param url - Any queue URL.
 * @returns The URL without its secret.
 * @example
 * ```ts
 * import { redactQueueUrl } from "langgraph-parallel/queue";
 *
 * redactQueueUrl("rediss://default:s3cret@cache.example.com:6380"); // "rediss://default:***@cache.example.com:6380"
 * ```
 */
export function redactQueueUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, "$1***@");
}

function badUrl(url: string, why: string): ConfigurationError {
  return new ConfigurationError(
    `The queue URL "${redactQueueUrl(url)}" cannot be used: ${why}.`,
    "Give redis://[user:password@]host[:port][/db], rediss://… for TLS, or postgres://user@host/db for BullMQ's PostgreSQL backend (e.g. REDIS_URL=redis://127.0.0.1:6379).",
  );
}
