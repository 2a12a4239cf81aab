import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BulkPostgresStore } from "../../src/persistence/bulk-postgres-store.js";

// Against a real PostgreSQL when DATABASE_URL is set (`.ci/run` starts one); skipped, and said so, otherwise.
const url = process.env.DATABASE_URL;
if (!url) console.log("bulk-postgres-store.test.ts: skipped (no DATABASE_URL)");

describe.skipIf(!url)("BulkPostgresStore (DATABASE_URL)", () => {
  let store: BulkPostgresStore;
  const ns = ["bulk-test", `run-${process.pid}`];
  beforeAll(async () => {
    store = new BulkPostgresStore(url!);
    await store.setup();
  });
  afterAll(async () => {
    await store.deleteNamespace(ns);
    await store.stop();
  });

  it("writes runs of puts in bulk with PostgresStore's results and semantics: order kept, the last write of a key wins, null deletes", async () => {
    const results = await store.batch([
      { namespace: ns, key: "a", value: { v: 1 } },
      { namespace: ns, key: "b", value: { v: 2 } },
      { namespace: ns, key: "a", value: { v: 3 } },
      { namespace: ns, key: "a" }, // a get between two runs sees the first run's writes
      { namespace: ns, key: "b", value: null },
      { namespace: ns, key: "c", value: { v: 4 } },
    ]);
    expect(results[0]).toBeNull();
    expect((results[3] as { value: unknown } | null)?.value).toEqual({ v: 3 });
    expect([results[1], results[2], results[4], results[5]]).toEqual([null, null, null, null]);
    const items = await store.search(ns, { limit: 10 });
    expect(items.map((i) => [i.key, i.value]).sort()).toEqual([
      ["a", { v: 3 }],
      ["c", { v: 4 }],
    ]);
    expect(await store.deleteNamespace(ns)).toBe(2);
    expect(await store.search(ns, { limit: 10 })).toEqual([]);
  });

  it("leaves what it cannot write in bulk to PostgresStore, which refuses a bad namespace as it always did", async () => {
    await expect(store.batch([{ namespace: ["has.period"], key: "k", value: { v: 1 } }])).rejects.toThrow();
  });
});
