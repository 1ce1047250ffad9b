/**
 * The app access token: fetched on demand with one request in flight, retried on transient
 * failures, refreshed in the background before it expires (RxJS `timer` on the injected
 * scheduler), never logged.
 *
 * A rate limit (code 100001) is never retried at once: the endpoint is off-limits for
 * `rateLimitCooldownMs`; meanwhile a token that has not expired is still handed out, and
 * without one `token()` rejects with `TokenRateLimitedError` (time left) without a request.
 * `close()` cancels the refresh timer, the retry timers and the request in flight; pending
 * `token()` calls reject with `QQBotClosedError` at once.
 *
 * Time line for `expires_in: 7200` (`f` = fetch on the first `token()`, `r` = background
 * refresh; a failed attempt is retried after 1 s, 2 s, 5 s):
 * ```
 * token()   f──────── 7 140 s ────────r──────── 7 140 s ────────r── …
 * tokens$   a─────────────────────────b─────────────────────────c── …
 * ```
 */
import { asyncScheduler, defer, map, ReplaySubject, timer, type SchedulerLike, type Subscription } from "rxjs";
import { QQApiError, QQAuthError, QQBotClosedError, QQNetworkError, TokenRateLimitedError, safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import { retryWithDelays } from "../rx/retry-with-delays.js";
import type { Counters } from "../stats.js";
import { requestLabel } from "./http-client.js";
import { httpRequest$ } from "./http-request.js";
import { parseTokenResponse, TOKEN_BAD_RESPONSE, type FetchedToken } from "./token-response.js";
import type { AccessTokenSource, HttpClient } from "./types.js";

export { TOKEN_BAD_RESPONSE } from "./token-response.js";

/** Default waits between token fetch attempts. */
export const DEFAULT_TOKEN_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 5000];

/** The background refresh never runs sooner than this after a fetch, whatever `expires_in` says. */
export const MIN_TOKEN_REFRESH_MS = 10_000;
/** Nor later than this (below Node's 2^31 ms timer limit; a day is plenty for a 2-hour token). */
export const MAX_TOKEN_REFRESH_MS = 24 * 3_600_000;

/** Options of {@link createAccessTokenSource}. */
export interface AccessTokenSourceOptions {
  tokenUrl: string;
  appId: string;
  clientSecret: string;
  /** The HTTP client to use for each fetch (the pool's current one). */
  http: () => HttpClient;
  scheduler?: SchedulerLike | undefined;
  counters?: Counters | undefined;
  logger?: Logger | undefined;
  /** Waits before each retry of a transient failure. @defaultValue [1000, 2000, 5000] */
  retryDelaysMs?: readonly number[] | undefined;
  /** After a rate limit, the endpoint is not called for this long. @defaultValue 60 000 */
  rateLimitCooldownMs?: number | undefined;
  /** Strings to keep out of errors and logs besides the secret and the tokens (the bot's secrets). */
  secrets?: (() => readonly string[]) | undefined;
}

/**
 * Create the token source. Nothing is fetched until the first `token()`.
 */
