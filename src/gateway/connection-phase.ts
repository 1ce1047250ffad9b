/**
 * Where one gateway connection is in its life: one value, the connection's only state. Each
 * phase owns its clock (see `connection.ts`); the heartbeat runs from HELLO until the client
 * decides to close.
 *
 * ```
 * opening ─open─► awaiting-hello ─HELLO─► handshaking ⇄ awaiting-slot ─READY/RESUMED─► ready
 *    │                 │ hello-timeout        │ ready-timeout                             │
 *    │                 ▼                      ▼                                           │ op 7
 *    │              closed ◄──────────────────┴──── closing ◄── awaiting-server-close ◄───┘ op 9
 *    └── the socket ended, a timeout fired, or the subscriber left ──► closed (the one exit)
 * ```
 */
import { EMPTY, map, type Observable, type SchedulerLike, timer } from "rxjs";
import type { DisconnectCause } from "../transport/disconnect.js";

/** The phases of one connection. */
export const ConnectionPhase = {
  /** The WebSocket is being opened. */
  Opening: "opening",
  /** Open; waiting for HELLO (`helloTimeoutMs`). */
  AwaitingHello: "awaiting-hello",
  /** HELLO came: token, IDENTIFY or RESUME, then READY/RESUMED within `readyTimeoutMs`. */
  Handshaking: "handshaking",
  /** Waiting for the identify throttler's slot (no READY timeout while waiting). */
  AwaitingSlot: "awaiting-slot",
  /** READY or RESUMED came: dispatches flow. */
  Ready: "ready",
  /** op 9 came: waiting for the server's close frame, whose code may be fatal (4013, 4014, 4914 …). */
  AwaitingServerClose: "awaiting-server-close",
  /** The client closed the socket (op 7, or op 9 without the server's close) and waits for the close frame. */
  Closing: "closing",
  /** Ended: the one `disconnect` was emitted. */
  Closed: "closed",
} as const;

/** One of {@link ConnectionPhase}. */
export type ConnectionPhase = (typeof ConnectionPhase)[keyof typeof ConnectionPhase];

/** How far a connection got: the Disconnect's `sawHello`/`ready` are read from it. */
export const PHASE_PROGRESS: Readonly<Record<ConnectionPhase, number>> = {
  opening: 0, "awaiting-hello": 1, handshaking: 2, "awaiting-slot": 2, ready: 3,
  "awaiting-server-close": -1, closing: -1, closed: -1,
};

/** Whether the heartbeat runs in this phase (from HELLO until the client decides to close). */
export function heartbeatRuns(phase: ConnectionPhase): boolean {
  return phase === ConnectionPhase.Handshaking || phase === ConnectionPhase.AwaitingSlot || phase === ConnectionPhase.Ready;
}

/** Open and not closing: the connection acts on the ops it gets. */
export function isLive(phase: ConnectionPhase): boolean {
  return phase !== ConnectionPhase.AwaitingServerClose && phase !== ConnectionPhase.Closing && phase !== ConnectionPhase.Closed;
}

/** What ran out when a phase's clock fired. */
export type PhaseTimeout = "hello" | "ready" | "server-close" | "close";

/** How long each phase may last. */
export interface PhaseTimings {
  helloTimeoutMs: number;
  readyTimeoutMs: number;
  invalidSessionCloseWaitMs: number;
  closeTimeoutMs: number;
}

/**
 * The clock of `phase`: emits once what ran out if the phase lasts too long; phases without a
 * limit never emit. Subscribed per phase (`switchMap`), so entering the next phase stops it.
 *
 * ```
 * awaiting-hello:         ── helloTimeoutMs ──────────► "hello"
 * handshaking:            ── readyTimeoutMs ──────────► "ready"
 * awaiting-server-close:  ── invalidSessionCloseWaitMs ► "server-close"  (then the client closes itself)
 * closing:                ── closeTimeoutMs ──────────► "close"
 * ```
 */
export function phaseClock(phase: ConnectionPhase, t: PhaseTimings, scheduler: SchedulerLike): Observable<PhaseTimeout> {
  const after = (ms: number, what: PhaseTimeout) => timer(ms, scheduler).pipe(map(() => what));
  switch (phase) {
    case ConnectionPhase.AwaitingHello:
      return after(t.helloTimeoutMs, "hello");
    case ConnectionPhase.Handshaking:
      return after(t.readyTimeoutMs, "ready");
    case ConnectionPhase.AwaitingServerClose:
      return after(t.invalidSessionCloseWaitMs, "server-close");
    case ConnectionPhase.Closing:
      return after(t.closeTimeoutMs, "close");
    default:
      return EMPTY;
  }
}

/** How a connection ends, before it is stamped into a `Disconnect`. */
export interface Ending {
  cause: DisconnectCause;
  reason: string;
  closeCode?: number | undefined;
  resumable?: boolean | undefined;
  error?: unknown;
  retryAfterMs?: number | undefined;
}
