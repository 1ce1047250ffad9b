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
    // The JSON report is what .ci/run reads to print its closing `N passed, N failed` line.
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
  },
});
