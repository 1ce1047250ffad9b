/**
 * The gateway layer's options: the reconnect policy (one defaults object) and its validation.
 * `createBot`'s `reconnect` option is a `Partial<ReconnectPolicy>` merged over the defaults.
 */
import { checkDelays, checkKnownKeys, checkNumber, checkObject, describe, type Problems } from "../option-checks.js";
import type { BackoffPolicy } from "../transport/backoff.js";

/** How the gateway reconnects. Every field has a default in {@link DEFAULT_RECONNECT_POLICY}. */
export interface ReconnectPolicy extends BackoffPolicy {
  /** Waits between retries of `GET /gateway` after a network error or 5xx. */
  gatewayRetryDelaysMs: readonly number[];
  /** How long `/gateway` (or the token endpoint) is off-limits after a rate limit; also the 4008 wait. */
  rateLimitCooldownMs: number;
  /** A connection that ends sooner than this after opening is a quick disconnect. */
  quickDisconnectMs: number;
  /** This many quick disconnects in a row are fatal (`QUICK_DISCONNECT_STORM`). */
  maxQuickDisconnects: number;
  /** Waits between failed attempts; the last value repeats. Reset on READY/RESUMED. */
  reconnectBackoffMs: readonly number[];
  /** ± fraction of random jitter applied to each backoff wait (0.2 = ±20%). */
  backoffJitter: number;
  /** Resumes in a row that never reach RESUMED before the session is dropped for IDENTIFY. */
  maxFailedResumes: number;
  /** Wait after op 9 (Invalid Session) before the next attempt. */
  invalidSessionDelayMs: number;
  /** After op 9, how long to wait for the server's close frame (its code may be fatal, e.g. 4014) before closing. */
  invalidSessionCloseWaitMs: number;
  /** WebSocket opening handshake limit. */
  handshakeTimeoutMs: number;
  /** Socket open → HELLO limit. */
  helloTimeoutMs: number;
  /** IDENTIFY/RESUME → READY/RESUMED limit. */
  readyTimeoutMs: number;
  /**
   * `[min, max]`: HELLO's `heartbeat_interval` is kept within these (the platform sends 41 250–45 000 ms);
   * a value outside is logged and clamped, so a bogus one (0.001, 1e12) can neither flood the socket
   * nor overflow a timer.
   */
  heartbeatIntervalRangeMs: readonly [number, number];
}

/** Defaults of {@link ReconnectPolicy}. */
export const DEFAULT_RECONNECT_POLICY = {
  /** @inheritDoc ReconnectPolicy.gatewayRetryDelaysMs */
  gatewayRetryDelaysMs: [500, 1500, 3000],
  /** @inheritDoc ReconnectPolicy.rateLimitCooldownMs */
  rateLimitCooldownMs: 60_000,
  /** @inheritDoc ReconnectPolicy.quickDisconnectMs */
  quickDisconnectMs: 5_000,
  /** @inheritDoc ReconnectPolicy.maxQuickDisconnects */
  maxQuickDisconnects: 6,
  /** @inheritDoc ReconnectPolicy.reconnectBackoffMs */
  reconnectBackoffMs: [1000, 2000, 5000, 10_000, 30_000, 60_000],
  /** @inheritDoc ReconnectPolicy.backoffJitter */
  backoffJitter: 0.2,
  /** @inheritDoc ReconnectPolicy.maxFailedResumes */
  maxFailedResumes: 2,
  /** @inheritDoc ReconnectPolicy.invalidSessionDelayMs */
  invalidSessionDelayMs: 3_000,
  /** @inheritDoc ReconnectPolicy.invalidSessionCloseWaitMs */
  invalidSessionCloseWaitMs: 1_000,
  /** @inheritDoc ReconnectPolicy.handshakeTimeoutMs */
  handshakeTimeoutMs: 30_000,
  /** @inheritDoc ReconnectPolicy.helloTimeoutMs */
  helloTimeoutMs: 20_000,
  /** @inheritDoc ReconnectPolicy.readyTimeoutMs */
  readyTimeoutMs: 20_000,
  /** @inheritDoc ReconnectPolicy.heartbeatIntervalRangeMs */
  heartbeatIntervalRangeMs: [1_000, 300_000],
} as const satisfies ReconnectPolicy;

