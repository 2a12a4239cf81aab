import { defineConfig } from "vitest/config";

// Offline unit tests only; *.int.test.ts need a server or key and run on demand.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/**/*.int.test.ts", "node_modules/**"],
    testTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
