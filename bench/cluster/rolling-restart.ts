/**
 * A rolling restart of a sharded cluster, measured: `processes` × `shardsPerProcess` shards on
 * one Redis against the simulator, messages streaming to every shard, every process restarted
 * in turn with SIGTERM (its successor RESUMEs what it flushed), then `sigkills` processes killed
 * with SIGKILL and replaced. Counts what the app saw across the cluster (lost, delivered twice),
 * what the platform saw (IDENTIFYs, RESUMEs, the identify rate, `/gateway/bot` calls) and what
 * it cost (time until the shards were ready again, RSS per process).
 *
 * ```
 * start P workers ─► all shards ready ─► messages flow ─► for each worker: SIGTERM ─► exit ─► spawn successor ─► its shards ready
 *                                                     ─► SIGKILL worker 0 ─► spawn successor ─► ready ─► drain ─► SIGTERM all
 * ```
 *
 * Used by `npm run bench:cluster` (10 × 10) and test/integration/cluster-rolling-restart.test.ts (2 × 2).
 */
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";
import { guildIdForShard } from "../../test/helpers/guild-id-for-shard.js";
import { sleep } from "../lib/clock.js";
import { spawnWorker, type WorkerProcess } from "./worker-process.js";
import type { WorkerConfig } from "./worker.js";
import { maxInWindow, medianAndMax, restartSummary, type RestartFigure } from "./figures.js";

/** Options of {@link runRollingRestart}. */
export interface RollingRestartOptions {
  redisUrl: string;
  /** Prefix of every Redis key of this run. */
  keyPrefix: string;
  processes: number;
  shardsPerProcess: number;
  /** `session_start_limit.max_concurrency` of the simulated platform. */
  maxConcurrency: number;
  /** The platform's identify window (5000 on the real platform). */
  identifyWindowMs: number;
  /** Added to the window by each worker's `RedisIdentifyThrottler`. */
  identifyMarginMs: number;
  /** `/gateway` + `/gateway/bot` limit of the simulator, if any. */
  gatewayRateLimit?: { calls: number; windowMs: number };
  messagesPerShardPerSecond: number;
  /** Messages flow this long after startup and after each restart. */
  settleMs: number;
  sigkills: number;
  sharedDedupe: boolean;
  /** Longest wait for a (re)started worker's shards. */
  readyTimeoutMs: number;
  /** Longest wait at the end for every message to be delivered. */
  drainTimeoutMs: number;
  log: (line: string) => void;
}

/** What a run measured. */
export interface RollingRestartReport {
  processes: number;
  shards: number;
  maxConcurrency: number;
  identifyWindowMs: number;
  sharedDedupe: boolean;
  startupMs: number;
  pushed: number;
  /** Distinct messages the app got, across every process. */
  delivered: number;
  lost: number;
  /** Deliveries beyond the first, across every process. */
  deliveredTwice: number;
  identifies: number;
  resumes: number;
  resumesRejected: number;
  /** Most IDENTIFYs the platform saw inside any `identifyWindowMs`. */
  identifyMaxPerWindow: number;
  closes4008: number;
  gatewayBotCalls: number;
  gatewayCalls: number;
  gatewayRateLimited: number;
  restarts: RestartFigure[];
  /** Signal → every shard of the successor ready, per signal. */
  readyAfterRestartMs: ReturnType<typeof restartSummary>;
  /** Replays dropped by the shared claims (`duplicatesDropped` of the workers that closed cleanly). */
  claimDrops: number;
  rssMB: { median: number; max: number };
  wallMs: number;
}

