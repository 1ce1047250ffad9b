/**
 * Heap and handle snapshots for the memory benchmark and the soak: heap after a full GC,
 * active libuv resources by type (sockets, timers…), and listeners on `process`.
 */
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { sleep } from "./clock.js";

/** A full GC, available even without `--expose-gc` (enabled on first use). */
export function gcFunction(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/** `heapUsed` after two full collections. */
export async function settledHeap(): Promise<number> {
  const gc = gcFunction();
  gc();
  await sleep(10);
  gc();
  return process.memoryUsage().heapUsed;
}

/** Active resources of this thread by type (`TCPSocketWrap`, `Timeout`, …). */
export function activeResources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

/** Listeners on `process`, all events together. */
export function processListeners(): number {
  return process.eventNames().reduce((n, e) => n + process.listenerCount(e), 0);
}

/** Types whose count is above `baseline`, with the difference. */
export function resourceGrowth(baseline: Record<string, number>, now: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(now)) if (v > (baseline[k] ?? 0)) out[k] = v - (baseline[k] ?? 0);
  return out;
}

/**
 * Poll `read` (this thread's {@link activeResources} unless told otherwise, e.g. a client
 * process's over IPC) until no resource type exceeds `baseline` (sockets close
 * asynchronously) or `timeoutMs` passes; what is still above it.
 */
export async function settleResources(
  baseline: Record<string, number>,
  read: () => Record<string, number> | Promise<Record<string, number>> = activeResources,
  timeoutMs = 3000,
): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let growth = resourceGrowth(baseline, await read());
  while (Object.keys(growth).length && Date.now() < deadline) {
    await sleep(25);
    growth = resourceGrowth(baseline, await read());
  }
  return growth;
}
