/**
 * The handshake of one connection after HELLO: the access token, then (for an IDENTIFY) the
 * identify throttler's slot, then the frame to send. RESUMEs take no slot. The slot is taken
 * right before the IDENTIFY goes out, so the throttler paces what the platform measures.
 *
 * ```
 * IDENTIFY:  token()──t──► (awaiting-slot) ──beforeIdentify()──► (send identify|)
 * RESUME:    token()──t──► (send resume|)
 * ```
 *
 * Errors are the token source's (`QQAuthError`, `TokenRateLimitedError`, …) or the throttler's.
 */
import { concat, defer, map, type Observable, of, switchMap } from "rxjs";
import { identifyFrame, resumeFrame, type GatewayPayload } from "../protocol/payloads.js";
import type { ConnectRequest } from "./types.js";

/** A step of {@link handshake$}. */
export type HandshakeStep =
  /** The access token is in hand (the connection keeps it out of its logs). */
  | { type: "token"; token: string }
  /** Waiting for the identify throttler. */
  | { type: "awaiting-slot" }
  /** Send this frame now. */
  | { type: "send"; mode: "identify" | "resume"; frame: GatewayPayload };

/** What {@link handshake$} needs from the connection's configuration. */
export interface HandshakeConfig {
  /** The access token (without the `QQBot ` scheme); a refresh the loop owes was done before the socket opened. */
  token: () => Promise<string>;
  intents: number;
  /** `[shardId, shardCount]`. */
  shard: readonly [number, number];
  /** The identify throttler's slot; awaited right before an IDENTIFY. */
  beforeIdentify?: (() => Promise<void>) | undefined;
}

/**
 * Token → slot → frame for `request`. `seq()` is read when the RESUME is built, so frames
 * that arrived meanwhile count.
 */
export function handshake$(config: HandshakeConfig, request: ConnectRequest, seq: () => number | null): Observable<HandshakeStep> {
  const { session } = request;
  return defer(() => config.token()).pipe(
    switchMap((token): Observable<HandshakeStep> => {
      const got = of<HandshakeStep>({ type: "token", token });
      if (session) {
        const frame = resumeFrame(token, session.sessionId, Math.max(seq() ?? 0, session.seq));
        return concat(got, of<HandshakeStep>({ type: "send", mode: "resume", frame }));
      }
      const identify = (): HandshakeStep => ({ type: "send", mode: "identify", frame: identifyFrame(token, config.intents, [config.shard[0], config.shard[1]]) });
      if (!config.beforeIdentify) return concat(got, of(identify()));
      const slot = config.beforeIdentify;
      return concat(got, of<HandshakeStep>({ type: "awaiting-slot" }), defer(() => slot()).pipe(map(identify)));
    }),
  );
}
