/**
 * `npm run bench`: every benchmark, each against a baseline measured in the same run,
 * printed as ratios and written to `bench/results/bench-<date>.json` (and
 * `bench-latest.json`). `--quick` runs a tenth of the counts; `--only a,b` picks
 * benchmarks (throughput, storm, recovery, memory). See docs/performance.md.
 */
import { parseArgs } from "node:util";
import { runMemory, type MemoryResult } from "./memory.js";
import { runRecovery, type RecoveryStats } from "./recovery.js";
import { writeResult, machine } from "./lib/results.js";
import { mb, thousands } from "./lib/stats.js";
import { measureStageCosts } from "./stage-costs.js";
import { runStorm, STORM_SCALE, type StormRun } from "./storm.js";
import { runThroughput, type ThroughputResult } from "./throughput.js";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, only: { type: "string" } } });
const quick = values.quick ?? false;
const only = new Set((values.only ?? "throughput,storm,recovery,memory").split(","));
const counts = quick
  ? { messages: 50_000, rounds: 3, storms: [10, 100], runs: 50, zombieRuns: 15, memMessages: 100_000, reconnects: 1000 }
  : { messages: 200_000, rounds: 5, storms: [10, 100, 1000], runs: 300, zombieRuns: 60, memMessages: 1_000_000, reconnects: 10_000 };

const results: Record<string, unknown> = { quick, counts };
const timings: Record<string, number> = {};
const started = Date.now();
const section = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
  console.log(`\n== ${name}`);
  const t0 = Date.now();
  const out = await fn();
  timings[name] = Math.round((Date.now() - t0) / 1000);
  return out;
};

console.log("machine", machine());

if (only.has("throughput")) {
  const t: ThroughputResult = await section("1. dispatch throughput (raw ws + JSON.parse baseline)", () => runThroughput({ messages: counts.messages, rounds: counts.rounds }));
  const stages = measureStageCosts(100_000);
  results.throughput = { ...t, stageCostsMicros: stages };
  console.log(`baseline ${thousands(t.baselineMedian)} msg/s · qqbot-rx ${thousands(t.botMedian)} msg/s · ratio ${t.ratio}× (target ≥ ${t.target}×: ${t.ratio >= t.target ? "met" : "MISSED"})`);
  console.log(`per-message baseline ${(1e6 / t.baselineMedian).toFixed(2)} µs, qqbot-rx ${(1e6 / t.botMedian).toFixed(2)} µs; stage costs (µs, in-process):`);
  console.table(stages);
}

if (only.has("storm")) {
  const runs: StormRun[] = await section("2. storm cost (/gateway limited to 2 calls per window; naive client baseline)", async () => {
    const out: StormRun[] = [];
    for (const n of counts.storms) {
      out.push(await runStorm("qqbot-rx", n));
      out.push(await runStorm("naive", n));
    }
    return out;
  });
  results.storm = { scale: STORM_SCALE, runs };
  console.table(runs.map((r) => ({
    client: r.client, closes: r.closes, survived: r.closesSurvived, "/gateway calls": r.gatewayCalls, "rate-limited": r.rateLimited,
    "recover p50 ms": r.recoverP50Ms, "recover max ms": r.recoverMaxMs, "last close → ready ms": r.lastRecoverMs, fatal: r.fatal,
  })));
  for (const n of counts.storms) {
    const bot = runs.find((r) => r.client === "qqbot-rx" && r.closes === n)!;
    const naive = runs.find((r) => r.client === "naive" && r.closes === n)!;
    console.log(`storm ${n}: /gateway calls qqbot-rx ${bot.gatewayCalls} vs naive ${naive.gatewayCalls} (naive survived ${naive.closesSurvived}/${n} closes, fatal: ${naive.fatal}); qqbot-rx fatal: ${bot.fatal}`);
  }
}

if (only.has("recovery")) {
  const r: RecoveryStats[] = await section("3. recovery latency (fault → RESUMED)", () => runRecovery({ runs: counts.runs, zombieRuns: counts.zombieRuns, zombieIntervalMs: 100 }));
  results.recovery = r;
  console.table(r);
}

if (only.has("memory")) {
  const m: MemoryResult = await section("4. memory", () => runMemory({ messages: counts.memMessages, reconnects: counts.reconnects }));
  results.memory = m;
  console.log(`${thousands(m.messages.count)} messages: heap ${m.messages.heapAfterWarmupMB} → ${m.messages.heapAfterMB} MB (growth ${mb(m.messages.growthMB * 1e6)})`);
  console.log(`${thousands(m.reconnects.count)} reconnects: heap ${m.reconnects.heapAfterWarmupMB} → ${m.reconnects.heapAfterMB} MB (growth ${mb(m.reconnects.growthMB * 1e6)}); ` +
    `object kinds growing: ${m.reconnects.objectsGrowing.length}; resources while running +${JSON.stringify(m.reconnects.resourcesGrowthWhileRunning)}; ` +
    `process listeners +${m.reconnects.processListenersGrowth}; left after close ${JSON.stringify(m.reconnects.resourcesLeftAfterClose)}`);
  console.table(m.reconnects.watched);
}

results.durationsSec = { ...timings, total: Math.round((Date.now() - started) / 1000) };
const file = writeResult("bench", { command: `npm run bench${quick ? " -- --quick" : ""}${values.only ? ` -- --only ${values.only}` : ""}`, ...results });
console.log(`\ntotal ${Math.round((Date.now() - started) / 1000)} s; results: ${file}`);
