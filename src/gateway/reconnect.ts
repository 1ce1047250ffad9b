/**
 * The reconnect loop (DESIGN §1): pure RxJS, sockets and HTTP injected, every wait on the
 * given scheduler so the whole story runs in virtual time.
 *
 * ```
 * disconnects$ ─countQuickDisconnects─scan(planAfterDisconnect)─merge(of(boot))─┐
 *      ▲                                                                         ▼
 *      │        switchMap(plan ─► [reconnecting|cooling-down] timer(plan.delayMs)
 *      │                     ─► fetching-url ─► gatewayUrl.url$   (rate limited: cooling-down, repeat after retryAfterMs)
 *      │                     ─► switchMap(url ─► runConnection(url): connecting → identifying|resuming → ready))
 *      └───────────────── the connection's one Disconnect (or a failed URL attempt) ◄────┘
 * catchError(GatewayFatalError ─► state "fatal", then the error)
 * ```
 *
 * A healthy connection dropped with 4009: immediate reconnect, cache hit, RESUME
 * (one letter per event, `(…)` = same frame; from `test/unit/reconnect.test.ts`):
 * ```
 * connect #1:  ohirabc 60000ms (x|)           o open, h hello, i IDENTIFY, r READY, a-c dispatches, x close 4009
 * connect #2:                  ohsR           s RESUME, R RESUMED
 * loop:        (fc)-i(rR)ddd … (xwfc)-s(rR)   f fetching-url, c connecting, i identifying, r ready, R READY event,
 *                                             d dispatch, x disconnect, w reconnecting (retryInMs 0), s resuming
 * ```
 *
 * Ends only on unsubscribe (everything torn down, the connection included), a fatal close
 * code, a quick-disconnect storm, or refused credentials; there is no attempt cap.
 *
 * @example
 * ```ts
 * reconnectLoop({ connect, gatewayUrl, policy, scheduler: asyncScheduler, onSession: persist })
 *   .subscribe((e) => e.type === "dispatch" && handle(e.payload));
 * ```
 */
