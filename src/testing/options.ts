/**
 * Options of the simulated QQ platform, their defaults (the real platform's), and
 * resolution into a complete, validated configuration.
 */
import { ALL_INTENT_BITS } from "../protocol/intents.js";

/** What `startSimulatedPlatform` accepts; every field is optional. */
export interface SimulatedPlatformOptions {
  /** Bot app id; default `"102000001"`. */
  appId?: string;
  /** Client secret; default `"sim-secret-0123456789abcdef"`. */
  clientSecret?: string;
  /** Listen address; default `"127.0.0.1"`. */
  host?: string;
  /** Listen port; default 0 (one port for HTTP and the WebSocket upgrade on `/websocket`). */
  port?: number;
  /** `heartbeat_interval` sent in HELLO; default 45000. */
  heartbeatIntervalMs?: number;
  /**
   * A socket that sends no heartbeat for this long is closed with 4009 (session timed out),
   * as the platform does; default twice `heartbeatIntervalMs`; 0 disables.
   */
  heartbeatTimeoutMs?: number;
  /** Access-token lifetime; default 7200 (`expires_in` is sent as a string). */
  tokenLifetimeSec?: number;
  /** `/gateway` + `/gateway/bot` share this sliding-window limit; default none. Over it: HTTP 400, code 100001. */
  gatewayRateLimit?: {
    /** Calls allowed per window. */
    calls: number;
    /** Window length. */
    windowMs: number;
  };
  /** `session_start_limit.max_concurrency`: IDENTIFYs allowed per `identifyWindowMs`; default 1. */
  maxConcurrency?: number;
  /** Window of `maxConcurrency`; default 5000. An IDENTIFY over the limit is closed with 4008. */
  identifyWindowMs?: number;
  /** Suggested shard count in `/gateway/bot`; default 1. */
  shards?: number;
  /** `session_start_limit` totals; default 1000 / 1000 / 24 h. `remaining` decrements per IDENTIFY. */
  sessionStartLimit?: {
    /** Session starts allowed per day. */
    total: number;
    /** Session starts left. */
    remaining: number;
    /** Until the counter resets. */
    resetAfterMs: number;
  };
  /** How long a disconnected session stays resumable; default 5 min. */
  sessionTtlMs?: number;
  /** Passive-reply windows and the per-`msg_id` reply cap; defaults 60 min, 5 min, 5 min, 5. */
  replyWindows?: {
    /** How long a C2C message can be replied to; default 60 min. */
    c2cMs?: number;
    /** How long a group message can be replied to; default 5 min. */
    groupMs?: number;
    /** How long a guild message can be replied to; default 5 min. */
    guildMs?: number;
    /** Replies allowed per `msg_id`; default 5. */
    maxRepliesPerMsgId?: number;
  };
  /** Intent bits this bot is permitted to use; asking for others closes with 4014. Default: every documented bit. */
  permittedIntents?: number;
  /**
   * Also serve the sandbox (`platform.sandboxApiBase`, like `https://sandbox.api.sgroup.qq.com`): the
   * OpenAPI and the gateway on a second port, sharing the token endpoint, tokens, sessions and counters
   * with production. `faults.refuseIp` never refuses a sandbox call (the IP allow list applies outside
   * the sandbox only). Default false.
   */
  sandbox?: boolean;
  /**
   * The bot is offline (下架): the production gateway answers every IDENTIFY with op 9 and close 4914
   * ("only the sandbox may be used"); the sandbox gateway still accepts it. Default false.
   */
  botOffline?: boolean;
  /** After op 7, how long the server waits for the client to close before closing itself (4009); default 1000. */
  reconnectGraceMs?: number;
  /**
   * Clock for tokens, rate windows, reply windows and session TTLs (milliseconds);
   * default `Date.now`. Tests pass a manual clock to cross windows without sleeping.
   */
  now?: () => number;
  /** Bot user reported in READY and `/users/@me`. */
  botUser?: {
    /** The bot's user id (what mentions of the bot carry). */
    id: string;
    /** The bot's user name. */
    username: string;
  };
  /** Webhook delivery (`platform.webhook`); the URL can also be set later with `setCallbackUrl`. */
  webhook?: SimulatedWebhookOptions;
  /** The guild data the OpenAPI serves (`platform.guilds`); defaults 30 extra members, 3 guilds. */
  seed?: {
    /** Members of the scene's guild besides the bot, the owner and the scene's user (for paging). */
    members?: number;
    /** Guilds the bot is in, in all (at least 2: the scene's, where it is an admin, and one where it is not). */
    guilds?: number;
  };
}

