/**
 * The lanes of the throughput and latency benchmarks: per client kind, a client process and a
 * raw gateway (in this process) that feeds only it, so a client's CPU and latency are its own.
 * Rounds visit the lanes in rotated order, so each client goes first in turn.
 *
 * @example
 * ```ts
 * await withLanes(["raw", "qqbot-rx"], async (lanes) => {
 *   for (let r = 0; r < rounds; r++) for (const lane of rotated(lanes, r)) await oneRound(lane);
 * });
 * ```
 */
import type { ClientKind } from "../clients/types.js";
import { type ClientProcess, startClientProcess } from "./client-process.js";
import { infoOf } from "./platform-watch.js";
import { type RawGateway, startRawGateway } from "./raw-gateway.js";

/** One client under test and the raw gateway connected to it. */
export interface Lane {
  kind: ClientKind;
  proc: ClientProcess;
  gateway: RawGateway;
}

/**
 * For each of `kinds` in order, start a raw gateway and a client process connected to it, then
 * run `body` on the lanes; every process started is stopped and every gateway closed afterwards,
 * whatever `body` did.
 */
export async function withLanes<T>(kinds: readonly ClientKind[], body: (lanes: Lane[]) => Promise<T>): Promise<T> {
  const lanes: Lane[] = [];
  try {
    for (const kind of kinds) {
      const gateway = await startRawGateway({ heartbeatIntervalMs: 60_000 });
      const proc = await startClientProcess(kind);
      lanes.push({ kind, proc, gateway });
      await proc.call("start", { kind, info: infoOf(gateway) });
    }
    return await body(lanes);
  } finally {
    for (const lane of lanes) {
      await lane.proc.stop();
      await lane.gateway.close();
    }
  }
}

/** The order of round `r`: `items` rotated left by `r`. */
export function rotated<T>(items: readonly T[], r: number): T[] {
  return items.map((_, i) => items[(i + r) % items.length]!);
}
