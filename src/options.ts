/**
 * Every option qqbot-rx takes, its defaults (one object each, `as const satisfies …`)
 * and validation that names every bad field at once.
 */
import type { Dispatcher } from "undici";
import type { SchedulerLike } from "rxjs";
import { QQBotConfigError, type ConfigProblem } from "./errors.js";
import type { Logger } from "./logger.js";
import type { Store } from "./store/store.js";
import type { IdentifyThrottler } from "./gateway/identify-throttler.js";
import { ALL_INTENT_BITS, Intents } from "./protocol/intents.js";
import { resolveWebhookOptions, webhookOptionProblems, type WebhookOptions } from "./webhook/options.js";

/** How the gateway reconnects. Every field has a default in {@link DEFAULT_RECONNECT_POLICY}. */
export interface ReconnectPolicy {
  /** Waits between retries of `GET /gateway` after a network error or 5xx. */
  gatewayRetryDelaysMs: readonly number[];
  /** How long `/gateway` is off-limits after a rate limit; also the 4008 wait. */
  rateLimitCooldownMs: number;
  /** A connection that ends sooner than this after opening is a quick disconnect. */
  quickDisconnectMs: number;
  /** This many quick disconnects in a row are fatal (`QUICK_DISCONNECT_STORM`). */
  maxQuickDisconnects: number;
  /** Waits between failed attempts; the last value repeats. Reset on READY/RESUMED. */
  reconnectBackoffMs: readonly number[];
  /** ± fraction of random jitter applied to each backoff wait (0.2 = ±20%). */
  backoffJitter: number;
  /** Resumes in a row that never reach RESUMED before the session is dropped for IDENTIFY. */
  maxFailedResumes: number;
  /** WebSocket opening handshake limit. */
  handshakeTimeoutMs: number;
  /** Socket open → HELLO limit. */
  helloTimeoutMs: number;
  /** IDENTIFY/RESUME → READY/RESUMED limit. */
  readyTimeoutMs: number;
}

/** Defaults of {@link ReconnectPolicy}. */
export const DEFAULT_RECONNECT_POLICY = {
  /** @inheritDoc ReconnectPolicy.gatewayRetryDelaysMs */
  gatewayRetryDelaysMs: [500, 1500, 3000],
  /** @inheritDoc ReconnectPolicy.rateLimitCooldownMs */
  rateLimitCooldownMs: 60_000,
  /** @inheritDoc ReconnectPolicy.quickDisconnectMs */
  quickDisconnectMs: 5_000,
  /** @inheritDoc ReconnectPolicy.maxQuickDisconnects */
  maxQuickDisconnects: 6,
  /** @inheritDoc ReconnectPolicy.reconnectBackoffMs */
  reconnectBackoffMs: [1000, 2000, 5000, 10_000, 30_000, 60_000],
  /** @inheritDoc ReconnectPolicy.backoffJitter */
  backoffJitter: 0.2,
  /** @inheritDoc ReconnectPolicy.maxFailedResumes */
  maxFailedResumes: 2,
  /** @inheritDoc ReconnectPolicy.handshakeTimeoutMs */
  handshakeTimeoutMs: 30_000,
  /** @inheritDoc ReconnectPolicy.helloTimeoutMs */
  helloTimeoutMs: 20_000,
  /** @inheritDoc ReconnectPolicy.readyTimeoutMs */
  readyTimeoutMs: 20_000,
} as const satisfies ReconnectPolicy;

/** HTTP client limits. */
export interface HttpOptions {
  /** TCP/TLS connect limit. */
  connectTimeoutMs: number;
  /** Time to response headers. */
  headersTimeoutMs: number;
  /** Idle time while reading the body. */
  bodyTimeoutMs: number;
  /** Whole request limit (`AbortSignal.timeout`). */
  requestTimeoutMs: number;
  /** Connections per origin. */
  connections: number;
  /** Largest response body read; larger ones are an error. */
  maxResponseBytes: number;
}

/** Defaults of {@link HttpOptions}. */
export const DEFAULT_HTTP_OPTIONS = {
  /** @inheritDoc HttpOptions.connectTimeoutMs */
  connectTimeoutMs: 5_000,
  /** @inheritDoc HttpOptions.headersTimeoutMs */
  headersTimeoutMs: 10_000,
  /** @inheritDoc HttpOptions.bodyTimeoutMs */
  bodyTimeoutMs: 10_000,
  /** @inheritDoc HttpOptions.requestTimeoutMs */
  requestTimeoutMs: 15_000,
  /** @inheritDoc HttpOptions.connections */
  connections: 8,
  /** @inheritDoc HttpOptions.maxResponseBytes */
  maxResponseBytes: 4 * 1024 * 1024,
} as const satisfies HttpOptions;

