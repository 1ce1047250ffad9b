/**
 * One gateway connection (socket, HELLO, IDENTIFY/RESUME, heartbeat, dispatches) as the
 * {@link ConnectFn} the reconnect loop drives. It reports how the connection ended and never
 * decides what happens next. Its only state is one {@link ConnectionPhase}; every phase owns
 * its clock, and `finish` is the one exit.
 *
 * ```
 * socket:  --open--HELLO------------READY---D1--D2------(close 4009)
 * phase:   o-a-----h---------------r--------------------c          (opening, awaiting-hello, handshaking, ready, closed)
 * events:  --o-----h-----(handshake)r-------d---d-------(x|)      x = disconnect{cause:"close",closeCode:4009}
 * ```
 *
 * - opening: `socket$` guards the opening handshake (`handshakeTimeoutMs`);
 * - awaiting-hello: `helloTimeoutMs`; HELLO's interval is kept within `heartbeatIntervalRangeMs`;
 * - handshaking: token → identify slot (awaiting-slot, no timer) → IDENTIFY/RESUME, READY/RESUMED
 *   within `readyTimeoutMs` of HELLO (restarted once the slot is granted);
 * - op 7: the client closes with 4000 (closing, `closeTimeoutMs` for the server's close frame);
 * - op 9: the client waits `invalidSessionCloseWaitMs` for the server's close, whose code may be
 *   fatal (4014 …), then closes itself;
 * - the heartbeat runs from HELLO until the client decides to close; a missed ACK is a zombie.
 *
 * @example
 * ```ts
 * const connect = createConnect({ token: tokens.get, intents: Intents.PUBLIC_MESSAGES, shard: [0, 1], policy });
 * connect({ url, session: undefined, refreshToken: false, attempt: 1 }).subscribe((ev) => console.log(ev.type));
 * ```
 */
