/**
 * Benchmark 1 — dispatch throughput. The raw gateway (in a worker thread) writes N
 * pre-framed C2C dispatches; we time from the write command to the N-th delivery on
 * `bot.messages$`, and the same for the baseline (`ws` + `JSON.parse`). Rounds alternate
 * baseline / bot after one unmeasured warm-up of each; the medians give the ratio.
 */
import type { Subscription } from "rxjs";
import { wallNow } from "./lib/clock.js";
import { benchBot, nextState, RawClient } from "./lib/bench-bot.js";
import { startRemote } from "./lib/remote.js";
import { median, round, thousands } from "./lib/stats.js";

/** Result of {@link runThroughput}. */
export interface ThroughputResult {
  messagesPerRound: number;
  rounds: number;
  baselineMsgsPerSec: number[];
  botMsgsPerSec: number[];
  baselineMedian: number;
  botMedian: number;
  /** bot ÷ baseline (medians). */
  ratio: number;
  target: number;
}

/** Run the throughput comparison. */
export async function runThroughput(opts: { messages: number; rounds: number; botOnly?: boolean }): Promise<ThroughputResult> {
  const remote = await startRemote({ kind: "raw", options: { heartbeatIntervalMs: 60_000 } });
  const { info } = remote;
  let tag = 0;

  const baselineRound = async (): Promise<number> => {
    const client = new RawClient();
    await client.connect(info.gatewayUrl);
    await remote.call("prepare", opts.messages, `b${tag++}`);
    const done = client.expect(opts.messages);
    const start = wallNow();
    await remote.call("blast");
    await done;
    const rate = opts.messages / ((wallNow() - start) / 1000);
    client.close();
    return rate;
  };

  const botRound = async (): Promise<number> => {
    const bot = benchBot(info);
    let count = 0;
    let reached: (() => void) | undefined;
    const ready = nextState(bot, "ready");
    const sub: Subscription = bot.messages$.subscribe(() => {
      if (++count === opts.messages) reached?.();
    });
    await ready;
    await remote.call("prepare", opts.messages, `q${tag++}`);
    const done = new Promise<void>((resolve) => (reached = resolve));
    const start = wallNow();
    await remote.call("blast");
    await done;
    const rate = opts.messages / ((wallNow() - start) / 1000);
    sub.unsubscribe();
    await bot.close();
    return rate;
  };

  try {
    if (!opts.botOnly) await baselineRound();
    await botRound();
    const baseline: number[] = [];
    const bot: number[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      baseline.push(opts.botOnly ? NaN : await baselineRound());
      bot.push(await botRound());
      console.log(`  round ${r + 1}: baseline ${thousands(baseline.at(-1)!)} msg/s, qqbot-rx ${thousands(bot.at(-1)!)} msg/s`);
    }
    const baselineMedian = median(baseline);
    const botMedian = median(bot);
    return {
      messagesPerRound: opts.messages,
      rounds: opts.rounds,
      baselineMsgsPerSec: baseline.map((v) => Math.round(v)),
      botMsgsPerSec: bot.map((v) => Math.round(v)),
      baselineMedian: Math.round(baselineMedian),
      botMedian: Math.round(botMedian),
      ratio: round(botMedian / baselineMedian, 3),
      target: 0.9,
    };
  } finally {
    await remote.stop();
  }
}

// `npx tsx bench/throughput.ts [messages] [rounds] [--bot-only]`; profile the bot alone with
// `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/throughput.ts 200000 3 --bot-only`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const result = await runThroughput({ messages: Number(args[0] ?? 100_000), rounds: Number(args[1] ?? 3), botOnly: process.argv.includes("--bot-only") });
  console.log(result);
}
