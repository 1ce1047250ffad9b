/**
 * Counters of everything the simulated platform saw and did. Tests assert on them:
 * how many `/gateway` calls a reconnect storm cost, how many IDENTIFYs, which close codes.
 */

/** A snapshot of the simulator's counters. */
export interface SimulatorStats {
  /** Requests to the token endpoint. */
  tokenCalls: number;
  /** Token requests refused (bad credentials or an injected failure). */
  tokenFailures: number;
  /** `GET /gateway` calls. */
  gatewayCalls: number;
  /** `/gateway` and `/gateway/bot` calls answered with the rate-limit error. */
  gatewayRateLimited: number;
  /** `GET /gateway/bot` calls. */
  gatewayBotCalls: number;
  /** IDENTIFYs received. */
  identifies: number;
  /** RESUMEs received. */
  resumes: number;
  /** RESUMEs refused (unknown or expired session, bad seq, injected). */
  resumesRejected: number;
  /** Sessions started (READY sent). */
  sessionsCreated: number;
  /** Heartbeats received. */
  heartbeats: number;
  /** Heartbeat ACKs sent. */
  heartbeatAcks: number;
  /** WebSocket connections accepted. */
  connections: number;
  /** WebSocket connections open now. */
  openConnections: number;
  /** WebSocket upgrades refused, answered non-101, left hanging or on a wrong path. */
  upgradesFailed: number;
  /** Close code (as a string; "1006" for an abrupt end) → count, whoever closed. */
  closesByCode: Record<string, number>;
  /** Events pushed by the test (`pushMessage`, `pushEvent`, webhook pushes). */
  eventsPushed: number;
  /** Frames sent to clients. */
  framesSent: number;
  /** Malformed frames sent on purpose (`faults.sendMalformed`). */
  malformedFramesSent: number;
  /** Successful sends keyed by target path kind: "c2c" | "group" | "channel" | "dms". */
  messagesSent: Record<string, number>;
  /** Wall time (the simulator clock) of each IDENTIFY, to check `max_concurrency` spacing. */
  identifyTimes: number[];
}

/** A fresh, zeroed, mutable set of counters. */
export function createStats(): SimulatorStats {
  return {
    tokenCalls: 0,
    tokenFailures: 0,
    gatewayCalls: 0,
    gatewayRateLimited: 0,
    gatewayBotCalls: 0,
    identifies: 0,
    resumes: 0,
    resumesRejected: 0,
    sessionsCreated: 0,
    heartbeats: 0,
    heartbeatAcks: 0,
    connections: 0,
    openConnections: 0,
    upgradesFailed: 0,
    closesByCode: {},
    eventsPushed: 0,
    framesSent: 0,
    malformedFramesSent: 0,
    messagesSent: {},
    identifyTimes: [],
  };
}

/** A deep copy, so a snapshot does not change under the test's feet. */
export function snapshotStats(stats: SimulatorStats): SimulatorStats {
  return {
    ...stats,
    closesByCode: { ...stats.closesByCode },
    messagesSent: { ...stats.messagesSent },
    identifyTimes: [...stats.identifyTimes],
  };
}

/** Add one to `record[key]`. */
export function bump(record: Record<string, number>, key: string | number): void {
  const k = String(key);
  record[k] = (record[k] ?? 0) + 1;
}
