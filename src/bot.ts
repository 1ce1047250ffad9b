/**
 * `createBot`: wires the layers together. Options are validated at once; no I/O happens
 * until the first subscription (or the first `send`).
 */
import {
  asyncScheduler, concat, defer, filter, finalize, from, map, type Observable, share, Subject,
  takeUntil, tap,
} from "rxjs";
import { HttpsProxyAgent } from "https-proxy-agent";
import { safeMessage } from "./errors.js";
import { redactingLogger, silentLogger } from "./logger.js";
import { resolveBotOptions, type BotOptions } from "./bot-options.js";
import { createCounters, type BotStats } from "./stats.js";
import { MemoryStore } from "./store/memory-store.js";
import { createSessionStore, type SessionStore } from "./store/session-store.js";
import { ConnectionState, type StateChange } from "./transport/state.js";
import type { LoopEvent } from "./transport/loop-events.js";
import { runShards } from "./gateway/run-shards.js";
import { createHttpClientPool } from "./http/http-client.js";
import { createAccessTokenSource } from "./http/access-token.js";
import { createRestClient } from "./http/rest-client.js";
import { withRestPolicy } from "./http/rest-policy.js";
import { createApi, type QQApi, type RequestOptions } from "./api/index.js";
import type { HttpMethod } from "./protocol/endpoints/endpoint.js";
import { chooseProxy } from "./http/proxy.js";
import { webhookTransport } from "./webhook/webhook-transport.js";
import type { AccessTokenSource, HttpClientPool, RestClient } from "./http/types.js";
import type { KnownEventType } from "./protocol/events.js";
import {
  createDedupeCache, createSender, dedupeBy, isMessageEventType, normalizeMessage, replyFactory, toGatewayEvent,
  type GatewayEvent, type GatewayEventOf, InteractionAckCode, type Message, type ReplyRef, type Sender, type SendBody, type SendTarget, type SentMessage,
} from "./messages/index.js";

