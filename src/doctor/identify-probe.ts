/**
 * One IDENTIFY, the way the bot makes it (`createConnect`: HELLO, IDENTIFY, READY or op 9 and
 * the close that follows), then a polite close (1000) as soon as READY arrives. It costs one
 * session start (`session_start_limit.remaining`).
 *
 * ```
 * socket:   --open--HELLO--IDENTIFY--READY--(close 1000)--|      → { kind: "ready", user }
 * refused:  --open--HELLO--IDENTIFY--op9----(close 4014)--|      → { kind: "ended", disconnect: { closeCode: 4014 } }
 * ```
 */
import { catchError, firstValueFrom, of, reduce, tap, timeout, TimeoutError } from "rxjs";
import WebSocket from "ws";
import { createConnect } from "../gateway/connection.js";
import type { SocketFactory } from "../gateway/socket.js";
import type { ConnectionEvent, Disconnect, ReadyUser } from "../gateway/types.js";
import { safeMessage } from "../errors.js";
import type { DoctorContext, DoctorIo } from "./context.js";

/** What one IDENTIFY needs. */
export interface IdentifyRequest {
  /** The gateway URL (`/gateway`'s answer). */
  url: string;
  /** The access token (without `QQBot `). */
  token: string;
  intents: number;
  /** `[shardId, shardCount]`. */
  shard: readonly [number, number];
  /** Limit of each phase: opening, HELLO, READY. */
  timeoutMs: number;
  /** Strings never to show. */
  secrets?: () => readonly string[];
}

/** How the IDENTIFY went. */
export type IdentifyOutcome =
  /** READY came (the socket was then closed with 1000). */
  | { kind: "ready"; user: ReadyUser | undefined }
  /** The connection ended before READY: op 9, a close code, a timeout, or no connection at all. */
  | { kind: "ended"; disconnect: Disconnect }
  /** The connection did not end within the limits (it was then terminated). */
  | { kind: "timeout"; afterMs: number }
  /** The connection failed in a way it does not report as a disconnect (never expected with a fixed token). */
  | { kind: "error"; message: string };

/** Close code and reason of the polite close after READY. */
const DONE_CODE = 1000;
const DONE_REASON = "qqbot-rx doctor: done";

/** IDENTIFY once on `request.url`; never rejects. */
export function identifyOnce(request: IdentifyRequest, io: DoctorIo): Promise<IdentifyOutcome> {
  let socket: WebSocket | undefined;
  const open = io.socketFactory ?? ((url, options) => new WebSocket(url, options));
  const socketFactory: SocketFactory = (url, options) => (socket = open(url, options));
  const t = request.timeoutMs;
  const connect = createConnect({
    token: () => Promise.resolve(request.token),
    intents: request.intents,
    shard: request.shard,
    policy: { handshakeTimeoutMs: t, helloTimeoutMs: t, readyTimeoutMs: t, invalidSessionCloseWaitMs: Math.min(t, 2000) },
    scheduler: io.scheduler,
    socketFactory,
    ...(io.wsAgent ? { agent: io.wsAgent } : {}),
    closeTimeoutMs: Math.min(t, 2000),
    secrets: request.secrets ?? (() => []),
  });
  // Every phase has its own limit inside the connection; this one only guards against a silent peer after READY.
  const limit = 3 * t + 5000;
  return firstValueFrom(
    connect({ url: request.url, session: undefined, attempt: 1 }).pipe(
      tap((ev) => {
        if (ev.type === "ready") socket?.close(DONE_CODE, DONE_REASON);
      }),
      reduce<ConnectionEvent, IdentifyOutcome | undefined>((found, ev) => {
        if (ev.type === "ready") return { kind: "ready", user: ev.user };
        if (ev.type === "disconnect" && found?.kind !== "ready") return { kind: "ended", disconnect: ev.disconnect };
        return found;
      }, undefined),
      timeout({ first: limit, scheduler: io.scheduler }),
      catchError((err: unknown) =>
        of<IdentifyOutcome>(err instanceof TimeoutError ? { kind: "timeout", afterMs: limit } : { kind: "error", message: safeMessage(err, request.secrets?.() ?? []) }),
      ),
      tap({ finalize: () => socket?.terminate() }),
    ),
  ).then((outcome) => outcome ?? { kind: "timeout", afterMs: limit });
}

/** {@link identifyOnce} on `url` with the context's token, timeout, secrets and I/O. */
export function identifyIn(ctx: DoctorContext, url: string, intents: number, shard: readonly [number, number]): Promise<IdentifyOutcome> {
  return identifyOnce({ url, token: ctx.facts.token ?? "", intents, shard, timeoutMs: ctx.options.timeoutMs, secrets: ctx.secrets }, ctx.io);
}
