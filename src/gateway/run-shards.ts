/**
 * Run every shard of this process: plan the shards (`shard-plan.ts`), then one reconnect loop
 * per shard, all sharing one gateway URL cache, one HTTP pool and one identify throttler.
 *
 * ```
 * planShards ──► merge( reconnectLoop(shard 0), reconnectLoop(shard 1), … )
 *  │ waits ─► state cooling-down | reconnecting (per shard)
 *  │ fails for good ─► state fatal (per shard), then the GatewayFatalError
 *  │ /gateway/bot: fetched under the store's lock (one call for processes starting together)
 *                         │ each connect: HELLO ─► token ─► IDENTIFY? throttler.acquire(shard, maxConcurrency) ─► IDENTIFY
 *                         │               attempt > 1 ─► fresh HTTP dispatcher
 * ```
 */
import type { Agent } from "node:http";
import {
  catchError, concat, defer, finalize, from, map, merge, type Observable, of, type SchedulerLike, Subject, switchMap, throwError,
} from "rxjs";
import { safeMessage } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Counters } from "../stats.js";
import type { SessionStore } from "../store/session-store.js";
import { storeKeys, type Store } from "../store/store.js";
import type { AccessTokenSource, HttpClientPool, RestClient } from "../http/types.js";
import { fetchGatewayBot, fetchGatewayUrl } from "../http/gateway-fetch.js";
import type { GatewayBotResponse, GatewayPayload } from "../protocol/payloads.js";
import { createConnect } from "./connection.js";
import { createGatewayUrlSource } from "./gateway-url.js";
import { IDENTIFY_WINDOW_MS, LocalIdentifyThrottler, type IdentifyThrottler } from "./identify-throttler.js";
import { stateEvent, type LoopEvent } from "../transport/loop-events.js";
import { reconnectLoop } from "./reconnect.js";
import { planShards, type ShardPlan } from "./shard-plan.js";
import { ConnectionState } from "../transport/state.js";
import type { ReconnectPolicy, ResolvedShards } from "./options.js";
import type { ConnectFn } from "./types.js";

/** How long a `/gateway/bot` answer is shared between the processes of one bot. */
export const GATEWAY_BOT_CACHE_TTL_MS = 60_000;

/**
 * Added to the platform's identify window by the default throttler. The slot is taken right
 * before the IDENTIFY is sent, but the slot timers may fire late and sockets differ in latency,
 * so two IDENTIFYs granted exactly one window apart could reach the platform a little less than
 * a window apart and be refused with 4008. Give a cross-process throttler a similar margin.
 */
export const IDENTIFY_PACING_MARGIN_MS = 500;

/**
 * How long one process may hold the store lock while it fetches `/gateway/bot` for the others
 * (covers the retries of `gatewayRetryDelaysMs`; a longer fetch lets the next process in).
 */
export const GATEWAY_BOT_LOCK_TTL_MS = 30_000;

/** The resolved options the gateway transport reads (`ResolvedBotOptions` has them all). */
export interface GatewayOptions {
  appId: string;
  intents: number;
  shards: ResolvedShards;
  identifyThrottler: IdentifyThrottler | undefined;
  onSessionStartLimit: "error" | "wait";
  store: Store | undefined;
  reconnect: ReconnectPolicy;
}

/** What {@link runShards} needs: resolved options and the bot's shared resources. */
export interface RunShardsConfig {
  options: GatewayOptions;
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
  /** The hot path: every dispatch of every shard, one call per frame (see `ConnectConfig.onDispatch`). */
  onDispatch?: (payload: GatewayPayload & { t: string; s?: number }, shard: number) => void;
}

