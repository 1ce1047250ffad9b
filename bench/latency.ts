/**
 * Benchmark 2 — delivery latency under a steady load. A raw gateway (in this process) sends
 * `C2C_MESSAGE_CREATE` frames at `perSecond` to one client process at a time, each frame
 * carrying its send time on CLOCK_MONOTONIC (shared by all processes on Linux); the client
 * records delivery − send for every message (at its `messages$` subscriber / listener).
 * Rounds rotate the client order; the target compares qqbot-rx's p99 with raw's, paired by round.
 */
import type { LatencySummary } from "./clients/measures.js";
import type { ClientKind } from "./clients/types.js";
import type { FrameSize } from "./lib/frames.js";
import { type Lane, rotated, withLanes } from "./lib/lanes.js";
import { median, round, thousands } from "./lib/stats.js";

/** Clients of this benchmark (qq-official-bot for reference; the target is qqbot-rx vs raw). */
export const LATENCY_CLIENTS: readonly ClientKind[] = ["raw", "qqbot-rx", "qq-official-bot"];

/** Result of {@link runLatency}. */
export interface LatencyResult {
  perSecond: number;
  messagesPerRound: number;
  rounds: number;
  frameSize: FrameSize;
  /** Per client, one summary per round. */
  clients: Record<string, LatencySummary[]>;
  /** qqbot-rx p99 − raw p99 per round, ms. */
  p99ExcessMs: number[];
  medianP99ExcessMs: number;
}

async function series(lane: Lane, perSecond: number, count: number, tag: string, size: FrameSize): Promise<LatencySummary> {
  await lane.proc.call("armLatency", count);
  await lane.gateway.pace(perSecond, count, tag, size);
  return lane.proc.call<LatencySummary>("latencyDone", 30_000);
}

/** Run the latency comparison. */
export async function runLatency(opts: { perSecond: number; seconds: number; rounds: number; size?: FrameSize }): Promise<LatencyResult> {
  const size = opts.size ?? "large";
  const count = Math.round(opts.perSecond * opts.seconds);
  return withLanes(LATENCY_CLIENTS, async (lanes) => {
    let tag = 0;
    for (const lane of lanes) await series(lane, opts.perSecond, Math.round(opts.perSecond / 2), `lw${tag++}`, size); // warm-up
    const clients: Record<string, LatencySummary[]> = Object.fromEntries(lanes.map((l) => [l.kind, []]));
    console.log(`  ${thousands(opts.perSecond)} msg/s × ${opts.seconds} s per client and round, ${size} frames`);
    for (let r = 0; r < opts.rounds; r++) {
      const line: string[] = [];
      for (const lane of rotated(lanes, r)) {
        const s = await series(lane, opts.perSecond, count, `l${tag++}`, size);
        clients[lane.kind]!.push(s);
        line.push(`${lane.kind} p50 ${s.p50Ms} / p99 ${s.p99Ms} / max ${s.maxMs} ms (GC max ${s.gcMaxPauseMs} ms)${s.count < count ? ` (only ${s.count} of ${count} arrived)` : ""}`);
      }
      console.log(`    round ${r + 1}: ${line.join(" · ")}`);
    }
    const raw = clients["raw"]!;
    const rx = clients["qqbot-rx"]!;
    const excess = rx.map((s, i) => (s.count === count && raw[i]!.count === count ? round(s.p99Ms - raw[i]!.p99Ms, 3) : NaN));
    return {
      perSecond: opts.perSecond,
      messagesPerRound: count,
      rounds: opts.rounds,
      frameSize: size,
      clients,
      p99ExcessMs: excess,
      medianP99ExcessMs: excess.some((e) => Number.isNaN(e)) ? NaN : median(excess),
    };
  });
}

// `npx tsx bench/latency.ts [perSecond] [seconds] [rounds]`
if (import.meta.url === `file://${process.argv[1]}`) {
  const a = process.argv.slice(2).map(Number);
  console.dir(await runLatency({ perSecond: a[0] || 20_000, seconds: a[1] || 2, rounds: a[2] || 2 }), { depth: 4 });
}
