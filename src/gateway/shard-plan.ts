/**
 * Which shards to run and how fast they may IDENTIFY, from the `shards` option and, when
 * sharding, one `GET /gateway/bot` (shared through the store with every process of the bot).
 *
 * ```
 * shards: 1             ──► { ids:[0], count:1, maxConcurrency:1 }            (no HTTP call)
 * shards: {ids,count}   ──► cached /gateway/bot info, else fetch ─► check session_start_limit
 * shards: "auto"        ──► same, ids = 0..info.shards-1
 * fetch errors:  5xx / network ─retry(gatewayRetryDelaysMs)─►   rate limit ─timer(cooldown)─► again
 * too few sessions left:  "error" ─► GatewayFatalError(SESSION_START_LIMIT)   "wait" ─timer(reset_after)─► again
 * ```
 */
import { defer, from, map, type Observable, retry, type SchedulerLike, switchMap, tap, throwError, timer } from "rxjs";
import { GatewayFatalError, safeMessage } from "../errors.js";
import { isRateLimit } from "../http/rate-limit.js";
import type { Logger } from "../logger.js";
import type { ReconnectPolicy, ResolvedBotOptions } from "../options.js";
import type { GatewayBotResponse } from "../protocol/payloads.js";
import type { Counters } from "../stats.js";
import { isRetryableGatewayError } from "./gateway-url.js";

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
}

/** What {@link planShards} needs. */
export interface ShardPlanConfig {
  shards: ResolvedBotOptions["shards"];
  fetchGatewayBot: () => Observable<GatewayBotResponse>;
  cache: GatewayBotCache;
  /** Shards that already have a stored session RESUME and use no session start. */
  hasStoredSession: (shard: number) => Promise<boolean>;
  /** A URL `/gateway/bot` returned: seed the gateway URL cache with it. */
  rememberUrl: (url: string) => void;
  onSessionStartLimit: "error" | "wait";
  policy: Pick<ReconnectPolicy, "gatewayRetryDelaysMs" | "rateLimitCooldownMs">;
  scheduler: SchedulerLike;
  counters: Counters;
  logger: Logger;
}

const isSingle = (shards: ShardPlanConfig["shards"]): boolean => shards !== "auto" && shards.count === 1;

/**
 * Resolve the shard plan. Emits once and completes.
 *
 * @example
 * ```ts
 * planShards({ shards: { ids: [0, 1], count: 4 }, fetchGatewayBot, cache, ... }).subscribe((p) => p.maxConcurrency);
 * ```
 */
export function planShards(config: ShardPlanConfig): Observable<ShardPlan> {
  const { shards, policy, scheduler, counters, logger } = config;
  if (isSingle(shards) && shards !== "auto") return defer(() => [{ ids: shards.ids, count: 1, maxConcurrency: 1 }]);

  const fetchInfo = (useCache: boolean): Observable<GatewayBotResponse> =>
    defer(() => from(useCache ? config.cache.load().catch(() => undefined) : Promise.resolve(undefined))).pipe(
      switchMap((cached) => {
        if (cached) {
          counters.increment("gatewayCacheHits");
          return [cached];
        }
        return defer(() => {
          counters.increment("gatewayFetches");
          return config.fetchGatewayBot();
        }).pipe(
          retry({
            delay: (err: unknown, attempt) => {
              if (isRateLimit(err)) {
                counters.increment("rateLimited");
                logger.warn({ err: safeMessage(err) }, `/gateway/bot is rate limited; trying again in ${policy.rateLimitCooldownMs} ms`);
                return timer(policy.rateLimitCooldownMs, scheduler);
              }
              const wait = policy.gatewayRetryDelaysMs[attempt - 1];
              return isRetryableGatewayError(err) && wait !== undefined ? timer(wait, scheduler) : throwError(() => err);
            },
          }),
          tap((info) => void config.cache.save(info).catch(() => undefined)),
        );
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
              logger.warn({ needed, remaining, resetAfter }, `only ${remaining} session starts left, ${needed} needed: waiting until ${when}`);
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

  return attempt(true).pipe(map((plan) => ({ ...plan, ids: [...plan.ids] })));
}
