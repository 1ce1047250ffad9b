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
  Idle: "idle",
  FetchingUrl: "fetching-url",
  Connecting: "connecting",
  Identifying: "identifying",
  Resuming: "resuming",
  Ready: "ready",
  Reconnecting: "reconnecting",
  CoolingDown: "cooling-down",
  Closed: "closed",
  Fatal: "fatal",
} as const;

/** One of {@link ConnectionState}. */
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** A state change as `state$` emits it. */
export interface StateChange {
  state: ConnectionState;
  shard: number;
  /** Scheduler time of the change. */
  at: number;
  /** Why, for `reconnecting`, `cooling-down` and `fatal`. */
  reason?: string;
  /** For `reconnecting` and `cooling-down`: how long until the next attempt. */
  retryInMs?: number;
}
