/**
 * The public handle of a running simulated platform (`qqbot-rx/testing`).
 */
import type { Server } from "node:http";
import type { SimulatorFaults } from "./faults.js";
import type { MilestoneName } from "./milestones.js";
import type { PushMessageKind, Scene } from "./payload-factory.js";
import type { RecordedRequest, SentMessageRecord } from "./records.js";
import type { SimulatorStats } from "./stats.js";
import type { SimulatedWebhook } from "./webhook-delivery.js";
import type { SimulatedGuilds } from "./world/public.js";

/** A dispatch the test pushed. */
export interface PushedEvent {
  /** Envelope event id (`"<TYPE>:<random>"`), usable as `event_id`. */
  id: string;
  /** The dispatch type (`t`). */
  type: string;
  /** The dispatch's `d`, as sent. */
  // biome-ignore lint/suspicious/noExplicitAny: the payload is whatever the test pushed; tests read its fields freely
  d: any;
  /** Sessions it was delivered to now (0 when only buffered for RESUME, or nobody wants it). */
  delivered: number;
}

/** A session as seen by the platform (for tests and debugging). */
export interface SessionInfo {
  /** The `session_id` sent in READY. */
  id: string;
  /** The last `s` sent on it. */
  seq: number;
  /** The intents it identified with. */
  intents: number;
  /** `[shard id, shard count]` it identified with. */
  shard: [number, number];
  /** Whether a socket is on it now (otherwise it waits to be resumed). */
  connected: boolean;
  /** Dispatches kept for replay. */
  logged: number;
}

/** A running simulated QQ platform. */
export interface SimulatedPlatform {
  /** The bot app id it accepts (pass it to `createBot`). */
  readonly appId: string;
  /** The client secret it accepts (pass it to `createBot`). */
  readonly clientSecret: string;
  /** `http://127.0.0.1:PORT/app/getAppAccessToken`. */
  readonly tokenUrl: string;
  /** `http://127.0.0.1:PORT`: REST lives at the root, like `https://api.sgroup.qq.com`. */
  readonly apiBase: string;
  /** `ws://127.0.0.1:PORT/websocket`: what `/gateway` returns. */
  readonly gatewayUrl: string;
  /**
   * Option `sandbox` only: `http://127.0.0.1:PORT2`, the sandbox API base (like
   * `https://sandbox.api.sgroup.qq.com`), sharing `tokenUrl`, tokens and sessions with production.
   */
  readonly sandboxApiBase: string | undefined;
  /** Option `sandbox` only: the sandbox's gateway URL (what its `/gateway` returns). */
  readonly sandboxGatewayUrl: string | undefined;
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
  /** Every message sent successfully, in order (C2C and group ones get `recalledAt` when recalled). */
  readonly sentMessages: readonly SentMessageRecord[];
  /** Fault injection. */
  readonly faults: SimulatorFaults;
  /** Resolve once `count` (default: current total + 1) of `event` happened in total; rejects when the platform closes first. */
  waitFor(event: MilestoneName, count?: number): Promise<void>;
  /** The bot user reported in READY. */
  readonly botUser: {
    /** The bot's user id (what mentions of the bot carry). */
    id: string;
    /** The bot's user name. */
    username: string;
  };
  /** Default participants of pushed messages (user openid, group openid, guild, channel, DM guild). */
  readonly scene: Readonly<Scene>;
  /** Sessions that are connected or still resumable. */
  sessions(): SessionInfo[];
  /** The underlying HTTP server (for checks such as `listening === false` after close). */
  readonly httpServer: Server;
  /** Webhook delivery: signed callbacks to the bot's URL, op 13 validation, webhook faults. */
  readonly webhook: SimulatedWebhook;
  /** The guilds, channels, members, messages, mutes, pins and reactions the OpenAPI serves. */
  readonly guilds: SimulatedGuilds;
}
