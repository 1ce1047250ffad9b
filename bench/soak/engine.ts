/**
 * The soak: a bot under a seeded schedule of faults while messages keep flowing. Checks:
 * every message delivered exactly once, no unhandled rejection, bounded heap, no fatal
 * error unless a fatal close code was injected (then exactly that one), no handle left
 * after `bot.close()`. Every violation names the seed.
 */
import { createBot, GatewayFatalError, Intents, LocalIdentifyThrottler, type Bot, type BotOptions } from "../../src/index.js";
import { TEST_HEARTBEAT_RANGE_MS } from "../../test/helpers/heartbeat-range.js";
import { nextState } from "../lib/bench-bot.js";
import { sleep, within } from "../lib/clock.js";
import { activeResources, settledHeap, settleResources } from "../lib/resources.js";
import { inject } from "./inject.js";
import { Ledger, type LedgerCounts } from "./ledger.js";
import { createRng } from "./prng.js";
import { Pusher } from "./pusher.js";
import { describeFault, faultClass, FATAL_CLOSE_CODES, makeSchedule, type FaultWeights } from "./schedule.js";
import type { SoakPlatform } from "./soak-platform.js";

/** Options of {@link runSoak}. */
export interface SoakOptions {
  platform: SoakPlatform;
  seed: number;
  faults: number;
  /** Messages flow this long (ms, drawn per step) before each fault. @defaultValue 15–40 */
  gap?: { minMs: number; maxMs: number };
  /** Relative weights of the random draws. @defaultValue `DEFAULT_FAULT_WEIGHTS` */
  weights?: FaultWeights;
  /** Start from one fault of every kind (shuffled in). @defaultValue false */
  coverEveryKind?: boolean;
  /** Inject a fatal close code after the checks. @defaultValue "random" (seeded, 50 %) */
  fatalAtEnd?: "random" | "always" | "never";
  maxHeapGrowthMB: number;
  /** Extra bot options (a logger, another token URL…). */
  bot?: Partial<BotOptions>;
  stepTimeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
}

/** What a soak saw. */
export interface SoakReport {
  seed: number;
  faults: number;
  faultsByClass: Record<string, number>;
  /** Mean ms from injecting a fault to the bot being ready again, per class. */
  meanRecoveryMsByClass: Record<string, number>;
  messages: LedgerCounts;
  duplicatesDroppedByBot: number;
  unhandledRejections: number;
  fatalInjected: number | null;
  fatalGot: string | null;
  heapGrowthMB: number;
  resourcesLeftAfterClose: Record<string, number>;
  botStats: Record<string, number>;
  durationMs: number;
  violations: string[];
}

/** Reconnect policy scaled for the soak: same shape as the defaults, milliseconds instead of seconds. */
export const SOAK_RECONNECT = {
  quickDisconnectMs: 10, rateLimitCooldownMs: 200, gatewayRetryDelaysMs: [5, 10, 20], reconnectBackoffMs: [5, 10, 20, 40, 80],
  handshakeTimeoutMs: 300, helloTimeoutMs: 3000, readyTimeoutMs: 3000, heartbeatIntervalRangeMs: TEST_HEARTBEAT_RANGE_MS,
};

/** Platform options the soak expects (pass them to `startSimulatedPlatform`). */
export const SOAK_PLATFORM_OPTIONS = { identifyWindowMs: 0, heartbeatIntervalMs: 150, heartbeatTimeoutMs: 3000, sessionTtlMs: 10_000 };

async function drain(ledger: Ledger, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (ledger.snapshot().outstanding > 0 && Date.now() < deadline) await sleep(5);
}

