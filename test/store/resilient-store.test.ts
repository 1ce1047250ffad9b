import { once } from "node:events";
import { Redis } from "ioredis";
import { describe, expect, it, vi } from "vitest";
import type { Logger } from "../../src/logger.js";
import { createCounters } from "../../src/stats.js";
import { StoreLockTimeoutError } from "../../src/store/lock-wait.js";
import { REDIS_CLIENT_DEFAULTS } from "../../src/store/redis-client.js";
import { RedisStore } from "../../src/store/redis-store.js";
import { ResilientStore } from "../../src/store/resilient-store.js";
import { FlakyStore } from "../helpers/flaky-store.js";
import { useRedisServer } from "../helpers/redis-fixture.js";

function spyLogger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies Logger;
}

describe("ResilientStore with a failing store", () => {
  it("serves from memory during an outage, warns once, counts every failure and uses the store again when back", async () => {
    const inner = new FlakyStore();
    const logger = spyLogger();
    const counters = createCounters();
    const store = new ResilientStore(inner, { logger, counters, retryIntervalMs: 0 });

    await store.set("a", "1");
    expect(await inner.data.get("a")).toBe("1");

    inner.down = true;
    await expect(store.set("b", "2")).resolves.toBeUndefined();
    await expect(store.get("b")).resolves.toBe("2");
    await expect(store.get("a")).resolves.toBe("1");
    await expect(store.delete("a")).resolves.toBeUndefined();
    await expect(store.get("a")).resolves.toBeUndefined();
    expect(store.degraded).toBe(true);
    expect(counters.snapshot().storeErrors).toBe(5);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(logger.warn.mock.calls[0])).toMatch(/connection refused/);

    inner.down = false;
    await store.set("c", "3");
    expect(await inner.data.get("c")).toBe("3");
    expect(store.degraded).toBe(false);
    expect(logger.info).toHaveBeenCalledTimes(1);

    inner.down = true;
    await store.get("c");
    expect(logger.warn).toHaveBeenCalledTimes(2); // a new outage warns again
  });

  it("during an outage tries the store again only every retryIntervalMs", async () => {
    const inner = new FlakyStore();
    let now = 0;
    const store = new ResilientStore(inner, { scheduler: { now: () => now } as never, retryIntervalMs: 1_000 });
    inner.down = true;
    await store.set("k", "v");
    const callsAfterFailure = inner.calls;
    await store.get("k");
    await store.set("k", "w");
    expect(inner.calls).toBe(callsAfterFailure);
    now = 1_000;
    inner.down = false;
    await store.set("k", "x");
    expect(inner.calls).toBe(callsAfterFailure + 1);
    expect(await inner.data.get("k")).toBe("x");
  });

  it("withLock falls back to an in-process lock, passes fn's errors through, and never runs fn twice", async () => {
    const inner = new FlakyStore();
    const counters = createCounters();
    const store = new ResilientStore(inner, { counters, retryIntervalMs: 0 });

    inner.down = true;
    await expect(store.withLock("l", 1_000, async () => "memory lock")).resolves.toBe("memory lock");

    inner.down = false;
    const boom = new Error("fn failed");
    await expect(store.withLock("l", 1_000, () => Promise.reject(boom))).rejects.toBe(boom);

    inner.failRelease = true;
    const fn = vi.fn(async () => "ran once");
    await expect(store.withLock("l", 1_000, fn)).resolves.toBe("ran once");
    expect(fn).toHaveBeenCalledTimes(1);
    expect(counters.snapshot().storeErrors).toBe(2);
  });

  it("lock contention (StoreLockTimeoutError) is not an outage and is passed through", async () => {
    const inner = new FlakyStore();
    inner.withLock = async () => Promise.reject(new StoreLockTimeoutError("l", 100));
    const store = new ResilientStore(inner);
    await expect(store.withLock("l", 1_000, async () => "x")).rejects.toBeInstanceOf(StoreLockTimeoutError);
    expect(store.degraded).toBe(false);
  });
});

describe("ResilientStore over RedisStore across a Redis restart", () => {
  const server = useRedisServer();

  it("keeps working from memory while Redis is down and writes to Redis again once it is back", async () => {
    // Reconnect attempts every 10 ms keep the outage short in this test.
    const client = new Redis(server.url, { ...REDIS_CLIENT_DEFAULTS, retryStrategy: () => 10 });
    client.on("error", () => undefined);
    const logger = spyLogger();
    const counters = createCounters();
    const store = new ResilientStore(new RedisStore({ redis: client }), { logger, counters, retryIntervalMs: 0 });
    const check = new Redis(server.url);
    try {
      await store.set("before", "in redis");
      expect(await check.get("before")).toBe("in redis");
      await check.quit();

      await server.stop();
      await store.set("during", "in memory");
      expect(await store.get("during")).toBe("in memory");
      expect(await store.get("before")).toBe("in redis"); // mirrored when written
      await expect(store.withLock("l", 1_000, async () => "locked in memory")).resolves.toBe("locked in memory");
      expect(counters.snapshot().storeErrors).toBeGreaterThanOrEqual(4);
      expect(logger.warn).toHaveBeenCalledTimes(1);

      await server.start();
      if (client.status !== "ready") await once(client, "ready");
      await store.set("after", "in redis again");
      const fresh = new Redis(server.url);
      expect(await fresh.get("after")).toBe("in redis again");
      await fresh.quit();
      expect(store.degraded).toBe(false);
    } finally {
      client.disconnect();
      if (check.status !== "end") check.disconnect();
    }
  });
});
