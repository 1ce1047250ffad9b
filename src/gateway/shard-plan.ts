/**
 * Which shards to run and how fast they may IDENTIFY, from the `shards` option and, when
 * sharding, one `GET /gateway/bot` (shared through the store with every process of the bot).
 *
 * ```
 * shards: 1             ──► { ids:[0], count:1, maxConcurrency:1 }            (no HTTP call)
 * shards: {ids,count}   ──► cached /gateway/bot info, else fetch ─► check session_start_limit
 * shards: "auto"        ──► same, ids = 0..info.shards-1
 * fetch errors:  5xx / network ─retry(gatewayRetryDelaysMs)─►   rate limit ─timer(cooldown)─► again
 *                still failing (or 4xx) ─timer(backoff)─► again    refused credentials ─► GatewayFatalError(AUTH_FAILED)
 * too few sessions left:  "error" ─► GatewayFatalError(SESSION_START_LIMIT)   "wait" ─timer(reset_after)─► again
 * ```
 */
import {
  concatMap, defer, from, map, Observable, of, retry, type SchedulerLike, type Subscription, switchMap, tap, throwError, timer,
} from "rxjs";
import { GatewayFatalError, safeMessage } from "../errors.js";
import { isRateLimit } from "../http/rate-limit.js";
import type { Logger } from "../logger.js";
import type { ReconnectPolicy, ResolvedShards } from "./options.js";
import type { GatewayBotResponse } from "../protocol/payloads.js";
import { retryWithDelays } from "../rx/retry-with-delays.js";
import type { Counters } from "../stats.js";
import { backoffDelay } from "../transport/backoff.js";
import { isRetryableGatewayError } from "./gateway-url.js";
import { refusal } from "./refusals.js";

/** The shards this process runs. */
export interface ShardPlan {
  ids: readonly number[];
  count: number;
  /** IDENTIFYs allowed per 5 s (`session_start_limit.max_concurrency`). */
  maxConcurrency: number;
}

/** Where the last `/gateway/bot` answer is shared between processes (with a short TTL). */
export interface GatewayBotCache {
  load(): Promise<GatewayBotResponse | undefined>;
  save(info: GatewayBotResponse): Promise<void>;
  /**
   * Optional: run `fn` holding a lock shared by every process of the bot, so processes that
   * start together make one `/gateway/bot` call (the others wait and read what it saved).
   * If the lock itself fails (store down, waited too long), the fetch goes ahead without it.
   */
  exclusive?<T>(fn: () => Promise<T>): Promise<T>;
}

/** What {@link planShards} needs. */
export interface ShardPlanConfig {
  shards: ResolvedShards;
  fetchGatewayBot: () => Observable<GatewayBotResponse>;
  cache: GatewayBotCache;
  /** Shards that already have a stored session RESUME and use no session start. */
  hasStoredSession: (shard: number) => Promise<boolean>;
  /** A URL `/gateway/bot` returned: seed the gateway URL cache with it. */
  rememberUrl: (url: string) => void;
  onSessionStartLimit: "error" | "wait";
  /** Told before each wait (rate limit, session starts used up, backoff after a failure), for `state$`. */
  onWait?: (state: "cooling-down" | "reconnecting", reason: string, waitMs: number) => void;
  policy: Pick<ReconnectPolicy, "gatewayRetryDelaysMs" | "rateLimitCooldownMs" | "reconnectBackoffMs" | "backoffJitter">;
  scheduler: SchedulerLike;
  counters: Counters;
  logger: Logger;
}

const isSingle = (shards: ShardPlanConfig["shards"]): boolean => shards !== "auto" && shards.count === 1;
const shardOf = (shards: ShardPlanConfig["shards"]): number => (shards === "auto" ? 0 : shards.ids[0] ?? 0);

