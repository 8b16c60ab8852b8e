import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    // The fault tests stop and start a PostgreSQL server of their own (the server binaries and
    // root, to run it as the postgres user): they belong to the PostgreSQL pass. The embedded
    // pass must run on a laptop that has no PostgreSQL at all.
    exclude: process.env.DATABASE_URL ? [] : ["tests/integration/faults.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: each integration file opens its own database; more forks only thrash.
    pool: "forks",
    maxWorkers: 2,
    // The export test measures memory that stays in use, after collecting garbage.
    execArgv: ["--expose-gc"],
  },
});