/** Run the scenario (see the module comment). */
export async function runRollingRestart(o: RollingRestartOptions): Promise<RollingRestartReport> {
  const started = Date.now();
  const count = o.processes * o.shardsPerProcess;
  const platform = await startSimulatedPlatform({
    shards: count, maxConcurrency: o.maxConcurrency, identifyWindowMs: o.identifyWindowMs,
    ...(o.gatewayRateLimit ? { gatewayRateLimit: o.gatewayRateLimit } : {}),
  });
  const all: WorkerProcess[] = [];
  const slots: WorkerProcess[] = [];
  const pusher = startPusher(platform, count, o.messagesPerShardPerSecond);
  try {
    const config = (slot: number): WorkerConfig => ({
      appId: platform.appId, clientSecret: platform.clientSecret, apiBase: platform.apiBase, tokenUrl: platform.tokenUrl,
      redisUrl: o.redisUrl, keyPrefix: o.keyPrefix,
      shards: { ids: Array.from({ length: o.shardsPerProcess }, (_, i) => slot * o.shardsPerProcess + i), count },
      identifyWindowMs: o.identifyWindowMs + o.identifyMarginMs, sharedDedupe: o.sharedDedupe, rssEveryMs: 1000,
    });
    const start = (slot: number): WorkerProcess => {
      const w = spawnWorker(config(slot));
      all.push(w);
      slots[slot] = w;
      return w;
    };
    // Startup: every process at once; IDENTIFYs paced by the shared throttler.
    for (let slot = 0; slot < o.processes; slot++) start(slot);
    const startupTimeout = o.readyTimeoutMs + Math.ceil(count / o.maxConcurrency) * (o.identifyWindowMs + o.identifyMarginMs);
    await Promise.all(slots.map((w) => w.allReady(startupTimeout)));
    const startupMs = Date.now() - started;
    o.log(`${count} shards ready in ${startupMs} ms (${platform.stats().identifies} IDENTIFYs); messages flowing`);
    pusher.start();
    await sleep(o.settleMs);

    const restarts: RestartFigure[] = [];
    const successors: WorkerProcess[] = [];
    const restart = async (slot: number, signal: "SIGTERM" | "SIGKILL"): Promise<void> => {
      const before = platform.stats();
      const t0 = Date.now();
      const old = slots[slot]!;
      old.kill(signal);
      const exitCode = await old.exited;
      const exitMs = Date.now() - t0;
      const next = start(slot);
      await next.allReady(o.readyTimeoutMs);
      const after = platform.stats();
      const figure: RestartFigure = {
        slot, signal, exitCode, exitMs, readyMs: Date.now() - t0,
        resumes: after.resumes - before.resumes, resumesRejected: after.resumesRejected - before.resumesRejected,
        identifies: after.identifies - before.identifies,
      };
      restarts.push(figure);
      successors.push(next);
      o.log(`${signal} worker ${slot}: exit ${exitCode ?? "by signal"} after ${exitMs} ms, successor ready ${figure.readyMs} ms after the signal ` +
        `(${figure.resumes} RESUMEs, ${figure.identifies} IDENTIFYs)`);
      await sleep(o.settleMs);
    };
    for (let slot = 0; slot < o.processes; slot++) await restart(slot, "SIGTERM");
    for (let k = 0; k < o.sigkills; k++) await restart(k % o.processes, "SIGKILL");

    pusher.stop();
    const drainUntil = Date.now() + o.drainTimeoutMs;
    const undelivered = (): boolean => {
      const ids = new Set(all.flatMap((w) => w.delivered));
      return pusher.pushed.some((id) => !ids.has(id));
    };
    while (Date.now() < drainUntil && undelivered()) await sleep(100);
    for (const w of slots) w.kill("SIGTERM");
    await Promise.all(slots.map((w) => w.exited));

    const deliveries = all.flatMap((w) => w.delivered);
    const distinct = new Set(deliveries);
    const s = platform.stats();
    const rss = medianAndMax(all.map((w) => w.maxRss() / 1e6).filter((x) => x > 0));
    const closedStatsOf = (w: WorkerProcess): Record<string, number> | undefined => w.lines.flatMap((l) => (l.ev === "closed" ? [l.stats] : []))[0];
    const closedStats = all.map(closedStatsOf).filter((st): st is Record<string, number> => st !== undefined);
    restarts.forEach((r, i) => (r.successorDuplicatesDropped = closedStatsOf(successors[i]!)?.["duplicatesDropped"]));
    return {
      processes: o.processes, shards: count, maxConcurrency: o.maxConcurrency, identifyWindowMs: o.identifyWindowMs,
      sharedDedupe: o.sharedDedupe, startupMs,
      pushed: pusher.pushed.length,
      delivered: pusher.pushed.filter((id) => distinct.has(id)).length,
      lost: pusher.pushed.filter((id) => !distinct.has(id)).length,
      deliveredTwice: deliveries.length - distinct.size,
      identifies: s.identifies, resumes: s.resumes, resumesRejected: s.resumesRejected,
      identifyMaxPerWindow: maxInWindow(s.identifyTimes, o.identifyWindowMs),
      closes4008: s.closesByCode["4008"] ?? 0,
      gatewayBotCalls: s.gatewayBotCalls, gatewayCalls: s.gatewayCalls, gatewayRateLimited: s.gatewayRateLimited,
      restarts,
      claimDrops: closedStats.reduce((sum, st) => sum + (st["duplicatesDropped"] ?? 0), 0),
      rssMB: { median: Math.round(rss.median), max: Math.round(rss.max) },
      readyAfterRestartMs: restartSummary(restarts),
      wallMs: Date.now() - started,
    };
  } finally {
    pusher.stop();
    for (const w of all) w.kill("SIGKILL");
    await Promise.all(all.map((w) => w.exited));
    await platform.close();
  }
}

/** Pushes guild messages round-robin over every shard at `perShardPerSecond` each, once started. */
function startPusher(platform: SimulatedPlatform, count: number, perShardPerSecond: number) {
  const pushed: string[] = [];
  const TICK_MS = 20;
  let timer: NodeJS.Timeout | undefined;
  let credit = 0;
  let n = 0;
  return {
    pushed,
    start() {
      timer = setInterval(() => {
        credit += (count * perShardPerSecond * TICK_MS) / 1000;
        for (; credit >= 1; credit--, n++) {
          const shard = n % count;
          pushed.push(platform.pushMessage("guild", { guild_id: guildIdForShard(shard, count, Math.floor(n / count)) }).d.id as string);
        }
      }, TICK_MS);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
