/**
 * Benchmark 5 — memory, each client in its own process (the platform runs in this one).
 *
 * (a) Idle bots: connected, heartbeating, no message yet. A fresh client process starts one
 * client (code loaded, shared state built), measures after full GCs, starts `bots` more,
 * waits two heartbeats, measures again: (after − before) ÷ bots is the cost of one more
 * idle bot, for the raw baseline, qqbot-rx and qq-official-bot. Another process does the same
 * with qqbot-rx bots of `shards: SHARDS`: (its per-bot cost − the one-shard per-bot cost) ÷
 * (SHARDS − 1) is the cost of an extra shard. Heap is V8's `heapUsed`; `external` counts ArrayBuffers
 * (typed arrays) off the V8 heap; RSS is the process's.
 *
 * (b) 1 000 000 messages with distinct ids through qqbot-rx's `messages$`: the heap must not
 * grow with the count (the dedupe window is bounded).
 */
import { startSimulatedPlatform } from "../src/testing/index.js";
import type { ClientKind } from "./clients/types.js";
import type { RoundResult } from "./clients/measures.js";
import { type ClientProcess, startClientProcess } from "./lib/client-process.js";
import { sleep } from "./lib/clock.js";
import { infoOf } from "./lib/platform-watch.js";
import { startRawGateway } from "./lib/raw-gateway.js";
import { mbOf, round } from "./lib/stats.js";

/** Shards per bot in the extra-shard measurement. */
export const SHARDS = 4;
const HEARTBEAT_MS = 1000;
/**
 * How long the bots run before a sample: past two heartbeats, and past the HTTP keep-alive
 * (undici's 4 s) of the connections the connect itself used (token, /gateway), which close in any
 * bot left idle. The same wait for every client.
 */
const SETTLE_MS = 6_000;

interface Usage {
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

/** KiB per bot (or per shard) of each measure. */
export interface PerUnitKiB {
  heap: number;
  external: number;
  rss: number;
}

/** Idle cost of one client kind. */
export interface IdleResult {
  kind: ClientKind;
  bots: number;
  perBotKiB: PerUnitKiB;
  /** Process warnings the clients caused (e.g. MaxListenersExceededWarning). */
  warnings: string[];
}

/** Result of {@link runMemory}. */
export interface MemoryResult {
  idle: IdleResult[];
  /** qqbot-rx: extra cost of each shard beyond the first. */
  extraShard: { bots: number; shardsPerBot: number; perShardKiB: PerUnitKiB };
  messages: { count: number; heapAfterWarmupMB: number; heapAfterMB: number; growthMB: number; samplesMB: number[] };
}

const kib = (bytes: number): number => round(bytes / 1024, 1);

/** Cost of `bots` more idle clients of `spec` in a fresh client process, after one warm client. */
async function idleCost(kind: ClientKind, bots: number, shards: number): Promise<{ perBot: Usage; warnings: string[] }> {
  const platform = await startSimulatedPlatform({ heartbeatIntervalMs: HEARTBEAT_MS, identifyWindowMs: 0, maxConcurrency: 64 });
  const info = infoOf(platform);
  let proc: ClientProcess | undefined;
  try {
    proc = await startClientProcess(kind);
    await proc.call("start", { kind, info, shards }, 1);
    await sleep(SETTLE_MS);
    const m0 = await proc.call<Usage>("memory");
    await proc.call("start", { kind, info, shards }, bots);
    await sleep(SETTLE_MS);
    const m1 = await proc.call<Usage>("memory");
    const warnings = [...new Set(await proc.call<string[]>("warnings"))];
    await proc.call("close");
    const per = (k: keyof Usage): number => (m1[k] - m0[k]) / bots;
    return { perBot: { heapUsed: per("heapUsed"), external: per("external"), arrayBuffers: per("arrayBuffers"), rss: per("rss") }, warnings };
  } finally {
    await proc?.stop();
    await platform.close();
  }
}

const toKiB = (u: Usage): PerUnitKiB => ({ heap: kib(u.heapUsed), external: kib(u.external), rss: kib(u.rss) });

async function messages(count: number, chunk: number): Promise<MemoryResult["messages"]> {
  const gateway = await startRawGateway({ heartbeatIntervalMs: 60_000 });
  const proc = await startClientProcess("qqbot-rx");
  let tag = 0;
  const push = async (n: number): Promise<void> => {
    gateway.prepare(n, `m${tag++}`, "large");
    await proc.call("arm", n);
    await gateway.blast();
    const r = await proc.call<RoundResult>("roundDone", 120_000, 0);
    if (r.delivered !== n) throw new Error(`memory: ${r.delivered} of ${n} messages delivered`);
  };
  try {
    await proc.call("start", { kind: "qqbot-rx", info: infoOf(gateway) });
    await push(Math.min(chunk, 50_000));
    const before = await proc.call<number>("heap");
    const samples: number[] = [];
    for (let sent = 0; sent < count; sent += chunk) {
      await push(Math.min(chunk, count - sent));
      samples.push(mbOf(await proc.call<number>("heap")));
    }
    const after = await proc.call<number>("heap");
    return { count, heapAfterWarmupMB: mbOf(before), heapAfterMB: mbOf(after), growthMB: mbOf(after - before), samplesMB: samples };
  } finally {
    await proc.stop();
    await gateway.close();
  }
}

/** Run both parts. */
export async function runMemory(opts: { bots: number; messages: number }): Promise<MemoryResult> {
  const idle: IdleResult[] = [];
  let oneShard: Usage | undefined;
  for (const kind of ["raw", "qqbot-rx", "qq-official-bot"] as const) {
    const r = await idleCost(kind, opts.bots, 1);
    if (kind === "qqbot-rx") oneShard = r.perBot;
    idle.push({ kind, bots: opts.bots, perBotKiB: toKiB(r.perBot), warnings: r.warnings });
    console.log(`  ${kind}: ${opts.bots} idle bots → per bot heap ${kib(r.perBot.heapUsed)} KiB, external ${kib(r.perBot.external)} KiB, RSS ${kib(r.perBot.rss)} KiB`);
  }
  const many = (await idleCost("qqbot-rx", opts.bots, SHARDS)).perBot;
  const extra = (k: keyof Usage): number => (many[k] - oneShard![k]) / (SHARDS - 1);
  const perShardKiB = toKiB({ heapUsed: extra("heapUsed"), external: extra("external"), arrayBuffers: extra("arrayBuffers"), rss: extra("rss") });
  console.log(`  qqbot-rx: ${opts.bots} idle bots × ${SHARDS} shards → per extra shard heap ${perShardKiB.heap} KiB, external ${perShardKiB.external} KiB, RSS ${perShardKiB.rss} KiB`);
  return { idle, extraShard: { bots: opts.bots, shardsPerBot: SHARDS, perShardKiB }, messages: await messages(opts.messages, 100_000) };
}

// `npx tsx bench/memory.ts [bots] [messages]`
if (import.meta.url === `file://${process.argv[1]}`) {
  const a = process.argv.slice(2).map(Number);
  console.dir(await runMemory({ bots: a[0] || 20, messages: a[1] || 200_000 }), { depth: 4 });
}
