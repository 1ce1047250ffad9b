/**
 * What a client process records about the messages its clients deliver: a throughput tally
 * (count, order, CPU and wall time from arming to the last message), delivery latencies, and
 * per-id delivery counts. Each is a sink; the host switches between them.
 */
import { monoUs } from "../lib/clock.js";
import { percentile, round } from "../lib/stats.js";

/** One throughput round as the client process saw it. */
export interface RoundResult {
  /** Messages delivered when the round completed (must equal the target). */
  delivered: number;
  /** Deliveries whose seq was not the previous one + 1 (duplicates, gaps, reordering). */
  outOfOrder: number;
  /** Deliveries after the target was reached (must be 0). */
  extra: number;
  /** CPU (user + system, all threads of the process) from arming to the last delivery, µs. */
  cpuUs: number;
  /** Wall time from the first delivery to the last, ms. */
  wallMs: number;
}

/** Counts a round of `target` messages and measures the CPU it took. */
export class Tally {
  private target = 0;
  private count = 0;
  private next = -1;
  private outOfOrder = 0;
  private cpu0: NodeJS.CpuUsage = process.cpuUsage();
  private first = 0;
  private result: RoundResult | undefined;
  private waiter: ((r: RoundResult) => void) | undefined;

  /** Start a round: the CPU clock starts now. */
  arm(target: number): void {
    this.target = target;
    this.count = 0;
    this.next = -1;
    this.outOfOrder = 0;
    this.result = undefined;
    this.first = 0;
    this.cpu0 = process.cpuUsage();
  }

  /** The sink. */
  readonly record = (seq: number): void => {
    if (this.count === 0) this.first = monoUs();
    else if (seq !== this.next) this.outOfOrder += 1;
    this.next = seq + 1;
    if (++this.count === this.target) {
      const cpu = process.cpuUsage(this.cpu0);
      this.result = { delivered: this.count, outOfOrder: this.outOfOrder, extra: 0, cpuUs: cpu.user + cpu.system, wallMs: (monoUs() - this.first) / 1000 };
      this.waiter?.(this.result);
    }
  };

  /** Resolve with the round once complete (then after `settleMs` more, with late extras counted). */
  async done(timeoutMs: number, settleMs: number): Promise<RoundResult> {
    const result = this.result ?? (await new Promise<RoundResult | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      this.waiter = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
    }));
    this.waiter = undefined;
    if (!result) return { delivered: this.count, outOfOrder: this.outOfOrder, extra: 0, cpuUs: NaN, wallMs: NaN };
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return { ...result, extra: this.count - this.target };
  }
}

/** Latency summary of one series, ms. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** GC pauses in the client process during the series (filled in by the host). */
  gcPauses?: number;
  gcMajor?: number;
  gcMaxPauseMs?: number;
  gcTotalMs?: number;
}

/** Records `content`-embedded send times (`t=<µs>`) against the delivery time. */
export class LatencyRecorder {
  private samples = new Float64Array(0);
  private n = 0;
  private waiter: (() => void) | undefined;

  arm(count: number): void {
    this.samples = new Float64Array(count);
    this.n = 0;
  }

  readonly record = (content: string): void => {
    if (this.n >= this.samples.length) return;
    this.samples[this.n++] = monoUs() - Number(content.slice(2));
    if (this.n === this.samples.length) this.waiter?.();
  };

  async done(timeoutMs: number): Promise<LatencySummary> {
    if (this.n < this.samples.length) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const ms = Array.from(this.samples.subarray(0, this.n), (us) => us / 1000);
    return {
      count: this.n,
      p50Ms: round(percentile(ms, 50), 3),
      p90Ms: round(percentile(ms, 90), 3),
      p99Ms: round(percentile(ms, 99), 3),
      p999Ms: round(percentile(ms, 99.9), 3),
      maxMs: round(ms.reduce((a, b) => Math.max(a, b), 0), 3),
    };
  }
}

/** How often each message id was delivered. */
export class IdCounter {
  private readonly seen = new Map<string, number>();

  readonly record = (id: string): void => {
    this.seen.set(id, (this.seen.get(id) ?? 0) + 1);
  };

  /** Every id and its count. */
  snapshot(): { delivered: number; counts: Record<string, number> } {
    let delivered = 0;
    for (const n of this.seen.values()) delivered += n;
    return { delivered, counts: Object.fromEntries(this.seen) };
  }

  clear(): void {
    this.seen.clear();
  }
}
