/**
 * vitest globalSetup: once per run, before any worker starts, make sure the Redis suites have
 * a `redis-server` to start (see {@link provideRedisServer}: found, or installed when root with
 * `apt-get`). When there is none, the Redis suites fail with one line saying what to run:
 * a failure, never a skip (with `CI=true` or without).
 */
import type { TestProject } from "vitest/node";
import { provideRedisServer } from "./redis-binary.js";

export default function setup(project: TestProject): void {
  const say = (line: string): void => void process.stderr.write(`[qqbot-rx tests] ${line}\n`);
  const binary = provideRedisServer(say);
  if ("error" in binary) say(`${binary.error} (the Redis suites will fail)`);
  project.provide("redisServer", binary);
}
