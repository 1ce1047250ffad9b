/**
 * The gateway URL, cache-first (DESIGN §1 "gatewayUrl$", PROTOCOL.md A2).
 *
 * Three pieces of memory:
 * - `cache$` — the **active cache** (a `BehaviorSubject`, seeded from the store on first use).
 *   While it holds a URL, `url$` emits it with zero HTTP calls. It only goes stale through
 *   `invalidate(url)`, which the loop calls when opening a socket to that URL fails before HELLO.
 * - `lastGood` — the last URL that was fetched or worked. `invalidate` leaves it: it is the
 *   **emergency fallback** when a fetch fails (rate limit, bad body, retries exhausted). It
 *   re-enters the active cache only through `remember(url)` once a socket to it sees HELLO.
 * - an **off-limits window**: after a rate limit, `/gateway` is not called for
 *   `rateLimitCooldownMs`. Within it, with no active cache, `url$` raises
 *   `GatewayRateLimitedError { retryAfterMs: time left }` without an HTTP call (the emergency
 *   fallback is spent once per rate limit, so a URL that keeps failing cannot spin).
 *
 * Without an active cache, `url$` calls `fetchGatewayUrl()` and retries network errors and
 * 5xx after `gatewayRetryDelaysMs`; rate limits are never retried at once.
 *
 * ```
 * fetch (5xx each time):  #-----#---------------#------------------------------#
 * time (ms):              0    500            2000                           5000
 * url$ (lastGood known):  ------------------------------------------------------(u|)
 * url$ (nothing known):   ------------------------------------------------------#   (the 5xx error)
 * rate limit, no cache:   #  GatewayRateLimitedError{retryAfterMs: 60000}; url$ again before 60 s: # (no fetch)
 * ```
 *
 * @example
 * ```ts
 * const urls = createGatewayUrlSource({ fetchGatewayUrl: () => from(getGateway()), policy, scheduler });
 * urls.url$.subscribe((url) => connect(url));   // cache hit after the first success
 * urls.invalidate(url);                          // the socket to it could not open
 * ```
 */
import {
  BehaviorSubject, catchError, concat, defer, EMPTY, from, ignoreElements, map, type Observable, of, share,
  take, tap, throwError, throwIfEmpty, type SchedulerLike,
} from "rxjs";
import {
  GatewayRateLimitedError, GatewayResponseError, QQApiError, QQNetworkError, redact, safeMessage,
} from "../errors.js";
import { isRateLimit } from "../http/rate-limit.js";
import { silentLogger, type Logger } from "../logger.js";
import type { ReconnectPolicy } from "./options.js";
import { isWebSocketUrl } from "../protocol/ws-url.js";
import { retryWithDelays } from "../rx/retry-with-delays.js";
import type { Counters } from "../stats.js";
import type { GatewayUrlStore } from "./gateway-url-store.js";

/** What {@link createGatewayUrlSource} needs. */
export interface GatewayUrlConfig {
  /** One `GET /gateway` (or `/gateway/bot`) call: emits the URL, or errors (`QQApiError`, `QQNetworkError`, `GatewayResponseError`). */
  fetchGatewayUrl: () => Observable<string>;
  /** Persists the active cache; load errors are logged, counted (`storeErrors`) and ignored. */
  store?: GatewayUrlStore | undefined;
  policy: Pick<ReconnectPolicy, "gatewayRetryDelaysMs" | "rateLimitCooldownMs">;
  scheduler: SchedulerLike;
  counters?: Counters | undefined;
  logger?: Logger | undefined;
}

/** A cache-first source of gateway URLs. */
export interface GatewayUrlSource {
  /** Emits one URL and completes: the active cache, else a fetch (see the file's TSDoc). */
  readonly url$: Observable<string>;
  /** Opening a socket to `url` failed before HELLO: drop it from the active cache and the store (only if it is the cached one). */
  invalidate(url: string): void;
  /** A socket to `url` saw HELLO: make it the active cache and persist it. */
  remember(url: string): void;
  /** The active cache. */
  readonly cached: string | undefined;
  /** The active cache as a `BehaviorSubject`. */
  readonly cache$: BehaviorSubject<string | undefined>;
  /** The emergency fallback: the last URL fetched or remembered. */
  readonly lastGood: string | undefined;
}

/**
 * Network errors, 5xx answers and 5xx bad bodies are worth a (delayed) retry; rate limits never.
 *
 * @example
 * ```ts
 * isRetryableGatewayError(new QQApiError("bad gateway", { status: 502 })) // true
 * isRetryableGatewayError(new QQApiError("接口调用超过频率限制", { status: 400 })) // false
 * ```
 */
