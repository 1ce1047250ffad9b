/**
 * Figures of a rolling restart: the identify rate the platform saw, and restart times.
 *
 * @example
 * ```ts
 * maxInWindow([0, 100, 5200, 5300], 5000); // 2: never more than 2 inside any 5 s
 * ```
 */

/** One process restarted. */
export interface RestartFigure {
  /** Which worker (its shards: `slot × shardsPerProcess …`). */
  slot: number;
  signal: "SIGTERM" | "SIGKILL";
  /** Exit code of the stopped process (`null` when a signal ended it). */
  exitCode: number | null;
  /** Signal → the process gone. */
  exitMs: number;
  /** Signal → every shard of its successor ready (process start included). */
  readyMs: number;
  /** RESUMEs / refused RESUMEs / IDENTIFYs the platform saw during the restart. */
  resumes: number;
  resumesRejected: number;
  identifies: number;
  /**
   * Replays its successor dropped (`duplicatesDropped` at its clean close; `undefined` if it was
   * killed): 0 after a SIGTERM, whose flushed seq leaves nothing already delivered to replay.
   */
  successorDuplicatesDropped?: number | undefined;
}

/** The most timestamps inside any window of `windowMs` (sliding). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** Median and max of `readyMs` per signal. */
export function restartSummary(restarts: readonly RestartFigure[]): Record<"SIGTERM" | "SIGKILL", MedianAndMax> {
  const of = (signal: RestartFigure["signal"]) => medianAndMax(restarts.filter((r) => r.signal === signal).map((r) => r.readyMs));
  return { SIGTERM: of("SIGTERM"), SIGKILL: of("SIGKILL") };
}

/** A median and a max. */
export interface MedianAndMax {
  median: number;
  max: number;
}

/** The upper median (of an even count, the higher middle value) and the max of `values`; 0 for both when empty. */
export function medianAndMax(values: readonly number[]): MedianAndMax {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted.at(-1) ?? 0 };
}
