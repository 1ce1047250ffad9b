/**
 * The webhook transport: the same {@link LoopEvent}s as the gateway's reconnect loop, from
 * signed HTTP callbacks, so the bot swaps one for the other and `messages$`, `events$`,
 * `state$` and `reply()` stay as they are.
 *
 * ```
 * subscribe ─► state connecting ─► [ready {user}: fetchBotUser, once] ─► listen(port, host, path) | mount(handler)
 *                                     ├─ ok    ─► state ready ("listening on …")
 *                                     │          callbacks ─► handler ─► dispatch events (ACKed first, claimed once)
 *                                     └─ error ─► state reconnecting (retryInMs) ─► timer(backoff) ─► again
 * unsubscribe ─► the server closes with its connections (state closed is the bot's, on close())
 * ```
 *
 * A failed listen (EADDRINUSE while the previous process drains, EACCES) is retried on
 * `reconnectBackoffMs` without a cap, visibly in `state$`, like the gateway.
 */
import {
  asyncScheduler, catchError, concat, defer, EMPTY, filter, from, map, merge, Observable, repeat, Subject, timeout, timer,
  type SchedulerLike, type Subscription,
} from "rxjs";
import { safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import type { Counters } from "../stats.js";
import { MemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { backoffDelay, type BackoffPolicy } from "../transport/backoff.js";
import { stateEvent, type LoopEvent, type ReadyUser } from "../transport/loop-events.js";
import { ConnectionState } from "../transport/state.js";
import { createEventClaims } from "./claim.js";
import { createWebhookHandler, type WebhookDispatch, type WebhookHandler } from "./handler.js";
import { listen, type WebhookListener } from "./listen.js";
import { nodeWebhookListener } from "./node-handler.js";
import type { WebhookOptions } from "./options.js";

/** Longest wait for `fetchBotUser` before listening anyway. */
const USER_LOOKUP_TIMEOUT_MS = 5_000;

/** What {@link webhookTransport} needs. */
export interface WebhookTransportConfig {
  appId: string;
  /** Derives the signing key; never logged. */
  clientSecret: string;
  /** Resolved webhook options (`resolveWebhookOptions`). */
  options: WebhookOptions;
  /** Waits between listen attempts. */
  policy: BackoffPolicy;
  /** Where events are claimed, each call bounded by `options.claimTimeoutMs`. @defaultValue a new `MemoryStore` */
  store?: Store | undefined;
  scheduler?: SchedulerLike;
  counters?: Counters;
  logger?: Logger;
  /** Shard tag of the events (webhooks are not sharded). @defaultValue 0 */
  shard?: number;
  /**
   * Looked up once before the first listen (e.g. `GET /users/@me`, at most 5 s; failures are
   * logged and ignored) and emitted as a `ready` event, so mentions of the bot are stripped.
   */
  fetchBotUser?: () => Promise<ReadyUser | undefined>;
  /** Told each time the built-in listener is up (tests read the port). */
  onListening?: (listener: WebhookListener) => void;
  /** Jitter source for the backoff. @defaultValue `Math.random` */
  random?: () => number;
}

/** Callbacks as {@link LoopEvent}s; see the module comment. */
export function webhookTransport(config: WebhookTransportConfig): Observable<LoopEvent> {
  return defer(() => {
    const scheduler = config.scheduler ?? asyncScheduler;
    const logger = config.logger ?? silentLogger;
    const shard = config.shard ?? 0;
    const { options } = config;
    // Where the claims, the handler and the listener log, take the time and count.
    const reporting: Reporting = { logger, scheduler, ...(config.counters ? { counters: config.counters } : {}) };
    // The claims bound each store call and fall back on their own (see claim.ts).
    const claims = createEventClaims({
      store: config.store ?? new MemoryStore(() => scheduler.now()), appId: config.appId, ttlMs: options.claimTtlMs,
      timeoutMs: options.claimTimeoutMs, ...reporting,
    });
    const dispatches = new Subject<WebhookDispatch>();
    const handler = createWebhookHandler({
      appId: config.appId, clientSecret: config.clientSecret, claims, onDispatch: (p) => dispatches.next(p),
      maxBodyBytes: options.maxBodyBytes, timestampToleranceMs: options.timestampToleranceMs, ...reporting,
    });
    const state = (s: ConnectionState, extra: { reason?: string; retryInMs?: number } = {}) => stateEvent(scheduler, shard, s, extra);

    let failures = 0;
    let nextDelay = 0;
    const up = (where: string): Observable<LoopEvent> => {
      failures = 0;
      return state(ConnectionState.Ready, { reason: where });
    };
    // The bot user is looked up once, before the first listen, so every callback is normalised knowing it.
    let userLooked = false;
    const user$ = defer(() => {
      if (userLooked || !config.fetchBotUser) return EMPTY;
      userLooked = true;
      return from(config.fetchBotUser()).pipe(
        timeout({ first: USER_LOOKUP_TIMEOUT_MS, scheduler }),
        filter((user): user is ReadyUser => user !== undefined),
        map((user): LoopEvent => ({ type: "ready", sessionId: "webhook", resumed: false, shard, user })),
        catchError((err: unknown) => {
          logger.warn({ err: safeMessage(err) }, "could not look up the bot user; mentions of the bot stay in message text");
          return EMPTY;
        }),
      );
    });
    const attempt$ = options.mount ? mounted(handler, options, up) : listening(handler, config, reporting, up);
    const ingress$ = concat(state(ConnectionState.Connecting), user$, attempt$).pipe(
      catchError((err: unknown) => {
        failures += 1;
        nextDelay = backoffDelay(failures, config.policy, config.random);
        logger.error({ err: safeMessage(err), retryInMs: nextDelay }, "webhook listener failed; retrying");
        return state(ConnectionState.Reconnecting, { reason: `webhook listener failed: ${safeMessage(err)}`, retryInMs: nextDelay });
      }),
      repeat({ delay: () => timer(nextDelay, scheduler) }),
    );
    return merge(
      dispatches.pipe(map((payload): LoopEvent => ({ type: "dispatch", payload, shard }))),
      ingress$,
    );
  });
}

/** The logger, scheduler and counters (when given) the transport hands down. */
interface Reporting {
  logger: Logger;
  scheduler: SchedulerLike;
  counters?: Counters;
}

/** The built-in listener's life: ready once listening, an error if it fails or closes on its own. */
function listening(
  handler: WebhookHandler,
  config: WebhookTransportConfig,
  reporting: Reporting,
  up: (where: string) => Observable<LoopEvent>,
): Observable<LoopEvent> {
  const { options, onListening } = config;
  const { logger } = reporting;
  return new Observable<LoopEvent>((subscriber) => {
    let listener: WebhookListener | undefined;
    let done = false;
    let ready: Subscription | undefined;
    const node = nodeWebhookListener(handler, { path: options.path, logger });
    const limits = {
      headersTimeoutMs: options.headersTimeoutMs, requestTimeoutMs: options.requestTimeoutMs,
      keepAliveTimeoutMs: options.keepAliveTimeoutMs, maxConnections: options.maxConnections,
    };
    listen({ port: options.port, host: options.host, path: options.path, ...limits, ...reporting, onError: (err) => subscriber.error(err) }, node).then(
      (l) => {
        if (done) return void l.close();
        listener = l;
        l.server.once("close", () => {
          if (!done) subscriber.error(new Error("the webhook listener closed on its own"));
        });
        logger.info({ url: l.url }, "webhook listener ready");
        onListening?.(l);
        ready = up(`listening on ${l.url}`).subscribe({ next: (e) => subscriber.next(e) });
      },
      (err: unknown) => subscriber.error(err),
    );
    return () => {
      done = true;
      ready?.unsubscribe();
      void listener?.close();
    };
  });
}

/** The user's own server: mount the handler, ready at once, unmount on teardown. */
function mounted(handler: WebhookHandler, options: WebhookOptions, up: (where: string) => Observable<LoopEvent>): Observable<LoopEvent> {
  return new Observable<LoopEvent>((subscriber) => {
    const undo = options.mount!(handler.handle);
    const sub = up("mounted on your HTTP server").subscribe({ next: (e) => subscriber.next(e) });
    return () => {
      sub.unsubscribe();
      void Promise.resolve()
        .then(() => (typeof undo === "function" ? undo() : undefined))
        .catch(() => undefined);
    };
  });
}
