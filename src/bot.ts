/**
 * `createBot`: wires the layers together. Options are validated at once; no I/O happens
 * until the first subscription (or the first `send`).
 */
import {
  asyncScheduler, catchError, concat, defer, filter, finalize, from, Observable, share, Subject,
  takeUntil, tap, throwError,
} from "rxjs";
import { safeMessage } from "./errors.js";
import { redactingLogger, silentLogger } from "./logger.js";
import { createSecrets } from "./secrets.js";
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
import { createApi } from "./api/create-api.js";
import type { RequestOptions } from "./api/api-types.js";
import type { QQApi } from "./api/qq-api.js";
import type { HttpMethod } from "./protocol/endpoints/endpoint.js";
import { chooseProxy } from "./http/proxy.js";
import { createWsProxyAgent } from "./http/ws-proxy-agent.js";
import { webhookTransport } from "./webhook/webhook-transport.js";
import type { BotHealth } from "./health/health.js";
import { createHealthTracker } from "./health/health-tracker.js";
import type { AccessTokenSource, HttpClientPool, RestClient } from "./http/types.js";
import type { KnownEventType } from "./protocol/events.js";
import { createDispatchSink } from "./messages/dispatch-sink.js";
import type { GatewayEvent, GatewayEventOf } from "./messages/events.js";
import { InteractionAckCode } from "./messages/interaction.js";
import type { Message } from "./messages/message.js";
import type { SendBody } from "./messages/send-body.js";
import { createSender, replyFactory, type Sender } from "./messages/sender.js";
import type { SentMessage } from "./messages/sent-message.js";
import type { ReplyRef, SendTarget } from "./messages/target.js";
import { createDeliveryClaims } from "./messages/shared-dedupe.js";
import { timedSender, type SendRecord } from "./messages/timed-sender.js";

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
  /** Health for probes and monitoring: `idle`, `starting`, `ready`, `degraded` (since when), `fatal` (with the code) or `closed`. */
  health(): BotHealth;
  /** The health now, then each change; completes after `close()`. */
  readonly health$: Observable<BotHealth>;
  /** Every finished `send`/`reply`: target kind, duration, outcome (for latency metrics). Completes after `close()`. */
  readonly sends$: Observable<SendRecord>;
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
  sessions: SessionStore;
  sender: Sender;
}

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
  // Every log line, error, state reason and excerpt leaving the bot is redacted with these.
  const vault = createSecrets(opts.clientSecret);
  const secrets = vault.values;
  // Without a logger nothing is written, so there is nothing to redact.
  const logger = opts.logger ? redactingLogger(opts.logger, secrets) : silentLogger;
  const scrubbed = <T>(promise: Promise<T>): Promise<T> => promise.catch((err: unknown) => Promise.reject(vault.scrub(err)));
  // Latest state per shard; `state$` replays them, then follows the changes.
  const states = new Map<number, StateChange>();
  const stateChanges$ = new Subject<StateChange>();
  const health = createHealthTracker();
  const sends$ = new Subject<SendRecord>();
  const closed$ = new Subject<void>();
  // `dedupe.shared`: ids also claimed in the store, so processes sharing it deliver each dispatch once.
  const claims = opts.dedupe.shared && opts.transport === "gateway" && opts.store
    ? createDeliveryClaims({ store: opts.store, appId: opts.appId, ttlMs: opts.dedupe.ttlMs, logger, counters, scheduler })
    : undefined;
  let closed = false;
  let botUserId: string | undefined;
  let resources: Resources | undefined;
  /** `bot.api`, built on first use (its 70-odd methods cost memory an idle bot need not hold). */
  let api: QQApi | undefined;
  const apiOf = (): QQApi => (api ??= createApi(getResources().policy));
  // The hot path's end: sockets (and the webhook) hand each dispatch straight to it.
  const sink = createDispatchSink({
    counters, logger, dedupe: opts.dedupe, now: () => scheduler.now(), botUserId: () => botUserId,
    reply: (message) => replyFactory(getResources().sender)(message), ...(claims ? { claims } : {}),
  });

  const setState = (change: StateChange): void => {
    if (closed) return;
    const shown = change.reason === undefined ? change : { ...change, reason: vault.redact(change.reason) };
    states.set(shown.shard, shown);
    health.update(shown);
    stateChanges$.next(shown);
  };
  for (const id of opts.shards === "auto" ? [0] : opts.shards.ids) setState({ state: ConnectionState.Idle, shard: id, at: scheduler.now() });

  const getResources = (): Resources => {
    if (resources) return resources;
    const pool = createHttpClientPool({ http: opts.http, proxy: opts.proxy, dispatcherFactory: opts.dispatcherFactory, secrets });
    const http = () => pool.current();
    const tokens = createAccessTokenSource({
      tokenUrl: opts.tokenUrl, appId: opts.appId, clientSecret: opts.clientSecret, http, scheduler, counters, logger,
      rateLimitCooldownMs: opts.reconnect.rateLimitCooldownMs, secrets,
    });
    tokens.tokens$.pipe(takeUntil(closed$)).subscribe((token) => vault.add(token));
    const rest = createRestClient({ apiBase: opts.apiBase, appId: opts.appId, http, tokens, logger, secrets });
    const sessions = createSessionStore({ store: opts.store ?? new MemoryStore(), appId: opts.appId, scheduler, logger, counters });
    const sender = createSender({
      rest, counters, logger, scheduler, closed$,
      maxTextLength: opts.send.maxTextLength, retry: { delaysMs: opts.send.rateLimitRetryDelaysMs },
    });
    // Errors of sends and replies reach the app redacted, like every other error.
    const redactedSender: Sender = {
      send: (target, body, replyTo) => scrubbed(sender.send(target, body, replyTo)),
      upload: (target, media) => scrubbed(sender.upload(target, media)),
    };
    // bot.api and bot.request: every call through the one REST policy, its errors redacted.
    const retried = withRestPolicy(rest, { options: opts.rest, scheduler, logger, closed$ });
    const policy: RestClient = { request: (method, path, body, options) => scrubbed(retried.request(method, path, body, options)) };
    // Every finished send reported on `sends$` (after redaction: the code is what the app sees).
    const timed = timedSender(redactedSender, scheduler, (record) => sends$.next(record));
    resources = { pool, tokens, rest, policy, sessions, sender: timed };
    return resources;
  };

  const wsAgent = createWsProxyAgent(chooseProxy(opts.proxy));

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
      options: opts, ...r, scheduler, counters, logger, secrets, wsAgent, onDispatch: sink.deliver,
      onPlan: (plan) => plan.ids.forEach((id) => states.has(id) || setState({ state: ConnectionState.Idle, shard: id, at: scheduler.now() })),
    });
  }).pipe(
    // Redacted once, here: the health, the log line and the subscribers all get the scrubbed error.
    catchError((err: unknown) => throwError(() => vault.scrub(err))),
    tap({
      next: (e) => {
        if (e.type === "state") setState(e.change);
        else if (e.type === "dispatch") sink.deliver(e.payload, e.shard);
        else if (e.type === "ready" && e.user) botUserId = e.user.id;
      },
      error: (err) => {
        health.fail(err);
        logger.error({ err: safeMessage(err, secrets()) }, "gateway stopped");
      },
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

  /** A stream of the sink that keeps the gateway running while subscribed (shared: the first subscriber connects). */
  const connected = <T>(feed$: Observable<T>): Observable<T> =>
    new Observable<T>((subscriber) => {
      // The feed first: a dispatch that arrives during the connect must not be missed.
      const feed = feed$.subscribe(subscriber);
      // On close, dispatches still waiting on their claims are delivered before the stream completes.
      const driver = gateway$.subscribe({ error: (err: unknown) => subscriber.error(err), complete: () => void sink.drained().then(() => subscriber.complete()) });
      return () => {
        feed.unsubscribe();
        driver.unsubscribe();
      };
    });
  const messages$ = connected(sink.messages$);
  const events$ = connected(sink.events$);

  return {
    messages$,
    events$,
    event$: <T extends KnownEventType>(type: T) =>
      events$.pipe(filter((e): e is GatewayEventOf<T> => e.type === type)),
    state$: defer(() => concat(from([...states.values()]), stateChanges$)),
    stats$: counters.changes$,
    stats: () => counters.snapshot(),
    health: () => health.snapshot(),
    health$: health.changes$,
    sends$: sends$.asObservable(),
    send: (target, body, replyTo) => getResources().sender.send(target, body, replyTo),
    ackInteraction: (interactionId, code = InteractionAckCode.Success) => apiOf().interactions.ack({ interaction_id: interactionId, code }),
    get api() {
      return apiOf();
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
      health.complete();
      sends$.complete();
      await sink.drained(); // the seq written on close is past them: deliver them now or never
      const r = resources;
      if (!r) return;
      r.tokens.close();
      await r.sessions.close();
      await r.pool.close();
      wsAgent?.destroy();
    },
  };
}