/** Plan the shards and keep each connected. Errors only with `GatewayFatalError`. */
export function runShards(config: RunShardsConfig): Observable<LoopEvent> {
  const { options: opts, pool, tokens, rest, sessions, scheduler, counters, logger, secrets } = config;
  const sharded = opts.shards === "auto" || opts.shards.count > 1;
  const throttler: IdentifyThrottler =
    opts.identifyThrottler ?? new LocalIdentifyThrottler({ scheduler, windowMs: IDENTIFY_WINDOW_MS + IDENTIFY_PACING_MARGIN_MS });
  const store = opts.store;

  const gatewayUrl = createGatewayUrlSource({
    fetchGatewayUrl: () => (sharded ? fetchGatewayBot({ rest, secrets }).pipe(switchMap((info) => [info.url])) : fetchGatewayUrl({ rest, secrets })),
    store: { load: () => sessions.loadGatewayUrl(), save: (url) => sessions.saveGatewayUrl(url), remove: () => sessions.removeGatewayUrl() },
    policy: opts.reconnect, scheduler, counters, logger,
  });
  const shardLoop = (shard: number, plan: ShardPlan): Observable<LoopEvent> => {
    // IDENTIFYs paced to max_concurrency per 5 s: the slot is taken after HELLO and the token,
    // right before the IDENTIFY goes out (a socket that never opened takes none).
    const connect = createConnect({
      token: () => tokens.token(), intents: opts.intents, shard: [shard, plan.count], policy: opts.reconnect,
      beforeIdentify: () => throttler.acquire(shard, plan.maxConcurrency),
      scheduler, counters, logger, secrets, ...(config.wsAgent ? { agent: config.wsAgent } : {}),
      ...(config.onDispatch ? { onDispatch: (payload: GatewayPayload & { t: string; s?: number }) => config.onDispatch!(payload, shard) } : {}),
    });
    // A fresh HTTP dispatcher per reconnect cycle.
    const connectFresh: ConnectFn = (request) =>
      defer(() => {
        if (request.attempt > 1) pool.renew();
        return connect(request);
      });
    return from(sessions.loadSession(shard)).pipe(
      switchMap((stored) =>
        reconnectLoop({
          connect: connectFresh, gatewayUrl, policy: opts.reconnect, scheduler, counters, logger, shard, intents: opts.intents,
          beforeConnect: ({ refreshToken }) => tokens.token({ forceRefresh: refreshToken }),
          initialSession: stored && stored.shardCount === plan.count ? { sessionId: stored.sessionId, seq: stored.seq } : undefined,
          onSession: (s) => void (s ? sessions.saveSession(shard, { ...s, shardCount: plan.count }) : sessions.clearSession(shard)),
          onSeq: (seq) => sessions.noteSeq(shard, seq),
        }),
      ),
    );
  };

  const botInfoKey = storeKeys.gatewayBot(opts.appId);
  const plannedIds = opts.shards === "auto" ? [0] : opts.shards.ids;
  // States while planning waits (each subscription gets its own), then the loops' own states.
  return defer(() => {
    const planning$ = new Subject<LoopEvent>();
    const onWait = (state: "cooling-down" | "reconnecting", reason: string, retryInMs: number): void => {
      const at = scheduler.now();
      const change = state === "cooling-down" ? ConnectionState.CoolingDown : ConnectionState.Reconnecting;
      for (const shard of plannedIds) planning$.next({ type: "state", change: { state: change, shard, at, reason, retryInMs } });
    };
    return merge(planning$, plan(onWait).pipe(finalize(() => planning$.complete())));
  });

  function plan(onWait: NonNullable<Parameters<typeof planShards>[0]["onWait"]>): Observable<LoopEvent> {
    return planShards({
      shards: opts.shards,
      fetchGatewayBot: () => fetchGatewayBot({ rest, secrets }),
      cache: {
        load: async () => {
          const raw = await store?.get(botInfoKey);
          return raw ? (JSON.parse(raw) as GatewayBotResponse) : undefined;
        },
        save: async (info) => store?.set(botInfoKey, JSON.stringify(info), GATEWAY_BOT_CACHE_TTL_MS),
        ...(store ? { exclusive: <T>(fn: () => Promise<T>) => store.withLock(`${botInfoKey}:fetch`, GATEWAY_BOT_LOCK_TTL_MS, fn) } : {}),
      },
      hasStoredSession: async (shard) => (await sessions.loadSession(shard)) !== undefined,
      rememberUrl: (url) => gatewayUrl.remember(url),
      onSessionStartLimit: opts.onSessionStartLimit,
      onWait,
      policy: opts.reconnect, scheduler, counters, logger,
    }).pipe(
      map((plan): { plan: ShardPlan } | { error: unknown } => ({ plan })),
      catchError((error: unknown) => of({ error })),
      switchMap((planned) => {
        if ("error" in planned) {
          // Planning failed for good (no session starts left, refused credentials): say so per shard, like a loop does.
          const reason = safeMessage(planned.error, secrets());
          return concat(...plannedIds.map((id) => stateEvent(scheduler, id, ConnectionState.Fatal, { reason })), throwError(() => planned.error));
        }
        config.onPlan?.(planned.plan);
        return merge(...planned.plan.ids.map((shard) => shardLoop(shard, planned.plan)));
      }),
    );
  }
}
