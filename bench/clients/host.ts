/**
 * A client process: runs benchmarked clients of one kind and answers the harness over IPC
 * (`{id, method, args}` → `{id, ok, value | error}`), so that `process.cpuUsage()` and
 * `process.memoryUsage()` here are the clients' alone (the platform runs in the parent).
 * Started by `bench/lib/client-process.ts` with `--expose-gc`; `BENCH_TRACK_TIMEOUTS=1`
 * records each timer's creation stack from the start (see `timeout-tracker.ts`).
 */
import { constants, type PerformanceEntry, PerformanceObserver } from "node:perf_hooks";
import { within } from "../lib/clock.js";
import { countHeapObjects } from "../lib/heap-objects.js";
import { activeResources, processListeners, settledHeap } from "../lib/resources.js";
import { guardLoopbackOnly } from "./loopback-guard.js";
import { IdCounter, LatencyRecorder, Tally } from "./measures.js";
import { liveTimeouts, trackTimeouts } from "./timeout-tracker.js";
import type { BenchClient, ClientSpec, MessageSink } from "./types.js";

if (process.env.BENCH_TRACK_TIMEOUTS === "1") trackTimeouts();
guardLoopbackOnly();

const clients: BenchClient[] = [];
const tally = new Tally();
const latency = new LatencyRecorder();
const ids = new IdCounter();
let mode: "off" | "tally" | "latency" | "ids" = "off";
let gcCount = 0;
/** GC pauses since the latency series was armed. */
let gcPauses: Array<{ ms: number; major: boolean }> = [];
const warnings: string[] = [];
process.on("warning", (w) => void warnings.push(`${w.name}: ${w.message}`));
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcCount += 1;
    if (mode === "latency") gcPauses.push({ ms: e.duration, major: (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR });
  }
}).observe({ entryTypes: ["gc"] });

const sink: MessageSink = (seq, id, content) => {
  if (mode === "tally") tally.record(seq);
  else if (mode === "latency") latency.record(content);
  else if (mode === "ids") ids.record(id);
};

async function create(spec: ClientSpec): Promise<BenchClient> {
  switch (spec.kind) {
    case "raw":
      return new (await import("./raw-client.js")).RawClient(spec.info, sink, { reconnect: true });
    case "qqbot-rx":
      return new (await import("./rx-client.js")).RxClient(spec, sink);
    case "qq-official-bot":
      return new (await import("./peer-client.js")).PeerClient(spec.info, sink);
    case "naive":
      return new (await import("./naive-adapter.js")).NaiveAdapter(spec, sink);
  }
}

/** Memory now, after full GCs. */
async function memory(): Promise<{ heapUsed: number; external: number; arrayBuffers: number; rss: number }> {
  const heapUsed = await settledHeap();
  const m = process.memoryUsage();
  return { heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
}

// biome-ignore lint/suspicious/noExplicitAny: handlers of an IPC table take whatever their messages carry
const handlers: Record<string, (...args: any[]) => unknown> = {
  /** Start `count` clients of `spec` (`parallel` at a time); resolves once all are ready. */
  start: async (spec: ClientSpec, count = 1, parallel = 10) => {
    for (let i = 0; i < count; i += parallel) {
      const batch = await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, () => create(spec)));
      clients.push(...batch);
      await within(Promise.all(batch.map((c) => c.start())), 30_000, `${spec.kind} ready`);
    }
    return clients.length;
  },
  close: async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  },
  mode: (m: typeof mode) => {
    mode = m;
  },
  arm: (n: number) => {
    mode = "tally";
    tally.arm(n);
  },
  roundDone: (timeoutMs: number, settleMs: number) => tally.done(timeoutMs, settleMs),
  armLatency: (n: number) => {
    mode = "latency";
    gcPauses = [];
    latency.arm(n);
  },
  /** The latency summary, with the GC pauses of the series (a long one shows in p99). */
  latencyDone: async (timeoutMs: number) => {
    const summary = await latency.done(timeoutMs);
    await new Promise((resolve) => setImmediate(resolve));
    const pauses = gcPauses.map((g) => g.ms);
    return {
      ...summary,
      gcPauses: pauses.length,
      gcMajor: gcPauses.filter((g) => g.major).length,
      gcMaxPauseMs: Math.round(pauses.reduce((a, b) => Math.max(a, b), 0) * 100) / 100,
      gcTotalMs: Math.round(pauses.reduce((a, b) => a + b, 0) * 100) / 100,
    };
  },
  trackIds: () => {
    ids.clear();
    mode = "ids";
  },
  ids: () => ids.snapshot(),
  memory,
  /** CPU (µs, user + system), heap used (no GC) and GCs seen so far (after the GC observer's queue drained). */
  mark: async () => {
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    const cpu = process.cpuUsage();
    return { cpuUs: cpu.user + cpu.system, heapUsed: process.memoryUsage().heapUsed, gcCount };
  },
  heap: () => settledHeap(),
  resources: () => activeResources(),
  listeners: () => processListeners(),
  heapObjects: () => Object.fromEntries(countHeapObjects()),
  timeouts: () => liveTimeouts(),
  /** Process warnings so far (the harness starts client processes with `--no-warnings`). */
  warnings: () => [...warnings],
  exit: () => {
    setImmediate(() => process.exit(0));
  },
};

process.on("message", (msg: { id: number; method: string; args: unknown[] }) => {
  void (async () => {
    try {
      const fn = handlers[msg.method];
      if (!fn) throw new Error(`unknown method ${msg.method}`);
      const value = await fn(...msg.args);
      process.send?.({ id: msg.id, ok: true, value: value ?? null });
    } catch (err) {
      process.send?.({ id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  })();
});
process.send?.({ id: -1, ok: true, value: "up" });