/** Resolve the shard plan. Emits once and completes. */
export function planShards(config: ShardPlanConfig): Observable<ShardPlan> {
  const { shards, policy, scheduler, counters, logger } = config;
  if (isSingle(shards) && shards !== "auto") return defer(() => [{ ids: shards.ids, count: 1, maxConcurrency: 1 }]);

  const loadCached = (): Observable<GatewayBotResponse | undefined> => defer(() => from(config.cache.load().catch(() => undefined)));
  const hit = (info: GatewayBotResponse): Observable<GatewayBotResponse> => {
    counters.increment("gatewayCacheHits");
    return of(info);
  };
  const fetchAndSave: Observable<GatewayBotResponse> = defer(() => {
    counters.increment("gatewayFetches");
    return config.fetchGatewayBot();
  }).pipe(
    retryWithDelays({ delaysMs: policy.gatewayRetryDelaysMs, isRetriable: isRetryableGatewayError, scheduler }),
    // A rate limit is never retried at once: cool down, then ask again (no cap, like the loop).
    retry({
      delay: (err: unknown) => {
        if (!isRateLimit(err)) return throwError(() => err);
        counters.increment("rateLimited");
        logger.warn({ err: safeMessage(err) }, `/gateway/bot is rate limited; trying again in ${policy.rateLimitCooldownMs} ms`);
        config.onWait?.("cooling-down", "GET /gateway/bot is rate limited", policy.rateLimitCooldownMs);
        return timer(policy.rateLimitCooldownMs, scheduler);
      },
    }),
    // Saved before the lock is released, so a process waiting on it finds the answer.
    concatMap((info) => from(config.cache.save(info).catch(() => undefined)).pipe(map(() => info))),
  );
  // Under the lock: look again (another process may have fetched while we waited), else fetch.
  const underLock: Observable<GatewayBotResponse> = loadCached().pipe(switchMap((cached) => (cached ? hit(cached) : fetchAndSave)));

  const fetchInfo = (useCache: boolean): Observable<GatewayBotResponse> =>
    (useCache ? loadCached() : of(undefined)).pipe(
      switchMap((cached) => {
        if (cached) return hit(cached);
        const { cache } = config;
        if (!useCache || !cache.exclusive) return fetchAndSave;
        return underStoreLock<GatewayBotResponse>((fn) => cache.exclusive!(fn), underLock, fetchAndSave, logger);
      }),
      tap((info) => config.rememberUrl(info.url)),
    );

  const attempt = (useCache: boolean): Observable<ShardPlan> =>
    fetchInfo(useCache).pipe(
      switchMap((info) => {
        const ids = shards === "auto" ? Array.from({ length: info.shards }, (_, i) => i) : shards.ids;
        const count = shards === "auto" ? info.shards : shards.count;
        const plan: ShardPlan = { ids, count, maxConcurrency: info.session_start_limit.max_concurrency };
        return from(Promise.all(ids.map((id) => config.hasStoredSession(id)))).pipe(
          switchMap((stored) => {
            const needed = stored.filter((s) => !s).length;
            const { remaining, reset_after: resetAfter } = info.session_start_limit;
            if (needed <= remaining) return [plan];
            const when = new Date(scheduler.now() + resetAfter).toISOString();
            if (config.onSessionStartLimit === "wait") {
              const why = `only ${remaining} session starts left, ${needed} needed: waiting until ${when}`;
              logger.warn({ needed, remaining, resetAfter }, why);
              config.onWait?.("cooling-down", why, resetAfter);
              return timer(resetAfter, scheduler).pipe(switchMap(() => attempt(false)));
            }
            return throwError(() => new GatewayFatalError(
              `only ${remaining} session starts are left today but ${needed} shard(s) need to IDENTIFY; the platform resets the count at ${when} ` +
              `(in ${resetAfter} ms). Run fewer shards, or pass onSessionStartLimit: "wait".`,
              "SESSION_START_LIMIT", { retryAfterMs: resetAfter },
            ));
          }),
        );
      }),
    );

  // Like the reconnect loop, planning never gives up on a failure that may pass (network down,
  // 5xx after the quick retries, 4xx): it backs off and tries again. Fatal: refused credentials, no starts left.
  return attempt(true).pipe(
    retry({
      resetOnSuccess: true,
      delay: (err: unknown, failures) => {
        if (err instanceof GatewayFatalError) return throwError(() => err);
        const refused = refusal(err, shardOf(shards));
        if (refused) return throwError(() => refused);
        const wait = backoffDelay(failures, policy);
        logger.warn({ err: safeMessage(err), failures, retryInMs: wait }, `could not plan the shards (GET /gateway/bot); trying again in ${wait} ms`);
        config.onWait?.("reconnecting", `GET /gateway/bot failed: ${safeMessage(err)}`, wait);
        return timer(wait, scheduler);
      },
    }),
    map((plan) => ({ ...plan, ids: [...plan.ids] })),
  );
}

/**
 * Run `inside` while holding the store lock (`exclusive`); emit its answer once the lock is
 * released. If the lock cannot be had (store down, wait timed out), run `fallback` instead.
 * `inside`'s own error passes through; unsubscribing cancels `inside` and releases the lock.
 */
function underStoreLock<T>(
  exclusive: (fn: () => Promise<T>) => Promise<T>, inside: Observable<T>, fallback: Observable<T>, logger: Logger,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    let cancelled = false;
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    let inner: Subscription | undefined;
    let abort: ((err: Error) => void) | undefined;
    const run = (): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        if (cancelled) return reject(new Error("cancelled"));
        abort = reject;
        inner = inside.subscribe({
          next: (value) => {
            outcome = { ok: true, value };
            resolve(value);
          },
          error: (error: unknown) => {
            outcome = { ok: false, error };
            reject(error);
          },
          complete: () => reject(new Error("/gateway/bot gave no answer")),
        });
      });
    exclusive(run).then(
      () => undefined,
      (err: unknown) => {
        if (cancelled || outcome) return;
        logger.warn({ err: safeMessage(err) }, "could not take the store lock for /gateway/bot: fetching without it");
        inner = fallback.subscribe(subscriber);
      },
    ).finally(() => {
      if (cancelled || !outcome) return;
      if (outcome.ok) {
        subscriber.next(outcome.value);
        subscriber.complete();
      } else subscriber.error(outcome.error);
    });
    return () => {
      cancelled = true;
      inner?.unsubscribe();
      abort?.(new Error("cancelled"));
    };
  });
}
