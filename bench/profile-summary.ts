/**
 * Summarise a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by
 * file, top N. Used to find where dispatch time goes.
 *
 * Usage: `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`; profiles of the benchmarked
 * clients come from `BENCH_CPU_PROF_DIR=/tmp/prof npm run bench -- --only throughput`.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Self time (ms) per key. */
export function selfTimes(profile: Profile, keyOf: (n: ProfileNode) => string): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const key = keyOf(node);
    out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return out;
}

const shortUrl = (url: string): string => url.replace(/.*node_modules\//, "nm/").replace(/^file:\/\/.*?\/(src|bench)\//, "$1/") || "(native)";

/** Coarse layer of a frame: rxjs, ws, a src/ directory, GC, idle, node internals, other. */
export function layerOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (functionName === "(idle)") return "(idle)";
  if (functionName === "(garbage collector)") return "(garbage collector)";
  if (url.includes("node_modules/rxjs/")) return "rxjs operators/subjects";
  if (url.includes("node_modules/ws/")) return "ws (framing, receiver)";
  const src = /\/src\/([^/]+)\//.exec(url) ?? /\/src\/([^/]+)\.ts/.exec(url);
  if (src) return `src/${src[1]}`;
  if (url.startsWith("node:")) return "node internals (net, streams, buffer)";
  if (!url) return `native (${functionName || "?"})`;
  if (url.includes("/bench/")) return "bench harness";
  return shortUrl(url).split("/").slice(0, 2).join("/");
}

function top(map: Map<string, number>, n: number, total: number): void {
  for (const [k, v] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${v.toFixed(0).padStart(6)} ms  ${k}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const profile = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Profile;
  const n = Number(process.argv[3] ?? 30);
  const total = (profile.endTime - profile.startTime) / 1000;
  console.log(`total ${total.toFixed(0)} ms`);
  console.log("-- by function");
  top(selfTimes(profile, (x) => `${x.callFrame.functionName || "(anonymous)"} ${shortUrl(x.callFrame.url)}:${x.callFrame.lineNumber + 1}`), n, total);
  console.log("-- by file");
  top(selfTimes(profile, (x) => shortUrl(x.callFrame.url)), n, total);
  console.log("-- by layer");
  top(selfTimes(profile, (x) => layerOf(x)), n, total);
}