export function isRetryableGatewayError(err: unknown): boolean {
  if (isRateLimit(err)) return false;
  if (err instanceof QQNetworkError) return true;
  if (err instanceof QQApiError) return err.status >= 500;
  if (err instanceof GatewayResponseError) return (err.status ?? 0) >= 500;
  return false;
}

/**
 * Create the gateway URL source.
 *
 * @example
 * ```ts
 * const urls = createGatewayUrlSource({ fetchGatewayUrl, policy: DEFAULT_RECONNECT_POLICY, scheduler: asyncScheduler });
 * ```
 */
export function createGatewayUrlSource(config: GatewayUrlConfig): GatewayUrlSource {
  const { scheduler, policy, store, counters } = config;
  const logger = config.logger ?? silentLogger;
  const cache$ = new BehaviorSubject<string | undefined>(undefined);
  let lastGood: string | undefined;
  let offLimitsUntil = Number.NEGATIVE_INFINITY;
  let seeding: Promise<void> | undefined;
  let seeded = store === undefined;

  const storeFailed = (what: string) => (err: unknown) => {
    counters?.increment("storeErrors");
    logger.warn({ err: safeMessage(err) }, `gateway URL store: ${what} failed; going on without it`);
  };
  const storeCall = (what: string, call: (s: GatewayUrlStore) => Promise<unknown>): void => {
    if (!store) return;
    void Promise.resolve().then(() => call(store)).catch(storeFailed(what));
  };

  const seed$ = defer(() => {
    if (seeded || !store) return EMPTY;
    seeding ??= Promise.resolve()
      .then(() => store.load())
      .then((url) => {
        if (isWebSocketUrl(url) && cache$.value === undefined) {
          cache$.next(url);
          lastGood ??= url;
        }
      }, storeFailed("load"))
      .finally(() => {
        seeded = true;
      });
    return from(seeding).pipe(ignoreElements());
  });

  const remember = (url: string): void => {
    if (!isWebSocketUrl(url)) return;
    lastGood = url;
    if (cache$.value === url) return;
    cache$.next(url);
    storeCall("save", (s) => s.save(url));
  };

  const fallback = (err: unknown): Observable<string> => {
    const now = scheduler.now();
    if (isRateLimit(err)) {
      counters?.increment("rateLimited");
      const waitMs = Math.max(policy.rateLimitCooldownMs, err instanceof GatewayRateLimitedError ? err.retryAfterMs : 0);
      offLimitsUntil = now + waitMs;
      if (lastGood) {
        logger.warn({ err: safeMessage(err), offLimitsMs: waitMs }, "GET /gateway is rate limited; using the last good gateway URL");
        return of(lastGood);
      }
      return throwError(() => new GatewayRateLimitedError(
        `GET /gateway is rate limited and no gateway URL is cached; it will be called again in ${waitMs} ms (${safeMessage(err)})`,
        waitMs, { cause: err },
      ));
    }
    if (lastGood && (err instanceof GatewayResponseError || isRetryableGatewayError(err))) {
      logger.warn({ err: safeMessage(err) }, "GET /gateway failed; using the last good gateway URL");
      return of(lastGood);
    }
    return throwError(() => err);
  };

  const fetchOnce$ = defer(() => {
    counters?.increment("gatewayFetches");
    return config.fetchGatewayUrl();
  }).pipe(
    take(1),
    throwIfEmpty(() => new GatewayResponseError("GET /gateway completed without a gateway URL")),
    map((url) => {
      if (!isWebSocketUrl(url)) throw new GatewayResponseError(`GET /gateway returned no wss:// or ws:// url (got ${JSON.stringify(redact(String(url)).slice(0, 80))})`);
      return url;
    }),
  );

  const fetch$ = fetchOnce$.pipe(
    retryWithDelays({ delaysMs: policy.gatewayRetryDelaysMs, isRetriable: isRetryableGatewayError, scheduler }),
    tap((url) => remember(url)),
    catchError(fallback),
    share(),
  );

  const resolve$ = defer((): Observable<string> => {
    const cached = cache$.value;
    if (cached) {
      counters?.increment("gatewayCacheHits");
      return of(cached);
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

  return {
    url$: concat(seed$, resolve$) as Observable<string>,
    invalidate(url) {
      if (cache$.value !== url) return;
      cache$.next(undefined);
      logger.info({ url }, "gateway URL dropped from the cache: a socket to it could not open");
      storeCall("remove", (s) => s.remove());
    },
    remember,
    get cached() {
      return cache$.value;
    },
    cache$,
    get lastGood() {
      return lastGood;
    },
  };
}
