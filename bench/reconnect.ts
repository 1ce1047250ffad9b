/**
 * Benchmark 6 — the cost of a reconnect (close 4009 → RESUMED), measured in the client's
 * process while the simulator (in this process) drives the cycles:
 *
 * - CPU per reconnect: `process.cpuUsage()` over `count` cycles after a warm-up, for qqbot-rx
 *   and, for scale, the raw client that reconnects at once;
 * - allocation per reconnect: in a process whose young generation (64 MiB semi-spaces) holds
 *   a whole batch without a scavenge, heap used after − before a batch ÷ its cycles; batches
 *   during which a GC ran are discarded;
 * - growth over `growthCount` reconnects: heap after full GCs, active handles and `process`
 *   listeners, object kinds in heap snapshots (after the warm-up, half-way, at the end), handles
 *   left after `close()`;
 * - the running bot's timers, named by the file and line that created them (a separate run
 *   that records every timer's creation stack).
 */
import { startSimulatedPlatform, type SimulatedPlatform } from "../src/testing/index.js";
import type { LiveTimeout } from "./clients/timeout-tracker.js";
import type { ClientKind } from "./clients/types.js";
import { type ClientProcess, startClientProcess } from "./lib/client-process.js";
import { sleep, within } from "./lib/clock.js";
import { infoOf } from "./lib/platform-watch.js";
import { objectGrowth, type ObjectCounts, watchedCounts } from "./lib/heap-objects.js";
import { resourceGrowth, settleResources } from "./lib/resources.js";
import { mbOf, median, round } from "./lib/stats.js";

/** Today's reconnect cost the issue measured (qqbot-rx before the optimisation), the targets' reference. */
export const RECONNECT_REFERENCE = { cpuMs: 1.3, allocKiB: 134 } as const;

/** CPU and allocation per reconnect of one client kind. */
export interface ReconnectCost {
  kind: ClientKind;
  reconnects: number;
  cpuMsPerReconnect: number;
  wallMsPerReconnect: number;
  /** Median over GC-free batches. */
  allocKiBPerReconnect: number;
  allocBatchesKiB: number[];
}

/** Growth over many reconnects (qqbot-rx). */
export interface ReconnectGrowth {
  count: number;
  heapAfterWarmupMB: number;
  heapAfterMB: number;
  growthMB: number;
  samplesMB: number[];
  /** Active handles by type while running, compared with the same process before the bot existed. */
  resourcesRunningVsNoBot: Record<string, number>;
  /** Active handles by type after all reconnects, compared with after the warm-up (both 1.5 s after the last reconnect). */
  resourcesGrowthWhileRunning: Record<string, number>;
  /** The same, sampled at once after the last reconnect (transient timers still pending). */
  resourcesRightAfterLastReconnect: Record<string, number>;
  /** Live ref'd timers at once after the last reconnect, by creation site (those not in `timersOfRunningBot` are transient). */
  timersRightAfterLastReconnect: TimerSite[];
  processListenersGrowth: number;
  /** Object/closure kinds that grew by more than one per 10 reconnects in each half of the series, with their total growth. */
  objectsGrowing: Array<{ name: string; growth: number }>;
  watched: Record<string, string>;
  /** Live ref'd timers of the running bot 1.5 s after the last reconnect, by creation site (a separate, shorter run). */
  timersOfRunningBot: TimerSite[];
  resourcesLeftAfterClose: Record<string, number>;
}

/** Live timers created at one site. */
export interface TimerSite {
  site: string;
  count: number;
  stack: string[];
}

/** Result of {@link runReconnect}. */
export interface ReconnectResult {
  costs: ReconnectCost[];
  growth: ReconnectGrowth;
}

const SPEC_RX = { reconnect: { quickDisconnectMs: 0 } };
const SETTLE_MS = 1500;

/** One close 4009 → RESUMED cycle, driven and observed on the platform. */
async function cycle(platform: SimulatedPlatform, i: number): Promise<void> {
  const resumed = platform.waitFor("resumed");
  platform.faults.closeAll(4009, "reconnect bench");
  await within(resumed, 20_000, `reconnect ${i}`);
}

