/**
 * Benchmark 2 — storm cost. The simulator (worker thread) rate-limits `GET /gateway` to 2
 * calls per window; a storm is N resumable closes (4009), each `holdMs` after the client is
 * ready again. qqbot-rx and the naive baseline (`naive-client.ts`) face the same storm on
 * fresh platforms. Time is scaled 1/200 (see `STORM_SCALE`) so 1 000 closes fit in the run.
 */
import { filter, firstValueFrom, skip } from "rxjs";
import type { Bot } from "../src/index.js";
import type { SimulatorStats } from "../src/testing/index.js";
import { benchBot } from "./lib/bench-bot.js";
import { sleep, wallNow, within } from "./lib/clock.js";
import { startRemote } from "./lib/remote.js";
import { median, round } from "./lib/stats.js";
import { NaiveClient } from "./naive-client.js";

/** Real-time values ÷ 200: 5 s quick-disconnect → 25 ms, 60 s window → 300 ms, backoffs likewise. */
export const STORM_SCALE = {
  rateLimit: { calls: 2, windowMs: 300 },
  holdMs: 30,
  bot: { quickDisconnectMs: 25, rateLimitCooldownMs: 300, gatewayRetryDelaysMs: [3, 8, 15], reconnectBackoffMs: [5, 10, 25, 50, 150, 300] },
  naive: { quickDisconnectMs: 25, retryDelaysMs: [10, 25, 50] },
} as const;

/** One client through one storm. */
export interface StormRun {
  client: "qqbot-rx" | "naive";
  closes: number;
  closesSurvived: number;
  gatewayCalls: number;
  rateLimited: number;
  identifies: number;
  resumes: number;
  recoverP50Ms: number | null;
  recoverMaxMs: number | null;
  /** Last close → ready again. */
  lastRecoverMs: number | null;
  fatal: boolean;
  fatalReason: string | null;
  stormMs: number;
}

interface StormClient {
  /** Resolves "ready" at the next READY/RESUMED, "fatal" when it gives up. */
  next(): Promise<"ready" | "fatal">;
  close(): Promise<void>;
  fatalReason(): string | null;
}

function botClient(bot: Bot): StormClient {
  let fatal: string | null = null;
  bot.messages$.subscribe({ error: (err: Error) => {
    fatal = err.message;
  } });
  return {
    next: () => firstValueFrom(bot.state$.pipe(skip(1), filter((s) => s.state === "ready" || s.state === "fatal"))).then((s) => (s.state === "ready" ? "ready" : "fatal")),
    close: () => bot.close(),
    fatalReason: () => fatal,
  };
}

function naiveClient(naive: NaiveClient): StormClient {
  return {
    next: () => new Promise((resolve) => {
      if (naive.fatal) return resolve("fatal");
      naive.once("ready", () => resolve("ready"));
      naive.once("fatal", () => resolve("fatal"));
    }),
    close: async () => naive.close(),
    fatalReason: () => naive.fatal?.message ?? null,
  };
}

/** Run one storm of `closes` against one client kind. */
export async function runStorm(kind: StormRun["client"], closes: number): Promise<StormRun> {
  const remote = await startRemote({ kind: "simulator", options: { identifyWindowMs: 0, heartbeatIntervalMs: 5_000, gatewayRateLimit: STORM_SCALE.rateLimit } });
  let client: StormClient;
  if (kind === "qqbot-rx") {
    client = botClient(benchBot(remote.info, STORM_SCALE.bot));
  } else {
    const naive = new NaiveClient({ ...remote.info, ...STORM_SCALE.naive });
    client = naiveClient(naive);
    naive.start();
  }
  const recoveries: number[] = [];
  let survived = 0;
  let fatal = false;
  let lastRecover: number | null = null;
  const started = wallNow();
  try {
    fatal = (await within(client.next(), 10_000, "first ready")) === "fatal";
    for (let i = 0; i < closes && !fatal; i++) {
      await sleep(STORM_SCALE.holdMs);
      const next = client.next();
      const at = wallNow();
      await remote.call("fault", "closeAll", 4009, "storm");
      const outcome = await within(next, 30_000, `recovery after close ${i + 1}`);
      if (outcome === "fatal") fatal = true;
      else {
        survived += 1;
        lastRecover = wallNow() - at;
        recoveries.push(lastRecover);
      }
    }
    const stats = await remote.call<SimulatorStats>("stats");
    return {
      client: kind,
      closes,
      closesSurvived: survived,
      gatewayCalls: stats.gatewayCalls + stats.gatewayBotCalls,
      rateLimited: stats.gatewayRateLimited,
      identifies: stats.identifies,
      resumes: stats.resumes,
      recoverP50Ms: recoveries.length ? round(median(recoveries), 1) : null,
      recoverMaxMs: recoveries.length ? round(Math.max(...recoveries), 1) : null,
      lastRecoverMs: fatal ? null : lastRecover === null ? null : round(lastRecover, 1),
      fatal,
      fatalReason: client.fatalReason(),
      stormMs: Math.round(wallNow() - started),
    };
  } finally {
    await client.close();
    await remote.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 10);
  console.table([await runStorm("qqbot-rx", n), await runStorm("naive", n)]);
}
