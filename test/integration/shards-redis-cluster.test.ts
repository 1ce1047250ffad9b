/**
 * One bot, three processes, four shards, one Redis: ids [0,1], [2] and [3] of 4, each process
 * with a RedisStore and a RedisIdentifyThrottler, against a simulator that allows one IDENTIFY
 * per 200 ms. The cluster calls `/gateway/bot` once at startup (the answer is shared through
 * the store, fetched under the store's lock), never has two IDENTIFYs inside one window, a
 * reconnect storm costs no further discovery call, and every message is delivered exactly
 * once, by the process that owns its shard.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { SimulatedPlatform } from "../../src/testing/index.js";
import { runCleanups } from "../helpers/cleanups.js";
import { guildIdForShard } from "../helpers/guild-id-for-shard.js";
import { useRedisServer } from "../helpers/redis-fixture.js";
import { startPlatform } from "../helpers/simulated-bot.js";
import type { ChildConfig } from "./fixtures/bot-child.js";
import { killChildren, platformConfig, spawnBot, type ChildBot } from "./fixtures/spawn-bot.js";

const WINDOW_MS = 200;
const COUNT = 4;
const OWNERS = [[0, 1], [2], [3]] as const;

const redis = useRedisServer();
afterEach(async () => {
  await killChildren();
  await runCleanups();
});

/** Push `perShard` guild messages routed to each shard; returns the ids by shard. */
function pushToEveryShard(p: SimulatedPlatform, perShard: number, round: number): Map<number, string[]> {
  const byShard = new Map<number, string[]>();
  for (let shard = 0; shard < COUNT; shard++) {
    byShard.set(shard, Array.from({ length: perShard }, (_, i) =>
      p.pushMessage("guild", { guild_id: guildIdForShard(shard, COUNT, round * 10 + i) }).d.id as string));
  }
  return byShard;
}

/** Every id delivered by exactly one process: the one owning its shard, tagged with that shard. */
async function expectDeliveredOnce(children: ChildBot[], byShard: Map<number, string[]>): Promise<void> {
  await Promise.all(children.map((c, i) => c.waitForMessages(OWNERS[i]!.flatMap((s) => byShard.get(s) ?? []))));
  const all = [...byShard.values()].flat();
  for (const id of all) {
    const holders = children.filter((c) => c.messageIds().includes(id));
    expect(holders, `message ${id}`).toHaveLength(1);
    expect(holders[0]!.messageIds().filter((x) => x === id)).toHaveLength(1);
  }
  children.forEach((c, i) => {
    for (const line of c.lines) if (line.ev === "message") expect(OWNERS[i]).toContain(line.shard);
  });
}

/** No two IDENTIFYs closer than one window (max_concurrency 1). */
function expectPaced(identifyTimes: number[]): void {
  const sorted = [...identifyTimes].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((t, i) => t - sorted[i]!);
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(WINDOW_MS);
}

describe("three processes share four shards through Redis", () => {
  it("one /gateway/bot call, paced IDENTIFYs, each message once, storms cost no discovery", async () => {
    const p = await startPlatform({
      shards: COUNT, maxConcurrency: 1, identifyWindowMs: WINDOW_MS, heartbeatIntervalMs: 500,
    });
    const base: Omit<ChildConfig, "shards"> = {
      ...platformConfig(p),
      store: { kind: "redis", url: redis.url, keyPrefix: "cluster:" },
      // The platform's window plus a margin: the throttler grants slots before connecting and the
      // IDENTIFY leaves after HELLO; a cold process's first connect is slower (seen: 110 ms under load).
      throttler: { kind: "redis", windowMs: 2 * WINDOW_MS },
    };
    // Started together, not staggered: the first to take the store's lock fetches /gateway/bot.
    const children = OWNERS.map((ids) => spawnBot({ ...base, shards: { ids: [...ids], count: COUNT } }));
    await Promise.all(children.flatMap((c, i) => OWNERS[i]!.map((shard) => c.waitForState("ready", shard))));

    const started = p.stats();
    expect(started.gatewayBotCalls).toBe(1);
    expect(started.gatewayCalls).toBe(0);
    expect(started.identifies).toBe(COUNT);
    expect(started.closesByCode["4008"]).toBeUndefined();
    expectPaced(started.identifyTimes);
    expect(p.sessions().map((s) => s.shard).sort((a, b) => a[0] - b[0])).toEqual([[0, 4], [1, 4], [2, 4], [3, 4]]);

    await expectDeliveredOnce(children, pushToEveryShard(p, 3, 0));

    // A storm: every socket dropped twice; each shard resumes on the shared URL.
    for (let round = 1; round <= 2; round++) {
      const resumed = p.waitFor("resumed", p.stats().resumes - p.stats().resumesRejected + COUNT);
      p.faults.closeAll(4009, "storm");
      await resumed;
    }
    const afterStorm = p.stats();
    expect(afterStorm.gatewayBotCalls + afterStorm.gatewayCalls).toBeLessThanOrEqual(2);
    expect(afterStorm.identifies).toBe(COUNT);
    await expectDeliveredOnce(children, pushToEveryShard(p, 2, 1));

    const exits = children.map((c) => c.exited);
    for (const c of children) c.kill("SIGTERM");
    expect(await Promise.all(exits)).toEqual([0, 0, 0]);
  });
});
