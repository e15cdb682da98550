import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests build real indexes on disk; two cores, so keep files from fighting.
    fileParallelism: false,
  },
});
