/**
 * How a connection ended: exactly one {@link Disconnect} per connection, produced by the socket
 * layer and read by the reconnect policy. (The webhook transport never disconnects.)
 */

/** How a connection ended. */
export type DisconnectCause =
  /** The peer closed the socket (`closeCode` set when a close frame came). */
  | "close"
  /** A network error on an open socket. */
  | "error"
  /** Opening the socket failed before it was open: refused, DNS, TLS, non-101 upgrade. */
  | "connect-failed"
  | "handshake-timeout"
  | "hello-timeout"
  | "ready-timeout"
  /** Heartbeat not acknowledged before the next beat; the client terminated the socket. */
  | "zombie"
  /** op 7: the client closed the socket itself to reconnect. */
  | "reconnect"
  /** op 9 (`resumable` says what `d` was; `closeCode` is the server's close that followed, if any). */
  | "invalid-session"
  /**
   * A frame over the 64 MiB hard limit: `ws` closed the socket (1009) before it could be read.
   * A RESUME would replay it, so the next attempt IDENTIFYs.
   */
  | "frame-too-large"
  /** No attempt was made: an endpoint it needs (`/gateway`, the token endpoint) is rate limited for `retryAfterMs`. */
  | "rate-limited";

/** Exactly one per connection. */
export interface Disconnect {
  /** How the connection ended; decides what the reconnect loop does next. */
  cause: DisconnectCause;
  /** WebSocket close code, when a close frame came (or the client chose one). */
  closeCode?: number;
  /** Human-readable reason (close reason text, error message); never contains a secret. */
  reason: string;
  /** Scheduler time the connection ended. */
  at: number;
  /** Milliseconds from socket open to end (0 when it never opened). */
  connectedFor: number;
  /** Whether HELLO arrived. */
  sawHello: boolean;
  /** Whether READY or RESUMED arrived. */
  ready: boolean;
  /** Whether this connection sent RESUME. */
  attemptedResume: boolean;
  /** op 9 only: its `d`. */
  resumable?: boolean;
  /** The underlying error, if any. */
  error?: unknown;
  /** `rate-limited` only: how long the endpoint stays off-limits. */
  retryAfterMs?: number;
}
