import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/tmpRoot.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // vitest's default (one fewer than the cores) runs a 2-core machine's files one at a time,
    // while many tests wait on worker threads and child processes: two files at once there
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // test files share their worker's module graph instead of importing src/ afresh each
    // (the "import" time of vitest's Duration line); tests keep no state in modules between files
    isolate: false,
  },
});
