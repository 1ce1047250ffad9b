/**
 * Every frame of one connection, from the socket to the handler of its op: count it, parse and
 * validate it (`frames.ts`), track the highest seq, then call the one handler its op needs.
 * A bad frame is logged (redacted) and counted, never thrown; an oversized dispatch is skipped
 * by name (size, seq, type, event id) and its seq still counts, so the session moves past it.
 *
 * ```
 * frame ─► framesIn ─► parseFrame ─┬─ ok ─► seq ─► hello | ack | heartbeat | reconnect | invalidSession | dispatch
 *                                  ├─ oversized dispatch ─► (warn, oversizedFrames) ─► seq
 *                                  └─ bad ─► dropped (warn, badFrames)
 * ```
 */
import { safeMessage } from "../errors.js";
import type { Logger } from "../logger.js";
import { OpCode } from "../protocol/opcodes.js";
import type { GatewayPayload, HelloData } from "../protocol/payloads.js";
import type { Counters } from "../stats.js";
import { parseFrame, type FrameSecrets } from "./frames.js";

/** What each op does; the connection implements them. */
export interface FrameHandlers {
  /** op 10 with its `heartbeat_interval`. */
  hello(intervalMs: number): void;
  /** op 11. */
  heartbeatAck(): void;
  /** op 1 sent by the server: answer at once. */
  serverHeartbeat(): void;
  /** op 7. */
  reconnect(): void;
  /** op 9 with its `d`. */
  invalidSession(resumable: boolean): void;
  /** op 0 (READY and RESUMED included). */
  dispatch(payload: GatewayPayload & { t: string }): void;
  /** A frame's `s` (called before its handler); an oversized dispatch is skipped but its `s` still comes here. */
  seq(s: number): void;
}

/** What {@link createFrameRouter} needs besides the handlers. */
export interface FrameRouterConfig {
  /** The documented maximum frame size; larger dispatches are skipped. */
  maxFrameBytes: number;
  counters: Counters | undefined;
  logger: Logger;
  /** Fields for every log line (attempt, shard). */
  log: object;
  /** Strings to mask in excerpts (read only for a bad frame). */
  secrets: FrameSecrets & (() => readonly (string | undefined)[]);
}

/** A function taking each raw frame of the socket. */
export function createFrameRouter(config: FrameRouterConfig, on: FrameHandlers): (data: string | Buffer, isBinary: boolean) => void {
  const { counters, logger, log, secrets, maxFrameBytes } = config;
  return (data, isBinary) => {
    counters?.increment("framesIn");
    const result = parseFrame(data, isBinary, maxFrameBytes, secrets);
    if (result.ok) return route(result.payload);
    const big = result.oversized;
    if (big?.op === OpCode.Dispatch && big.s !== undefined) {
      counters?.increment("oversizedFrames");
      logger.warn(
        { ...log, bytes: big.bytes, limit: maxFrameBytes, seq: big.s, type: big.t, eventId: big.id },
        `skipped an oversized dispatch: ${big.bytes} bytes (the limit is ${maxFrameBytes}), seq ${big.s}, ${big.t ?? "no type"}` +
          `${big.id ? `, event ${big.id}` : ""}; it is not delivered and the session moves past it`,
      );
      return on.seq(big.s);
    }
    counters?.increment("badFrames");
    logger.warn({ ...log, problem: safeMessage(result.error, secrets()) }, "dropped a bad gateway frame");
  };

  function route(p: GatewayPayload): void {
    if (typeof p.s === "number") on.seq(p.s);
    switch (p.op) {
      case OpCode.Dispatch:
        return on.dispatch(p as GatewayPayload & { t: string });
      case OpCode.Hello:
        return on.hello((p.d as HelloData).heartbeat_interval);
      case OpCode.HeartbeatAck:
        return on.heartbeatAck();
      case OpCode.Heartbeat:
        return on.serverHeartbeat();
      case OpCode.Reconnect:
        return on.reconnect();
      case OpCode.InvalidSession:
        return on.invalidSession(p.d === true);
      default:
        logger.debug({ ...log, op: p.op }, "ignored a gateway frame the client does not expect");
    }
  }
}
