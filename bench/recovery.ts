/**
 * Benchmark 4 — recovery latency: from the fault (close 4009, op 7) to the platform sending
 * RESUMED (or READY, for a client that starts a new session instead), over many runs on
 * loopback, p50/p95/p99 — for the raw client that reconnects at once (the floor), qqbot-rx
 * and qq-official-bot, each in its own process. Both times are taken here, on the platform's
 * side, so every client is timed the same way. Runs are `GAP_MS` apart; a client that does
 * not come back within `RECOVER_TIMEOUT_MS` three times in a row ends its series.
 * qqbot-rx also gets a zombie series (heartbeat ACKs stop): detection takes 1–2 heartbeat
 * intervals by design, so it is reported minus one interval too.
 */
import { startSimulatedPlatform, type SimulatedPlatform } from "../src/testing/index.js";
import type { ClientKind } from "./clients/types.js";
import { type ClientProcess, startClientProcess } from "./lib/client-process.js";
import { sleep } from "./lib/clock.js";
import { infoOf, nextBack } from "./lib/platform-watch.js";
import { percentile, round } from "./lib/stats.js";

/** Clients of the recovery benchmark. */
export const RECOVERY_CLIENTS: readonly ClientKind[] = ["raw", "qqbot-rx", "qq-official-bot"];
const GAP_MS = 20;
const RECOVER_TIMEOUT_MS = 3000;

/** Latency distribution of one client and cause. */
export interface RecoveryStats {
  client: ClientKind;
  cause: "close 4009" | "op 7" | "zombie";
  runs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Runs that came back by RESUME (the others by a new IDENTIFY → READY). */
  resumed: number;
  /** Runs that did not come back in time. */
  missed: number;
  heartbeatIntervalMs: number;
}

function summarize(client: ClientKind, cause: RecoveryStats["cause"], ms: number[], resumed: number, missed: number, heartbeatIntervalMs: number): RecoveryStats {
  return {
    client,
    cause,
    runs: ms.length,
    p50Ms: round(percentile(ms, 50), 2),
    p95Ms: round(percentile(ms, 95), 2),
    p99Ms: round(percentile(ms, 99), 2),
    maxMs: round(ms.reduce((a, b) => Math.max(a, b), 0), 2),
    resumed,
    missed,
    heartbeatIntervalMs,
  };
}

async function series(platform: SimulatedPlatform, runs: number, inject: () => void): Promise<{ ms: number[]; resumed: number; missed: number }> {
  const ms: number[] = [];
  let resumed = 0;
  let missed = 0;
  let inARow = 0;
  for (let i = 0; i < runs && inARow < 3; i++) {
    await sleep(GAP_MS);
    const back = nextBack(platform, RECOVER_TIMEOUT_MS);
    const at = performance.now();
    inject();
    const b = await back;
    if (b.how === "timeout") {
      missed += 1;
      inARow += 1;
      continue;
    }
    inARow = 0;
    ms.push(b.at - at);
    if (b.how === "resumed") resumed += 1;
  }
  return { ms, resumed, missed };
}

async function withClient<T>(kind: ClientKind, heartbeatIntervalMs: number, fn: (p: SimulatedPlatform, proc: ClientProcess) => Promise<T>): Promise<T> {
  const platform = await startSimulatedPlatform({ identifyWindowMs: 0, heartbeatIntervalMs });
  const proc = await startClientProcess(kind);
  try {
    // quickDisconnectMs 0: back-to-back faults must not count as a quick-disconnect storm here.
    await proc.call("start", { kind, info: infoOf(platform), reconnect: { quickDisconnectMs: 0 } });
    return await fn(platform, proc);
  } finally {
    await proc.stop();
    await platform.close();
  }
}

/** Run every series. */
export async function runRecovery(opts: { runs: number; zombieRuns: number; zombieIntervalMs: number }): Promise<RecoveryStats[]> {
  const out: RecoveryStats[] = [];
  for (const kind of RECOVERY_CLIENTS) {
    await withClient(kind, 10_000, async (platform) => {
      const close = await series(platform, opts.runs, () => platform.faults.closeAll(4009, "recovery bench"));
      out.push(summarize(kind, "close 4009", close.ms, close.resumed, close.missed, 10_000));
      const op7 = await series(platform, opts.runs, () => platform.faults.reconnect());
      out.push(summarize(kind, "op 7", op7.ms, op7.resumed, op7.missed, 10_000));
    });
    console.log(`  ${kind}: ${out.slice(-2).map((s) => `${s.cause} p50 ${s.p50Ms} / p99 ${s.p99Ms} ms (${s.resumed}/${s.runs + s.missed} resumed)`).join(" · ")}`);
  }
  await withClient("qqbot-rx", opts.zombieIntervalMs, async (platform) => {
    const zombie = await series(platform, opts.zombieRuns, () => {
      void platform.waitFor("close").then(() => platform.faults.resumeHeartbeatAcks());
      platform.faults.stopHeartbeatAcks();
    });
    const s = summarize("qqbot-rx", "zombie", zombie.ms, zombie.resumed, zombie.missed, opts.zombieIntervalMs);
    out.push(s);
    const minus = zombie.ms.map((ms) => ms - opts.zombieIntervalMs);
    console.log(`  qqbot-rx zombie (heartbeat ${opts.zombieIntervalMs} ms): p50 ${s.p50Ms} / p99 ${s.p99Ms} ms; minus one interval p50 ${round(percentile(minus, 50))} / p99 ${round(percentile(minus, 99))} ms`);
  });
  return out;
}

// `npx tsx bench/recovery.ts [runs] [zombieRuns]`
if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await runRecovery({ runs: Number(process.argv[2] ?? 50), zombieRuns: Number(process.argv[3] ?? 10), zombieIntervalMs: 100 }));
}
