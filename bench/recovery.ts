/**
 * Benchmark 3 — recovery latency: from the fault (close 4009, op 7, zombie) to the bot being
 * ready again on RESUMED, over many runs on loopback, p50/p95/p99. The fault's time is taken
 * in the simulator's thread, the recovery in the bot's, on one wall clock.
 * A zombie is detected when the beat after the first unacknowledged one is due, so its
 * latency includes 1–2 heartbeat intervals by design; it is also reported minus one interval.
 */
import type { Bot } from "../src/index.js";
import { benchBot, nextState } from "./lib/bench-bot.js";
import { wallNow, within } from "./lib/clock.js";
import { startRemote, type Remote } from "./lib/remote.js";
import { percentile, round } from "./lib/stats.js";

/** Latency distribution of one cause. */
export interface RecoveryStats {
  cause: "close 4009" | "op 7" | "zombie";
  runs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Heartbeat interval of the platform in that series. */
  heartbeatIntervalMs: number;
  /** Every run resumed (no IDENTIFY after the first). */
  allResumed: boolean;
}

const summarize = (cause: RecoveryStats["cause"], ms: number[], heartbeatIntervalMs: number, allResumed: boolean): RecoveryStats => ({
  cause,
  runs: ms.length,
  p50Ms: round(percentile(ms, 50), 2),
  p95Ms: round(percentile(ms, 95), 2),
  p99Ms: round(percentile(ms, 99), 2),
  maxMs: round(Math.max(...ms), 2),
  heartbeatIntervalMs,
  allResumed,
});

async function series(_remote: Remote, bot: Bot, runs: number, inject: () => Promise<{ at: number }>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ready = nextState(bot, "ready", 20_000);
    const { at } = await inject();
    await within(ready, 20_000, `recovery run ${i + 1}`);
    out.push(wallNow() - at);
  }
  return out;
}

async function withBot<T>(heartbeatIntervalMs: number, fn: (remote: Remote, bot: Bot) => Promise<T>): Promise<T> {
  const remote = await startRemote({ kind: "simulator", options: { identifyWindowMs: 0, heartbeatIntervalMs } });
  // quickDisconnectMs 0: back-to-back faults must not count as a quick-disconnect storm here.
  const bot = benchBot(remote.info, { quickDisconnectMs: 0 });
  const sub = bot.messages$.subscribe();
  try {
    await nextState(bot, "ready", 20_000, true);
    return await fn(remote, bot);
  } finally {
    sub.unsubscribe();
    await bot.close();
    await remote.stop();
  }
}

/** Run every series. */
export async function runRecovery(opts: { runs: number; zombieRuns: number; zombieIntervalMs: number }): Promise<RecoveryStats[]> {
  const out: RecoveryStats[] = [];
  await withBot(10_000, async (remote, bot) => {
    const close = await series(remote, bot, opts.runs, () => remote.call("fault", "closeAll", 4009, "bench"));
    out.push(summarize("close 4009", close, 10_000, bot.stats().identifies === 1));
    const op7 = await series(remote, bot, opts.runs, () => remote.call("fault", "reconnect"));
    out.push(summarize("op 7", op7, 10_000, bot.stats().identifies === 1));
  });
  await withBot(opts.zombieIntervalMs, async (remote, bot) => {
    const zombie = await series(remote, bot, opts.zombieRuns, () => remote.call("zombie"));
    out.push(summarize("zombie", zombie, opts.zombieIntervalMs, bot.stats().identifies === 1));
    const minusInterval = zombie.map((ms) => ms - opts.zombieIntervalMs);
    console.log(`  zombie latency minus one interval: p50 ${round(percentile(minusInterval, 50))} ms, p99 ${round(percentile(minusInterval, 99))} ms`);
  });
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await runRecovery({ runs: Number(process.argv[2] ?? 50), zombieRuns: Number(process.argv[3] ?? 10), zombieIntervalMs: 100 }));
}
