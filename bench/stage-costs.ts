/**
 * Where dispatch time goes, stage by stage, without sockets: the per-message cost (µs) of
 * each step the bot performs on a C2C dispatch, measured in-process on the same frames the
 * throughput benchmark sends. Complements `node --cpu-prof` (see docs/performance.md).
 */
import { parseFrame, DEFAULT_MAX_FRAME_BYTES } from "../src/gateway/frames.js";
import type { GatewayPayload } from "../src/protocol/payloads.js";
import { createIdWindow } from "../src/messages/dedupe.js";
import { createDispatchSink } from "../src/messages/dispatch-sink.js";
import { silentLogger } from "../src/logger.js";
import { normalizeMessage } from "../src/messages/normalize.js";
import { createCounters } from "../src/stats.js";
import { messageFrame } from "./lib/frames.js";
import { round } from "./lib/stats.js";

/** µs per message of each stage. */
export type StageCosts = Record<string, number>;

function time(label: string, n: number, fn: (i: number) => void, out: StageCosts): void {
  for (let i = 0; i < Math.min(n, 20_000); i++) fn(i); // warm up
  const start = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  out[label] = round(((performance.now() - start) * 1000) / n, 3);
}

/** Measure each stage on `n` distinct frames. */
export function measureStageCosts(n = 200_000): StageCosts {
  const frames = Array.from({ length: n }, (_, i) => Buffer.from(messageFrame("large", i + 2, `stage-${i}`)));
  const out: StageCosts = {};
  const secrets = ["raw-bench-secret-0123456789", "raw-bench-token-abcdefghijklmnop"];
  const reply = () => async () => ({}) as never;
  time("JSON.parse(buf.toString()) [baseline work]", n, (i) => JSON.parse(frames[i]!.toString()), out);
  time("parseFrame", n, (i) => parseFrame(frames[i]!, false, DEFAULT_MAX_FRAME_BYTES, secrets), out);
  const payloads = frames.map((f) => (parseFrame(f, false, DEFAULT_MAX_FRAME_BYTES) as { payload: unknown }).payload);
  time("normalizeMessage (bot user known)", n, (i) => normalizeMessage(payloads[i], { shard: 0, botUserId: "11586990140073229091", reply }), out);
  const ids = createIdWindow({ max: 10_000, ttlMs: 3_600_000, now: () => Date.now() });
  time("dedupe window seen() (10 000 max, TTL)", n, (i) => ids.seen(`k-${i}`), out);
  const counters = createCounters();
  time("counters.increment ×2", n, () => {
    counters.increment("framesIn");
    counters.increment("messagesIn");
  }, out);
  const sink = createDispatchSink({
    counters, logger: silentLogger, dedupe: { max: 10_000, ttlMs: 3_600_000, shared: false }, now: () => Date.now(), reply, botUserId: () => "11586990140073229091",
  });
  let delivered = 0;
  sink.messages$.subscribe(() => delivered++);
  const fresh = frames.map((f) => (parseFrame(f, false, DEFAULT_MAX_FRAME_BYTES) as { payload: GatewayPayload & { t: string } }).payload);
  time("dispatch sink: normalise + dedupe + deliver", n, (i) => sink.deliver(fresh[i]!, 0), out);
  if (delivered < n) throw new Error(`the sink delivered ${delivered} of ${n} messages`);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(measureStageCosts(Number(process.argv[2] ?? 200_000)));
}
