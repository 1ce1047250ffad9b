/**
 * One test Redis for the enclosing suite: started in `beforeAll`, stopped in `afterAll`
 * (see {@link startRedisServer}). Call it at the top of a test file or inside a `describe`.
 *
 * @example
 * ```ts
 * const redis = useRedisServer();
 * it("stores", async () => {
 *   const store = new RedisStore({ redis: redis.url });
 *   await store.set("k", "v");
 *   expect(await redis.raw.get("k")).toBe("v");
 * });
 * ```
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { redisBinary, startRedisServer, type RedisServer } from "./redis-server.js";

/** The suite's Redis (usable once `beforeAll` ran, i.e. inside hooks and tests). */
export interface TestRedis extends RedisServer {
  /** A plain ioredis connection to it, opened on first use and quit before the server stops. */
  readonly raw: Redis;
}

/** Start a test Redis for the enclosing suite and stop it after the suite. */
export function useRedisServer(): TestRedis {
  // No redis-server: fail the suite now, with the one line saying what to run (not a skip).
  redisBinary();
  let server: RedisServer | undefined;
  let raw: Redis | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await raw?.quit();
    raw = undefined;
    await server?.stop();
  });
  const current = (): RedisServer => {
    if (!server) throw new Error("the test Redis is not running: use it inside hooks and tests of the suite that called useRedisServer()");
    return server;
  };
  return {
    get port() {
      return current().port;
    },
    get url() {
      return current().url;
    },
    get raw() {
      raw ??= new Redis(current().url);
      return raw;
    },
    start: () => current().start(),
    stop: () => current().stop(),
    pause: () => current().pause(),
    resume: () => current().resume(),
  };
}
