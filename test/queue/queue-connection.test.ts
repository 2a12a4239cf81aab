import { describe, expect, it } from "vitest";
import { ConfigurationError, UsageError } from "../../src/errors.js";
import { jobIdOf, queueNameOf } from "../../src/queue/job-protocol.js";
import { parseWorkerArgs } from "../../src/queue/worker-cli.js";
import { parseQueueUrl, redactQueueUrl } from "../../src/queue.js";

describe("parseQueueUrl", () => {
  it.each([
    ["redis://127.0.0.1", { backend: "redis", redis: { host: "127.0.0.1", port: 6379, db: 0 } }],
    ["redis://cache:6380/3", { backend: "redis", redis: { host: "cache", port: 6380, db: 3 } }],
    ["redis://:s3cret@cache", { backend: "redis", redis: { host: "cache", port: 6379, db: 0, password: "s3cret" } }],
    ["redis://app:p%40ss%3Aw0rd@cache:7000/1", { backend: "redis", redis: { host: "cache", port: 7000, db: 1, username: "app", password: "p@ss:w0rd" } }],
    ["rediss://default:tok@cache.example.com:6380", { backend: "redis", redis: { host: "cache.example.com", port: 6380, db: 0, username: "default", password: "tok", tls: { servername: "cache.example.com" } } }],
    ["redis://[::1]:6379", { backend: "redis", redis: { host: "::1", port: 6379, db: 0 } }],
    ["postgres://app:pw@db:5432/jobs", { backend: "postgres", postgres: { connectionString: "postgres://app:pw@db:5432/jobs", migrate: true } }],
    ["postgresql://db/jobs?schema=queues&sslmode=require", { backend: "postgres", postgres: { connectionString: "postgresql://db/jobs?sslmode=require", migrate: true, schema: "queues" } }],
    ["postgres://db/jobs?migrate=false", { backend: "postgres", postgres: { connectionString: "postgres://db/jobs", migrate: false } }],
  ])("%s", (url, expected) => {
    expect(parseQueueUrl(url)).toEqual(expected);
  });

  it.each([
    ["not a url", "it is not a URL"],
    ["http://cache:6379", 'the scheme "http:" is neither redis:, rediss: nor postgres:'],
    ["redis://cache/x", 'the database "x" is not a number ≥ 0'],
    ["redis://:hunter2@cache/x", 'the database "x" is not a number ≥ 0'],
  ])("refuses %s with a ConfigurationError that hides the password", (url, why) => {
    const error = (() => {
      try {
        parseQueueUrl(url);
      } catch (e) {
        return e;
      }
    })() as ConfigurationError;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain(why);
    expect(error.message).not.toContain("hunter2");
  });

  it("redacts passwords", () => {
    expect(redactQueueUrl("rediss://default:s3cret@cache:6380/0")).toBe("rediss://default:***@cache:6380/0");
    expect(redactQueueUrl("redis://:s3cret@cache")).toBe("redis://:***@cache");
    expect(redactQueueUrl("redis://cache:6379")).toBe("redis://cache:6379");
  });
});

describe("job ids and queue names", () => {
  it("derives one id per thread, namespace, step and item key, without ':'", () => {
    const a = jobIdOf("thread-1\0map:abc", "map", "0:xyz");
    expect(a).toMatch(/^i[A-Za-z0-9_-]{31}$/);
    expect(jobIdOf("thread-1\0map:abc", "map", "0:xyz")).toBe(a);
    expect(new Set([a, jobIdOf("thread-2\0map:abc", "map", "0:xyz"), jobIdOf("thread-1\0map:abd", "map", "0:xyz"), jobIdOf("thread-1\0map:abc", "map", "1:xyz")]).size).toBe(4);
  });

  it("names a queue per worker and refuses names that cannot be one", () => {
    expect(queueNameOf("summarise")).toBe("lgp-summarise");
    expect(queueNameOf("summarise", "test")).toBe("test-summarise");
    expect(() => queueNameOf("a:b")).toThrow('The queue worker name "a:b" is not usable.');
  });
});

describe("worker command line", () => {
  it("reads the flags, with the connection from QUEUE_URL then REDIS_URL", () => {
    expect(parseWorkerArgs(["--module", "w.ts", "--concurrency", "4", "--id", "a"], { REDIS_URL: "redis://r", QUEUE_URL: "redis://q" })).toEqual({ module: "w.ts", connection: "redis://q", concurrency: 4, id: "a" });
    expect(parseWorkerArgs(["--module", "w.ts", "--lock-duration", "1000", "--stalled-interval", "500", "--max-stalled", "0"], { REDIS_URL: "redis://r" })).toEqual({
      module: "w.ts",
      connection: "redis://r",
      concurrency: 1,
      lockDurationMs: 1000,
      stalledIntervalMs: 500,
      maxStalledCount: 0,
    });
  });

  it.each([
    [["--module", "w.ts"], {}, "No queue to connect to: give --connection, or set QUEUE_URL or REDIS_URL."],
    [["--connection", "redis://r"], {}, "No worker module given."],
    [["--module", "w.ts", "--concurrency", "0"], { REDIS_URL: "redis://r" }, "--concurrency must be a whole number ≥ 1, not 0."],
    [["--module", "w.ts", "--threads", "2"], { REDIS_URL: "redis://r" }, "Unknown option --threads."],
    [["--module"], { REDIS_URL: "redis://r" }, "--module needs a value."],
  ])("refuses %j", (argv, env, message) => {
    expect(() => parseWorkerArgs(argv, env)).toThrow(UsageError);
    expect(() => parseWorkerArgs(argv, env)).toThrow(message);
  });
});
