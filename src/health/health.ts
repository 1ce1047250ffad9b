/**
 * What a liveness or readiness probe needs to know about a bot, derived from its per-shard
 * `state$`: one overall {@link HealthStatus} with the time it began, each shard's state and
 * since when it has been down, and the error code once the gateway gave up.
 *
 * ```
 * shard 0:  idle ─ connecting ─ ready ─────── reconnecting ─ resuming ─ ready ──── closed
 * status:   idle ─ starting ─── ready ─────── degraded ─────────────── ready ──── closed
 *                                             └ downSince ────────────┘ (= the recovery time)
 * ```
 */
import { type ConnectionState, ConnectionState as State, type StateChange } from "../transport/state.js";

/** The overall health of a bot, from its shards' states. */
export const HealthStatus = {
  /** No shard is connected and none is wanted (nothing subscribed yet, or every subscriber left). */
  Idle: "idle",
  /** Connecting for the first time: no shard has dropped yet, not every shard is ready. */
  Starting: "starting",
  /** Every shard is ready: dispatches flow. */
  Ready: "ready",
  /** At least one shard is down (its connection dropped or an attempt failed) and retrying. */
  Degraded: "degraded",
  /** The gateway gave up with a `GatewayFatalError`; `error.code` says why. */
  Fatal: "fatal",
  /** `bot.close()` was called. */
  Closed: "closed",
} as const;

/** One of {@link HealthStatus}. */
export type HealthStatus = (typeof HealthStatus)[keyof typeof HealthStatus];

/** One shard in a {@link BotHealth}. */
export interface ShardHealth {
  /** The shard id. */
  shard: number;
  /** Its connection state. */
  state: ConnectionState;
  /** Scheduler time it entered `state`. */
  since: number;
  /**
   * Scheduler time it went down: its ready connection dropped, or an attempt failed
   * (`reconnecting`, `cooling-down`). Cleared when it is ready again (and by `idle`, `closed`, `fatal`).
   */
  downSince?: number | undefined;
  /** Why, for `reconnecting`, `cooling-down` and `fatal`. */
  reason?: string | undefined;
  /** For `reconnecting` and `cooling-down`: how long until the next attempt. */
  retryInMs?: number | undefined;
}

/** A snapshot of a bot's health, as `bot.health()` returns it and `bot.health$` emits it. */
export interface BotHealth {
  /** The overall status (see {@link HealthStatus}). */
  status: HealthStatus;
  /** Scheduler time the bot entered `status` (milliseconds since the epoch with the default scheduler). */
  since: number;
  /** Every shard this process runs, by id. */
  shards: ShardHealth[];
  /** When `status` is `fatal`: the `GatewayFatalError`'s code and message (set just after the shard's fatal state). */
  error?:
    | {
        /** The error's stable code (`CLOSE_CODE_FATAL`, `AUTH_FAILED`, `QUICK_DISCONNECT_STORM`, …). */
        code: string;
        /** Its message (never contains a secret). */
        message: string;
      }
    | undefined;
}

/** A bot's health before any state is known. */
export function initialHealth(at = 0): BotHealth {
  return { status: HealthStatus.Idle, since: at, shards: [] };
}

/** Since when a shard is down after `change`, given the shard as it was (`undefined` = not down). */
export function downSinceAfter(previous: ShardHealth | undefined, change: StateChange): number | undefined {
  switch (change.state) {
    case State.Ready:
    case State.Idle:
    case State.Closed:
    case State.Fatal:
      return undefined;
    case State.Reconnecting:
    case State.CoolingDown:
      return previous?.downSince ?? change.at;
    default:
      return previous?.downSince ?? (previous?.state === State.Ready ? change.at : undefined);
  }
}

/** The health after one state change (pure). */
export function applyStateChange(health: BotHealth, change: StateChange): BotHealth {
  const { shards: before } = health;
  let at = 0;
  while (at < before.length && before[at]!.shard < change.shard) at++;
  const previous = before[at]?.shard === change.shard ? before[at] : undefined;
  const shard: ShardHealth = {
    shard: change.shard,
    state: change.state,
    since: previous?.state === change.state ? previous.since : change.at,
    downSince: downSinceAfter(previous, change),
    reason: change.reason,
    retryInMs: change.retryInMs,
  };
  // Shards stay sorted by id: replace the shard, or insert it where it belongs.
  const shards = before.slice();
  shards.splice(at, previous ? 1 : 0, shard);
  const status = statusOf(shards);
  const next: BotHealth = { status, since: status === health.status ? health.since : change.at, shards };
  if (status === HealthStatus.Fatal && health.error) next.error = health.error;
  return next;
}

/** The health once the gateway failed with `err` (its `code` and message are kept). */
export function withFatalError(health: BotHealth, err: { code?: unknown; message?: unknown }): BotHealth {
  const code = typeof err.code === "string" ? err.code : "UNKNOWN";
  const message = typeof err.message === "string" && err.message !== "" ? err.message : code;
  return { ...health, error: { code, message } };
}

/** The overall status of a set of shards (see {@link HealthStatus} for the meaning of each). */
export function statusOf(shards: readonly ShardHealth[]): HealthStatus {
  if (shards.length === 0) return HealthStatus.Idle;
  let closed = false, fatal = false, allIdle = true, allReady = true, down = false;
  for (const s of shards) {
    // Only `bot.close()` closes a shard, and it closes them all at once.
    if (s.state === State.Closed) closed = true;
    else if (s.state === State.Fatal) fatal = true;
    if (s.state !== State.Idle) allIdle = false;
    if (s.state !== State.Ready) allReady = false;
    if (s.downSince !== undefined) down = true;
  }
  if (closed) return HealthStatus.Closed;
  if (fatal) return HealthStatus.Fatal;
  if (allIdle) return HealthStatus.Idle;
  if (allReady) return HealthStatus.Ready;
  return down ? HealthStatus.Degraded : HealthStatus.Starting;
}

/** Whether a liveness probe should pass: the bot is not `fatal` or `closed`. */
export function isLive(health: BotHealth): boolean {
  return health.status !== HealthStatus.Fatal && health.status !== HealthStatus.Closed;
}

/** Whether a readiness probe should pass: every shard is ready. */
export function isReady(health: BotHealth): boolean {
  return health.status === HealthStatus.Ready;
}