/** Run one soak. */
export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const started = Date.now();
  const rng = createRng(o.seed);
  const schedule = makeSchedule(rng, {
    count: o.faults, gap: o.gap ?? { minMs: 15, maxMs: 40 }, coverEveryKind: o.coverEveryKind ?? false, ...(o.weights ? { weights: o.weights } : {}),
  });
  const fatalCode = (o.fatalAtEnd ?? "random") === "always" || ((o.fatalAtEnd ?? "random") === "random" && rng.chance(0.5)) ? rng.pick(FATAL_CLOSE_CODES) : null;
  const violations: string[] = [];
  const fail = (what: string): void => void violations.push(`${what} (seed ${o.seed})`);
  const faultsByClass: Record<string, number> = {};
  const recoveryMs: Record<string, number> = {};
  const ledger = new Ledger();
  const pusher = new Pusher(o.platform, ledger, createRng(o.seed ^ 0x9e3779b9));
  let unhandled = 0;
  const onUnhandled = (): void => {
    unhandled += 1;
  };
  process.on("unhandledRejection", onUnhandled);
  const resources0 = activeResources();
  const { info } = o.platform;
  const bot: Bot = createBot({
    appId: info.appId, clientSecret: info.clientSecret, apiBase: info.apiBase, tokenUrl: info.tokenUrl,
    intents: Intents.PUBLIC_MESSAGES, reconnect: SOAK_RECONNECT, dedupe: { max: 5000 },
    // IDENTIFY pacing scaled like the rest (the platform's 5 s window; the simulator's is off).
    identifyThrottler: new LocalIdentifyThrottler({ windowMs: 20 }), ...o.bot,
  });
  let botError: unknown;
  const sub = bot.messages$.subscribe({ next: (m) => ledger.delivered(m.id), error: (err: unknown) => {
    botError = err;
  } });
  let heap0 = 0;
  let heapGrowth = 0;
  let fatalGot: string | null = null;
  try {
    await nextState(bot, "ready", 20_000, true);
    pusher.start();
    for (const [i, step] of schedule.entries()) {
      if (i === Math.floor(o.faults / 10)) heap0 = await settledHeap();
      await nextState(bot, "ready", o.stepTimeoutMs ?? 20_000, true);
      await sleep(step.gapMs);
      const label = `step ${i + 1}/${o.faults} (${describeFault(step.fault)})`;
      if (step.breaksSession) {
        await pusher.pause();
        await drain(ledger, 15_000);
        if (ledger.snapshot().outstanding > 0) fail(`${label}: ${ledger.snapshot().outstanding} messages undelivered before the fault`);
      }
      // A session-clearing fault must end in a new READY (an IDENTIFY). Waiting for READY only, not
      // the first of READY/RESUMED, keeps a spurious zombie reconnect (a late ACK on a loaded machine)
      // racing the fault from passing for the fault's recovery.
      const recovered = await o.platform.arm(step.breaksSession ? ["ready"] : ["resumed", "ready"]);
      const identifies = bot.stats().identifies;
      const cls = faultClass(step.fault);
      faultsByClass[cls] = (faultsByClass[cls] ?? 0) + 1;
      const injectedAt = Date.now();
      await inject(o.platform, step.fault);
      const got = await recovered(o.stepTimeoutMs ?? 20_000).catch((err: Error) => {
        fail(`${label}: no recovery: ${err.message}`);
        return undefined;
      });
      if (got === undefined) break;
      if (!step.breaksSession && got !== "resumed") fail(`${label}: the session was lost (READY instead of RESUMED)`);
      if (step.breaksSession && bot.stats().identifies <= identifies) fail(`${label}: READY came without an IDENTIFY from the bot`);
      await nextState(bot, "ready", o.stepTimeoutMs ?? 20_000, true);
      recoveryMs[cls] = (recoveryMs[cls] ?? 0) + (Date.now() - injectedAt);
      pusher.resume();
      if (botError) break;
      o.onProgress?.(i + 1, o.faults);
    }
    await pusher.stop();
    await drain(ledger, 20_000);
    heapGrowth = (await settledHeap()) - heap0;
    if (botError) fail(`the bot failed with no fatal code injected: ${String(botError)}`);
    if (fatalCode !== null && !botError) {
      const failed = new Promise<unknown>((resolve) => bot.messages$.subscribe({ error: resolve }));
      await o.platform.fault("closeAll", fatalCode, "soak: fatal close code");
      const err = await within(failed, 15_000, `GatewayFatalError after close ${fatalCode}`).catch((e: Error) => e);
      fatalGot = err instanceof GatewayFatalError ? `${err.code} ${err.closeCode}` : String(err);
      if (!(err instanceof GatewayFatalError && err.code === "CLOSE_CODE_FATAL" && err.closeCode === fatalCode)) {
        fail(`close ${fatalCode} should end the bot with GatewayFatalError CLOSE_CODE_FATAL, got ${fatalGot}`);
      }
    }
  } finally {
    await pusher.stop();
    sub.unsubscribe();
    await bot.close();
  }
  const left = await settleResources(resources0);
  await sleep(20); // late rejections surface on the next turns
  process.off("unhandledRejection", onUnhandled);
  const messages = ledger.snapshot();
  if (messages.outstanding) fail(`${messages.outstanding} messages lost, e.g. ${ledger.sampleOutstanding().join(", ")}`);
  if (messages.duplicates) fail(`${messages.duplicates} messages delivered twice`);
  if (messages.unexpected) fail(`${messages.unexpected} unexpected messages delivered`);
  if (unhandled) fail(`${unhandled} unhandled rejections`);
  if (pusher.error) fail(`pushing failed: ${String(pusher.error)}`);
  if (heapGrowth / 1e6 > o.maxHeapGrowthMB) fail(`heap grew ${(heapGrowth / 1e6).toFixed(1)} MB (limit ${o.maxHeapGrowthMB} MB)`);
  if (Object.keys(left).length) fail(`handles left after close(): ${JSON.stringify(left)}`);
  return {
    seed: o.seed, faults: o.faults, faultsByClass,
    meanRecoveryMsByClass: Object.fromEntries(Object.entries(recoveryMs).map(([k, ms]) => [k, Math.round(ms / (faultsByClass[k] ?? 1))])),
    messages, duplicatesDroppedByBot: bot.stats().duplicatesDropped,
    unhandledRejections: unhandled, fatalInjected: fatalCode, fatalGot, heapGrowthMB: Math.round(heapGrowth / 1e4) / 100,
    resourcesLeftAfterClose: left, botStats: { ...bot.stats() }, durationMs: Date.now() - started, violations,
  };
}