/** Inbound dedupe window. */
export interface DedupeOptions {
  /** Message ids remembered at most. */
  max: number;
  /** How long an id is remembered. */
  ttlMs: number;
}

/** Defaults of {@link DedupeOptions}. */
export const DEFAULT_DEDUPE_OPTIONS = {
  /** @inheritDoc DedupeOptions.max */
  max: 10_000,
  /** @inheritDoc DedupeOptions.ttlMs */
  ttlMs: 3_600_000,
} as const satisfies DedupeOptions;

/** Outbound messages. */
export interface SendOptions {
  /** Longest text of one message; longer text is split into several. */
  maxTextLength: number;
  /** Waits before each retry of a rate-limited send (22009, 20028, HTTP 429). */
  rateLimitRetryDelaysMs: readonly number[];
}

/** Defaults of {@link SendOptions}. */
export const DEFAULT_SEND_OPTIONS = {
  /** @inheritDoc SendOptions.maxTextLength */
  maxTextLength: 2000,
  /** @inheritDoc SendOptions.rateLimitRetryDelaysMs */
  rateLimitRetryDelaysMs: [1000, 2000, 5000],
} as const satisfies SendOptions;

/** Platform endpoints. */
export const PLATFORM_ENDPOINTS = {
  /** Where access tokens come from. */
  tokenUrl: "https://bots.qq.com/app/getAppAccessToken",
  /** The OpenAPI base. */
  apiBase: "https://api.sgroup.qq.com",
  /** The OpenAPI base with `sandbox: true`. */
  sandboxApiBase: "https://sandbox.api.sgroup.qq.com",
} as const;

