/**
 * The public handle of a running simulated platform (`qqbot-rx/testing`).
 *
 * @example
 * ```ts
 * const platform = await startSimulatedPlatform();
 * const sent = platform.pushMessage("c2c", { content: "ping" });
 * await platform.close();
 * ```
 */
import type { Server } from "node:http";
import type { SimulatorFaults } from "./faults.js";
import type { MilestoneName } from "./milestones.js";
import type { PushMessageKind, Scene } from "./payload-factory.js";
import type { RecordedRequest, SentMessageRecord } from "./records.js";
import type { SimulatorStats } from "./stats.js";
import type { SimulatedWebhook } from "./webhook-delivery.js";

/** A dispatch the test pushed. */
export interface PushedEvent {
  /** Envelope event id (`"<TYPE>:<random>"`), usable as `event_id`. */
  id: string;
  type: string;
  d: any;
  /** Sessions it was delivered to now (0 when only buffered for RESUME, or nobody wants it). */
  delivered: number;
}

/** A session as seen by the platform (for tests and debugging). */
export interface SessionInfo {
  id: string;
  seq: number;
  intents: number;
  shard: [number, number];
  connected: boolean;
  /** Dispatches kept for replay. */
  logged: number;
}

/** A running simulated QQ platform. */
export interface SimulatedPlatform {
  readonly appId: string;
  readonly clientSecret: string;
  /** `http://127.0.0.1:PORT/app/getAppAccessToken`. */
  readonly tokenUrl: string;
  /** `http://127.0.0.1:PORT`: REST lives at the root, like `https://api.sgroup.qq.com`. */
  readonly apiBase: string;
  /** `ws://127.0.0.1:PORT/websocket`: what `/gateway` returns. */
  readonly gatewayUrl: string;
  /** Close every socket and the server; no handle is left. Idempotent. */
  close(): Promise<void>;
  /** Push a realistic user message of `kind`; `fields` are merged over the defaults. */
  pushMessage(kind: PushMessageKind, fields?: Record<string, unknown>): PushedEvent;
  /** Push any dispatch. */
  pushEvent(type: string, d: unknown): PushedEvent;
  /** A snapshot of the counters. */
  readonly stats: () => SimulatorStats;
  /** Every HTTP request, in order (Authorization redacted). */
  readonly requests: readonly RecordedRequest[];
  /** Every message sent successfully, in order. */
  readonly sentMessages: readonly SentMessageRecord[];
  /** Fault injection. */
  readonly faults: SimulatorFaults;
  /** Resolve once `count` (default: current total + 1) of `event` happened in total; rejects when the platform closes first. */
  waitFor(event: MilestoneName, count?: number): Promise<void>;
  /** The bot user reported in READY. */
  readonly botUser: { id: string; username: string };
  /** Default participants of pushed messages (user openid, group openid, guild, channel, DM guild). */
  readonly scene: Readonly<Scene>;
  /** Sessions that are connected or still resumable. */
  sessions(): SessionInfo[];
  /** The underlying HTTP server (for checks such as `listening === false` after close). */
  readonly httpServer: Server;
  /** Webhook delivery: signed callbacks to the bot's URL, op 13 validation, webhook faults. */
  readonly webhook: SimulatedWebhook;
}
