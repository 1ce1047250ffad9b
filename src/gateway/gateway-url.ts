/**
 * The gateway URL, cache-first (DESIGN §1 "gatewayUrl$", PROTOCOL.md A2).
 *
 * ```
 * url$ = seed (store, once) ─► trusted last good URL? ──yes──► of(url)                    (gatewayCacheHits)
 *                                   │no
 *                             /gateway off-limits? ──yes──► GatewayRateLimitedError(time left), no HTTP call
 *                                   │no
 *                             fetchGatewayUrl() ─retryWithDelays(5xx/network: 0.5 s, 1.5 s, 3 s)─► remember(url)
 *                                   └─catchError: rate limit ─► off-limits for rateLimitCooldownMs; last good URL, else GatewayRateLimitedError
 *                                                 bad body / retries exhausted ─► last good URL, else rethrow
 *                                                 anything else (4xx, refused credentials, token rate limit) ─► rethrow
 * ```
 *
 * Its memory is one `BehaviorSubject`: the **last good URL** (fetched, or proven by a socket
 * that saw HELLO; seeded from the store), with whether it is **trusted**. A trusted URL is
 * served with zero HTTP calls. `invalidate(url)` (a socket to it failed before HELLO) takes
 * the trust away and removes it from the store, but keeps it as the emergency fallback when a
 * fetch fails; `remember(url)` trusts it again. Within the off-limits window after a rate limit
 * there is no fallback a second time: the loop cools down instead, so a URL that keeps failing
 * cannot spin.
 *
 * ```
 * fetch (5xx each time):  #-----#---------------#------------------------------#
 * time (ms):              0    500            2000                           5000
 * url$ (last good known): ------------------------------------------------------(u|)
 * url$ (nothing known):   ------------------------------------------------------#   (the 5xx error)
 * ```
 */
import {
  BehaviorSubject, catchError, concat, defer, EMPTY, from, ignoreElements, map, type Observable, of, share,
  take, tap, throwError, throwIfEmpty, type SchedulerLike,
} from "rxjs";
import {
  GatewayRateLimitedError, GatewayResponseError, QQApiError, QQNetworkError, TokenRateLimitedError, redact, safeMessage,
} from "../errors.js";
import { isRateLimit } from "../http/rate-limit.js";
import { silentLogger, type Logger } from "../logger.js";
import { isWebSocketUrl } from "../protocol/ws-url.js";
import { retryWithDelays } from "../rx/retry-with-delays.js";
import type { Counters } from "../stats.js";
import type { ReconnectPolicy } from "./options.js";

/** Persistence of the one cached gateway URL. Every method may reject; the source logs and goes on. */
export interface GatewayUrlStore {
  load(): Promise<string | undefined>;
  save(url: string): Promise<void>;
  remove(): Promise<void>;
}

/** What {@link createGatewayUrlSource} needs. */
export interface GatewayUrlConfig {
  /** One `GET /gateway` (or `/gateway/bot`) call: emits the URL, or errors (`QQApiError`, `QQNetworkError`, `GatewayResponseError`). */
  fetchGatewayUrl: () => Observable<string>;
  /** Persists the trusted URL; load errors are logged, counted (`storeErrors`) and ignored. */
  store?: GatewayUrlStore | undefined;
  policy: Pick<ReconnectPolicy, "gatewayRetryDelaysMs" | "rateLimitCooldownMs">;
  scheduler: SchedulerLike;
  counters?: Counters | undefined;
  logger?: Logger | undefined;
}

/** A cache-first source of gateway URLs. */
export interface GatewayUrlSource {
  /** Emits one URL and completes: the trusted last good URL, else a fetch (see the file's TSDoc). */
  readonly url$: Observable<string>;
  /** Opening a socket to `url` failed before HELLO: stop trusting it (memory and store); it stays the fallback. */
  invalidate(url: string): void;
  /** A socket to `url` saw HELLO (or `/gateway/bot` gave it): trust it and persist it. */
  remember(url: string): void;
}

/** Network errors, 5xx answers and 5xx bad bodies are worth a (delayed) retry; rate limits never. */
export function isRetryableGatewayError(err: unknown): boolean {
  if (isRateLimit(err)) return false;
  if (err instanceof QQNetworkError) return true;
  if (err instanceof QQApiError) return err.status >= 500;
  if (err instanceof GatewayResponseError) return (err.status ?? 0) >= 500;
  return false;
}

