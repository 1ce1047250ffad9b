/**
 * The atomic "set if absent" behind exactly-once claims, in every store: one winner among
 * concurrent callers (in-process, across FileStore instances on one file, across Redis
 * connections), TTL honoured, emulation for stores without it, per-instance fallback during an
 * outage, and claims that deliver (at-least-once) when the store fails outright.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createCounters } from "../../src/stats.js";
import { FileStore } from "../../src/store/file-store.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import { RedisStore } from "../../src/store/redis-store.js";
import { ResilientStore } from "../../src/store/resilient-store.js";
import { setIfAbsent, type Store } from "../../src/store/store.js";
import { createEventClaims, eventKey, webhookClaimKey } from "../../src/webhook/claim.js";
import { FlakyStore } from "../helpers/flaky-store.js";
import { useRedisServer } from "../helpers/redis-fixture.js";
import { recordingLogger } from "./support.js";

/** Run `n` concurrent setIfAbsent calls on one key over `stores` (round robin); count the winners. */
async function winners(stores: readonly Store[], key: string, n = 20, ttlMs?: number): Promise<number> {
  const results = await Promise.all(Array.from({ length: n }, (_, i) => setIfAbsent(stores[i % stores.length]!, key, `v${i}`, ttlMs)));
  return results.filter(Boolean).length;
}

describe("setIfAbsent", () => {
  it("MemoryStore: one winner, and the key is free again once its TTL passed", async () => {
    let now = 1_000;
    const store = new MemoryStore(() => now);
    expect(await winners([store], "k", 20, 500)).toBe(1);
    expect(await store.setIfAbsent("k", "late", 500)).toBe(false);
    now += 500;
    expect(await store.setIfAbsent("k", "again", 500)).toBe(true);
    expect(await store.get("k")).toBe("again");
  });

  it("FileStore: one winner across two instances on the same file, TTL honoured", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qqbot-rx-claim-"));
    try {
      let now = 5_000;
      const a = new FileStore(join(dir, "state.json"), { now: () => now, lockRetryMs: 2 });
      const b = new FileStore(join(dir, "state.json"), { now: () => now, lockRetryMs: 2 });
      expect(await winners([a, b], "event-1", 12, 1_000)).toBe(1);
      expect(await b.setIfAbsent("event-1", "x", 1_000)).toBe(false);
      now += 1_000;
      expect(await b.setIfAbsent("event-1", "x", 1_000)).toBe(true);
      expect(await a.get("event-1")).toBe("x");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("emulates it with withLock + get + set for a store that lacks it", async () => {
    const store = new FlakyStore();
    expect("setIfAbsent" in store).toBe(false);
    expect(await winners([store], "k", 10)).toBe(1);
    expect(await store.get("k")).toBe("v0");
  });

  it("ResilientStore: uses the real store, falls back to per-instance memory (warned once, counted) while it is down", async () => {
    const inner = new FlakyStore();
    const counters = createCounters();
    const logger = recordingLogger();
    const store = new ResilientStore(inner, { counters, logger, retryIntervalMs: 0 });
    expect(await store.setIfAbsent("a", "1", 60_000)).toBe(true);
    expect(await inner.get("a")).toBe("1");
    inner.down = true;
    expect(await store.setIfAbsent("a", "2", 60_000)).toBe(false); // mirrored in memory
    expect(await store.setIfAbsent("b", "1", 60_000)).toBe(true);
    expect(await store.setIfAbsent("b", "2", 60_000)).toBe(false);
    expect(counters.snapshot().storeErrors).toBe(3);
    expect(logger.lines.filter((l) => l.includes("set-if-absent is per-instance"))).toHaveLength(1);
    inner.down = false;
    expect(await store.setIfAbsent("c", "1", 60_000)).toBe(true);
    expect(await inner.get("c")).toBe("1");
  });
});

describe("setIfAbsent on Redis", () => {
  const redis = useRedisServer();

  it("has one winner across three connections and sets the TTL with PX", async () => {
    const stores = [0, 1, 2].map(() => new RedisStore({ redis: redis.url, keyPrefix: "claim-test:" }));
    try {
      expect(await winners(stores, "evt", 30, 60_000)).toBe(1);
      const ttl = await redis.raw.pttl("claim-test:evt");
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(await stores[0]!.setIfAbsent("forever", "v")).toBe(true);
      expect(await redis.raw.pttl("claim-test:forever")).toBe(-1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});

describe("event claims", () => {
  it("claims under the app's namespace, once per key", async () => {
    const store = new MemoryStore();
    const claims = createEventClaims({ store, appId: "app1", ttlMs: 60_000, instanceId: "node-a" });
    expect(await claims.claim("C2C_MESSAGE_CREATE:1")).toBe(true);
    expect(await claims.claim("C2C_MESSAGE_CREATE:1")).toBe(false);
    expect(await store.get(webhookClaimKey("app1", "C2C_MESSAGE_CREATE:1"))).toBe("node-a");
    expect(webhookClaimKey("app1", "x")).toBe("qqbot-rx:app1:webhook-event:x");
  });

  it("delivers (returns true), counts (storeErrors, unclaimedDeliveries) and warns when the store fails outright", async () => {
    const inner = new FlakyStore();
    inner.down = true;
    const counters = createCounters();
    const logger = recordingLogger();
    const claims = createEventClaims({ store: inner, appId: "app1", ttlMs: 1000, counters, logger });
    expect(await claims.claim("E")).toBe(true);
    expect(counters.snapshot().storeErrors).toBe(1);
    expect(counters.snapshot().unclaimedDeliveries).toBe(1);
    expect(logger.lines.some((l) => l.startsWith("warn") && l.includes("at-least-once"))).toBe(true);
  });

  it("keys an event by envelope id, else by type + data id, else not at all", () => {
    expect(eventKey({ op: 0, id: "GROUP_AT_MESSAGE_CREATE:abc", t: "GROUP_AT_MESSAGE_CREATE", d: { id: "m1" } })).toBe("GROUP_AT_MESSAGE_CREATE:abc");
    expect(eventKey({ op: 0, t: "C2C_MESSAGE_CREATE", d: { id: "m1" } })).toBe("C2C_MESSAGE_CREATE:m1");
    expect(eventKey({ op: 0, t: "FRIEND_ADD", d: { openid: "u" } })).toBeUndefined();
  });
});
