import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/marbles-setup.ts"],
    // Finds redis-server for the Redis suites, or installs it (root with apt-get), or says how to.
    globalSetup: ["test/helpers/redis-global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Most suites wait on loopback sockets, child processes and timers, not the CPU: one worker
    // more than the CPUs halves the wall time on 2 cores (vitest's default is CPUs − 1).
    maxWorkers: Math.max(availableParallelism() + 1, 2),
    // The JSON report is what .ci/run reads to print its closing `N passed, N failed` line.
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
  },
});
