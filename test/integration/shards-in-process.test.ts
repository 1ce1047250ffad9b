/**
 * In-process sharding: `shards: n` runs every shard in one bot. `/gateway/bot` is called once,
 * each shard IDENTIFYs with its own `[id, count]`, IDENTIFYs are paced to `max_concurrency` per
 * window (measured by the simulator), `messages$` tags each message with its shard and
 * `state$` reports every shard. Bots sharing a store that start together make one
 * `/gateway/bot` call between them (the store's lock).
 */
import { join } from "node:path";
import { firstValueFrom, take, toArray } from "rxjs";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { FileStore, LocalIdentifyThrottler } from "../../src/index.js";
import type { SimulatedPlatform } from "../../src/testing/index.js";
import { closeHarnesses, startHarness, type Harness } from "../helpers/bot-harness.js";
import { runCleanups } from "../helpers/cleanups.js";
import { guildIdForShard } from "../helpers/guild-id-for-shard.js";
import { startPlatform } from "../helpers/simulated-bot.js";
import { removeTempDirs, tempDir } from "../helpers/temp-dirs.js";

const WINDOW_MS = 200;
afterEach(async () => {
  await closeHarnesses();
  await runCleanups();
});
afterAll(removeTempDirs);

const simulator = (shards: number, maxConcurrency: number): Promise<SimulatedPlatform> =>
  startPlatform({ shards, maxConcurrency, identifyWindowMs: WINDOW_MS, heartbeatIntervalMs: 500 });

/** A throttler pacing to the simulator's window, with a margin (slots are granted before connecting). */
const throttler = (): LocalIdentifyThrottler => new LocalIdentifyThrottler({ windowMs: 2 * WINDOW_MS });

const allReady = (h: Harness, ids: number[]): Promise<unknown> =>
  Promise.all(ids.map((shard) => h.waitForState("ready", 0, (s) => s.shard === shard)));

/** The most IDENTIFYs the simulator saw inside any one window. */
function busiestWindow(times: number[]): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u - t < WINDOW_MS).length));
}

describe("shards: n in one process", () => {
  it("shards: 2 → one /gateway/bot call, IDENTIFY [0,2] and [1,2] one window apart, messages and states per shard", async () => {
    const p = await simulator(2, 1);
    const h = await startHarness({ on: p, bot: { shards: 2, identifyThrottler: throttler() } });
    await allReady(h, [0, 1]);

    const stats = p.stats();
    expect(stats.gatewayBotCalls).toBe(1);
    expect(stats.gatewayCalls).toBe(0);
    expect(stats.identifies).toBe(2);
    expect(stats.closesByCode["4008"]).toBeUndefined();
    expect(busiestWindow(stats.identifyTimes)).toBe(1);
    expect(p.sessions().map((s) => s.shard).sort((a, b) => a[0] - b[0])).toEqual([[0, 2], [1, 2]]);

    const sent = [0, 1, 0, 1].map((shard, n) => ({ shard, id: p.pushMessage("guild", { guild_id: guildIdForShard(shard, 2, n) }).d.id as string }));
    const got = await h.waitForMessages(sent.length);
    expect(got.map((m) => ({ shard: m.shard, id: m.id })).sort((a, b) => a.id.localeCompare(b.id)))
      .toEqual([...sent].sort((a, b) => a.id.localeCompare(b.id)));

    // state$ went through the handshake for each shard, and replays both shards' current state.
    for (const shard of [0, 1]) {
      const seen = h.states.filter((s) => s.shard === shard).map((s) => s.state);
      expect(seen).toEqual(expect.arrayContaining(["idle", "fetching-url", "connecting", "identifying", "ready"]));
    }
    const replayed = await firstValueFrom(h.bot.state$.pipe(take(2), toArray()));
    expect(replayed.map((s) => [s.shard, s.state]).sort()).toEqual([[0, "ready"], [1, "ready"]]);
  });

  it("shards: 4 with max_concurrency 2 → never more than two IDENTIFYs in a window", async () => {
    const p = await simulator(4, 2);
    const h = await startHarness({ on: p, bot: { shards: 4, identifyThrottler: throttler() } });
    await allReady(h, [0, 1, 2, 3]);

    const stats = p.stats();
    expect(stats.gatewayBotCalls).toBe(1);
    expect(stats.identifies).toBe(4);
    expect(stats.closesByCode["4008"]).toBeUndefined();
    expect(busiestWindow(stats.identifyTimes)).toBe(2);
    expect(p.sessions().map((s) => s.shard[0]).sort()).toEqual([0, 1, 2, 3]);
  });

  it("two bots on one store starting together → one /gateway/bot call between them", async () => {
    const p = await simulator(2, 1);
    const path = join(tempDir("qqbot-rx-shards-"), "state.json");
    // A slow answer keeps the first fetch in flight while the second bot starts.
    p.faults.slowGateway(300);
    const shared = throttler();
    const bots = await Promise.all([0, 1].map((id) =>
      startHarness({ on: p, bot: { shards: { ids: [id], count: 2 }, store: new FileStore(path), identifyThrottler: shared } })));
    await Promise.all(bots.map((h, id) => allReady(h, [id])));

    expect(p.stats().gatewayBotCalls).toBe(1);
    expect(p.stats().identifies).toBe(2);
    expect(bots.map((h) => h.bot.stats().gatewayFetches).sort()).toEqual([0, 1]);
  });
});
