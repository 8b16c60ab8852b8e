import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
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
