/**
 * The app access token: fetched on demand with one request in flight, retried on transient
 * failures, refreshed in the background before it expires (RxJS `timer` on the injected
 * scheduler), never logged.
 */
import {
  asyncScheduler, defer, firstValueFrom, ReplaySubject, timer, type SchedulerLike, type Subscription,
} from "rxjs";
import { QQApiError, QQAuthError, QQNetworkError, safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import type { AccessTokenResponse } from "../protocol/payloads.js";
import { retryWithDelays } from "../rx/retry-with-delays.js";
import type { Counters } from "../stats.js";
import { apiErrorFrom, parseErrorBody } from "./api-error.js";
import { requestLabel } from "./http-client.js";
import type { AccessTokenSource, HttpClient, HttpResponse } from "./types.js";

/** `code` of the `QQApiError` raised for a token response that cannot be used (empty, non-JSON, bad `expires_in`). */
export const TOKEN_BAD_RESPONSE = "QQBOT_TOKEN_BAD_RESPONSE";

/** Default waits between token fetch attempts. */
export const DEFAULT_TOKEN_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 5000];

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
}

/**
 * When a token with `expiresInSec` of life is considered stale: 60 s before expiry, but never
 * before half its lifetime.
 *
 * @example
 * ```ts
 * refreshAfterMs(7200) // 7_140_000
 * refreshAfterMs(60)   // 30_000
 * ```
 */
export function refreshAfterMs(expiresInSec: number): number {
  const lifetime = expiresInSec * 1000;
  return Math.max(lifetime - 60_000, lifetime / 2);
}

/**
 * Whether a failed token fetch is worth another attempt: network errors, 5xx, 429 and
 * unusable bodies are; refused credentials (`QQAuthError`) and other 4xx are not.
 *
 * @example
 * ```ts
 * isRetryableTokenError(new QQNetworkError("POST /app/getAppAccessToken failed: …")) // true
 * isRetryableTokenError(new QQAuthError("access token refused: …", { status: 200 }))  // false
 * ```
 */
export function isRetryableTokenError(err: unknown): boolean {
  if (err instanceof QQAuthError) return false;
  if (err instanceof QQNetworkError) return true;
  return err instanceof QQApiError && (err.code === TOKEN_BAD_RESPONSE || err.status >= 500 || err.status === 429);
}

interface Fetched {
  token: string;
  expiresInSec: number;
}

function parseTokenResponse(res: HttpResponse, label: string, secrets: readonly string[]): Fetched {
  const [method, path] = label.split(" ") as [string, string];
  const bad = (what: string) =>
    new QQApiError(`${label} answered HTTP ${res.status} with ${what}`, { status: res.status, traceId: res.traceId, method, path }, TOKEN_BAD_RESPONSE);
  if (res.status >= 500) return throwIt(apiErrorFrom(res, { method, path, secrets }));
  if (!res.text.trim()) {
    if (res.status >= 300) return throwIt(apiErrorFrom(res, { method, path, secrets }));
    throw bad("an empty body");
  }
  let body: Partial<AccessTokenResponse> & Record<string, unknown>;
  try {
    body = JSON.parse(res.text) as typeof body;
  } catch {
    if (res.status >= 300) return throwIt(apiErrorFrom(res, { method, path, secrets }));
    throw bad("a non-JSON body");
  }
  if (typeof body === "object" && body !== null && typeof body.access_token === "string" && body.access_token) {
    const raw = body.expires_in;
    const expiresInSec = typeof raw === "string" && raw.trim() ? Number(raw) : typeof raw === "number" ? raw : NaN;
    if (!Number.isFinite(expiresInSec) || expiresInSec <= 0) {
      throw bad(`an unusable expires_in (${typeof raw === "string" ? JSON.stringify(raw.slice(0, 20)) : String(raw)}); expected a positive number of seconds`);
    }
    return { token: body.access_token, expiresInSec };
  }
  const parsed = parseErrorBody(res.text);
  if (parsed.platformCode !== undefined && parsed.platformCode !== 0) {
    const refused = apiErrorFrom(res, { method, path, secrets, auth: true });
    const hint = "check the appId and clientSecret (QQ_APP_ID / QQ_CLIENT_SECRET)";
    const { status, platformCode, traceId, body: excerpt } = refused;
    throw new QQAuthError(`access token refused: ${refused.message}; ${hint}`, { status, platformCode, traceId, body: excerpt, method, path });
  }
  if (res.status >= 300) return throwIt(apiErrorFrom(res, { method, path, secrets }));
  throw bad("no access_token and no error code");
}

