/**
 * The contract between the reconnect loop and the connection it drives.
 * The loop knows nothing of sockets: it calls an injected `connect(request)` and reads
 * {@link ConnectionEvent}s, ending with exactly one `disconnect`.
 */
import type { GatewayPayload } from "../protocol/payloads.js";

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
  /** op 9 (`resumable` says what `d` was). */
  | "invalid-session";

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
}

/** The bot's own user, from READY (absent on RESUMED). */
export interface ReadyUser {
  id: string;
  username?: string | undefined;
}

/** What is needed to RESUME. */
export interface SessionSnapshot {
  sessionId: string;
  /** Highest `s` seen. */
  seq: number;
}

/** What the loop asks `connect` for. */
export interface ConnectRequest {
  url: string;
  /** RESUME this session; `undefined` = IDENTIFY. */
  session: SessionSnapshot | undefined;
  /** Fetch a fresh access token before IDENTIFY/RESUME (after 4004, 49xx, op 9 false). */
  refreshToken: boolean;
  /** 1-based attempt number since the loop started (for logs). */
  attempt: number;
}

/** Events one connection emits, in order; `disconnect` is always last, then it completes. */
export type ConnectionEvent =
  | { type: "open" }
  | { type: "hello"; heartbeatIntervalMs: number }
  /** IDENTIFY or RESUME was sent. */
  | { type: "handshake"; mode: "identify" | "resume" }
  /** READY (`resumed: false`) or RESUMED (`resumed: true`). */
  | { type: "ready"; sessionId: string; seq: number; resumed: boolean; user?: ReadyUser | undefined }
  /** An op 0 frame other than READY/RESUMED. */
  | { type: "dispatch"; payload: GatewayPayload & { t: string; s?: number } }
  | { type: "disconnect"; disconnect: Disconnect };

/**
 * Opens one connection. Contract:
 * - emits `disconnect` exactly once, last, then completes;
 * - unsubscribing tears the socket down (terminate) and emits nothing more;
 * - errors only for causes no reconnect can fix (refused credentials: `QQAuthError`).
 */
export type ConnectFn = (request: ConnectRequest) => import("rxjs").Observable<ConnectionEvent>;
