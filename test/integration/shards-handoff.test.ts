/**
 * Shard handoff on Redis: two processes run shard 0 and shard 1 of 2. The owner of shard 1
 * stops (SIGTERM → `bot.close()`, which flushes the session with its latest seq); a new
 * process started with `shards: { ids: [1], count: 2 }` RESUMEs shard 1 from the stored
 * session (no IDENTIFY, no discovery call) and delivers exactly the messages pushed while the
 * shard had no owner: across the three processes every message is delivered once.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { SimulatedPlatform } from "../../src/testing/index.js";
import { runCleanups } from "../helpers/cleanups.js";
import { guildIdForShard } from "../helpers/guild-id-for-shard.js";
import { useRedisServer } from "../helpers/redis-fixture.js";
import { startPlatform } from "../helpers/simulated-bot.js";
import type { ChildConfig } from "./fixtures/bot-child.js";
import { killChildren, platformConfig, spawnBot, type ChildBot } from "./fixtures/spawn-bot.js";
import { readStoredSession } from "./fixtures/stored-session.js";

const WINDOW_MS = 200;
const redis = useRedisServer();
afterEach(async () => {
  await killChildren();
  await runCleanups();
});

let round = 0;
const push = (p: SimulatedPlatform, shard: number, n: number): string[] =>
  Array.from({ length: n }, () => p.pushMessage("guild", { guild_id: guildIdForShard(shard, 2, round++) }).d.id as string);

describe("handing shard 1 over to another process", () => {
  it("SIGTERM flushes the session; the new owner RESUMEs it and nothing is lost or doubled", async () => {
    const p = await startPlatform({ shards: 2, maxConcurrency: 1, identifyWindowMs: WINDOW_MS, heartbeatIntervalMs: 500 });
    const base: Omit<ChildConfig, "shards"> = {
      ...platformConfig(p),
      store: { kind: "redis", url: redis.url, keyPrefix: "handoff:" },
      throttler: { kind: "redis", windowMs: 2 * WINDOW_MS },
    };
    const owner = (id: number): ChildBot => spawnBot({ ...base, shards: { ids: [id], count: 2 } });
    const a = owner(0);
    const b = owner(1);
    await Promise.all([a.waitForState("ready", 0), b.waitForState("ready", 1)]);

    const first = { 0: push(p, 0, 3), 1: push(p, 1, 3) };
    await Promise.all([a.waitForMessages(first[0]), b.waitForMessages(first[1])]);

    // Shard 1's owner stops cleanly: close() writes the latest seq (not only the READY one).
    const closedB = b.waitFor((l) => l.ev === "closed", "closed");
    b.kill("SIGTERM");
    await closedB;
    expect(await b.exited).toBe(0);
    const platformSession = p.sessions().find((s) => s.shard[0] === 1);
    const stored = await readStoredSession(base.store, p.appId, 1);
    expect(stored).toEqual({ version: 1, sessionId: platformSession?.id, seq: platformSession?.seq, shardCount: 2 });

    const whileDown = { 0: push(p, 0, 2), 1: push(p, 1, 3) };
    const before = p.stats();
    const c = owner(1);
    await c.waitForMessages(whileDown[1]);
    await c.waitForState("ready", 1);
    await a.waitForMessages(whileDown[0]);

    const after = p.stats();
    expect(after.resumes - before.resumes).toBe(1);
    expect(after.resumesRejected - before.resumesRejected).toBe(0);
    expect(after.identifies - before.identifies).toBe(0);
    expect(after.gatewayBotCalls + after.gatewayCalls - before.gatewayBotCalls - before.gatewayCalls).toBe(0);
    expect(c.lines.some((l) => l.ev === "state" && l.shard === 1 && l.state === "resuming")).toBe(true);

    // The new owner delivers exactly what was pushed while shard 1 had none: the flushed seq means no replay.
    const live = { 0: push(p, 0, 1), 1: push(p, 1, 1) };
    await Promise.all([a.waitForMessages(live[0]), c.waitForMessages(live[1])]);
    expect(c.messageIds()).toEqual([...whileDown[1], ...live[1]]);
    const all = [first, whileDown, live].flatMap((r) => [...r[0], ...r[1]]);
    const delivered = [a, b, c].flatMap((x) => x.messageIds());
    expect(delivered.sort()).toEqual([...all].sort());
  });
});