async function withClient<T>(kind: ClientKind, execArgv: string[], env: Record<string, string>, fn: (p: SimulatedPlatform, proc: ClientProcess) => Promise<T>): Promise<T> {
  const platform = await startSimulatedPlatform({ identifyWindowMs: 0, heartbeatIntervalMs: 10_000 });
  const proc = await startClientProcess(kind, { execArgv, env });
  try {
    return await fn(platform, proc);
  } finally {
    await proc.stop();
    await platform.close();
  }
}

interface Mark {
  cpuUs: number;
  heapUsed: number;
  gcCount: number;
}

async function cost(kind: ClientKind, opts: { warmup: number; count: number; batch: number; batches: number }): Promise<ReconnectCost> {
  const cpu = await withClient(kind, [], {}, async (platform, proc) => {
    await proc.call("start", { kind, info: infoOf(platform), ...SPEC_RX });
    for (let i = 0; i < opts.warmup; i++) await cycle(platform, i);
    const m0 = await proc.call<Mark>("mark");
    const t0 = performance.now();
    for (let i = 0; i < opts.count; i++) await cycle(platform, i);
    const wall = performance.now() - t0;
    await sleep(20);
    const m1 = await proc.call<Mark>("mark");
    return { cpuMs: (m1.cpuUs - m0.cpuUs) / 1000 / opts.count, wallMs: wall / opts.count };
  });
  const alloc = await withClient(kind, ["--min-semi-space-size=64", "--max-semi-space-size=64"], {}, async (platform, proc) => {
    await proc.call("start", { kind, info: infoOf(platform), ...SPEC_RX });
    for (let i = 0; i < opts.warmup; i++) await cycle(platform, i);
    const out: number[] = [];
    for (let b = 0; b < opts.batches * 2 && out.length < opts.batches; b++) {
      await proc.call("heap");
      const m0 = await proc.call<Mark>("mark");
      for (let i = 0; i < opts.batch; i++) await cycle(platform, i);
      await sleep(10);
      const m1 = await proc.call<Mark>("mark");
      if (m1.gcCount === m0.gcCount && m1.heapUsed > m0.heapUsed) out.push(round((m1.heapUsed - m0.heapUsed) / opts.batch / 1024, 1));
    }
    return out;
  });
  return {
    kind,
    reconnects: opts.count,
    cpuMsPerReconnect: round(cpu.cpuMs, 3),
    wallMsPerReconnect: round(cpu.wallMs, 3),
    allocKiBPerReconnect: alloc.length ? median(alloc) : NaN,
    allocBatchesKiB: alloc,
  };
}

/**
 * Kinds whose live count grew by more than `threshold` in each half of the series: a leak
 * grows in both, while the measurement's own one-off residue (the first snapshots leave a
 * few hundred arrays) shows in one only.
 */
function growingInBothHalves(a: ObjectCounts, b: ObjectCounts, c: ObjectCounts, threshold: number): Array<{ name: string; growth: number }> {
  const second = new Map(objectGrowth(b, c, threshold).map((g) => [g.name, g.growth]));
  return objectGrowth(a, b, threshold)
    .filter((g) => second.has(g.name))
    .map((g) => ({ name: g.name, growth: g.growth + second.get(g.name)! }))
    .slice(0, 10);
}

/** Live timers grouped by creation site. */
function bySite(timers: LiveTimeout[]): TimerSite[] {
  const m = new Map<string, TimerSite>();
  for (const t of timers) {
    const e = m.get(t.site) ?? { site: t.site, count: 0, stack: t.stack };
    e.count += 1;
    m.set(t.site, e);
  }
  return [...m.values()];
}

