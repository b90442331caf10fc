import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    pool: "forks",
    // Vitest's default in a run is one worker fewer than the cores: one worker on this 2-core
    // machine, every file in turn. Most of the suite waits on the CLI processes it spawns, so
    // two files at once use both cores (the tests use their own temporary folders and ports).
    maxWorkers: 2,
  },
});
