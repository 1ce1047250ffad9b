/**
 * What one gateway connection needs: the handshake's token, intents and shard, the policy's
 * timeouts, and the injected I/O (scheduler, socket factory, proxy agent, logger, counters).
 */
import type { Agent } from "node:http";
import type { SchedulerLike } from "rxjs";
import type { Logger } from "../logger.js";
import type { Counters } from "../stats.js";
import type { HandshakeConfig } from "./handshake.js";
import type { ReconnectPolicy } from "./options.js";
import type { SocketFactory } from "./socket.js";

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
  /** Frames over this make `ws` close the socket unread (1009). @defaultValue `FRAME_HARD_LIMIT_BYTES` (64 MiB) */
  frameHardLimitBytes?: number;
  /** After the client closes the socket, how long to wait for the peer's close frame. @defaultValue 2000 */
  closeTimeoutMs?: number;
  counters?: Counters;
  logger?: Logger;
  /** Strings never to show (client secret…); the token of this connection is always added. */
  secrets?: () => readonly (string | undefined)[];
}