async function growth(count: number, warmup: number): Promise<Omit<ReconnectGrowth, "timersOfRunningBot" | "timersRightAfterLastReconnect">> {
  return withClient("qqbot-rx", [], {}, async (platform, proc) => {
    const noBot = await proc.call<Record<string, number>>("resources");
    await proc.call("start", { kind: "qqbot-rx", info: infoOf(platform), ...SPEC_RX });
    for (let i = 1; i <= warmup; i++) await cycle(platform, i);
    // Past the session store's 1 s seq debounce, so only handles that stay are counted.
    await sleep(SETTLE_MS);
    const objects0 = new Map(Object.entries(await proc.call<Record<string, number>>("heapObjects"))) as ObjectCounts;
    const heap0 = await proc.call<number>("heap");
    const res0 = await proc.call<Record<string, number>>("resources");
    const listeners0 = await proc.call<number>("listeners");
    const samples: number[] = [];
    const every = Math.max(1, Math.floor(count / 5));
    const half = Math.floor(count / 2);
    let objectsMid: ObjectCounts = objects0;
    for (let i = 1; i <= count; i++) {
      await cycle(platform, i);
      if (i % every === 0 && i < count) samples.push(mbOf(await proc.call<number>("heap")));
      if (i === half) objectsMid = new Map(Object.entries(await proc.call<Record<string, number>>("heapObjects")));
    }
    const resAtOnce = await proc.call<Record<string, number>>("resources");
    await sleep(SETTLE_MS);
    const heap1 = await proc.call<number>("heap");
    samples.push(mbOf(heap1));
    const res1 = await proc.call<Record<string, number>>("resources");
    const listeners1 = await proc.call<number>("listeners");
    const objects1 = new Map(Object.entries(await proc.call<Record<string, number>>("heapObjects"))) as ObjectCounts;
    const w0 = watchedCounts(objects0);
    const w1 = watchedCounts(objects1);
    await proc.call("close");
    return {
      count,
      heapAfterWarmupMB: mbOf(heap0),
      heapAfterMB: mbOf(heap1),
      growthMB: mbOf(heap1 - heap0),
      samplesMB: samples,
      resourcesRunningVsNoBot: resourceGrowth(noBot, res1),
      resourcesGrowthWhileRunning: resourceGrowth(res0, res1),
      resourcesRightAfterLastReconnect: resourceGrowth(res0, resAtOnce),
      processListenersGrowth: listeners1 - listeners0,
      objectsGrowing: growingInBothHalves(objects0, objectsMid, objects1, half / 10),
      watched: Object.fromEntries(Object.keys(w0).map((k) => [k, `${w0[k]} → ${w1[k]}`])),
      resourcesLeftAfterClose: await settleResources(noBot, () => proc.call<Record<string, number>>("resources")),
    };
  });
}

/**
 * Name the running bot's timers: a separate process records every timer's creation stack
 * (the `async_hooks` hook would distort the growth figures), runs `cycles` reconnects, and
 * lists the live ones 1.5 s after the last reconnect and at once after one more.
 */
async function timers(cycles: number): Promise<Pick<ReconnectGrowth, "timersOfRunningBot" | "timersRightAfterLastReconnect">> {
  return withClient("qqbot-rx", [], { BENCH_TRACK_TIMEOUTS: "1" }, async (platform, proc) => {
    await proc.call("start", { kind: "qqbot-rx", info: infoOf(platform), ...SPEC_RX });
    for (let i = 1; i <= cycles; i++) await cycle(platform, i);
    await sleep(SETTLE_MS);
    const running = await proc.call<LiveTimeout[]>("timeouts");
    await cycle(platform, cycles + 1);
    const atOnce = await proc.call<LiveTimeout[]>("timeouts");
    await proc.call("close");
    return { timersOfRunningBot: bySite(running), timersRightAfterLastReconnect: bySite(atOnce) };
  });
}

/** Run the reconnect benchmark. */
export async function runReconnect(opts: { warmup: number; count: number; batch: number; batches: number; growthCount: number }): Promise<ReconnectResult> {
  const costs: ReconnectCost[] = [];
  for (const kind of ["raw", "qqbot-rx"] as const) {
    const c = await cost(kind, opts);
    costs.push(c);
    console.log(`  ${kind}: CPU ${c.cpuMsPerReconnect} ms, wall ${c.wallMsPerReconnect} ms, allocation ${c.allocKiBPerReconnect} KiB per reconnect (batches ${c.allocBatchesKiB.join(", ")})`);
  }
  const g = await growth(opts.growthCount, opts.warmup);
  return { costs, growth: { ...g, ...(await timers(200)) } };
}

// `npx tsx bench/reconnect.ts [count] [growthCount]`
if (import.meta.url === `file://${process.argv[1]}`) {
  const a = process.argv.slice(2).map(Number);
  console.dir(await runReconnect({ warmup: 200, count: a[0] || 500, batch: 50, batches: 5, growthCount: a[1] || 1000 }), { depth: 5 });
}
