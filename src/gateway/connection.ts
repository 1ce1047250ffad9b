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
 */
import {
  asyncScheduler, BehaviorSubject, distinctUntilChanged, EMPTY, map, Observable, Subject, Subscription, switchMap,
} from "rxjs";
import { TokenRateLimitedError, safeMessage } from "../errors.js";
import { silentLogger } from "../logger.js";
import { heartbeatFrame, type GatewayPayload, type ReadyData } from "../protocol/payloads.js";
import { CLIENT_CLOSE_CODE, socketEnding, toDisconnect } from "./connection-ending.js";
import {
  ConnectionPhase, heartbeatRuns, isLive, PHASE_PROGRESS, phaseClock, type Ending, type PhaseTimeout, type PhaseTimings,
} from "./connection-phase.js";
import { createFrameRouter } from "./frame-router.js";
import { DEFAULT_MAX_FRAME_BYTES, FRAME_HARD_LIMIT_BYTES } from "./frames.js";
import type { ConnectConfig } from "./connection-config.js";
import { handshake$, type HandshakeStep } from "./handshake.js";
import { heartbeat } from "./heartbeat.js";
import { DEFAULT_RECONNECT_POLICY } from "./options.js";
import { isRefusal } from "./refusals.js";
import { socket$, type SocketHandle } from "./socket.js";
import type { ConnectFn, ConnectionEvent, ReadyUser } from "./types.js";

export type { ConnectConfig } from "./connection-config.js";

/**
 * Build the {@link ConnectFn}: per request, one socket through the phases above, ending with
 * exactly one `disconnect`, then complete; errors only with `QQAuthError` or `QQAccessRefusedError`.
 */
export function createConnect(config: ConnectConfig): ConnectFn {
  const scheduler = config.scheduler ?? asyncScheduler;
  const maxFrameBytes = config.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const hardLimitBytes = config.frameHardLimitBytes ?? FRAME_HARD_LIMIT_BYTES;
  const logger = config.logger ?? silentLogger;
  const { policy, counters } = config;
  const timings: PhaseTimings = {
    helloTimeoutMs: policy.helloTimeoutMs, readyTimeoutMs: policy.readyTimeoutMs,
    invalidSessionCloseWaitMs: policy.invalidSessionCloseWaitMs ?? DEFAULT_RECONNECT_POLICY.invalidSessionCloseWaitMs, closeTimeoutMs: config.closeTimeoutMs ?? 2000,
  };
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
        const disconnect = toDisconnect(end, { at: scheduler.now(), openedAt, progress, sent, secrets: secrets() });
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
      /** A phase lasted too long. */
      const onTimeout = (what: PhaseTimeout): void => {
        if (what === "hello") return finish({ cause: "hello-timeout", reason: `no HELLO within ${timings.helloTimeoutMs} ms of opening` });
        if (what === "ready") return finish({ cause: "ready-timeout", reason: `no READY/RESUMED within ${timings.readyTimeoutMs} ms of HELLO` });
        // op 9 without the server's close: close ourselves, then wait for its close frame.
        if (what === "server-close") return closeItself(ending as Ending);
        finish({ ...(ending as Ending), closeCode: CLIENT_CLOSE_CODE });
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

      const { onSeq } = request;
      const deliver = config.onDispatch;
      const advance = (s: number): void => {
        if (seq !== null && s <= seq) return;
        seq = s;
        onSeq?.(s);
      };
      const route = createFrameRouter({ maxFrameBytes, counters, logger, log, secrets }, {
        seq: advance,
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
          if (p.t !== "READY" && p.t !== "RESUMED") return deliver ? deliver(p) : subscriber.next({ type: "dispatch", payload: p });
          const phase = phase$.value;
          if (phase !== ConnectionPhase.Handshaking && phase !== ConnectionPhase.AwaitingSlot) return;
          if (p.t === "READY") return onReady((p.d as ReadyData).session_id, false, readyUser(p.d as ReadyData));
          if (sent === "resume" && request.session) return onReady(request.session.sessionId, true);
          logger.warn(log, "ignored RESUMED: this connection did not send RESUME");
        },
      });

      // The clocks: one per phase, and the heartbeat from HELLO until the client decides to close.
      all.add(phase$.pipe(switchMap((phase) => phaseClock(phase, timings, scheduler))).subscribe(onTimeout));
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
          onMessage: route,
          ...(config.socketFactory ? { factory: config.socketFactory } : {}),
          ...(config.agent ? { agent: config.agent } : {}),
        }).subscribe((ev) => {
          if (ev.type === "end") return finish(socketEnding(ev, ending, hardLimitBytes));
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

function readyUser(d: ReadyData): ReadyUser | undefined {
  return typeof d.user?.id === "string" ? { id: d.user.id, username: d.user.username } : undefined;
}