/** How the simulated platform delivers callbacks. */
export interface SimulatedWebhookOptions {
  /** Callback URL(s); several = each POST goes to one at random (a load balancer). Default none. */
  callbackUrl?: string | readonly string[];
  /** A POST not answered within this long counts as not acknowledged; default 5000. */
  ackTimeoutMs?: number;
  /** Waits before each retry of an unacknowledged POST (its length = retries); default [1000, 3000, 10000]. */
  retryDelaysMs?: readonly number[];
}

/** Every option filled in. */
export interface ResolvedOptions {
  appId: string;
  clientSecret: string;
  host: string;
  port: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  tokenLifetimeSec: number;
  gatewayRateLimit: { calls: number; windowMs: number } | undefined;
  maxConcurrency: number;
  identifyWindowMs: number;
  shards: number;
  sessionStartLimit: { total: number; remaining: number; resetAfterMs: number };
  sessionTtlMs: number;
  replyWindows: { c2cMs: number; groupMs: number; guildMs: number; maxRepliesPerMsgId: number };
  permittedIntents: number;
  sandbox: boolean;
  botOffline: boolean;
  reconnectGraceMs: number;
  now: () => number;
  botUser: { id: string; username: string };
  webhook: { callbackUrls: string[]; ackTimeoutMs: number; retryDelaysMs: number[] };
  seed: { members: number; guilds: number };
}

/** The platform's defaults. */
export const SIMULATOR_DEFAULTS = {
  /** @inheritDoc SimulatedPlatformOptions.appId */
  appId: "102000001",
  /** @inheritDoc SimulatedPlatformOptions.clientSecret */
  clientSecret: "sim-secret-0123456789abcdef",
  /** @inheritDoc SimulatedPlatformOptions.host */
  host: "127.0.0.1",
  /** @inheritDoc SimulatedPlatformOptions.port */
  port: 0,
  /** @inheritDoc SimulatedPlatformOptions.heartbeatIntervalMs */
  heartbeatIntervalMs: 45_000,
  /** @inheritDoc SimulatedPlatformOptions.tokenLifetimeSec */
  tokenLifetimeSec: 7200,
  /** @inheritDoc SimulatedPlatformOptions.maxConcurrency */
  maxConcurrency: 1,
  /** @inheritDoc SimulatedPlatformOptions.identifyWindowMs */
  identifyWindowMs: 5000,
  /** @inheritDoc SimulatedPlatformOptions.shards */
  shards: 1,
  /** @inheritDoc SimulatedPlatformOptions.sessionStartLimit */
  sessionStartLimit: {
    /** Session starts allowed per day. */
    total: 1000,
    /** Session starts left. */
    remaining: 1000,
    /** Until the counter resets: 24 h. */
    resetAfterMs: 86_400_000,
  },
  /** @inheritDoc SimulatedPlatformOptions.sessionTtlMs */
  sessionTtlMs: 5 * 60_000,
  /** @inheritDoc SimulatedPlatformOptions.replyWindows */
  replyWindows: {
    /** C2C messages can be replied to for 60 min. */
    c2cMs: 60 * 60_000,
    /** Group messages can be replied to for 5 min. */
    groupMs: 5 * 60_000,
    /** Guild messages can be replied to for 5 min. */
    guildMs: 5 * 60_000,
    /** 5 replies per `msg_id`. */
    maxRepliesPerMsgId: 5,
  },
  /** @inheritDoc SimulatedPlatformOptions.sandbox */
  sandbox: false,
  /** @inheritDoc SimulatedPlatformOptions.botOffline */
  botOffline: false,
  /** @inheritDoc SimulatedPlatformOptions.reconnectGraceMs */
  reconnectGraceMs: 1000,
  /** @inheritDoc SimulatedPlatformOptions.botUser */
  botUser: {
    /** The bot's user id. */
    id: "11586990140073229091",
    /** The bot's user name. */
    username: "qqbot-rx 模拟机器人",
  },
  /** @inheritDoc SimulatedPlatformOptions.seed */
  seed: {
    /** 30 extra members. */
    members: 30,
    /** 3 guilds. */
    guilds: 3,
  },
  /** Defaults of {@link SimulatedWebhookOptions}. */
  webhook: {
    /** @inheritDoc SimulatedWebhookOptions.ackTimeoutMs */
    ackTimeoutMs: 5000,
    /** @inheritDoc SimulatedWebhookOptions.retryDelaysMs */
    retryDelaysMs: [1000, 3000, 10_000],
  },
} as const;