import type { Agent } from "node:http";
import {
  asyncScheduler, BehaviorSubject, distinctUntilChanged, EMPTY, map, Observable, type SchedulerLike, Subject, Subscription,
  switchMap, timer,
} from "rxjs";
import { QQAccessRefusedError, QQAuthError, TokenRateLimitedError, redact, safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import { heartbeatFrame, type GatewayPayload, type ReadyData } from "../protocol/payloads.js";
import type { Counters } from "../stats.js";
import { ConnectionPhase, heartbeatRuns, PHASE_PROGRESS, type Ending } from "./connection-phase.js";
import { createFrameRouter } from "./frame-router.js";
import { DEFAULT_MAX_FRAME_BYTES, FRAME_HARD_LIMIT_BYTES } from "./frames.js";
import { handshake$, type HandshakeConfig, type HandshakeStep } from "./handshake.js";
import { heartbeat } from "./heartbeat.js";
import { DEFAULT_RECONNECT_POLICY, type ReconnectPolicy } from "./options.js";
import { socket$, type SocketEnd, type SocketFactory, type SocketHandle } from "./socket.js";
import type { ConnectFn, ConnectionEvent, Disconnect, ReadyUser } from "./types.js";

/** Close code the client uses when it closes the socket itself (op 7, op 9). */
export const CLIENT_CLOSE_CODE = 4000;

/** What {@link createConnect} needs. */
export interface ConnectConfig extends HandshakeConfig {
  policy: Pick<ReconnectPolicy, "handshakeTimeoutMs" | "helloTimeoutMs" | "readyTimeoutMs"> &
    Partial<Pick<ReconnectPolicy, "invalidSessionCloseWaitMs" | "heartbeatIntervalRangeMs">>;
  /** @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
  /** Heartbeat jitter source. @defaultValue `Math.random` */
  random?: () => number;
  socketFactory?: SocketFactory;
  /** HTTP(S) agent for the upgrade request (proxies). */
  agent?: Agent;
  /** The documented frame maximum; larger dispatches are skipped by name. @defaultValue 1 MiB */
  maxFrameBytes?: number;
  /** Frames over this make `ws` close the socket unread (1009). @defaultValue {@link FRAME_HARD_LIMIT_BYTES} (64 MiB) */
  frameHardLimitBytes?: number;
  /** After the client closes the socket, how long to wait for the peer's close frame. @defaultValue 2000 */
  closeTimeoutMs?: number;
  counters?: Counters;
  logger?: Logger;
  /** Strings never to show (client secret…); the token of this connection is always added. */
  secrets?: () => readonly (string | undefined)[];
}

/** Errors of the handshake that end the observable instead of being a disconnect: no reconnect fixes them. */
const isRefusal = (err: unknown): boolean => err instanceof QQAuthError || err instanceof QQAccessRefusedError;

/**
 * Build the {@link ConnectFn}: per request, one socket through the phases above, ending with
 * exactly one `disconnect`, then complete; errors only with `QQAuthError` or `QQAccessRefusedError`.
 */
export function createConnect(config: ConnectConfig): ConnectFn {
  const scheduler = config.scheduler ?? asyncScheduler;
  const maxFrameBytes = config.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const hardLimitBytes = config.frameHardLimitBytes ?? FRAME_HARD_LIMIT_BYTES;
  const closeTimeoutMs = config.closeTimeoutMs ?? 2000;
  const logger = config.logger ?? silentLogger;
  const { policy, counters } = config;
  const invalidSessionCloseWaitMs = policy.invalidSessionCloseWaitMs ?? 1000;
  const [minMs, maxMs] = policy.heartbeatIntervalRangeMs ?? DEFAULT_RECONNECT_POLICY.heartbeatIntervalRangeMs;

  return (request) =>
    new Observable<ConnectionEvent>((subscriber) => {
      const phase$ = new BehaviorSubject<ConnectionPhase>(ConnectionPhase.Opening);
      const acks$ = new Subject<void>();
      const all = new Subscription();
      const log = { attempt: request.attempt, shard: config.shard[0] };
      let progress = 0;
      let sent: "identify" | "resume" | undefined;
      let openedAt: number | undefined;
      let socket: SocketHandle | undefined;
      let token: string | undefined;
      let seq: number | null = request.session?.seq ?? null;
      let heartbeatMs = 0;
      let ending: Ending | undefined;
      const secrets = (): (string | undefined)[] => [...(config.secrets?.() ?? []), token];
      const send = (payload: GatewayPayload): void => socket?.send(JSON.stringify(payload));
      const enter = (phase: ConnectionPhase): void => {
        progress = Math.max(progress, PHASE_PROGRESS[phase]);
        phase$.next(phase);
      };

      /** The one exit: stop everything (the socket is terminated if still up), emit the disconnect, complete. */
      const finish = (end: Ending): void => {
        if (phase$.value === ConnectionPhase.Closed) return;
        enter(ConnectionPhase.Closed);
        all.unsubscribe();
        const disconnect = stamp(end);
        logger.debug({ ...log, cause: disconnect.cause, closeCode: disconnect.closeCode, reason: disconnect.reason }, "gateway connection ended");
        subscriber.next({ type: "disconnect", disconnect });
        subscriber.complete();
      };
      /** An error no reconnect fixes (refused credentials or IP): end the observable with it. */
      const refuse = (err: unknown): void => {
        enter(ConnectionPhase.Closed);
        all.unsubscribe();
        subscriber.error(err);
      };
      const stamp = (end: Ending): Disconnect => {
        const at = scheduler.now();
        const d: Disconnect = {
          cause: end.cause, reason: redact(end.reason, secrets()) || end.cause, at,
          connectedFor: openedAt === undefined ? 0 : at - openedAt,
          sawHello: progress >= PHASE_PROGRESS.handshaking, ready: progress >= PHASE_PROGRESS.ready, attemptedResume: sent === "resume",
        };
        if (end.closeCode !== undefined) d.closeCode = end.closeCode;
        if (end.resumable !== undefined) d.resumable = end.resumable;
        if (end.error !== undefined) d.error = end.error;
        if (end.retryAfterMs !== undefined) d.retryAfterMs = end.retryAfterMs;
        return d;
      };

      /** The clock of each phase: what happens if nothing else does in time. */
      const phaseClock = (phase: ConnectionPhase): Observable<() => void> => {
        const after = (ms: number, act: () => void) => timer(ms, scheduler).pipe(map(() => act));
        switch (phase) {
          case ConnectionPhase.AwaitingHello:
            return after(policy.helloTimeoutMs, () => finish({ cause: "hello-timeout", reason: `no HELLO within ${policy.helloTimeoutMs} ms of opening` }));
          case ConnectionPhase.Handshaking:
            return after(policy.readyTimeoutMs, () => finish({ cause: "ready-timeout", reason: `no READY/RESUMED within ${policy.readyTimeoutMs} ms of HELLO` }));
          case ConnectionPhase.AwaitingServerClose:
            // The server did not close after op 9: close ourselves, then wait for its close frame.
            return after(invalidSessionCloseWaitMs, () => closeItself(ending as Ending));
          case ConnectionPhase.Closing:
            return after(closeTimeoutMs, () => finish({ ...(ending as Ending), closeCode: CLIENT_CLOSE_CODE }));
          default:
            return EMPTY;
        }
      };
      const closeItself = (end: Ending): void => {
        ending = end;
        enter(ConnectionPhase.Closing);
        socket?.close(CLIENT_CLOSE_CODE, end.cause === "reconnect" ? "reconnect requested" : "invalid session");
      };

      const onHandshake = (step: HandshakeStep): void => {
        if (step.type === "token") {
          token = step.token;
          return;
        }
        if (step.type === "awaiting-slot") return enter(ConnectionPhase.AwaitingSlot);
        if (phase$.value === ConnectionPhase.AwaitingSlot) enter(ConnectionPhase.Handshaking); // restarts the READY timeout
        if (phase$.value !== ConnectionPhase.Handshaking) return;
        sent = step.mode;
        send(step.frame);
        logger.debug(log, step.mode === "resume" ? "sent RESUME" : "sent IDENTIFY");
        subscriber.next({ type: "handshake", mode: step.mode });
      };
      const onHandshakeError = (err: unknown): void => {
        if (isRefusal(err)) return refuse(err);
        const what = `could not start the ${request.session ? "RESUME" : "IDENTIFY"} (access token or identify slot): ${safeMessage(err, secrets())}`;
        if (err instanceof TokenRateLimitedError) return finish({ cause: "rate-limited", reason: what, error: err, retryAfterMs: err.retryAfterMs });
        finish({ cause: "error", reason: what, error: err });
      };

      const onReady = (sessionId: string, resumed: boolean, user?: ReadyUser): void => {
        enter(ConnectionPhase.Ready);
        logger.debug(log, resumed ? "RESUMED" : "READY");
        subscriber.next({ type: "ready", sessionId, seq: seq ?? 0, resumed, ...(user ? { user } : {}) });
      };

      const advance = (s: number): void => {
        if (seq === null || s > seq) seq = s;
      };
      const route = createFrameRouter({ maxFrameBytes, counters, logger, log, secrets }, {
        seq: advance,
        skipped: (s) => {
          advance(s);
          subscriber.next({ type: "seq", seq: s });
        },
        hello: (intervalMs) => {
          if (phase$.value !== ConnectionPhase.AwaitingHello) return;
          heartbeatMs = Math.min(Math.max(intervalMs, minMs), maxMs);
          if (heartbeatMs !== intervalMs) {
            logger.warn({ ...log, heartbeatInterval: intervalMs, usedMs: heartbeatMs }, `HELLO asked for a heartbeat every ${intervalMs} ms; beating every ${heartbeatMs} ms instead`);
          }
          subscriber.next({ type: "hello", heartbeatIntervalMs: heartbeatMs });
          if (phase$.value !== ConnectionPhase.AwaitingHello) return;
          enter(ConnectionPhase.Handshaking);
          all.add(handshake$(config, request, () => seq).subscribe({ next: onHandshake, error: onHandshakeError }));
        },
        heartbeatAck: () => acks$.next(),
        serverHeartbeat: () => {
          if (isLive(phase$.value)) send(heartbeatFrame(seq));
        },
        reconnect: () => {
          if (isLive(phase$.value)) closeItself({ cause: "reconnect", reason: "the gateway asked for a reconnect (op 7)" });
        },
        invalidSession: (resumable) => {
          if (!isLive(phase$.value)) return;
          ending = { cause: "invalid-session", resumable, reason: `invalid session (op 9), ${resumable ? "resumable" : "not resumable"}` };
          enter(ConnectionPhase.AwaitingServerClose);
        },
        dispatch: (p) => {
          const phase = phase$.value;
          if (p.t !== "READY" && p.t !== "RESUMED") return void subscriber.next({ type: "dispatch", payload: p });
          if (phase !== ConnectionPhase.Handshaking && phase !== ConnectionPhase.AwaitingSlot) return;
          if (p.t === "READY") return onReady((p.d as ReadyData).session_id, false, readyUser(p.d as ReadyData));
          if (sent === "resume" && request.session) return onReady(request.session.sessionId, true);
          logger.warn(log, "ignored RESUMED: this connection did not send RESUME");
        },
      });

      const onEnd = (end: SocketEnd): void => {
        const error = end.error === undefined ? {} : { error: end.error };
        if (ending) return finish({ ...ending, closeCode: end.closeCode ?? CLIENT_CLOSE_CODE });
        if (!end.opened) return finish({ cause: end.handshakeTimedOut ? "handshake-timeout" : "connect-failed", reason: end.reason, ...error });
        if ((end.error as { code?: unknown } | undefined)?.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
          return finish({ cause: "frame-too-large", closeCode: 1009, reason: `a gateway frame exceeded the ${hardLimitBytes}-byte hard limit and could not be read; identifying again, since a RESUME would replay it`, ...error });
        }
        // The close code's meaning is added by the reconnect loop (describeDisconnect), not here.
        const code = end.closeCode === undefined ? {} : { closeCode: end.closeCode };
        finish({ cause: end.error === undefined ? "close" : "error", reason: end.reason, ...code, ...error });
      };

      // The clocks: one per phase, and the heartbeat from HELLO until the client decides to close.
      all.add(phase$.pipe(switchMap(phaseClock)).subscribe((act) => act()));
      all.add(
        phase$.pipe(
          map(heartbeatRuns),
          distinctUntilChanged(),
          switchMap((runs) => (runs ? heartbeat({ intervalMs: heartbeatMs, acks$, scheduler, ...(config.random ? { random: config.random } : {}) }) : EMPTY)),
        ).subscribe((signal) => {
          if (signal === "beat") return send(heartbeatFrame(seq));
          finish({ cause: "zombie", reason: `heartbeat not acknowledged within ${heartbeatMs} ms` });
        }),
      );
      // The socket.
      all.add(
        socket$(request.url, {
          handshakeTimeoutMs: policy.handshakeTimeoutMs,
          maxPayloadBytes: hardLimitBytes,
          scheduler,
          ...(config.socketFactory ? { factory: config.socketFactory } : {}),
          ...(config.agent ? { agent: config.agent } : {}),
        }).subscribe((ev) => {
          if (ev.type === "message") return route(ev.data, ev.isBinary);
          if (ev.type === "end") return onEnd(ev);
          socket = ev.socket;
          openedAt = scheduler.now();
          logger.debug(log, "gateway socket open");
          subscriber.next({ type: "open" });
          if (phase$.value === ConnectionPhase.Opening) enter(ConnectionPhase.AwaitingHello);
        }),
      );
      return () => {
        if (phase$.value !== ConnectionPhase.Closed) phase$.next(ConnectionPhase.Closed);
        all.unsubscribe();
      };
    });
}

/** Open and not closing: ops are acted on. */
function isLive(phase: ConnectionPhase): boolean {
  return phase !== ConnectionPhase.AwaitingServerClose && phase !== ConnectionPhase.Closing && phase !== ConnectionPhase.Closed;
}

function readyUser(d: ReadyData): ReadyUser | undefined {
  return typeof d.user?.id === "string" ? { id: d.user.id, username: d.user.username } : undefined;
}
