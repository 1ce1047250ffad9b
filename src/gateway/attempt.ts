/**
 * One attempt of the reconnect loop: the gateway URL, the access token, then the connection.
 * Every way it can fail is fed back to the loop as a `Disconnect`, so one reducer plans what
 * comes next; only refusals no retry can fix end the loop.
 *
 * ```
 * fetching-url ─► url$ ─► beforeConnect (token) ─► runConnection(url): connecting → identifying|resuming → ready …
 *                  └─ catchError, each kind of failure to its observable:
 *                       refused credentials / IP        ─► GatewayFatalError (AUTH_FAILED, IP_NOT_ALLOWED)
 *                       rate limited (/gateway, token)  ─► "rate-limited" Disconnect: the plan cools down (state cooling-down)
 *                       anything else                   ─► "connect-failed" Disconnect: the plan backs off
 * ```
 */
import { catchError, concat, concatMap, defer, EMPTY, map, type Observable, of, switchMap, take, tap, throwError, throwIfEmpty } from "rxjs";
import { GatewayResponseError, safeMessage } from "../errors.js";
import { isRateLimit } from "../http/rate-limit.js";
import type { LoopEvent } from "../transport/loop-events.js";
import { ConnectionState } from "../transport/state.js";
import { loopState, type LoopContext } from "./loop-context.js";
import { refusal } from "./refusals.js";
import { runConnection } from "./run-connection.js";
import type { Disconnect } from "./types.js";

/** Run one attempt of `ctx`'s loop. */
export function attempt$(ctx: LoopContext): Observable<LoopEvent> {
  return concat(
    loopState(ctx, ConnectionState.FetchingUrl),
    ctx.gatewayUrl.url$.pipe(
      take(1),
      throwIfEmpty(() => new GatewayResponseError("the gateway URL source completed without a URL")),
      concatMap((url) => beforeConnect$(ctx).pipe(map(() => url))),
      catchError((err: unknown) => setback$(ctx, err)),
      switchMap((url) => runConnection(url, ctx)),
    ),
  );
}

/** The token (refreshed when a refresh is owed) before any socket is opened. */
function beforeConnect$(ctx: LoopContext): Observable<unknown> {
  const { beforeConnect } = ctx;
  if (!beforeConnect) return of(undefined);
  const refreshToken = ctx.pendingRefresh;
  return defer(() => beforeConnect({ refreshToken })).pipe(
    tap(() => {
      if (refreshToken) ctx.pendingRefresh = false; // done: owed no more
    }),
  );
}

/** A failed attempt, mapped by kind (see the module comment). */
function setback$(ctx: LoopContext, err: unknown): Observable<never> {
  const fatal = refusal(err, ctx.shard);
  if (fatal) return throwError(() => fatal);
  const at = ctx.scheduler.now();
  const nothing = { at, connectedFor: 0, sawHello: false, ready: false, attemptedResume: false, error: err };
  let d: Disconnect;
  if (isRateLimit(err)) {
    const retryAfterMs = (err as { retryAfterMs?: number }).retryAfterMs ?? ctx.policy.rateLimitCooldownMs;
    ctx.logger.warn({ shard: ctx.shard, retryInMs: retryAfterMs, err: safeMessage(err) }, "rate limited before connecting; cooling down");
    d = { ...nothing, cause: "rate-limited", reason: safeMessage(err), retryAfterMs };
  } else {
    ctx.logger.warn({ shard: ctx.shard, err: safeMessage(err) }, "no gateway URL or access token; will retry after the backoff");
    d = { ...nothing, cause: "connect-failed", reason: `no gateway URL or access token: ${safeMessage(err)}` };
  }
  ctx.disconnects$.next(d);
  return EMPTY;
}
