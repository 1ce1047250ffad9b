/**
 * Benchmark 1 — dispatch throughput, CPU per message. Three clients receive the same
 * `C2C_MESSAGE_CREATE` frames: the raw baseline (`ws` + `JSON.parse`), qqbot-rx (one
 * `messages$` subscriber) and qq-official-bot (a `message.private.friend` listener), each in
 * its own process with its own raw gateway (`lib/raw-gateway.ts`, in this process), so the
 * CPU measured in a client process (`process.cpuUsage()`, every thread, from arming to the
 * last delivery) is the client's alone. Per frame size: one unmeasured warm-up round per
 * client, then `rounds` rounds of the three in rotated order; a round counts only if the
 * client delivered every frame exactly once, in order. Ratios are paired per round.
 */
import type { ClientKind } from "./clients/types.js";
import { FRAME_SIZES, type FrameSize, messageFrame } from "./lib/frames.js";
import { type Lane, rotated, withLanes } from "./lib/lanes.js";
import { median, round, thousands } from "./lib/stats.js";
import type { RoundResult } from "./clients/measures.js";

/** The clients of this benchmark, in the order of round 1. */
export const THROUGHPUT_CLIENTS: readonly ClientKind[] = ["raw", "qqbot-rx", "qq-official-bot"];

/** One client's rounds of one frame size. */
export interface ClientSeries {
  /** CPU µs per message, per measured round (NaN for an invalid round). */
  cpuUsPerMsg: number[];
  /** Wall-clock messages per second, per round. */
  msgsPerSec: number[];
  medianCpuUsPerMsg: number;
  /** Rounds that failed the exactly-once check, with what was wrong. */
  invalid: string[];
}

/** Paired per-round ratios, summarised. */
export interface RatioSummary {
  perRound: number[];
  min: number;
  median: number;
  max: number;
}

/** Results for one frame size. */
export interface SizeResult {
  size: FrameSize;
  frameBytes: number;
  clients: Record<string, ClientSeries>;
  /** raw µs ÷ qqbot-rx µs per round: qqbot-rx's speed as a fraction of raw's. */
  rxVsRaw: RatioSummary;
  /** qq-official-bot µs ÷ qqbot-rx µs per round: how many times faster qqbot-rx is. */
  rxVsPeer: RatioSummary;
}

/** Result of {@link runThroughput}. */
export interface ThroughputResult {
  messagesPerRound: number;
  rounds: number;
  sizes: SizeResult[];
}

async function oneRound(lane: Lane, messages: number, tag: string, size: FrameSize): Promise<RoundResult> {
  lane.gateway.prepare(messages, tag, size);
  await lane.proc.call("arm", messages);
  await lane.gateway.blast();
  return lane.proc.call<RoundResult>("roundDone", 120_000, 50);
}

function problem(r: RoundResult, messages: number): string | undefined {
  if (r.delivered !== messages) return `delivered ${r.delivered} of ${messages}`;
  if (r.outOfOrder) return `${r.outOfOrder} out of order/duplicated`;
  if (r.extra) return `${r.extra} extra deliveries`;
  return undefined;
}

function ratios(num: number[], den: number[]): RatioSummary {
  const perRound = num.map((n, i) => round(n / den[i]!, 3)).filter((r) => Number.isFinite(r));
  return {
    perRound,
    min: perRound.length ? Math.min(...perRound) : NaN,
    median: perRound.length ? median(perRound) : NaN,
    max: perRound.length ? Math.max(...perRound) : NaN,
  };
}

/** Run every frame size. */
export async function runThroughput(opts: { messages: number; rounds: number; sizes?: readonly FrameSize[] }): Promise<ThroughputResult> {
  return withLanes(THROUGHPUT_CLIENTS, async (lanes) => {
    const sizes: SizeResult[] = [];
    let tag = 0;
    for (const size of opts.sizes ?? FRAME_SIZES) {
      const frameBytes = messageFrame(size, 123_456, "t9-123456").length;
      console.log(`  ${size} frames (${frameBytes} B), ${thousands(opts.messages)} per round`);
      for (const lane of lanes) await oneRound(lane, Math.min(opts.messages, 50_000), `w${tag++}`, size); // warm-up
      const series: Record<string, ClientSeries> = {};
      for (const lane of lanes) series[lane.kind] = { cpuUsPerMsg: [], msgsPerSec: [], medianCpuUsPerMsg: NaN, invalid: [] };
      for (let r = 0; r < opts.rounds; r++) {
        const line: string[] = [];
        for (const lane of rotated(lanes, r)) {
          const res = await oneRound(lane, opts.messages, `r${tag++}`, size);
          const s = series[lane.kind]!;
          const bad = problem(res, opts.messages);
          if (bad) s.invalid.push(`round ${r + 1}: ${bad}`);
          s.cpuUsPerMsg[r] = bad ? NaN : round(res.cpuUs / opts.messages, 3);
          s.msgsPerSec[r] = bad ? NaN : Math.round(opts.messages / (res.wallMs / 1000));
          line.push(`${lane.kind} ${bad ? `INVALID (${bad})` : `${s.cpuUsPerMsg[r]} µs`}`);
        }
        console.log(`    round ${r + 1}: ${line.join(" · ")}`);
      }
      for (const s of Object.values(series)) s.medianCpuUsPerMsg = median(s.cpuUsPerMsg.filter(Number.isFinite));
      const raw = series["raw"]!.cpuUsPerMsg;
      const rx = series["qqbot-rx"]!.cpuUsPerMsg;
      const peer = series["qq-official-bot"]!.cpuUsPerMsg;
      sizes.push({ size, frameBytes, clients: series, rxVsRaw: ratios(raw, rx), rxVsPeer: ratios(peer, rx) });
    }
    return { messagesPerRound: opts.messages, rounds: opts.rounds, sizes };
  });
}

// `npx tsx bench/throughput.ts [messages] [rounds]`
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const result = await runThroughput({ messages: Number(args[0] ?? 100_000), rounds: Number(args[1] ?? 3) });
  console.dir(result, { depth: 5 });
}
