/**
 * Where the test `redis-server` binary is, decided once per run by the vitest globalSetup
 * (test/helpers/redis-global-setup.ts) and handed to the workers with `provide`/`inject`:
 * the binary found on `PATH` or in the usual directories, or the Debian package installed
 * when the run is root with `apt-get`, or one line saying the command to run.
 *
 * `QQBOT_RX_REDIS_SERVER=/path/to/redis-server` names the binary to use instead (no search,
 * no install); a path that is not an executable gives the one-line failure.
 *
 * @example
 * ```ts
 * const found = findRedisServer(process.env); // "/usr/bin/redis-server" or undefined
 * ```
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/** What the globalSetup provides: the binary's path, or the one line the Redis suites fail with. */
export type RedisBinary = { path: string } | { error: string };

declare module "vitest" {
  interface ProvidedContext {
    redisServer: RedisBinary;
  }
}

/** The environment variable naming the binary to use (also how to test the "not found" path). */
export const REDIS_SERVER_ENV = "QQBOT_RX_REDIS_SERVER";

/** Searched after `PATH` (a `PATH` without the sbin directories is common under sudo and in CI). */
const USUAL_DIRS = ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/opt/homebrew/bin"];

/** The one line for a machine where it cannot be installed by the tests. */
export const INSTALL_LINE =
  'redis-server not found: run "sudo apt-get install -y redis-server" (Debian/Ubuntu) or "brew install redis" (macOS), then run the tests again';

/** `path` is a regular file this process may execute. */
function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` in `PATH`, then in the usual directories. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? "").split(delimiter).filter(Boolean), ...USUAL_DIRS];
  return dirs.map((dir) => join(dir, name)).find(isExecutable);
}

/** The `redis-server` to use: the one named by {@link REDIS_SERVER_ENV}, else the first found. */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = env[REDIS_SERVER_ENV];
  if (named) return isExecutable(named) ? named : undefined;
  return findExecutable("redis-server", env);
}

/** Run `apt-get` quietly; the last line it wrote to stderr when it fails. */
function aptGet(args: string[]): string | undefined {
  const run = spawnSync("apt-get", args, {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    encoding: "utf8",
  });
  if (run.status === 0) return undefined;
  const last = (run.stderr ?? "").trim().split("\n").at(-1);
  return last || (run.error ? String(run.error) : `exit code ${run.status}`);
}

/**
 * Find `redis-server`, installing the Debian package first when it is missing and this
 * process is root with `apt-get`. `progress` gets one line before the install (it takes a while).
 */
export function provideRedisServer(progress: (line: string) => void, env: NodeJS.ProcessEnv = process.env): RedisBinary {
  const found = findRedisServer(env);
  if (found) return { path: found };
  const named = env[REDIS_SERVER_ENV];
  if (named) return { error: `redis-server not found: ${REDIS_SERVER_ENV}=${named} is not an executable file` };
  const root = process.getuid?.() === 0;
  if (!root || !findExecutable("apt-get", env)) return { error: INSTALL_LINE };
  progress("redis-server not found: installing the Debian package (apt-get update && apt-get install -y redis-server) for the Redis tests…");
  // An update that fails (offline mirror) may still leave lists the install can use.
  const updateFailed = aptGet(["update", "-qq"]);
  const failed = aptGet(["install", "-y", "-qq", "--no-install-recommends", "redis-server"]) ?? updateFailed;
  const installed = findRedisServer(env);
  if (installed) {
    progress(`installed ${installed}`);
    return { path: installed };
  }
  return {
    error: `redis-server not found, and "apt-get install -y redis-server" did not provide it (${failed ?? "no redis-server on PATH afterwards"}): install it yourself and run the tests again`,
  };
}