function positive(name: string, value: number, allowZero = false): number {
  const ok = Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) throw new RangeError(`simulator option ${name} must be a ${allowZero ? "non-negative" : "positive"} number, got ${String(value)}`);
  return value;
}

function integer(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`simulator option ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  return value;
}

/** Fill defaults and check ranges; throws `RangeError` naming the bad option. */
export function resolveOptions(options: SimulatedPlatformOptions = {}): ResolvedOptions {
  const d = SIMULATOR_DEFAULTS;
  const heartbeatIntervalMs = positive("heartbeatIntervalMs", options.heartbeatIntervalMs ?? d.heartbeatIntervalMs);
  const limit = options.gatewayRateLimit;
  if (limit) {
    positive("gatewayRateLimit.calls", limit.calls);
    positive("gatewayRateLimit.windowMs", limit.windowMs);
  }
  const windows = options.replyWindows ?? {};
  return {
    appId: options.appId ?? d.appId,
    clientSecret: options.clientSecret ?? d.clientSecret,
    host: options.host ?? d.host,
    port: positive("port", options.port ?? d.port, true),
    heartbeatIntervalMs,
    heartbeatTimeoutMs: positive("heartbeatTimeoutMs", options.heartbeatTimeoutMs ?? heartbeatIntervalMs * 2, true),
    tokenLifetimeSec: positive("tokenLifetimeSec", options.tokenLifetimeSec ?? d.tokenLifetimeSec),
    gatewayRateLimit: limit ? { ...limit } : undefined,
    maxConcurrency: positive("maxConcurrency", options.maxConcurrency ?? d.maxConcurrency),
    identifyWindowMs: positive("identifyWindowMs", options.identifyWindowMs ?? d.identifyWindowMs, true),
    shards: positive("shards", options.shards ?? d.shards),
    sessionStartLimit: { ...(options.sessionStartLimit ?? d.sessionStartLimit) },
    sessionTtlMs: positive("sessionTtlMs", options.sessionTtlMs ?? d.sessionTtlMs, true),
    replyWindows: {
      c2cMs: positive("replyWindows.c2cMs", windows.c2cMs ?? d.replyWindows.c2cMs, true),
      groupMs: positive("replyWindows.groupMs", windows.groupMs ?? d.replyWindows.groupMs, true),
      guildMs: positive("replyWindows.guildMs", windows.guildMs ?? d.replyWindows.guildMs, true),
      maxRepliesPerMsgId: positive("replyWindows.maxRepliesPerMsgId", windows.maxRepliesPerMsgId ?? d.replyWindows.maxRepliesPerMsgId),
    },
    permittedIntents: options.permittedIntents ?? ALL_INTENT_BITS,
    sandbox: options.sandbox ?? d.sandbox,
    botOffline: options.botOffline ?? d.botOffline,
    reconnectGraceMs: positive("reconnectGraceMs", options.reconnectGraceMs ?? d.reconnectGraceMs, true),
    now: options.now ?? Date.now,
    botUser: { ...(options.botUser ?? d.botUser) },
    webhook: resolveWebhook(options.webhook),
    seed: {
      members: integer("seed.members", options.seed?.members ?? d.seed.members, 0),
      guilds: integer("seed.guilds", options.seed?.guilds ?? d.seed.guilds, 2),
    },
  };
}

function resolveWebhook(webhook: SimulatedWebhookOptions = {}): ResolvedOptions["webhook"] {
  const d = SIMULATOR_DEFAULTS.webhook;
  const url = webhook.callbackUrl;
  const callbackUrls = url === undefined ? [] : typeof url === "string" ? [url] : [...url];
  for (const u of callbackUrls) {
    if (!/^https?:\/\//.test(u)) throw new RangeError(`simulator option webhook.callbackUrl must be an http(s) URL, got ${JSON.stringify(u)}`);
  }
  const retryDelaysMs = (webhook.retryDelaysMs ?? d.retryDelaysMs).map((ms, i) => positive(`webhook.retryDelaysMs[${i}]`, ms, true));
  return { callbackUrls, ackTimeoutMs: positive("webhook.ackTimeoutMs", webhook.ackTimeoutMs ?? d.ackTimeoutMs), retryDelaysMs };
}