/** Every problem with a `reconnect` option object (empty when valid or `undefined`). */
export function reconnectProblems(input: unknown, prefix = "reconnect"): Problems {
  const problems: Problems = [];
  if (!checkObject(problems, prefix, input)) return problems;
  checkKnownKeys(problems, prefix, input, DEFAULT_RECONNECT_POLICY, "a reconnect option");
  const r = input as Partial<Record<keyof ReconnectPolicy, unknown>>;
  for (const key of ["gatewayRetryDelaysMs", "reconnectBackoffMs"] as const) {
    if (r[key] !== undefined) checkDelays(problems, `${prefix}.${key}`, r[key]);
  }
  const durations = [
    "rateLimitCooldownMs", "quickDisconnectMs", "invalidSessionDelayMs", "invalidSessionCloseWaitMs",
    "handshakeTimeoutMs", "helloTimeoutMs", "readyTimeoutMs",
  ] as const;
  for (const key of durations) if (r[key] !== undefined) checkNumber(problems, `${prefix}.${key}`, r[key]);
  if (r.maxQuickDisconnects !== undefined) checkNumber(problems, `${prefix}.maxQuickDisconnects`, r.maxQuickDisconnects, { integer: true, min: 1 });
  if (r.maxFailedResumes !== undefined) checkNumber(problems, `${prefix}.maxFailedResumes`, r.maxFailedResumes, { integer: true, min: 1 });
  if (r.backoffJitter !== undefined) checkNumber(problems, `${prefix}.backoffJitter`, r.backoffJitter, { max: 1 });
  const range = r.heartbeatIntervalRangeMs;
  if (range !== undefined) {
    const field = `${prefix}.heartbeatIntervalRangeMs`;
    if (!Array.isArray(range) || range.length !== 2) problems.push({ field, problem: `must be [minMs, maxMs] (got ${describe(range)})` });
    else {
      range.forEach((v, i) => checkNumber(problems, `${field}[${i}]`, v, { min: 1, max: 2_147_483_647 }));
      if (typeof range[0] === "number" && typeof range[1] === "number" && range[0] > range[1]) problems.push({ field, problem: "must have min ≤ max" });
    }
  }
  return problems;
}

/** The `shards` option as given: a count, `{ ids, count }`, or `"auto"` (ask `/gateway/bot`). */
export type ShardsOption = "auto" | number | {
  /** Shard ids this process runs. */
  ids: readonly number[];
  /** Shards in all, across every process. */
  count: number;
};

/** The `shards` option resolved: `"auto"`, or the shard ids this process runs and the total count. */
export type ResolvedShards = "auto" | { ids: readonly number[]; count: number };

/** Resolve the `shards` option, pushing its problems (default: one shard, `{ ids: [0], count: 1 }`). */
export function resolveShards(problems: Problems, value: ShardsOption | undefined): ResolvedShards {
  if (value === undefined) return { ids: [0], count: 1 };
  if (value === "auto") return "auto";
  if (typeof value === "number") {
    checkNumber(problems, "shards", value, { integer: true, min: 1 });
    return { ids: Array.from({ length: Number.isInteger(value) && value > 0 ? value : 0 }, (_, i) => i), count: value };
  }
  if (typeof value !== "object" || value === null || !Array.isArray(value.ids)) {
    problems.push({ field: "shards", problem: `must be "auto", a shard count, or { ids, count } (got ${describe(value)})` });
    return { ids: [0], count: 1 };
  }
  checkNumber(problems, "shards.count", value.count, { integer: true, min: 1 });
  if (value.ids.length === 0) problems.push({ field: "shards.ids", problem: "must not be empty" });
  value.ids.forEach((id, i) => {
    checkNumber(problems, `shards.ids[${i}]`, id, { integer: true });
    if (typeof id === "number" && typeof value.count === "number" && id >= value.count) {
      problems.push({ field: `shards.ids[${i}]`, problem: `must be less than shards.count (${value.count})` });
    }
  });
  if (new Set(value.ids).size !== value.ids.length) problems.push({ field: "shards.ids", problem: "must not repeat an id" });
  return { ids: [...value.ids], count: value.count };
}
