/**
 * Benchmark 3 — a reconnect storm: N resumable closes (4009) in a row on a simulator whose
 * `/gateway` allows 2 calls per window. Each close comes `holdMs` after the platform saw the
 * client's session back (READY or RESUMED), or after `RECOVER_TIMEOUT_MS` if it did not come
 * back; two misses in a row and the client counts as dead. One message is pushed before each
 * close and one while the client is disconnected (buffered for RESUME), two after the storm.
 * Counted on the platform: connections opened, sockets still open at the end, `/gateway`
 * calls, IDENTIFY / RESUME; in the client process: every message id delivered, so messages
 * delivered once, twice or never. qqbot-rx and qq-official-bot face the same storm; the naive
 * client (`naive-client.ts`) is kept as an illustration of the death loop, not as a baseline.
 * Time is scaled 1/200 (see `STORM_SCALE`) so 1 000 closes fit in the run.
 */
import { startSimulatedPlatform } from "../src/testing/index.js";
import type { ClientKind, ClientSpec } from "./clients/types.js";
import { startClientProcess } from "./lib/client-process.js";
import { sleep } from "./lib/clock.js";
import { infoOf, nextBack } from "./lib/platform-watch.js";
import { resourceGrowth } from "./lib/resources.js";
import { median, round } from "./lib/stats.js";

/** Real-time values ÷ 200: 5 s quick-disconnect → 25 ms, 60 s window → 300 ms, backoffs likewise. */
export const STORM_SCALE = {
  rateLimit: { calls: 2, windowMs: 300 },
  holdMs: 30,
  bot: { quickDisconnectMs: 25, rateLimitCooldownMs: 300, gatewayRetryDelaysMs: [3, 8, 15], reconnectBackoffMs: [5, 10, 25, 50, 150, 300] },
  naive: { quickDisconnectMs: 25, retryDelaysMs: [10, 25, 50] },
} as const;

/** A close the platform did not see recovered within this is a miss. */
export const RECOVER_TIMEOUT_MS = 1500;

/** The clients of the storm. */
export const STORM_CLIENTS: readonly ClientKind[] = ["qqbot-rx", "qq-official-bot", "naive"];

/** One client through one storm. */
export interface StormRun {
  client: ClientKind;
  closes: number;
  /** Closes after which the session came back (READY or RESUMED) in time. */
  recovered: number;
  /** Of those, how many by RESUME (the rest by a new IDENTIFY). */
  recoveredByResume: number;
  /** Gave up (two misses in a row): the storm stopped there. */
  dead: boolean;
  connectionsOpened: number;
  /** Sockets open on the platform after the storm (a healthy client has 1). */
  socketsOpenAtEnd: number;
  /** Sockets still open on the platform after the client's `close()`. */
  socketsOpenAfterClose: number;
  gatewayCalls: number;
  rateLimited: number;
  identifies: number;
  resumes: number;
  pushed: number;
  deliveredOnce: number;
  deliveredTwiceOrMore: number;
  lost: number;
  recoverP50Ms: number | null;
  recoverMaxMs: number | null;
  /** Handles (sockets, timers) left in the client process after `close()`, compared with before it started. */
  handlesLeftAfterClose: Record<string, number>;
  stormMs: number;
}

function specOf(kind: ClientKind): Omit<ClientSpec, "info"> {
  if (kind === "qqbot-rx") return { kind, reconnect: STORM_SCALE.bot };
  if (kind === "naive") return { kind, naive: STORM_SCALE.naive };
  return { kind };
}

/** Wait until the client process's delivered count stops changing for `quietMs` (at most `maxMs`). */
async function settleDeliveries(get: () => Promise<number>, quietMs: number, maxMs: number): Promise<void> {
  const deadline = performance.now() + maxMs;
  let last = await get();
  let since = performance.now();
  while (performance.now() < deadline) {
    await sleep(50);
    const now = await get();
    if (now !== last) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) return;
  }
}

/** Run one storm of `closes` against one client kind. */
export async function runStorm(kind: ClientKind, closes: number): Promise<StormRun> {
  const platform = await startSimulatedPlatform({ identifyWindowMs: 0, heartbeatIntervalMs: 5_000, gatewayRateLimit: STORM_SCALE.rateLimit });
  const proc = await startClientProcess(kind);
  const pushed: string[] = [];
  const push = (): void => void pushed.push(String(platform.pushMessage("c2c").d.id));
  const started = performance.now();
  try {
    const handles0 = await proc.call<Record<string, number>>("resources");
    await proc.call("start", { ...specOf(kind), info: infoOf(platform) });
    await proc.call("trackIds");
    const recoveries: number[] = [];
    let byResume = 0;
    let misses = 0;
    let dead = false;
    for (let i = 0; i < closes; i++) {
      await sleep(STORM_SCALE.holdMs);
      push();
      const back = nextBack(platform, RECOVER_TIMEOUT_MS);
      const at = performance.now();
      platform.faults.closeAll(4009, "storm");
      push();
      const b = await back;
      if (b.how === "timeout") {
        if (++misses >= 2) {
          dead = true;
          break;
        }
        continue;
      }
      misses = 0;
      recoveries.push(b.at - at);
      if (b.how === "resumed") byResume += 1;
    }
    push();
    push();
    await settleDeliveries(async () => (await proc.call<{ delivered: number }>("ids")).delivered, 300, 3000);
    const stats = platform.stats();
    const { counts } = await proc.call<{ delivered: number; counts: Record<string, number> }>("ids");
    let once = 0;
    let twice = 0;
    let lost = 0;
    for (const id of pushed) {
      const n = counts[id] ?? 0;
      if (n === 0) lost += 1;
      else if (n === 1) once += 1;
      else twice += 1;
    }
    await proc.call("close");
    await sleep(300);
    const handlesLeft = resourceGrowth(handles0, await proc.call<Record<string, number>>("resources"));
    return {
      client: kind,
      closes,
      recovered: recoveries.length,
      recoveredByResume: byResume,
      dead,
      connectionsOpened: stats.connections,
      socketsOpenAtEnd: stats.openConnections,
      socketsOpenAfterClose: platform.stats().openConnections,
      gatewayCalls: stats.gatewayCalls + stats.gatewayBotCalls,
      rateLimited: stats.gatewayRateLimited,
      identifies: stats.identifies,
      resumes: stats.resumes,
      pushed: pushed.length,
      deliveredOnce: once,
      deliveredTwiceOrMore: twice,
      lost,
      recoverP50Ms: recoveries.length ? round(median(recoveries), 1) : null,
      recoverMaxMs: recoveries.length ? round(Math.max(...recoveries), 1) : null,
      handlesLeftAfterClose: handlesLeft,
      stormMs: Math.round(performance.now() - started),
    };
  } finally {
    await proc.stop();
    await platform.close();
  }
}

// `npx tsx bench/storm.ts [closes] [client…]`
if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 10);
  const kinds = (process.argv.slice(3).length ? process.argv.slice(3) : STORM_CLIENTS) as ClientKind[];
  const runs: StormRun[] = [];
  for (const k of kinds) runs.push(await runStorm(k, n));
  console.table(runs);
}