function throwIt(err: Error): never {
  throw err;
}

/**
 * Create the token source. Nothing is fetched until the first `token()`.
 *
 * Time line for `expires_in: 7200` (`f` = fetch on the first `token()`, `r` = background
 * refresh; a failed attempt is retried after 1 s, 2 s, 5 s):
 * ```
 * token()   f──────── 7 140 s ────────r──────── 7 140 s ────────r── …
 * tokens$   a─────────────────────────b─────────────────────────c── …
 * ```
 *
 * @example
 * ```ts
 * const tokens = createAccessTokenSource({ tokenUrl, appId, clientSecret, http: () => pool.current() });
 * const headers = { Authorization: `QQBot ${await tokens.token()}` };
 * tokens.close();
 * ```
 */
export function createAccessTokenSource(options: AccessTokenSourceOptions): AccessTokenSource {
  const scheduler = options.scheduler ?? asyncScheduler;
  const logger = options.logger ?? silentLogger;
  const delays = options.retryDelaysMs ?? DEFAULT_TOKEN_RETRY_DELAYS_MS;
  const label = requestLabel("POST", options.tokenUrl);
  const tokens$ = new ReplaySubject<string>(1);
  let cached: { token: string; staleAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  let refresh: Subscription | undefined;
  let closed = false;
  // Tokens issued lately stay secret after invalidate(): an error body may still echo one.
  const issued: string[] = [];
  const secrets = (): string[] => [options.clientSecret, ...issued];

  const attempt$ = defer(async () => {
    options.counters?.increment("tokenFetches");
    const body = { appId: options.appId, clientSecret: options.clientSecret };
    const res = await options.http().request({ method: "POST", url: options.tokenUrl, body });
    return parseTokenResponse(res, label, secrets());
  });

  const fetch$ = attempt$.pipe(
    retryWithDelays({
      delaysMs: delays, isRetriable: isRetryableTokenError, scheduler,
      onRetry: (err, n, wait) => logger.warn({ attempt: n, retryInMs: wait, err: safeMessage(err, secrets()) }, "access token fetch failed; retrying"),
    }),
  );

  function install(fetched: Fetched): void {
    const after = refreshAfterMs(fetched.expiresInSec);
    cached = { token: fetched.token, staleAt: scheduler.now() + after };
    issued.unshift(fetched.token);
    issued.length = Math.min(issued.length, 4);
    refresh?.unsubscribe();
    if (!closed) refresh = timer(after, scheduler).subscribe(() => void fetchToken().catch(() => undefined));
    logger.debug({ expiresInSec: fetched.expiresInSec, refreshInMs: after }, "access token fetched");
    tokens$.next(fetched.token);
  }

  function fetchToken(): Promise<string> {
    inFlight ??= firstValueFrom(fetch$).then(
      (fetched) => {
        inFlight = undefined;
        install(fetched);
        return fetched.token;
      },
      (err: unknown) => {
        inFlight = undefined;
        logger.warn({ err: safeMessage(err, secrets()) }, "access token fetch failed");
        throw err;
      },
    );
    return inFlight;
  }

  return {
    tokens$: tokens$.asObservable(),
    token(opts = {}) {
      if (!opts.forceRefresh && cached && scheduler.now() < cached.staleAt) return Promise.resolve(cached.token);
      return fetchToken();
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
      tokens$.complete();
    },
  };
}