/** A bot: reactive streams in, `send`/`reply` out. */
export interface Bot {
  /** Normalised inbound messages of every kind, each delivered once. Shared; errors only with `GatewayFatalError`. */
  readonly messages$: Observable<Message>;
  /** Every dispatch, deduplicated across RESUME replays. Shared like `messages$`. */
  readonly events$: Observable<GatewayEvent>;
  /** Dispatches of one type, typed. */
  event$<T extends KnownEventType>(type: T): Observable<GatewayEventOf<T>>;
  /** The connection's life; replays the current state. Subscribing does not connect. */
  readonly state$: Observable<StateChange>;
  /** Counters, replaying the latest snapshot. */
  readonly stats$: Observable<BotStats>;
  /** The counters now. */
  stats(): BotStats;
  /**
   * Send a message. Without `replyTo` it is a proactive send, which the platform refuses for
   * C2C and group chats since 2025-04-21 (`PROACTIVE_REFUSED`); pass `{ eventId }` to answer a
   * non-message event (GROUP_ADD_ROBOT, FRIEND_ADD, INTERACTION_CREATE …) or `{ messageId }`.
   * For a message, `message.reply(body)` does this for you. Rejects with a `QQSendError`
   * (stable `code` such as `REPLY_EXPIRED`, `PROACTIVE_REFUSED`), a `QQApiError` for other
   * platform errors, or a `QQNetworkError`.
   */
  send(target: SendTarget, body: SendBody, replyTo?: ReplyRef): Promise<SentMessage>;
  /** Acknowledge an interaction (`PUT /interactions/{id}`, `bot.api.interactions.ack`); rejects with a `QQApiError` when the platform refuses. @defaultValue code `InteractionAckCode.Success` */
  ackInteraction(interactionId: string, code?: InteractionAckCode): Promise<void>;
  /**
   * The whole OpenAPI, typed: one method per endpoint, by area (`bot.api.messages.recallGroup`,
   * `bot.api.mute.member`, `bot.api.members.list.all` …). Same auth, token refresh, redaction,
   * typed errors (`QQApiError` with a stable `code`) and retry policy as every REST call.
   * No I/O until a method is called.
   */
  readonly api: QQApi;
  /**
   * Call any OpenAPI path by hand (what `bot.api` does not have yet), with the same auth, token
   * refresh, redaction, typed errors and retry policy. `body` is sent as JSON (a `FormData` as
   * multipart). Resolves to the parsed answer (`undefined` for an empty one).
   *
   * @example
   * ```ts
   * const guild = await bot.request<{ name: string }>("GET", `/guilds/${guildId}`);
   * await bot.request("DELETE", `/channels/${channelId}/messages/${messageId}`, undefined, { query: { hidetip: true } });
   * ```
   */
  request<T = unknown>(method: HttpMethod, path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  /** Close sockets, timers and HTTP clients and flush the store. Idempotent. */
  close(): Promise<void>;
}

interface Resources {
  pool: HttpClientPool;
  tokens: AccessTokenSource;
  rest: RestClient;
  /** `rest` under the retry policy: what `bot.api` and `bot.request` call. */
  policy: RestClient;
  api: QQApi;
  sessions: SessionStore;
  sender: Sender;
}

const MAX_REMEMBERED_TOKENS = 16;

/**
 * Create a bot. Throws `QQBotConfigError` (listing every bad field) on bad options;
 * connects on the first subscription to `messages$` or `events$`.
 *
 * @example
 * ```ts
 * const bot = createBot({ appId: process.env.QQ_APP_ID!, clientSecret: process.env.QQ_CLIENT_SECRET!, intents: Intents.PUBLIC_MESSAGES });
 * bot.messages$.subscribe((msg) => void msg.reply(`echo: ${msg.text}`));
 * ```
 */
export function createBot(options: BotOptions): Bot {
  const opts = resolveBotOptions(options);
  const scheduler = opts.scheduler ?? asyncScheduler;
  const counters = createCounters();
  const issuedTokens: string[] = [];
  const secrets = (): readonly string[] => [opts.clientSecret, ...issuedTokens];
  const logger = redactingLogger(opts.logger ?? silentLogger, secrets);
  // Latest state per shard; `state$` replays them, then follows the changes.
  const states = new Map<number, StateChange>();
  const stateChanges$ = new Subject<StateChange>();
  const closed$ = new Subject<void>();
  const messageIds = createDedupeCache({ max: opts.dedupe.max, ttlMs: opts.dedupe.ttlMs, now: () => scheduler.now() });
  const eventIds = createDedupeCache({ max: opts.dedupe.max, ttlMs: opts.dedupe.ttlMs, now: () => scheduler.now() });
  let closed = false;
  let botUserId: string | undefined;
  let resources: Resources | undefined;

  const setState = (change: StateChange): void => {
    if (closed) return;
    states.set(change.shard, change);
    stateChanges$.next(change);
  };
  for (const id of opts.shards === "auto" ? [0] : opts.shards.ids) setState({ state: ConnectionState.Idle, shard: id, at: scheduler.now() });

  const getResources = (): Resources => {
    if (resources) return resources;
    const pool = createHttpClientPool({ http: opts.http, proxy: opts.proxy, dispatcherFactory: opts.dispatcherFactory, secrets });
    const http = () => pool.current();
    const tokens = createAccessTokenSource({
      tokenUrl: opts.tokenUrl, appId: opts.appId, clientSecret: opts.clientSecret, http, scheduler, counters, logger,
    });
    tokens.tokens$.pipe(takeUntil(closed$)).subscribe((token) => {
      if (!issuedTokens.includes(token)) issuedTokens.push(token);
      if (issuedTokens.length > MAX_REMEMBERED_TOKENS) issuedTokens.shift();
    });
    const rest = createRestClient({ apiBase: opts.apiBase, appId: opts.appId, http, tokens, logger, secrets });
    const sessions = createSessionStore({ store: opts.store ?? new MemoryStore(), appId: opts.appId, scheduler, logger, counters });
    const sender = createSender({
      rest, counters, logger, scheduler,
      maxTextLength: opts.send.maxTextLength, retry: { delaysMs: opts.send.rateLimitRetryDelaysMs },
    });
    const policy = withRestPolicy(rest, { options: opts.rest, scheduler, logger, closed$ });
    resources = { pool, tokens, rest, policy, api: createApi(policy), sessions, sender };
    return resources;
  };

  const wsAgent = (() => {
    const choice = chooseProxy(opts.proxy);
    const uri = choice.kind === "explicit" ? choice.uri : choice.kind === "env" ? choice.httpsProxy : undefined;
    return uri ? new HttpsProxyAgent(uri) : undefined;
  })();

  /** Signed HTTP callbacks instead of sockets: the same LoopEvents, so everything below is shared. */
  const webhook$ = (r: Resources): Observable<LoopEvent> =>
    webhookTransport({
      appId: opts.appId, clientSecret: opts.clientSecret, options: opts.webhook, policy: opts.reconnect,
      store: opts.store, scheduler, counters, logger, shard: 0,
      fetchBotUser: async () => {
        const me = await r.rest.request<{ id?: unknown; username?: unknown } | undefined>("GET", "/users/@me");
        if (typeof me?.id !== "string") return undefined;
        return { id: me.id, ...(typeof me.username === "string" ? { username: me.username } : {}) };
      },
    });

  const gateway$: Observable<LoopEvent> = defer(() => {
    const r = getResources();
    if (opts.transport === "webhook") return webhook$(r);
    return runShards({
      options: opts, ...r, scheduler, counters, logger, secrets, wsAgent,
      onPlan: (plan) => plan.ids.forEach((id) => states.has(id) || setState({ state: ConnectionState.Idle, shard: id, at: scheduler.now() })),
    });
  }).pipe(
    tap({
      next: (e) => {
        if (e.type === "state") setState(e.change);
        else if (e.type === "ready" && e.user) botUserId = e.user.id;
      },
      error: (err) => logger.error({ err: safeMessage(err, secrets()) }, "gateway stopped"),
    }),
    takeUntil(closed$),
    finalize(() => {
      void resources?.sessions.flush();
      for (const [id, s] of states) {
        if (s.state !== ConnectionState.Fatal) setState({ state: ConnectionState.Idle, shard: id, at: scheduler.now() });
      }
    }),
    share({ resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true }),
  );

  const dispatch$ = gateway$.pipe(filter((e): e is Extract<LoopEvent, { type: "dispatch" }> => e.type === "dispatch"));

  const events$: Observable<GatewayEvent> = dispatch$.pipe(
    map((e) => toGatewayEvent(e.payload, e.shard)),
    filter((e): e is GatewayEvent => e !== undefined),
    dedupeBy((e) => (e.eventId ? `${e.type}:${e.eventId}` : undefined), {
      max: opts.dedupe.max, ttlMs: opts.dedupe.ttlMs, cache: eventIds,
    }),
    share({ resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true }),
  );

  const messages$: Observable<Message> = dispatch$.pipe(
    filter((e) => isMessageEventType(e.payload.t)),
    map((e) => {
      const result = normalizeMessage(e.payload, { shard: e.shard, botUserId, reply: replyFactory(getResources().sender) });
      if (!result.ok) {
        counters.increment("eventsDropped");
        logger.warn({ shard: e.shard, type: e.payload.t, seq: e.payload.s }, `dropped a malformed ${e.payload.t}: ${result.reason}`);
        return undefined;
      }
      return result.message;
    }),
    filter((m): m is Message => m !== undefined),
    dedupeBy((m) => m.id, {
      max: opts.dedupe.max, ttlMs: opts.dedupe.ttlMs, cache: messageIds,
      onDuplicate: (m) => {
        counters.increment("duplicatesDropped");
        logger.debug({ shard: m.shard, id: m.id, seq: m.seq }, "dropped a duplicate message");
      },
    }),
    tap(() => counters.increment("messagesIn")),
    share({ resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true }),
  );

  return {
    messages$,
    events$,
    event$: <T extends KnownEventType>(type: T) =>
      events$.pipe(filter((e): e is GatewayEventOf<T> => e.type === type)),
    state$: defer(() => concat(from([...states.values()]), stateChanges$)),
    stats$: counters.changes$,
    stats: () => counters.snapshot(),
    send: (target, body, replyTo) => getResources().sender.send(target, body, replyTo),
    ackInteraction: (interactionId, code = InteractionAckCode.Success) => getResources().api.interactions.ack({ interaction_id: interactionId, code }),
    get api() {
      return getResources().api;
    },
    request: <T = unknown>(method: HttpMethod, path: string, body?: unknown, options?: RequestOptions) =>
      getResources().policy.request<T>(method, path, body, options),
    async close() {
      if (closed) return;
      for (const id of states.keys()) setState({ state: ConnectionState.Closed, shard: id, at: scheduler.now() });
      closed = true;
      closed$.next();
      closed$.complete();
      stateChanges$.complete();
      const r = resources;
      if (!r) return;
      r.tokens.close();
      await r.sessions.close();
      await r.pool.close();
      wsAgent?.destroy();
    },
  };
}
