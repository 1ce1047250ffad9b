/**
 * The contract between the reconnect loop and the connection it drives.
 * The loop knows nothing of sockets: it calls an injected `connect(request)` and reads
 * {@link ConnectionEvent}s, ending with exactly one `disconnect`.
 */
import type { GatewayPayload } from "../protocol/payloads.js";
import type { Disconnect } from "../transport/disconnect.js";
import type { ReadyUser } from "../transport/loop-events.js";

export type { Disconnect } from "../transport/disconnect.js";
export type { ReadyUser } from "../transport/loop-events.js";

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
  /** 1-based number of this connection since the loop started (logs; after the first, the HTTP pool is renewed). */
  attempt: number;
  /** Told each time the highest seq seen grows (the hot path: a number, no snapshot). */
  onSeq?: ((seq: number) => void) | undefined;
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
 * - errors only for causes no reconnect can fix (refused credentials: `QQAuthError`; refused IP: `QQAccessRefusedError`).
 */
export type ConnectFn = (request: ConnectRequest) => import("rxjs").Observable<ConnectionEvent>;
