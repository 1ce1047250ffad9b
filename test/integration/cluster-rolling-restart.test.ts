/**
 * The short rolling restart (the full one is `npm run bench:cluster`, 10 × 10): 2 processes × 2
 * shards on one Redis, messages streaming to every shard, each process stopped with SIGTERM and
 * replaced in turn, then one SIGKILLed and replaced. Across the cluster: nothing lost (a message
 * the killed process had claimed but not delivered is delivered by its successor once the
 * claim's lease runs out); nothing delivered twice but what the killed process delivered and
 * had not settled yet (one store write, so at most one message per shard, almost always none);
 * every restart RESUMEs (no IDENTIFY after the first four); no two IDENTIFYs inside one identify
 * window (`max_concurrency` 1); a SIGTERM successor replays nothing (the seq was flushed), and
 * what the SIGKILL successor's RESUME replays is dropped by the shared claims (`dedupe.shared`).
 */
import { describe, expect, it } from "vitest";
import { runRollingRestart } from "../../bench/cluster/rolling-restart.js";
import { useRedisServer } from "../helpers/redis-fixture.js";

const redis = useRedisServer();

describe("rolling restart of a 2 × 2 cluster on Redis", () => {
  it("SIGTERM each process in turn, then SIGKILL one: 0 lost, none twice but an unsettled claim, RESUMEs, paced IDENTIFYs", async () => {
    const shardsPerProcess = 2;
    const sigkills = 1;
    const report = await runRollingRestart({
      redisUrl: redis.url, keyPrefix: "rolling:", processes: 2, shardsPerProcess,
      maxConcurrency: 1, identifyWindowMs: 200, identifyMarginMs: 200,
      messagesPerShardPerSecond: 10, settleMs: 1_000, sigkills, sharedDedupe: true,
      readyTimeoutMs: 20_000, drainTimeoutMs: 15_000, log: () => undefined,
    });
    const summary = JSON.stringify(report);
    expect(report.pushed, summary).toBeGreaterThan(100);
    expect(report.lost, summary).toBe(0);
    expect(report.deliveredTwice, summary).toBeLessThanOrEqual(sigkills * shardsPerProcess);
    expect(report.delivered).toBe(report.pushed);

    expect(report.restarts.map((r) => [r.slot, r.signal, r.exitCode])).toEqual([[0, "SIGTERM", 0], [1, "SIGTERM", 0], [0, "SIGKILL", null]]);
    for (const r of report.restarts) expect({ resumes: r.resumes, rejected: r.resumesRejected, identifies: r.identifies }, summary).toEqual({ resumes: 2, rejected: 0, identifies: 0 });
    expect(report.restarts.filter((r) => r.signal === "SIGTERM" && r.successorDuplicatesDropped !== undefined).map((r) => r.successorDuplicatesDropped)).toEqual([0]);

    expect(report.identifies).toBe(4);
    expect(report.identifyMaxPerWindow).toBeLessThanOrEqual(report.maxConcurrency);
    expect(report.closes4008).toBe(0);
    expect(report.gatewayBotCalls + report.gatewayCalls).toBeLessThanOrEqual(2);
  }, 90_000);
});
