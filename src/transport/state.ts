/**
 * The connection's life, one explicit state at a time (DESIGN §2).
 *
 * ```
 * idle → fetching-url → connecting → identifying|resuming → ready
 *                ↑                                              │ drop
 *                └──────────── reconnecting / cooling-down ◄────┘
 * any → closed (close()) · any → fatal (GatewayFatalError)
 * ```
 */
export const ConnectionState = {
  /** Created, or every subscriber left: no connection and none wanted. */
  Idle: "idle",
  /** Getting the gateway URL (from the cache, or `GET /gateway`). */
  FetchingUrl: "fetching-url",
  /** Opening the WebSocket and waiting for HELLO. */
  Connecting: "connecting",
  /** IDENTIFY sent (a new session), waiting for READY. */
  Identifying: "identifying",
  /** RESUME sent (the previous session), waiting for RESUMED. */
  Resuming: "resuming",
  /** READY or RESUMED received: dispatches flow. */
  Ready: "ready",
  /** The connection ended; the next attempt starts after `retryInMs`. */
  Reconnecting: "reconnecting",
  /**
   * Rate limited (`/gateway` with no URL to fall back on, the token endpoint, or close 4008):
   * waiting `retryInMs` before the next attempt.
   */
  CoolingDown: "cooling-down",
  /** `bot.close()` was called. */
  Closed: "closed",
  /** Gave up with a `GatewayFatalError` (emitted just before `messages$` errors). */
  Fatal: "fatal",
} as const;

/** One of {@link ConnectionState}. */
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** A state change as `state$` emits it. */
export interface StateChange {
  /** The new state. */
  state: ConnectionState;
  /** The shard whose connection changed state. */
  shard: number;
  /** Scheduler time of the change. */
  at: number;
  /** Why, for `reconnecting`, `cooling-down` and `fatal`. */
  reason?: string;
  /** For `reconnecting` and `cooling-down`: how long until the next attempt. */
  retryInMs?: number;
}
