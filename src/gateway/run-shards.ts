/**
 * Run every shard of this process: plan the shards (`shard-plan.ts`), then one reconnect loop
 * per shard, all sharing one gateway URL cache, one HTTP pool and one identify throttler.
 *
 * ```
 * planShards ──► merge( reconnectLoop(shard 0), reconnectLoop(shard 1), … )
 *                         │ each connect: IDENTIFY? ─► throttler.acquire(shard, maxConcurrency)
 *                         │               attempt > 1 ─► fresh HTTP dispatcher
 * ```
 */
import { type Agent } from "node:http";
import { defer, from, merge, type Observable, type SchedulerLike, switchMap } from "rxjs";
import type { Logger } from "../logger.js";
import type { ResolvedBotOptions } from "../options.js";
import type { Counters } from "../stats.js";
import type { SessionStore } from "../store/session-store.js";
import { storeKeys } from "../store/store.js";
import type { AccessTokenSource, HttpClientPool, RestClient } from "../http/types.js";
import { fetchGatewayBot, fetchGatewayUrl } from "../http/gateway-fetch.js";
import type { GatewayBotResponse } from "../protocol/payloads.js";
import { createConnect } from "./connection.js";
import { createGatewayUrlSource } from "./gateway-url.js";
import { LocalIdentifyThrottler, type IdentifyThrottler } from "./identify-throttler.js";
import type { LoopEvent } from "./loop-events.js";
import { reconnectLoop } from "./reconnect.js";
import { planShards, type ShardPlan } from "./shard-plan.js";
import type { ConnectFn } from "./types.js";

/** How long a `/gateway/bot` answer is shared between the processes of one bot. */
export const GATEWAY_BOT_CACHE_TTL_MS = 60_000;

/** What {@link runShards} needs: resolved options and the bot's shared resources. */
export interface RunShardsConfig {
  options: ResolvedBotOptions;
  pool: HttpClientPool;
  tokens: AccessTokenSource;
  rest: RestClient;
  sessions: SessionStore;
  scheduler: SchedulerLike;
  counters: Counters;
  logger: Logger;
  secrets: () => readonly string[];
  wsAgent?: Agent | undefined;
  /** Called once the plan is known (the bot reports per-shard state from then on). */
  onPlan?: (plan: ShardPlan) => void;
}

/**
 * Plan the shards and keep each connected. Errors only with `GatewayFatalError`.
 *
 * @example
 * ```ts
 * runShards({ options, pool, tokens, rest, sessions, scheduler, counters, logger, secrets }).subscribe(route);
 * ```
 */
export function runShards(config: RunShardsConfig): Observable<LoopEvent> {
  const { options: opts, pool, tokens, rest, sessions, scheduler, counters, logger, secrets } = config;
  const sharded = opts.shards === "auto" || opts.shards.count > 1;
  const throttler: IdentifyThrottler = opts.identifyThrottler ?? new LocalIdentifyThrottler({ scheduler });
  const store = opts.store;

  const gatewayUrl = createGatewayUrlSource({
    fetchGatewayUrl: () => (sharded ? fetchGatewayBot({ rest }).pipe(switchMap((info) => [info.url])) : fetchGatewayUrl({ rest })),
    store: { load: () => sessions.loadGatewayUrl(), save: (url) => sessions.saveGatewayUrl(url), remove: () => sessions.removeGatewayUrl() },
    policy: opts.reconnect, scheduler, counters, logger,
  });
  const shardLoop = (shard: number, plan: ShardPlan): Observable<LoopEvent> => {
    const connect = createConnect({
      token: (o) => tokens.token(o), intents: opts.intents, shard: [shard, plan.count], policy: opts.reconnect,
      scheduler, counters, logger, secrets, ...(config.wsAgent ? { agent: config.wsAgent } : {}),
    });
    // A fresh HTTP dispatcher per reconnect cycle; IDENTIFYs paced to max_concurrency per 5 s.
    const connectFresh: ConnectFn = (request) =>
      from(request.session ? Promise.resolve() : throttler.acquire(shard, plan.maxConcurrency)).pipe(
        switchMap(() => {
          if (request.attempt > 1) pool.renew();
          return connect(request);
        }),
      );
    return from(sessions.loadSession(shard)).pipe(
      switchMap((stored) =>
        reconnectLoop({
          connect: connectFresh, gatewayUrl, policy: opts.reconnect, scheduler, counters, logger, shard,
          initialSession: stored && stored.shardCount === plan.count ? { sessionId: stored.sessionId, seq: stored.seq } : undefined,
          onSession: (s) => void (s ? sessions.saveSession(shard, { ...s, shardCount: plan.count }) : sessions.clearSession(shard)),
        }),
      ),
    );
  };

  const botInfoKey = storeKeys.gatewayBot(opts.appId);
  return defer(() =>
    planShards({
      shards: opts.shards,
      fetchGatewayBot: () => fetchGatewayBot({ rest }),
      cache: {
        load: async () => {
          const raw = await store?.get(botInfoKey);
          return raw ? (JSON.parse(raw) as GatewayBotResponse) : undefined;
        },
        save: async (info) => store?.set(botInfoKey, JSON.stringify(info), GATEWAY_BOT_CACHE_TTL_MS),
      },
      hasStoredSession: async (shard) => (await sessions.loadSession(shard)) !== undefined,
      rememberUrl: (url) => gatewayUrl.remember(url),
      onSessionStartLimit: opts.onSessionStartLimit,
      policy: opts.reconnect, scheduler, counters, logger,
    }),
  ).pipe(
    switchMap((plan) => {
      config.onPlan?.(plan);
      return merge(...plan.ids.map((shard) => shardLoop(shard, plan)));
    }),
  );
}
