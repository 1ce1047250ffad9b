/**
 * Object counts from V8 heap snapshots, to tell a leak (objects piling up) from heap noise
 * (compiled code, which grows while the JIT warms up). Snapshots go to a temp directory
 * and are deleted after counting.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeHeapSnapshot } from "node:v8";
import { gcFunction } from "./resources.js";

/** Live objects and closures by constructor / function name. */
export type ObjectCounts = Map<string, number>;

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Take a snapshot (after a GC) and count `object` and `closure` nodes by name. */
export function countHeapObjects(): ObjectCounts {
  gcFunction()();
  const dir = mkdtempSync(join(tmpdir(), "qqbot-rx-heap-"));
  try {
    const file = writeHeapSnapshot(join(dir, "snap.heapsnapshot"));
    const snap = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
    const fields = snap.snapshot.meta.node_fields;
    const types = snap.snapshot.meta.node_types[0];
    const width = fields.length;
    const typeAt = fields.indexOf("type");
    const nameAt = fields.indexOf("name");
    const out: ObjectCounts = new Map();
    for (let i = 0; i < snap.nodes.length; i += width) {
      const type = types[snap.nodes[i + typeAt]!];
      if (type !== "object" && type !== "closure") continue;
      const name = `${type === "closure" ? "closure " : ""}${snap.strings[snap.nodes[i + nameAt]!]}`;
      out.set(name, (out.get(name) ?? 0) + 1);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The names whose count grew by more than `minGrowth`, largest growth first. */
export function objectGrowth(before: ObjectCounts, after: ObjectCounts, minGrowth: number): Array<{ name: string; growth: number }> {
  const out: Array<{ name: string; growth: number }> = [];
  for (const [name, n] of after) {
    const growth = n - (before.get(name) ?? 0);
    if (growth > minGrowth) out.push({ name, growth });
  }
  return out.sort((a, b) => b.growth - a.growth);
}

/** Counts of a few names that would betray a socket, timer, dispatcher or subscription leak. */
export function watchedCounts(counts: ObjectCounts): Record<string, number> {
  const names = ["WebSocket", "Socket", "Timeout", "Agent", "Pool", "Client", "Subscriber", "SafeSubscriber", "Subscription", "Subject", "EventEmitter", "AbortController"];
  return Object.fromEntries(names.map((n) => [n, counts.get(n) ?? 0]));
}