import {
  catchError, concat, defer, EMPTY, ignoreElements, map, merge, of, repeat, scan, Subject, switchMap, take, throwError,
  throwIfEmpty, timer, type Observable, type SchedulerLike,
} from "rxjs";
import { GatewayRateLimitedError, GatewayResponseError, QQAuthError, safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import type { ReconnectPolicy } from "./options.js";
import type { Counters } from "../stats.js";
import { bootPlan, planAfterDisconnect, type ReconnectPlan } from "./disconnect-policy.js";
import type { GatewayUrlSource } from "./gateway-url.js";
import { stateEvent, type LoopEvent } from "../transport/loop-events.js";
import { countQuickDisconnects } from "./quick-disconnects.js";
import { authFailed, runConnection, setSession, type LoopContext } from "./run-connection.js";
import { ConnectionState } from "../transport/state.js";
import type { ConnectFn, Disconnect, SessionSnapshot } from "./types.js";

export type { LoopEvent } from "../transport/loop-events.js";

/** What {@link reconnectLoop} needs. */
export interface ReconnectLoopConfig {
  /** Opens one connection (see `ConnectFn`). */
  connect: ConnectFn;
  gatewayUrl: GatewayUrlSource;
  policy: ReconnectPolicy;
  scheduler: SchedulerLike;
  /** Jitter source in `[0, 1)`. @defaultValue `Math.random` */
  random?: (() => number) | undefined;
  counters?: Counters | undefined;
  logger?: Logger | undefined;
  /** @defaultValue 0 */
  shard?: number | undefined;
  /** A session to RESUME on the first attempt (from the store). */
  initialSession?: SessionSnapshot | undefined;
  /** Called on READY/RESUMED, on every seq change (debounce it) and with `undefined` when the session is cleared. */
  onSession?: ((s: SessionSnapshot | undefined) => void) | undefined;
}

/**
 * Keep one shard connected; emit its states, dispatches, READY/RESUMED and disconnects.
 *
 * @example
 * ```ts
 * const sub = reconnectLoop(config).subscribe({ next: route, error: (e: GatewayFatalError) => log(e.message) });
 * sub.unsubscribe(); // closes the connection, cancels every timer
 * ```
 */
export function reconnectLoop(config: ReconnectLoopConfig): Observable<LoopEvent> {
  return defer(() => {
    const { policy, scheduler, gatewayUrl } = config;
    const shard = config.shard ?? 0;
    const logger = config.logger ?? silentLogger;
    const random = config.random ?? Math.random;
    const disconnects$ = new Subject<Disconnect>();
    const ctx: LoopContext = {
      connect: config.connect, gatewayUrl, scheduler, shard, logger, counters: config.counters,
      onSession: config.onSession, session: config.initialSession, pendingRefresh: false, attempt: 0,
    };
    const state = (s: ConnectionState, extra?: { reason?: string; retryInMs?: number }) => stateEvent(scheduler, shard, s, extra);

    /** A URL that could not be had (not a rate limit, not refused credentials): a failed attempt. */
    const urlUnavailable = (err: unknown): Disconnect => ({
      cause: "connect-failed", reason: `no gateway URL: ${safeMessage(err)}`, at: scheduler.now(), connectedFor: 0,
      sawHello: false, ready: false, attemptedResume: false, error: err,
    });

    /**
     * fetching-url → url$ → the connection. A rate limit without a cache shows `cooling-down`,
     * completes, and `repeat` runs the attempt again after `retryAfterMs` (flat, not nested, so
     * hours of rate limiting do not deepen the subscription chain).
     */
    const attempt$ = (): Observable<LoopEvent> => {
      let coolDownMs: number | undefined;
      const once$ = defer(() => {
        coolDownMs = undefined;
        return concat(
          state(ConnectionState.FetchingUrl),
          gatewayUrl.url$.pipe(
            take(1),
            throwIfEmpty(() => new GatewayResponseError("the gateway URL source completed without a URL")),
            map((url) => ({ url, err: undefined as unknown })),
            catchError((err: unknown) => of({ url: undefined, err })),
            switchMap(({ url, err }): Observable<LoopEvent> => {
              if (url !== undefined) return runConnection(url, ctx, (d) => disconnects$.next(d));
              if (err instanceof QQAuthError) return throwError(() => authFailed(err, shard));
              if (err instanceof GatewayRateLimitedError) {
                logger.warn({ shard, retryInMs: err.retryAfterMs }, "GET /gateway rate limited; cooling down");
                coolDownMs = err.retryAfterMs;
                return state(ConnectionState.CoolingDown, { reason: err.message, retryInMs: err.retryAfterMs });
              }
              logger.warn({ shard, err: safeMessage(err) }, "no gateway URL; will retry after the backoff");
              return defer(() => {
                disconnects$.next(urlUnavailable(err));
                return EMPTY;
              });
            }),
          ),
        );
      });
      return once$.pipe(repeat({ delay: () => (coolDownMs === undefined ? EMPTY : timer(coolDownMs, scheduler)) }));
    };

    const runPlan = (plan: ReconnectPlan): Observable<LoopEvent> =>
      defer(() => {
        if (plan.fatal) return throwError(() => plan.fatal);
        if (plan.session === "clear" && ctx.session) setSession(ctx, undefined);
        ctx.pendingRefresh ||= plan.refreshToken;
        if (plan.kind === "boot") return attempt$();
        logger.info({ shard, reason: plan.reason, retryInMs: plan.delayMs, session: plan.session }, "gateway reconnecting");
        return concat(
          state(plan.coolingDown ? ConnectionState.CoolingDown : ConnectionState.Reconnecting, { reason: plan.reason, retryInMs: plan.delayMs }),
          timer(plan.delayMs, scheduler).pipe(ignoreElements()),
          attempt$(),
        );
      });

    const policyContext = { policy, random, shard };
    const nextPlans$ = disconnects$.pipe(
      countQuickDisconnects(policy, { counters: config.counters, shard }),
      scan((plan: ReconnectPlan, d: Disconnect) => planAfterDisconnect(plan.state, d, policyContext), bootPlan()),
    );
    // merge, not startWith: disconnects$ must be subscribed before the boot attempt runs,
    // or a connection that fails synchronously would lose its Disconnect.
    return merge(nextPlans$, of(bootPlan())).pipe(
      switchMap(runPlan),
      catchError((err: unknown) => {
        logger.error({ shard, err: safeMessage(err) }, "gateway gave up");
        return concat(state(ConnectionState.Fatal, { reason: safeMessage(err) }), throwError(() => err));
      }),
    );
  });
}