export function createAccessTokenSource(options: AccessTokenSourceOptions): AccessTokenSource {
  const scheduler = options.scheduler ?? asyncScheduler;
  const logger = options.logger ?? silentLogger;
  const cooldownMs = options.rateLimitCooldownMs ?? 60_000;
  const [method, path] = requestLabel("POST", options.tokenUrl).split(" ") as [string, string];
  const tokens$ = new ReplaySubject<string>(1);
  let cached: { token: string; staleAt: number; expiresAt: number } | undefined;
  let offLimitsUntil = Number.NEGATIVE_INFINITY;
  let pending: { promise: Promise<string>; cancel: () => void } | undefined;
  let refresh: Subscription | undefined;
  let closed = false;
  let warnedLifetime = false;
  // Tokens issued lately stay secret after invalidate(): an error body may still echo one.
  const issued: string[] = [];
  const secrets = (): string[] => [options.clientSecret, ...issued, ...(options.secrets?.() ?? [])];

  const fetch$ = defer(() => {
    options.counters?.increment("tokenFetches");
    const body = { appId: options.appId, clientSecret: options.clientSecret };
    return httpRequest$(options.http, { method: "POST", url: options.tokenUrl, body });
  }).pipe(
    map((res) => parseTokenResponse(res, { method, path, secrets: secrets(), rateLimitCooldownMs: cooldownMs })),
    retryWithDelays({
      delaysMs: options.retryDelaysMs ?? DEFAULT_TOKEN_RETRY_DELAYS_MS, isRetriable: isRetryableTokenError, scheduler,
      onRetry: (err, n, wait) => logger.warn({ attempt: n, retryInMs: wait, err: safeMessage(err, secrets()) }, "access token fetch failed; retrying"),
    }),
  );

  function fetchToken(): Promise<string> {
    if (pending) return pending.promise;
    const entry = { promise: Promise.resolve(""), cancel: () => {} };
    pending = entry;
    const done = () => {
      if (pending === entry) pending = undefined;
    };
    entry.promise = new Promise<string>((resolve, reject) => {
      const sub = fetch$.subscribe({
        next: (fetched) => {
          done();
          install(fetched);
          resolve(fetched.token);
        },
        error: (err: unknown) => {
          done();
          failed(err);
          reject(err);
        },
      });
      entry.cancel = () => {
        sub.unsubscribe();
        done();
        reject(new QQBotClosedError("the bot was closed while an access token was being fetched"));
      };
    });
    return entry.promise;
  }

  function install(fetched: FetchedToken): void {
    const now = scheduler.now();
    const after = refreshDelay(fetched.expiresInSec);
    cached = { token: fetched.token, staleAt: now + after, expiresAt: now + fetched.expiresInSec * 1000 };
    issued.unshift(fetched.token);
    issued.length = Math.min(issued.length, 4);
    refresh?.unsubscribe();
    if (!closed) refresh = timer(after, scheduler).subscribe(() => void fetchToken().catch(() => undefined));
    logger.debug({ expiresInSec: fetched.expiresInSec, refreshInMs: after }, "access token fetched");
    tokens$.next(fetched.token);
  }

  function failed(err: unknown): void {
    if (err instanceof TokenRateLimitedError) {
      offLimitsUntil = scheduler.now() + err.retryAfterMs;
      options.counters?.increment("rateLimited");
    }
    logger.warn({ err: safeMessage(err, secrets()) }, "access token fetch failed");
  }

  /** `refreshAfterMs`, kept within [MIN_TOKEN_REFRESH_MS, MAX_TOKEN_REFRESH_MS]; warns once when it had to clamp. */
  function refreshDelay(expiresInSec: number): number {
    const wanted = refreshAfterMs(expiresInSec);
    const delay = Math.min(Math.max(wanted, MIN_TOKEN_REFRESH_MS), MAX_TOKEN_REFRESH_MS);
    if (delay !== wanted && !warnedLifetime) {
      warnedLifetime = true;
      logger.warn({ expiresInSec, refreshInMs: delay }, `the token endpoint gave expires_in ${expiresInSec} s; refreshing after ${delay} ms instead (kept within ${MIN_TOKEN_REFRESH_MS}–${MAX_TOKEN_REFRESH_MS} ms)`);
    }
    return delay;
  }

  return {
    tokens$: tokens$.asObservable(),
    token(opts = {}) {
      if (closed) return Promise.reject(new QQBotClosedError("the bot was closed: no access token is fetched any more"));
      const now = scheduler.now();
      if (!opts.forceRefresh && cached && now < cached.staleAt) return Promise.resolve(cached.token);
      const left = offLimitsUntil - now;
      if (left <= 0) return fetchToken();
      // Rate limited a moment ago: a token that has not expired still serves; otherwise say how long to wait.
      if (!opts.forceRefresh && cached && now < cached.expiresAt) return Promise.resolve(cached.token);
      return Promise.reject(new TokenRateLimitedError(
        `the token endpoint was rate limited; it is not called again for ${left} ms`, left, { status: 0, method, path },
      ));
    },
    invalidate() {
      cached = undefined;
      refresh?.unsubscribe();
      refresh = undefined;
    },
    close() {
      closed = true;
      refresh?.unsubscribe();
      refresh = undefined;
      pending?.cancel();
      tokens$.complete();
    },
  };
}

/**
 * When a token with `expiresInSec` of life is considered stale: 60 s before expiry, but never
 * before half its lifetime (the source then keeps it within a sane range).
 */
export function refreshAfterMs(expiresInSec: number): number {
  const lifetime = expiresInSec * 1000;
  return Math.max(lifetime - 60_000, lifetime / 2);
}

/**
 * Whether a failed token fetch is worth another attempt at once: network errors, 5xx and
 * unusable bodies are; rate limits (they cool down instead), refused credentials and other
 * 4xx are not.
 */
export function isRetryableTokenError(err: unknown): boolean {
  if (err instanceof QQAuthError || err instanceof TokenRateLimitedError) return false;
  if (err instanceof QQNetworkError) return true;
  return err instanceof QQApiError && (err.code === TOKEN_BAD_RESPONSE || err.status >= 500);
}
