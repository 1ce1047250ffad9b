/**
 * `npm run bench:cluster`: a rolling restart of a 100-shard cluster, measured (not part of
 * `npm test`; its 2 × 2 version is test/integration/cluster-rolling-restart.test.ts). Starts
 * its own `redis-server` and the simulator (100 shards, `max_concurrency` 10 per 5 s, `/gateway`
 * limited to 2 calls a minute), runs 10 worker processes × 10 shards with messages streaming to
 * every shard, restarts each process in turn with SIGTERM, then one with SIGKILL, and prints
 * lost / delivered twice / IDENTIFYs / RESUMEs / identify rate / `/gateway/bot` calls / time to
 * ready / RSS. Runs the scenario with `dedupe.shared` on and off (`--dedupe both`, the default, is
 * `shared,local`; any order or one of them: `--dedupe local,shared`, `--dedupe shared`).
 * Results: bench/results/cluster-<date>.json and cluster-latest.json; see docs/performance.md.
 *
 *   npm run bench:cluster [-- --processes 10 --shards 10 --max-concurrency 10 --window-ms 5000 --rate 2 --dedupe both]
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { startRedisServer } from "../test/helpers/redis-server.js";
import { runRollingRestart, type RollingRestartReport } from "./cluster/rolling-restart.js";
import { machine, writeResult } from "./lib/results.js";
import { median } from "./lib/stats.js";

const { values } = parseArgs({
  options: {
    processes: { type: "string", default: "10" },
    shards: { type: "string", default: "10" },
    "max-concurrency": { type: "string", default: "10" },
    "window-ms": { type: "string", default: "5000" },
    rate: { type: "string", default: "2" },
    "settle-ms": { type: "string", default: "2000" },
    sigkills: { type: "string", default: "1" },
    dedupe: { type: "string", default: "both" },
  },
});
const num = (name: keyof typeof values): number => Number(values[name]);
// "both" = shared then local; or a comma-separated order such as "local,shared".
const modes = (values.dedupe === "both" ? "shared,local" : values.dedupe ?? "shared").split(",").map((m) => m.trim() === "shared");
const log = (line: string): void => console.log(`${new Date().toISOString().slice(11, 23)} ${line}`);

console.log("machine", machine());
/** A process started like a worker that loads the library but runs no bot: its RSS and load time (medians of 3). */
async function idleBaseline(): Promise<{ rssMB: number; loadedMs: number }> {
  const idle = fileURLToPath(new URL("./cluster/idle-process.ts", import.meta.url));
  const samples: Array<{ rss: number; loadedMs: number }> = [];
  for (let i = 0; i < 3; i++) samples.push(JSON.parse((await promisify(execFile)(process.execPath, ["--import", "tsx", idle])).stdout));
  return { rssMB: Math.round(median(samples.map((s) => s.rss)) / 1e6), loadedMs: median(samples.map((s) => s.loadedMs)) };
}
const idle = await idleBaseline();
const idleRssMB = idle.rssMB;
log(`baseline: an idle node --import tsx process with qqbot-rx loaded: ${idle.rssMB} MB RSS, loaded ${idle.loadedMs} ms after its start`);
const redis = await startRedisServer();
const reports: RollingRestartReport[] = [];
try {
  for (const shared of modes) {
    log(`== ${num("processes")} processes × ${num("shards")} shards, dedupe.shared ${shared}`);
    reports.push(await runRollingRestart({
      redisUrl: redis.url, keyPrefix: `bench-${shared ? "shared" : "local"}:`,
      processes: num("processes"), shardsPerProcess: num("shards"),
      maxConcurrency: num("max-concurrency"), identifyWindowMs: num("window-ms"), identifyMarginMs: 500,
      gatewayRateLimit: { calls: 2, windowMs: 60_000 },
      messagesPerShardPerSecond: num("rate"), settleMs: num("settle-ms"), sigkills: num("sigkills"), sharedDedupe: shared,
      readyTimeoutMs: 60_000, drainTimeoutMs: 30_000, log,
    }));
  }
} finally {
  await redis.stop();
}

const row = (r: RollingRestartReport) => ({
  "dedupe.shared": r.sharedDedupe,
  shards: `${r.processes} × ${r.shards / r.processes}`,
  "messages pushed": r.pushed,
  lost: r.lost,
  "delivered twice": r.deliveredTwice,
  "replays dropped by claims": r.claimDrops,
  IDENTIFYs: r.identifies,
  RESUMEs: r.resumes,
  "RESUMEs refused": r.resumesRejected,
  [`max IDENTIFYs per ${r.identifyWindowMs / 1000} s`]: `${r.identifyMaxPerWindow} (limit ${r.maxConcurrency})`,
  "4008 closes": r.closes4008,
  "/gateway/bot calls": r.gatewayBotCalls,
  "/gateway calls": r.gatewayCalls,
  "rate-limited": r.gatewayRateLimited,
  "startup (all shards ready), s": (r.startupMs / 1000).toFixed(1),
  "SIGTERM → successor ready, median / max ms": `${r.readyAfterRestartMs.SIGTERM.median} / ${r.readyAfterRestartMs.SIGTERM.max}`,
  "SIGKILL → successor ready, ms": `${r.readyAfterRestartMs.SIGKILL.median} / ${r.readyAfterRestartMs.SIGKILL.max}`,
  "SIGTERM → exit, max ms": Math.max(0, ...r.restarts.filter((x) => x.signal === "SIGTERM").map((x) => x.exitMs)),
  "RSS per process, median / max MB": `${r.rssMB.median} / ${r.rssMB.max}`,
  "RSS over the idle baseline, median MB": r.rssMB.median - idleRssMB,
  "wall time, s": Math.round(r.wallMs / 1000),
});
console.log();
console.table(Object.fromEntries(Object.keys(row(reports[0]!)).map((k) => [k, Object.fromEntries(reports.map((r, i) => [`run ${i + 1}`, (row(r) as Record<string, unknown>)[k]]))])));
const args = process.argv.slice(2).join(" ");
const file = writeResult("cluster", { command: `npm run bench:cluster${args ? ` -- ${args}` : ""}`, idle, reports });
console.log(`results: ${file}`);
