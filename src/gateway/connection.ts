/**
 * One gateway connection (socket, HELLO, IDENTIFY/RESUME, heartbeat, dispatches) as the
 * {@link ConnectFn} the reconnect loop drives. It reports how the connection ended and
 * never decides what happens next.
 */
import type { Agent } from "node:http";
import { asyncScheduler, defer, Observable, Subject, Subscription, switchMap, timer, type SchedulerLike } from "rxjs";
import { QQAuthError, redact, safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import type { ReconnectPolicy } from "./options.js";
import { OpCode } from "../protocol/opcodes.js";
import { heartbeatFrame, identifyFrame, resumeFrame, type GatewayPayload, type HelloData, type ReadyData } from "../protocol/payloads.js";
import type { Counters } from "../stats.js";
import { DEFAULT_MAX_FRAME_BYTES, parseFrame } from "./frames.js";
import { heartbeat } from "./heartbeat.js";
import { socket$, type SocketEnd, type SocketFactory, type SocketHandle } from "./socket.js";
import type { ConnectFn, ConnectionEvent, Disconnect, DisconnectCause, ReadyUser } from "./types.js";

/** Close code the client uses when it closes the socket itself (op 7, op 9). */
export const CLIENT_CLOSE_CODE = 4000;

/** What {@link createConnect} needs. */
export interface ConnectConfig {
  /** The access token (without the `QQBot ` scheme). `QQAuthError` rejections end the connection with that error. */
  token: (opts: { forceRefresh: boolean }) => Promise<string>;
  intents: number;
  /** `[shardId, shardCount]`. */
  shard: readonly [number, number];
  policy: Pick<ReconnectPolicy, "handshakeTimeoutMs" | "helloTimeoutMs" | "readyTimeoutMs">;
  /** @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
  /** Heartbeat jitter source. @defaultValue `Math.random` */
  random?: () => number;
  socketFactory?: SocketFactory;
  /** HTTP(S) agent for the upgrade request (proxies). */
  agent?: Agent;
  /** Larger frames are dropped and counted; `ws` kills the socket only above 4× this. @defaultValue 1 MiB */
  maxFrameBytes?: number;
  /** After op 7 / op 9, how long to wait for the peer's close frame before terminating. @defaultValue 2000 */
  closeTimeoutMs?: number;
  /**
   * Awaited after HELLO and the token, right before an IDENTIFY (not a RESUME): the identify
   * throttler's slot. The READY timeout starts again once it resolves, so a long wait is no timeout.
   */
  beforeIdentify?: () => Promise<void>;
  counters?: Counters;
  logger?: Logger;
  /** Strings never to show (client secret…); the token of this connection is always added. */
  secrets?: () => readonly (string | undefined)[];
}

type Ending = { cause: DisconnectCause; reason: string; closeCode?: number; resumable?: boolean; error?: unknown };

/**
 * Build the {@link ConnectFn}. Per request: open the socket (`open`), wait HELLO within
 * `helloTimeoutMs` (`hello`), fetch the token and send RESUME when `request.session` is set,
 * else IDENTIFY (`handshake`), wait READY/RESUMED within `readyTimeoutMs` of HELLO (`ready`),
 * then `dispatch` per op 0 frame, heartbeating with zombie detection throughout. Ends with
 * exactly one `disconnect`, then completes; errors only with `QQAuthError`.
 *
 * ```
 * socket:  --open--HELLO------------READY---D1--D2------(close 4009)
 * events:  --o-----h-----(handshake)r-------d---d-------(x|)      x = disconnect{cause:"close",closeCode:4009}
 * ```
 *
 * @example
 * ```ts
 * const connect = createConnect({ token: tokens.get, intents: Intents.PUBLIC_MESSAGES, shard: [0, 1], policy });
 * connect({ url, session: undefined, refreshToken: false, attempt: 1 }).subscribe((ev) => console.log(ev.type));
 * ```
 */
export function createConnect(config: ConnectConfig): ConnectFn {
  const scheduler = config.scheduler ?? asyncScheduler;
  const maxFrameBytes = config.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const closeTimeoutMs = config.closeTimeoutMs ?? 2000;
  const logger = config.logger ?? silentLogger;
  const { policy, counters } = config;

  return (request) =>
    new Observable<ConnectionEvent>((subscriber) => {
      const all = new Subscription();
      /** Timers and the heartbeat: stopped as soon as the client decides to close. */
      const clocks = new Subscription();
      all.add(clocks);
      const acks$ = new Subject<void>();
      const log = { attempt: request.attempt, shard: config.shard[0] };
      let socket: SocketHandle | undefined;
      let openedAt: number | undefined;
      let seq: number | null = request.session?.seq ?? null;
      let sawHello = false;
      let ready = false;
      let attemptedResume = false;
      let done = false;
      let token: string | undefined;
      let closing: Ending | undefined;
      let readyTimer: Subscription | undefined;
      let helloTimer: Subscription | undefined;
      const secrets = (): (string | undefined)[] => [...(config.secrets?.() ?? []), token];
      const send = (payload: GatewayPayload): void => socket?.send(JSON.stringify(payload));

      const finish = (ending: Ending): void => {
        if (done) return;
        done = true;
        all.unsubscribe(); // terminates the socket if it is still up
        const at = scheduler.now();
        const disconnect: Disconnect = {
          cause: ending.cause,
          reason: redact(ending.reason, secrets()) || ending.cause,
          at,
          connectedFor: openedAt === undefined ? 0 : at - openedAt,
          sawHello,
          ready,
          attemptedResume,
        };
        if (ending.closeCode !== undefined) disconnect.closeCode = ending.closeCode;
        if (ending.resumable !== undefined) disconnect.resumable = ending.resumable;
        if (ending.error !== undefined) disconnect.error = ending.error;
        logger.debug({ ...log, cause: disconnect.cause, closeCode: disconnect.closeCode, reason: disconnect.reason }, "gateway connection ended");
        subscriber.next({ type: "disconnect", disconnect });
        subscriber.complete();
      };

      const closeItself = (ending: Ending): void => {
        if (closing || done) return;
        closing = ending;
        clocks.unsubscribe();
        socket?.close(CLIENT_CLOSE_CODE, ending.cause === "reconnect" ? "reconnect requested" : "invalid session");
        all.add(timer(closeTimeoutMs, scheduler).subscribe(() => finish({ ...ending, closeCode: CLIENT_CLOSE_CODE })));
      };

      const startReadyTimer = (): void => {
        readyTimer?.unsubscribe();
        readyTimer = timer(policy.readyTimeoutMs, scheduler).subscribe(() =>
          finish({ cause: "ready-timeout", reason: `no READY/RESUMED within ${policy.readyTimeoutMs} ms of HELLO` }),
        );
        clocks.add(readyTimer);
      };

      const handshake = (): void => {
        const session = request.session;
        // Token first, then the identify slot, then IDENTIFY at once: the throttler paces what the
        // platform measures (IDENTIFY arrivals), and a socket that never opened took no slot.
        const slot = async (accessToken: string): Promise<string> => {
          if (session || !config.beforeIdentify) return accessToken;
          readyTimer?.unsubscribe(); // the wait for the slot is not a READY timeout
          await config.beforeIdentify();
          startReadyTimer();
          return accessToken;
        };
        all.add(
          defer(() => config.token({ forceRefresh: request.refreshToken })).pipe(switchMap(slot)).subscribe({
            next: (accessToken) => {
              token = accessToken;
              if (closing) return;
              if (session) {
                attemptedResume = true;
                send(resumeFrame(accessToken, session.sessionId, Math.max(seq ?? 0, session.seq)));
              } else {
                send(identifyFrame(accessToken, config.intents, [config.shard[0], config.shard[1]]));
              }
              logger.debug(log, session ? "sent RESUME" : "sent IDENTIFY");
              subscriber.next({ type: "handshake", mode: session ? "resume" : "identify" });
            },
            error: (err: unknown) => {
              if (err instanceof QQAuthError) {
                done = true;
                all.unsubscribe();
                subscriber.error(err);
                return;
              }
              finish({ cause: "error", reason: `could not start the ${session ? "RESUME" : "IDENTIFY"} (access token or identify slot): ${safeMessage(err, secrets())}`, error: err });
            },
          }),
        );
      };

      const onHello = (intervalMs: number): void => {
        if (sawHello) return;
        sawHello = true;
        helloTimer?.unsubscribe();
        subscriber.next({ type: "hello", heartbeatIntervalMs: intervalMs });
        if (done) return;
        startReadyTimer();
        clocks.add(
          heartbeat({ intervalMs, acks$, scheduler, ...(config.random ? { random: config.random } : {}) }).subscribe((signal) => {
            if (signal === "beat") return send(heartbeatFrame(seq));
            finish({ cause: "zombie", reason: `heartbeat not acknowledged within ${intervalMs} ms` });
          }),
        );
        handshake();
      };

      const onReady = (sessionId: string, resumed: boolean, user?: ReadyUser): void => {
        ready = true;
        readyTimer?.unsubscribe();
        logger.debug(log, resumed ? "RESUMED" : "READY");
        subscriber.next({ type: "ready", sessionId, seq: seq ?? 0, resumed, ...(user ? { user } : {}) });
      };

      const onDispatch = (p: GatewayPayload & { t: string }): void => {
        if (p.t === "READY" || p.t === "RESUMED") {
          if (ready || closing) return;
          if (p.t === "READY") return onReady((p.d as ReadyData).session_id, false, readyUser(p.d as ReadyData));
          if (request.session && attemptedResume) return onReady(request.session.sessionId, true);
          return void logger.warn(log, "ignored RESUMED: this connection did not send RESUME");
        }
        subscriber.next({ type: "dispatch", payload: p });
      };

      const readyUser = (d: ReadyData): ReadyUser | undefined =>
        typeof d.user?.id === "string" ? { id: d.user.id, username: d.user.username } : undefined;

      const onPayload = (p: GatewayPayload): void => {
        if (typeof p.s === "number" && (seq === null || p.s > seq)) seq = p.s;
        if (p.op === OpCode.Dispatch) return onDispatch(p as GatewayPayload & { t: string });
        if (closing) return;
        switch (p.op) {
          case OpCode.Hello:
            return onHello((p.d as HelloData).heartbeat_interval);
          case OpCode.HeartbeatAck:
            return acks$.next();
          case OpCode.Heartbeat:
            return send(heartbeatFrame(seq));
          case OpCode.Reconnect:
            return closeItself({ cause: "reconnect", reason: "the gateway asked for a reconnect (op 7)" });
          case OpCode.InvalidSession: {
            const resumable = p.d === true;
            return closeItself({ cause: "invalid-session", resumable, reason: `invalid session (op 9), ${resumable ? "resumable" : "not resumable"}` });
          }
          default:
            logger.debug({ ...log, op: p.op }, "ignored a gateway frame the client does not expect");
        }
      };

      const onEnd = (end: SocketEnd): void => {
        const error = end.error === undefined ? {} : { error: end.error };
        if (closing) return finish({ ...closing, closeCode: end.closeCode ?? CLIENT_CLOSE_CODE });
        if (!end.opened) return finish({ cause: end.handshakeTimedOut ? "handshake-timeout" : "connect-failed", reason: end.reason, ...error });
        // The close code's meaning is added by the reconnect loop (describeDisconnect), not here.
        const reason = end.reason;
        const code = end.closeCode === undefined ? {} : { closeCode: end.closeCode };
        finish({ cause: end.error === undefined ? "close" : "error", reason, ...code, ...error });
      };

      all.add(
        socket$(request.url, {
          handshakeTimeoutMs: policy.handshakeTimeoutMs,
          maxPayloadBytes: maxFrameBytes * 4,
          scheduler,
          ...(config.socketFactory ? { factory: config.socketFactory } : {}),
          ...(config.agent ? { agent: config.agent } : {}),
        }).subscribe((ev) => {
          if (ev.type === "end") return onEnd(ev);
          if (ev.type === "open") {
            socket = ev.socket;
            openedAt = scheduler.now();
            logger.debug(log, "gateway socket open");
            subscriber.next({ type: "open" });
            helloTimer = timer(policy.helloTimeoutMs, scheduler).subscribe(() =>
              finish({ cause: "hello-timeout", reason: `no HELLO within ${policy.helloTimeoutMs} ms of opening` }),
            );
            return void clocks.add(helloTimer);
          }
          counters?.increment("framesIn");
          const result = parseFrame(ev.data, ev.isBinary, maxFrameBytes, secrets);
          if (result.ok) return onPayload(result.payload);
          counters?.increment("badFrames");
          logger.warn({ ...log, problem: safeMessage(result.error, secrets()) }, "dropped a bad gateway frame");
        }),
      );
      return () => {
        done = true;
        all.unsubscribe();
      };
    });
}
