/**
 * How a connection's end becomes its one `Disconnect`: what the socket's end means in the phase
 * the connection was in, and the stamp with what the connection got to (HELLO, READY, RESUME).
 * Pure functions; the connection calls them from its one exit.
 *
 * ```
 * socket end ─► socketEnding ─► Ending ─► toDisconnect(facts) ─► Disconnect { cause, closeCode, sawHello, ready, … }
 * ```
 */
import { redact } from "../errors.js";
import { PHASE_PROGRESS, type Ending } from "./connection-phase.js";
import type { SocketEnd } from "./socket.js";
import type { Disconnect } from "./types.js";

/** Close code the client uses when it closes the socket itself (op 7, op 9). */
export const CLIENT_CLOSE_CODE = 4000;

/** `ws`'s error code for a frame over its `maxPayload`. */
const TOO_LARGE = "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH";

/**
 * What the socket's end means: the ending the client chose (op 7, op 9) with the close code
 * that came; a failed open; a frame over the hard limit; or the peer's close / a network error.
 */
export function socketEnding(end: SocketEnd, chosen: Ending | undefined, hardLimitBytes: number): Ending {
  const error = end.error === undefined ? {} : { error: end.error };
  if (chosen) return { ...chosen, closeCode: end.closeCode ?? CLIENT_CLOSE_CODE };
  if (!end.opened) return { cause: end.handshakeTimedOut ? "handshake-timeout" : "connect-failed", reason: end.reason, ...error };
  if ((end.error as { code?: unknown } | undefined)?.code === TOO_LARGE) {
    const reason = `a gateway frame exceeded the ${hardLimitBytes}-byte hard limit and could not be read; identifying again, since a RESUME would replay it`;
    return { cause: "frame-too-large", closeCode: 1009, reason, ...error };
  }
  // The close code's meaning is added by the reconnect loop (describeDisconnect), not here.
  const code = end.closeCode === undefined ? {} : { closeCode: end.closeCode };
  return { cause: end.error === undefined ? "close" : "error", reason: end.reason, ...code, ...error };
}

/** What the connection got to, for the stamp. */
export interface ConnectionFacts {
  at: number;
  openedAt: number | undefined;
  /** The furthest phase progress reached (`PHASE_PROGRESS`). */
  progress: number;
  sent: "identify" | "resume" | undefined;
  secrets: readonly (string | undefined)[];
}

/** The `Disconnect` of an ending: its reason redacted and never empty. */
export function toDisconnect(end: Ending, facts: ConnectionFacts): Disconnect {
  const d: Disconnect = {
    cause: end.cause,
    reason: redact(end.reason, facts.secrets) || end.cause,
    at: facts.at,
    connectedFor: facts.openedAt === undefined ? 0 : facts.at - facts.openedAt,
    sawHello: facts.progress >= PHASE_PROGRESS.handshaking,
    ready: facts.progress >= PHASE_PROGRESS.ready,
    attemptedResume: facts.sent === "resume",
  };
  if (end.closeCode !== undefined) d.closeCode = end.closeCode;
  if (end.resumable !== undefined) d.resumable = end.resumable;
  if (end.error !== undefined) d.error = end.error;
  if (end.retryAfterMs !== undefined) d.retryAfterMs = end.retryAfterMs;
  return d;
}
