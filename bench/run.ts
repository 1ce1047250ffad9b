/**
 * `npm run bench`: every benchmark, each against baselines measured in the same run (the raw
 * `ws` + `JSON.parse` client and qq-official-bot 1.0.13), ending with the targets' table
 * (PASS/MISS). Results go to `bench/results/bench-<date>.json` (and `bench-latest.json`).
 * `--quick` runs smaller counts; `--only a,b` picks benchmarks: throughput, latency, storm,
 * recovery, memory, reconnect. See docs/performance.md.
 */
import { parseArgs } from "node:util";
import { runLatency } from "./latency.js";
import { runMemory } from "./memory.js";
import { runReconnect } from "./reconnect.js";
import { runRecovery } from "./recovery.js";
import { writeResult, machine } from "./lib/results.js";
import { mb } from "./lib/stats.js";
import { measureStageCosts } from "./stage-costs.js";
import { runStorm, STORM_CLIENTS, STORM_SCALE, type StormRun } from "./storm.js";
import { judgeTargets, printTargets, type RunResults } from "./targets.js";
import { runThroughput } from "./throughput.js";

const ALL = ["throughput", "latency", "storm", "recovery", "memory", "reconnect"];
const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, only: { type: "string" } } });
const quick = values.quick ?? false;
const only = new Set((values.only ?? ALL.join(",")).split(",").map((s) => s.trim()));
for (const name of only) if (!ALL.includes(name)) throw new Error(`--only: unknown benchmark "${name}" (one of ${ALL.join(", ")})`);
const counts = quick
  ? { messages: 50_000, rounds: 3, latencySeconds: 1, latencyRounds: 2, storms: [10, 50], runs: 50, zombieRuns: 10, bots: 10, memMessages: 200_000,
      reconnect: { warmup: 1000, count: 300, batch: 50, batches: 3, growthCount: 1000 } }
  : { messages: 200_000, rounds: 5, latencySeconds: 2, latencyRounds: 5, storms: [10, 100], runs: 150, zombieRuns: 60, bots: 50, memMessages: 1_000_000,
      reconnect: { warmup: 1000, count: 1000, batch: 50, batches: 8, growthCount: 10_000 } };

const results: Record<string, unknown> = { quick, counts };
const judged: RunResults = {};
const timings: Record<string, number> = {};
const started = Date.now();
const section = async <T>(name: string, title: string, fn: () => Promise<T>): Promise<T> => {
  console.log(`\n== ${name}: ${title}`);
  const t0 = Date.now();
  const out = await fn();
  timings[name] = Math.round((Date.now() - t0) / 1000);
  return out;
};

console.log("machine", machine());

if (only.has("throughput")) {
  const t = await section("throughput", "CPU µs per message, raw ws + JSON.parse vs qqbot-rx vs qq-official-bot", () =>
    runThroughput({ messages: counts.messages, rounds: counts.rounds }));
  judged.throughput = t;
  const stages = measureStageCosts(100_000);
  results.throughput = { ...t, stageCostsMicros: stages };
  console.log("stage costs (µs per message, in this process, large frames):");
  console.table(stages);
}

if (only.has("latency")) {
  const l = await section("latency", "delivery at 20 000 msg/s", () => runLatency({ perSecond: 20_000, seconds: counts.latencySeconds, rounds: counts.latencyRounds }));
  judged.latency = l;
  results.latency = l;
}

if (only.has("storm")) {
  const runs: StormRun[] = await section("storm", "closes 4009 in a row, /gateway limited to 2 calls per window (time ÷ 200)", async () => {
    const out: StormRun[] = [];
    for (const n of counts.storms) for (const kind of STORM_CLIENTS) out.push(await runStorm(kind, n));
    return out;
  });
  judged.storm = { runs };
  results.storm = { scale: STORM_SCALE, runs };
  console.table(runs.map((r) => ({
    client: r.client, closes: r.closes, recovered: `${r.recovered} (${r.recoveredByResume} resumed)`, dead: r.dead,
    connections: r.connectionsOpened, "open at end": r.socketsOpenAtEnd, "open after close()": r.socketsOpenAfterClose,
    "/gateway": r.gatewayCalls, "rate-limited": r.rateLimited, identifies: r.identifies,
    "msgs once/twice/lost": `${r.deliveredOnce}/${r.deliveredTwiceOrMore}/${r.lost}`, "recover p50/max ms": `${r.recoverP50Ms}/${r.recoverMaxMs}`,
    "handles left": JSON.stringify(r.handlesLeftAfterClose),
  })));
}

if (only.has("recovery")) {
  const r = await section("recovery", "fault → RESUMED (or READY) as the platform sees it", () =>
    runRecovery({ runs: counts.runs, zombieRuns: counts.zombieRuns, zombieIntervalMs: 100 }));
  results.recovery = r;
  console.table(r);
}

if (only.has("memory")) {
  const m = await section("memory", "idle bots (raw, qqbot-rx, qq-official-bot), extra shards, 1 000 000 messages", () =>
    runMemory({ bots: counts.bots, messages: counts.memMessages }));
  judged.memory = m;
  results.memory = m;
  for (const i of m.idle) if (i.warnings.length) console.log(`  ${i.kind} warnings: ${i.warnings.join(" | ")}`);
  console.log(`  ${m.messages.count} messages through qqbot-rx: heap ${m.messages.heapAfterWarmupMB} → ${m.messages.heapAfterMB} MB (growth ${mb(m.messages.growthMB * 1e6)})`);
}

if (only.has("reconnect")) {
  const r = await section("reconnect", "CPU and allocation per reconnect, growth over many", () => runReconnect(counts.reconnect));
  judged.reconnect = r;
  results.reconnect = r;
  const g = r.growth;
  console.log(`  ${g.count} reconnects: heap ${g.heapAfterWarmupMB} → ${g.heapAfterMB} MB (samples ${g.samplesMB.join(", ")}); handles (1.5 s after) ${JSON.stringify(g.resourcesGrowthWhileRunning)}, ` +
    `at once after the last reconnect ${JSON.stringify(g.resourcesRightAfterLastReconnect)}; listeners +${g.processListenersGrowth}; object kinds growing ${JSON.stringify(g.objectsGrowing)}; left after close ${JSON.stringify(g.resourcesLeftAfterClose)}`);
  const staying = new Set(g.timersOfRunningBot.map((t) => t.site));
  console.log("  timers of the running bot (1.5 s after the last reconnect), by creation site:");
  for (const t of g.timersOfRunningBot) console.log(`    ${t.count} × ${t.site}`);
  console.log("  timers alive at once after a reconnect that are gone 1.5 s later:");
  for (const t of g.timersRightAfterLastReconnect.filter((x) => !staying.has(x.site))) {
    console.log(`    ${t.count} × ${t.site}\n      ${t.stack.filter((f) => !f.includes("node_modules")).slice(1, 5).join("\n      ")}`);
  }
}

const targets = judgeTargets(judged);
printTargets(targets);
results.targets = targets;
results.durationsSec = { ...timings, total: Math.round((Date.now() - started) / 1000) };
const file = writeResult("bench", { command: `npm run bench${quick ? " -- --quick" : ""}${values.only ? ` -- --only ${values.only}` : ""}`, ...results });
console.log(`\ntotal ${Math.round((Date.now() - started) / 1000)} s; results: ${file}`);
