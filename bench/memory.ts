/**
 * Benchmark 4 — memory. (a) 1 000 000 messages with distinct ids through `messages$` (the
 * dedupe window is bounded, so the heap must not grow with the count); (b) 10 000
 * reconnects (close 4009 → RESUMED): heap, sockets, timers and `process` listeners must stay
 * flat, and nothing may be left once `bot.close()` resolved. Heap figures are after full GCs;
 * platforms run in a worker thread, so they are the bot's alone.
 */
import type { Subscription } from "rxjs";
import { benchBot, nextState } from "./lib/bench-bot.js";
import { within } from "./lib/clock.js";
import { startRemote } from "./lib/remote.js";
import { countHeapObjects, objectGrowth, watchedCounts } from "./lib/heap-objects.js";
import { activeResources, processListeners, resourceGrowth, settledHeap, settleResources } from "./lib/resources.js";

/** Result of {@link runMemory}. */
export interface MemoryResult {
  messages: { count: number; heapAfterWarmupMB: number; heapAfterMB: number; growthMB: number; samplesMB: number[] };
  reconnects: {
    count: number;
    heapAfterWarmupMB: number;
    heapAfterMB: number;
    growthMB: number;
    samplesMB: number[];
    /** Resource types above the warm-up count while still connected, after all reconnects. */
    resourcesGrowthWhileRunning: Record<string, number>;
    processListenersGrowth: number;
    /** Object/closure kinds whose live count grew by more than count ÷ 10 (a per-reconnect leak would show here). */
    objectsGrowing: Array<{ name: string; growth: number }>;
    /** Live counts of socket/timer/dispatcher/subscription kinds, after warm-up → after all reconnects. */
    watched: Record<string, string>;
    /** Resource types above the count before the bot existed, after `close()`. */
    resourcesLeftAfterClose: Record<string, number>;
    warnings: string[];
  };
}

const mbOf = (bytes: number): number => Math.round(bytes / 1e4) / 100;

async function messages(count: number, chunk: number): Promise<MemoryResult["messages"]> {
  const remote = await startRemote({ kind: "raw", options: { heartbeatIntervalMs: 60_000 } });
  const bot = benchBot(remote.info);
  let delivered = 0;
  let target = 0;
  let reached: (() => void) | undefined;
  const sub: Subscription = bot.messages$.subscribe(() => {
    if (++delivered === target) reached?.();
  });
  const push = async (n: number, tag: string): Promise<void> => {
    await remote.call("prepare", n, tag);
    target = delivered + n;
    const done = new Promise<void>((resolve) => (reached = resolve));
    await remote.call("blast");
    await within(done, 120_000, `${n} messages`);
  };
  try {
    await nextState(bot, "ready", 20_000, true);
    await push(Math.min(chunk, 50_000), "warm");
    const before = await settledHeap();
    const samples: number[] = [];
    for (let sent = 0; sent < count; sent += chunk) {
      await push(Math.min(chunk, count - sent), `m${sent}`);
      samples.push(mbOf(await settledHeap()));
    }
    const after = await settledHeap();
    return { count, heapAfterWarmupMB: mbOf(before), heapAfterMB: mbOf(after), growthMB: mbOf(after - before), samplesMB: samples };
  } finally {
    sub.unsubscribe();
    await bot.close();
    await remote.stop();
  }
}

async function reconnects(count: number, sampleEvery: number): Promise<MemoryResult["reconnects"]> {
  const warnings: string[] = [];
  const onWarning = (w: Error): void => void warnings.push(`${w.name}: ${w.message}`);
  const remote = await startRemote({ kind: "simulator", options: { identifyWindowMs: 0, heartbeatIntervalMs: 10_000 } });
  const beforeBot = activeResources();
  const bot = benchBot(remote.info, { quickDisconnectMs: 0 });
  const sub = bot.messages$.subscribe();
  const cycle = async (i: number): Promise<void> => {
    const ready = nextState(bot, "ready", 20_000);
    await remote.call("fault", "closeAll", 4009, "memory bench");
    await within(ready, 20_000, `reconnect ${i}`);
  };
  try {
    await nextState(bot, "ready", 20_000, true);
    // Warm-up lets the JIT settle: compiled code is most of the early heap growth.
    for (let i = 0; i < Math.min(1000, Math.max(200, count / 10)); i++) await cycle(i);
    process.on("warning", onWarning);
    const objects0 = countHeapObjects();
    const heap0 = await settledHeap();
    const resources0 = activeResources();
    const listeners0 = processListeners();
    const samples: number[] = [];
    for (let i = 1; i <= count; i++) {
      await cycle(i);
      if (i % sampleEvery === 0) samples.push(mbOf(await settledHeap()));
    }
    const heap1 = await settledHeap();
    const running = resourceGrowth(resources0, activeResources());
    const listenersGrowth = processListeners() - listeners0;
    const objects1 = countHeapObjects();
    const w0 = watchedCounts(objects0);
    const w1 = watchedCounts(objects1);
    sub.unsubscribe();
    await bot.close();
    const left = await settleResources(beforeBot);
    return {
      count,
      heapAfterWarmupMB: mbOf(heap0),
      heapAfterMB: mbOf(heap1),
      growthMB: mbOf(heap1 - heap0),
      samplesMB: samples,
      resourcesGrowthWhileRunning: running,
      processListenersGrowth: listenersGrowth,
      objectsGrowing: objectGrowth(objects0, objects1, count / 10).slice(0, 10),
      watched: Object.fromEntries(Object.keys(w0).map((k) => [k, `${w0[k]} → ${w1[k]}`])),
      resourcesLeftAfterClose: left,
      warnings,
    };
  } finally {
    process.off("warning", onWarning);
    sub.unsubscribe();
    await bot.close();
    await remote.stop();
  }
}

/** Run both parts. */
export async function runMemory(opts: { messages: number; reconnects: number }): Promise<MemoryResult> {
  return {
    messages: await messages(opts.messages, 100_000),
    reconnects: await reconnects(opts.reconnects, Math.max(1, Math.floor(opts.reconnects / 5))),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runMemory({ messages: Number(process.argv[2] ?? 200_000), reconnects: Number(process.argv[3] ?? 1000) });
  console.dir(result, { depth: 4 });
}
