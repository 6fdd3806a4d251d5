import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": import.meta.dirname,
      // Tests run server code outside React's server conditions, where the marker would throw.
      "server-only": `${import.meta.dirname}/node_modules/server-only/empty.js`,
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    setupFiles: ["./test/setup-database.ts"],
    pool: "forks",
    // Every test file has a database of its own (test/setup-database.ts), so files run side by
    // side safely; vitest's default on 2 cores is one worker (cores − 1), which left the CPU idle
    // while a file waited on PostgreSQL or a timer.
    maxWorkers: 2,
    testTimeout: 60_000,
    // Expected warnings (injected 429s, timeouts) would bury the report; errors still show.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "error" },
    hookTimeout: 60_000,
    server: { deps: { inline: ["next-auth"] } },
  },
});
