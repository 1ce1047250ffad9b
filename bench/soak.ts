/**
 * `npm run soak`: the full soak — 10 000 seeded faults (close codes of every class, op 7,
 * op 9 true/false, missed ACKs, upgrade failures with `/gateway` rate limits, 5xx and broken
 * bodies) during a continuous message stream, the simulator in a worker thread so the heap
 * figure is the bot's. Prints the report, writes `bench/results/soak-<date>.json`, exits 1
 * on any violation (each names the seed).
 *
 * Usage: `npm run soak -- [--faults 10000] [--seed 12345]`
 */
import { parseArgs } from "node:util";
import { startRemote } from "./lib/remote.js";
import { writeResult } from "./lib/results.js";
import { runSoak, SOAK_PLATFORM_OPTIONS } from "./soak/engine.js";
import { remoteSoakPlatform } from "./soak/soak-platform.js";

const { values } = parseArgs({ options: { faults: { type: "string", default: "10000" }, seed: { type: "string" } } });
const faults = Number(values.faults);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
console.log(`soak: ${faults} faults, seed ${seed} (replay with --seed ${seed})`);

const remote = await startRemote({ kind: "simulator", options: SOAK_PLATFORM_OPTIONS });
let lastPrint = Date.now();
try {
  const report = await runSoak({
    platform: remoteSoakPlatform(remote),
    seed,
    faults,
    maxHeapGrowthMB: 16,
    onProgress: (done, total) => {
      if (Date.now() - lastPrint < 10_000 && done !== total) return;
      lastPrint = Date.now();
      console.log(`  ${done}/${total} faults`);
    },
  });
  console.dir(report, { depth: 3 });
  const file = writeResult("soak", { command: `npm run soak -- --faults ${faults} --seed ${seed}`, report });
  console.log(`written: ${file}`);
  if (report.violations.length) {
    console.error(`SOAK FAILED (seed ${seed}):\n  ${report.violations.join("\n  ")}`);
    process.exitCode = 1;
  } else {
    console.log(`soak passed: ${report.messages.delivered} messages, ${faults} faults, 0 lost, 0 duplicates (seed ${seed})`);
  }
} finally {
  await remote.stop();
}