/** Create the gateway URL source. */
export function createGatewayUrlSource(config: GatewayUrlConfig): GatewayUrlSource {
  const { scheduler, policy, store, counters } = config;
  const logger = config.logger ?? silentLogger;
  const lastGood$ = new BehaviorSubject<{ url: string; trusted: boolean } | undefined>(undefined);
  let offLimitsUntil = Number.NEGATIVE_INFINITY;
  let seeding: Promise<void> | undefined;
  let seeded = store === undefined;

  const remember = (url: string): void => {
    if (!isWebSocketUrl(url)) return;
    const good = lastGood$.value;
    if (good?.trusted && good.url === url) return;
    lastGood$.next({ url, trusted: true });
    storeCall("save", (s) => s.save(url));
  };

  const resolve$ = defer((): Observable<string> => {
    const good = lastGood$.value;
    if (good?.trusted) {
      counters?.increment("gatewayCacheHits");
      return of(good.url);
    }
    const left = offLimitsUntil - scheduler.now();
    if (left > 0) {
      return throwError(() => new GatewayRateLimitedError(
        `GET /gateway is off-limits after a rate limit and no gateway URL is cached; it will be called again in ${left} ms`,
        left,
      ));
    }
    return fetch$;
  });

  const fetch$ = defer(() => {
    counters?.increment("gatewayFetches");
    return config.fetchGatewayUrl();
  }).pipe(
    take(1),
    throwIfEmpty(() => new GatewayResponseError("GET /gateway completed without a gateway URL")),
    map((url) => {
      if (!isWebSocketUrl(url)) throw new GatewayResponseError(`GET /gateway returned no wss:// or ws:// url (got ${JSON.stringify(redact(String(url)).slice(0, 80))})`);
      return url;
    }),
    retryWithDelays({ delaysMs: policy.gatewayRetryDelaysMs, isRetriable: isRetryableGatewayError, scheduler }),
    tap(remember),
    catchError(fallback),
    share(),
  );

  /** A fetch that failed for good: fall back to the last good URL where the policy allows. */
  function fallback(err: unknown): Observable<string> {
    const good = lastGood$.value?.url;
    if (err instanceof TokenRateLimitedError) return throwError(() => err); // the token endpoint's limit, not /gateway's
    if (isRateLimit(err)) {
      counters?.increment("rateLimited");
      const waitMs = Math.max(policy.rateLimitCooldownMs, err instanceof GatewayRateLimitedError ? err.retryAfterMs : 0);
      offLimitsUntil = scheduler.now() + waitMs;
      if (good) {
        logger.warn({ err: safeMessage(err), offLimitsMs: waitMs }, "GET /gateway is rate limited; using the last good gateway URL");
        return of(good);
      }
      return throwError(() => new GatewayRateLimitedError(
        `GET /gateway is rate limited and no gateway URL is cached; it will be called again in ${waitMs} ms (${safeMessage(err)})`,
        waitMs, { cause: err },
      ));
    }
    if (good && (err instanceof GatewayResponseError || isRetryableGatewayError(err))) {
      logger.warn({ err: safeMessage(err) }, "GET /gateway failed; using the last good gateway URL");
      return of(good);
    }
    return throwError(() => err);
  }

  const seed$ = defer(() => {
    if (seeded || !store) return EMPTY;
    seeding ??= Promise.resolve()
      .then(() => store.load())
      .then((url) => {
        if (isWebSocketUrl(url) && lastGood$.value === undefined) lastGood$.next({ url, trusted: true });
      }, storeFailed("load"))
      .finally(() => {
        seeded = true;
      });
    return from(seeding).pipe(ignoreElements());
  });

  function storeFailed(what: string) {
    return (err: unknown): void => {
      counters?.increment("storeErrors");
      logger.warn({ err: safeMessage(err) }, `gateway URL store: ${what} failed; going on without it`);
    };
  }
  function storeCall(what: string, call: (s: GatewayUrlStore) => Promise<unknown>): void {
    if (!store) return;
    void Promise.resolve().then(() => call(store)).catch(storeFailed(what));
  }

  return {
    url$: concat(seed$, resolve$) as Observable<string>,
    invalidate(url) {
      const good = lastGood$.value;
      if (!good?.trusted || good.url !== url) return;
      lastGood$.next({ url, trusted: false });
      logger.info({ url }, "gateway URL dropped from the cache: a socket to it could not open");
      storeCall("remove", (s) => s.remove());
    },
    remember,
  };
}
