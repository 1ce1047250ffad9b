/**
 * `createBot`'s options: each layer owns its options and defaults (`gateway/options.ts`,
 * `http/options.ts`, `http/rest-options.ts`, `messages/options.ts`, `webhook/options.ts`); this file composes them,
 * validates everything at once (a `QQBotConfigError` lists every bad field) and applies the
 * defaults.
 */
import type { Dispatcher } from "undici";
import type { SchedulerLike } from "rxjs";
import { QQBotConfigError } from "./errors.js";
import type { Logger } from "./logger.js";
import { checkNumber, checkUrl, definedOnly, describe, type Problems } from "./option-checks.js";
import type { Store } from "./store/store.js";
import type { IdentifyThrottler } from "./gateway/identify-throttler.js";
import {
  DEFAULT_RECONNECT_POLICY, reconnectProblems, resolveShards, type ReconnectPolicy, type ResolvedShards, type ShardsOption,
} from "./gateway/options.js";
import { DEFAULT_HTTP_OPTIONS, httpProblems, PLATFORM_ENDPOINTS, type HttpOptions } from "./http/options.js";
import { DEFAULT_REST_OPTIONS, restProblems, type RestOptions } from "./http/rest-options.js";
import {
  DEFAULT_DEDUPE_OPTIONS, DEFAULT_SEND_OPTIONS, dedupeProblems, sendProblems, type DedupeOptions, type SendOptions,
} from "./messages/options.js";
import { ALL_INTENT_BITS, Intents } from "./protocol/intents.js";
import { resolveWebhookOptions, webhookOptionProblems, type WebhookOptions } from "./webhook/options.js";

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
  shards?: ShardsOption;
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
  /** Overrides of the retry waits of `bot.api` and `bot.request`. @defaultValue {@link DEFAULT_REST_OPTIONS} */
  rest?: Partial<RestOptions>;
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

/** Options after validation and defaults. */
export interface ResolvedBotOptions {
  appId: string;
  clientSecret: string;
  intents: number;
  apiBase: string;
  tokenUrl: string;
  /** `"auto"`, or the shard ids this process runs and the total count. */
  shards: ResolvedShards;
  identifyThrottler: IdentifyThrottler | undefined;
  onSessionStartLimit: "error" | "wait";
  store: Store | undefined;
  reconnect: ReconnectPolicy;
  http: HttpOptions;
  rest: RestOptions;
  dedupe: DedupeOptions;
  send: SendOptions;
  logger: Logger | undefined;
  proxy: string | undefined;
  dispatcherFactory: (() => Dispatcher) | undefined;
  scheduler: SchedulerLike | undefined;
  transport: "gateway" | "webhook";
  webhook: WebhookOptions;
}

/**
 * Validate `createBot` options and apply defaults, or throw {@link QQBotConfigError}
 * listing every bad field. Never echoes the client secret.
 */
export function resolveBotOptions(input: BotOptions): ResolvedBotOptions {
  if (typeof input !== "object" || input === null) throw new QQBotConfigError([{ field: "options", problem: "must be an object" }]);
  const problems: Problems = [...identityProblems(input)];
  const shards = resolveShards(problems, input.shards);
  problems.push(
    ...gatewayProblems(input),
    ...reconnectProblems(input.reconnect),
    ...httpProblems(input.http),
    ...restProblems(input.rest),
    ...dedupeProblems(input.dedupe),
    ...sendProblems(input.send),
    ...seamProblems(input),
    ...webhookOptionProblems(input.webhook),
  );
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
    reconnect: { ...DEFAULT_RECONNECT_POLICY, ...definedOnly(input.reconnect) },
    http: { ...DEFAULT_HTTP_OPTIONS, ...definedOnly(input.http) },
    rest: { ...DEFAULT_REST_OPTIONS, ...definedOnly(input.rest) },
    dedupe: { ...DEFAULT_DEDUPE_OPTIONS, ...definedOnly(input.dedupe) },
    send: { ...DEFAULT_SEND_OPTIONS, ...definedOnly(input.send) },
    logger: input.logger,
    proxy: input.proxy,
    dispatcherFactory: input.dispatcherFactory,
    scheduler: input.scheduler,
    transport: input.transport ?? "gateway",
    webhook: resolveWebhookOptions(input.webhook),
  };
}

/** appId, clientSecret, intents, sandbox and the URLs. */
function identityProblems(input: BotOptions): Problems {
  const problems: Problems = [];
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
  checkUrl(problems, "apiBase", input.apiBase, ["http:", "https:"]);
  checkUrl(problems, "tokenUrl", input.tokenUrl, ["http:", "https:"]);
  checkUrl(problems, "proxy", input.proxy, ["http:", "https:"]);
  return problems;
}

/** onSessionStartLimit, transport, and what only the gateway transport takes. */
function gatewayProblems(input: BotOptions): Problems {
  const problems: Problems = [];
  if (input.onSessionStartLimit !== undefined && input.onSessionStartLimit !== "error" && input.onSessionStartLimit !== "wait") {
    problems.push({ field: "onSessionStartLimit", problem: `must be "error" or "wait" (got ${describe(input.onSessionStartLimit)})` });
  }
  if (input.transport !== undefined && input.transport !== "gateway" && input.transport !== "webhook") {
    problems.push({ field: "transport", problem: `must be "gateway" or "webhook" (got ${describe(input.transport)})` });
  }
  if (input.transport === "webhook" && input.shards !== undefined && input.shards !== 1) {
    problems.push({ field: "shards", problem: 'is gateway-only: webhook callbacks are not sharded (omit it with transport "webhook")' });
  }
  if (input.dedupe?.shared === true && input.store === undefined) {
    problems.push({ field: "dedupe.shared", problem: "needs a store the processes share (e.g. a RedisStore) to claim ids in; set store, or leave shared off" });
  }
  return problems;
}

/** The injected seams: each must have the methods qqbot-rx calls. */
function seamProblems(input: BotOptions): Problems {
  const seams: [field: keyof BotOptions, methods: string[], what: string][] = [
    ["identifyThrottler", ["acquire"], "must have an acquire(shardId, maxConcurrency) method"],
    ["logger", ["debug", "info", "warn", "error"], "must have methods"],
    ["store", ["get", "set", "delete", "withLock"], "must implement"],
  ];
  const problems: Problems = [];
  for (const [field, methods, what] of seams) {
    const value = input[field] as Record<string, unknown> | undefined;
    if (value === undefined) continue;
    const missing = methods.filter((m) => typeof value?.[m] !== "function");
    if (missing.length) problems.push({ field, problem: field === "identifyThrottler" ? what : `${what} ${missing.join(", ")}` });
  }
  return problems;
}