/** Options of `createBot`. Only `appId` and `clientSecret` are required. */
export interface BotOptions {
  /** The bot's AppID (QQ bot console → development settings). */
  appId: string;
  /** Never logged, never put into an error message. */
  clientSecret: string;
  /** Intent bits; a number or an OR of {@link Intents}. @defaultValue `Intents.PUBLIC_MESSAGES` */
  intents?: number;
  /** Use the sandbox API base. @defaultValue false */
  sandbox?: boolean;
  /** Override the API base (the simulator's `apiBase`). */
  apiBase?: string;
  /** Override the token endpoint (the simulator's `tokenUrl`). */
  tokenUrl?: string;
  /**
   * Which shards this process runs. A number `n` runs shards `0..n-1` of `n`; `{ ids, count }` runs some
   * of `count` (other processes run the rest, sharing a `RedisStore`); `"auto"` asks `/gateway/bot`.
   * More than one shard in all uses `/gateway/bot` and respects `session_start_limit`.
   * @defaultValue 1
   */
  shards?:
    | "auto"
    | number
    | {
        /** Shard ids this process runs. */
        ids: readonly number[];
        /** Shards in all, across every process. */
        count: number;
      };
  /** Paces IDENTIFYs to `max_concurrency` per 5 s. Use `RedisIdentifyThrottler` across processes. @defaultValue a `LocalIdentifyThrottler` */
  identifyThrottler?: IdentifyThrottler;
  /** When `/gateway/bot` says too few sessions remain: fail at once, or wait `reset_after`. @defaultValue "error" */
  onSessionStartLimit?: "error" | "wait";
  /** Where the gateway URL and the session live. @defaultValue a new `MemoryStore` */
  store?: Store;
  /** Overrides of the reconnect policy. @defaultValue {@link DEFAULT_RECONNECT_POLICY} */
  reconnect?: Partial<ReconnectPolicy>;
  /** Overrides of the HTTP client limits. @defaultValue {@link DEFAULT_HTTP_OPTIONS} */
  http?: Partial<HttpOptions>;
  /** Overrides of the inbound dedupe window. @defaultValue {@link DEFAULT_DEDUPE_OPTIONS} */
  dedupe?: Partial<DedupeOptions>;
  /** Overrides of the outbound message options. @defaultValue {@link DEFAULT_SEND_OPTIONS} */
  send?: Partial<SendOptions>;
  /** pino-compatible logger. @defaultValue silent */
  logger?: Logger;
  /**
   * How events arrive: the WebSocket gateway, or signed HTTP callbacks to the `webhook` listener.
   * `messages$`, `events$`, `state$` and `reply()` are the same either way. @defaultValue `"gateway"`
   */
  transport?: "gateway" | "webhook";
  /** The webhook listener and its checks (read when `transport` is `"webhook"`); defaults in `DEFAULT_WEBHOOK_OPTIONS`. */
  webhook?: Partial<WebhookOptions>;
  /** Proxy URL for REST and the WebSocket. @defaultValue `HTTPS_PROXY` / `ALL_PROXY` from the environment */
  proxy?: string;
  /** Replace the HTTP dispatcher factory (tests, custom agents). */
  dispatcherFactory?: () => Dispatcher;
  /** RxJS scheduler for every timer. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
}

type Problems = ConfigProblem[];

const isFiniteNonNegative = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

function checkNumber(problems: Problems, field: string, value: unknown, opts: { integer?: boolean; min?: number; max?: number } = {}): void {
  if (!isFiniteNonNegative(value)) {
    problems.push({ field, problem: `must be a finite non-negative number (got ${describe(value)})` });
    return;
  }
  if (opts.integer && !Number.isInteger(value)) problems.push({ field, problem: `must be an integer (got ${value})` });
  if (opts.min !== undefined && value < opts.min) problems.push({ field, problem: `must be at least ${opts.min} (got ${value})` });
  if (opts.max !== undefined && value > opts.max) problems.push({ field, problem: `must be at most ${opts.max} (got ${value})` });
}

function checkDelays(problems: Problems, field: string, value: unknown): void {
  if (!Array.isArray(value)) {
    problems.push({ field, problem: `must be an array of milliseconds (got ${describe(value)})` });
    return;
  }
  if (value.length === 0) problems.push({ field, problem: "must not be empty" });
  value.forEach((v, i) => checkNumber(problems, `${field}[${i}]`, v));
}

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `string ${JSON.stringify(value.slice(0, 40))}`;
  if (Array.isArray(value)) return "array";
  return value === null ? "null" : typeof value;
}

function checkObject(problems: Problems, field: string, value: unknown): value is Record<string, unknown> {
  if (value === undefined) return false;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push({ field, problem: `must be an object (got ${describe(value)})` });
    return false;
  }
  return true;
}

function reconnectProblems(input: unknown, prefix: string): Problems {
  const problems: Problems = [];
  if (!checkObject(problems, prefix, input)) return problems;
  const known = new Set(Object.keys(DEFAULT_RECONNECT_POLICY));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) problems.push({ field: `${prefix}.${key}`, problem: "is not a reconnect option" });
  }
  const r = input as Partial<Record<keyof ReconnectPolicy, unknown>>;
  for (const key of ["gatewayRetryDelaysMs", "reconnectBackoffMs"] as const) {
    if (r[key] !== undefined) checkDelays(problems, `${prefix}.${key}`, r[key]);
  }
  for (const key of ["rateLimitCooldownMs", "quickDisconnectMs", "handshakeTimeoutMs", "helloTimeoutMs", "readyTimeoutMs"] as const) {
    if (r[key] !== undefined) checkNumber(problems, `${prefix}.${key}`, r[key]);
  }
  if (r.maxQuickDisconnects !== undefined) checkNumber(problems, `${prefix}.maxQuickDisconnects`, r.maxQuickDisconnects, { integer: true, min: 1 });
  if (r.maxFailedResumes !== undefined) checkNumber(problems, `${prefix}.maxFailedResumes`, r.maxFailedResumes, { integer: true, min: 1 });
  if (r.backoffJitter !== undefined) checkNumber(problems, `${prefix}.backoffJitter`, r.backoffJitter, { max: 1 });
  return problems;
}

/**
 * Merge a partial policy over the defaults, or throw {@link QQBotConfigError} naming every bad field.
 *
 * @example
 * ```ts
 * resolveReconnectPolicy({ maxQuickDisconnects: 10 }).quickDisconnectMs // 5000
 * resolveReconnectPolicy({ gatewayRetryDelaysMs: [] }) // throws: reconnect.gatewayRetryDelaysMs must not be empty
 * ```
 */
export function resolveReconnectPolicy(input: Partial<ReconnectPolicy> = {}): ReconnectPolicy {
  const problems = reconnectProblems(input, "reconnect");
  if (problems.length) throw new QQBotConfigError(problems);
  return { ...DEFAULT_RECONNECT_POLICY, ...input };
}

/** Options after validation and defaults. */
export interface ResolvedBotOptions {
  appId: string;
  clientSecret: string;
  intents: number;
  apiBase: string;
  tokenUrl: string;
  /** `"auto"`, or the shard ids this process runs and the total count. */
  shards: "auto" | { ids: readonly number[]; count: number };
  identifyThrottler: IdentifyThrottler | undefined;
  onSessionStartLimit: "error" | "wait";
  store: Store | undefined;
  reconnect: ReconnectPolicy;
  http: HttpOptions;
  dedupe: DedupeOptions;
  send: SendOptions;
  logger: Logger | undefined;
  proxy: string | undefined;
  dispatcherFactory: (() => Dispatcher) | undefined;
  scheduler: SchedulerLike | undefined;
  transport: "gateway" | "webhook";
  webhook: WebhookOptions;
}

function urlProblem(problems: Problems, field: string, value: unknown, protocols: string[]): void {
  if (value === undefined) return;
  if (typeof value !== "string") return void problems.push({ field, problem: `must be a URL string (got ${describe(value)})` });
  try {
    const u = new URL(value);
    if (!protocols.includes(u.protocol)) problems.push({ field, problem: `must use ${protocols.join(" or ")} (got ${u.protocol})` });
  } catch {
    problems.push({ field, problem: "is not a valid URL" });
  }
}

function shardProblems(problems: Problems, value: BotOptions["shards"]): ResolvedBotOptions["shards"] {
  if (value === undefined) return { ids: [0], count: 1 };
  if (value === "auto") return "auto";
  if (typeof value === "number") {
    checkNumber(problems, "shards", value, { integer: true, min: 1 });
    return { ids: Array.from({ length: Number.isInteger(value) && value > 0 ? value : 0 }, (_, i) => i), count: value };
  }
  if (typeof value !== "object" || value === null || !Array.isArray(value.ids)) {
    problems.push({ field: "shards", problem: `must be "auto", a shard count, or { ids, count } (got ${describe(value)})` });
    return { ids: [0], count: 1 };
  }
  checkNumber(problems, "shards.count", value.count, { integer: true, min: 1 });
  if (value.ids.length === 0) problems.push({ field: "shards.ids", problem: "must not be empty" });
  value.ids.forEach((id, i) => {
    checkNumber(problems, `shards.ids[${i}]`, id, { integer: true });
    if (typeof id === "number" && typeof value.count === "number" && id >= value.count) {
      problems.push({ field: `shards.ids[${i}]`, problem: `must be less than shards.count (${value.count})` });
    }
  });
  if (new Set(value.ids).size !== value.ids.length) problems.push({ field: "shards.ids", problem: "must not repeat an id" });
  return { ids: [...value.ids], count: value.count };
}

/**
 * Validate `createBot` options and apply defaults, or throw {@link QQBotConfigError}
 * listing every bad field. Never echoes the client secret.
 */
export function resolveBotOptions(input: BotOptions): ResolvedBotOptions {
  const problems: Problems = [];
  if (typeof input !== "object" || input === null) throw new QQBotConfigError([{ field: "options", problem: "must be an object" }]);
  if (typeof input.appId !== "string" || !input.appId.trim()) problems.push({ field: "appId", problem: `must be a non-empty string (got ${describe(input.appId)})` });
  if (typeof input.clientSecret !== "string" || !input.clientSecret.trim()) {
    problems.push({ field: "clientSecret", problem: `must be a non-empty string (got ${typeof input.clientSecret === "string" ? "an empty string" : describe(input.clientSecret)})` });
  }
  if (input.intents !== undefined) {
    checkNumber(problems, "intents", input.intents, { integer: true, min: 1 });
    if (typeof input.intents === "number" && Number.isInteger(input.intents) && (input.intents & ~ALL_INTENT_BITS) !== 0) {
      problems.push({ field: "intents", problem: `has bits no intent uses (${input.intents & ~ALL_INTENT_BITS})` });
    }
  }
  if (input.sandbox !== undefined && typeof input.sandbox !== "boolean") problems.push({ field: "sandbox", problem: "must be a boolean" });
  urlProblem(problems, "apiBase", input.apiBase, ["http:", "https:"]);
  urlProblem(problems, "tokenUrl", input.tokenUrl, ["http:", "https:"]);
  urlProblem(problems, "proxy", input.proxy, ["http:", "https:"]);
  const shards = shardProblems(problems, input.shards);
  if (input.onSessionStartLimit !== undefined && input.onSessionStartLimit !== "error" && input.onSessionStartLimit !== "wait") {
    problems.push({ field: "onSessionStartLimit", problem: `must be "error" or "wait" (got ${describe(input.onSessionStartLimit)})` });
  }
  if (input.identifyThrottler !== undefined && typeof (input.identifyThrottler as { acquire?: unknown })?.acquire !== "function") {
    problems.push({ field: "identifyThrottler", problem: "must have an acquire(shardId, maxConcurrency) method" });
  }
  if (input.reconnect !== undefined) problems.push(...reconnectProblems(input.reconnect, "reconnect"));
  if (checkObject(problems, "http", input.http)) {
    for (const [k, v] of Object.entries(input.http)) {
      if (!(k in DEFAULT_HTTP_OPTIONS)) problems.push({ field: `http.${k}`, problem: "is not an http option" });
      else checkNumber(problems, `http.${k}`, v, k === "connections" ? { integer: true, min: 1 } : {});
    }
  }
  if (checkObject(problems, "dedupe", input.dedupe)) {
    if (input.dedupe.max !== undefined) checkNumber(problems, "dedupe.max", input.dedupe.max, { integer: true, min: 1 });
    if (input.dedupe.ttlMs !== undefined) checkNumber(problems, "dedupe.ttlMs", input.dedupe.ttlMs, { min: 1 });
  }
  if (checkObject(problems, "send", input.send)) {
    for (const key of Object.keys(input.send)) {
      if (!(key in DEFAULT_SEND_OPTIONS)) problems.push({ field: `send.${key}`, problem: "is not a send option" });
    }
    if (input.send.maxTextLength !== undefined) checkNumber(problems, "send.maxTextLength", input.send.maxTextLength, { integer: true, min: 1 });
    if (input.send.rateLimitRetryDelaysMs !== undefined) {
      if (Array.isArray(input.send.rateLimitRetryDelaysMs)) input.send.rateLimitRetryDelaysMs.forEach((v, i) => checkNumber(problems, `send.rateLimitRetryDelaysMs[${i}]`, v));
      else problems.push({ field: "send.rateLimitRetryDelaysMs", problem: `must be an array of milliseconds (got ${describe(input.send.rateLimitRetryDelaysMs)})` });
    }
  }
  if (input.logger !== undefined) {
    const l = input.logger as unknown as Record<string, unknown>;
    const missing = ["debug", "info", "warn", "error"].filter((m) => typeof l?.[m] !== "function");
    if (missing.length) problems.push({ field: "logger", problem: `must have methods ${missing.join(", ")}` });
  }
  if (input.store !== undefined) {
    const s = input.store as unknown as Record<string, unknown>;
    const missing = ["get", "set", "delete", "withLock"].filter((m) => typeof s?.[m] !== "function");
    if (missing.length) problems.push({ field: "store", problem: `must implement ${missing.join(", ")}` });
  }
  if (input.transport !== undefined && input.transport !== "gateway" && input.transport !== "webhook") {
    problems.push({ field: "transport", problem: `must be "gateway" or "webhook" (got ${describe(input.transport)})` });
  }
  problems.push(...webhookOptionProblems(input.webhook, "webhook"));
  if (input.transport === "webhook" && input.shards !== undefined && input.shards !== 1) {
    problems.push({ field: "shards", problem: 'is gateway-only: webhook callbacks are not sharded (omit it with transport "webhook")' });
  }
  if (problems.length) throw new QQBotConfigError(problems);
  return {
    appId: input.appId,
    clientSecret: input.clientSecret,
    intents: input.intents ?? Intents.PUBLIC_MESSAGES,
    apiBase: (input.apiBase ?? (input.sandbox ? PLATFORM_ENDPOINTS.sandboxApiBase : PLATFORM_ENDPOINTS.apiBase)).replace(/\/+$/, ""),
    tokenUrl: input.tokenUrl ?? PLATFORM_ENDPOINTS.tokenUrl,
    shards,
    identifyThrottler: input.identifyThrottler,
    onSessionStartLimit: input.onSessionStartLimit ?? "error",
    store: input.store,
    reconnect: { ...DEFAULT_RECONNECT_POLICY, ...input.reconnect },
    http: { ...DEFAULT_HTTP_OPTIONS, ...input.http },
    dedupe: { ...DEFAULT_DEDUPE_OPTIONS, ...input.dedupe },
    send: { ...DEFAULT_SEND_OPTIONS, ...input.send },
    logger: input.logger,
    proxy: input.proxy,
    dispatcherFactory: input.dispatcherFactory,
    scheduler: input.scheduler,
    transport: input.transport ?? "gateway",
    webhook: resolveWebhookOptions(input.webhook),
  };
}
