/**
 * The one retry policy of `bot.api` and `bot.request`: every REST call goes through it, whatever
 * the endpoint. Built on {@link retryWithDelays}:
 * - a rate limit (HTTP 429, 22009, 20028, 100001, "频率限制" …: `isRateLimit`, or a code the
 *   platform-code table calls `RATE_LIMITED`) is retried after growing waits, for every method
 *   (the platform did not perform a rate-limited call);
 * - no answer (`QQNetworkError`) or a 5xx is retried only for GET, PUT and DELETE, which can be
 *   repeated safely; a POST or PATCH might have been applied, so it fails at once;
 * - everything else fails at once, with its stable `code`.
 * `bot.close()` and the caller's `signal` cancel a call waiting for a retry.
 *
 * ```
 * call:     (429) 1000ms (429) 2000ms (200)
 * result:   ----------- 3000ms ------------(answer|)
 * ```
 */
import { firstValueFrom, fromEvent, merge, NEVER, type Observable, type SchedulerLike, takeUntil, throwIfEmpty } from "rxjs";
import { QQApiError, QQBotClosedError, QQNetworkError, safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import { retryWithDelays } from "../rx/retry-with-delays.js";
import { abortable } from "./http-request.js";
import { isRateLimit } from "./rate-limit.js";
import type { RestOptions } from "./rest-options.js";
import type { HttpRequest, RestClient, RestRequestOptions } from "./types.js";

/** What {@link withRestPolicy} needs. */
export interface RestPolicyConfig {
  /** The retry waits. */
  options: RestOptions;
  /** Scheduler of the waits. */
  scheduler: SchedulerLike;
  /** Where retries are logged (warn). */
  logger?: Logger | undefined;
  /** Emits when the bot closes: a call waiting for a retry then rejects with code `BOT_CLOSED`. */
  closed$?: Observable<unknown> | undefined;
}

/** Methods a retry cannot apply twice. */
const IDEMPOTENT: ReadonlySet<HttpRequest["method"]> = new Set(["GET", "PUT", "DELETE"]);

/** Whether an error is a rate limit worth waiting out. */
export function isRestRateLimit(err: unknown): boolean {
  return isRateLimit(err) || (err instanceof QQApiError && err.code === "RATE_LIMITED");
}

/** Whether an error is transient: no answer, or a 5xx. */
export function isTransient(err: unknown): boolean {
  return err instanceof QQNetworkError || (err instanceof QQApiError && err.status >= 500);
}

/** A REST client that runs every call through the policy (see the module summary). */
export function withRestPolicy(rest: RestClient, config: RestPolicyConfig): RestClient {
  const { options, scheduler } = config;
  const logger = config.logger ?? silentLogger;
  const closed$ = config.closed$ ?? NEVER;
  return {
    request<T = unknown>(method: HttpRequest["method"], path: string, body?: unknown, opts: RestRequestOptions = {}): Promise<T> {
      const what = `${method} ${path}`;
      const onRetry = (kind: string) => (err: unknown, n: number, wait: number) =>
        logger.warn({ err: safeMessage(err), retry: n, delayMs: wait }, `${what}: ${kind}, retrying in ${wait} ms`);
      const stop$ = merge(closed$, opts.signal ? fromEvent(opts.signal, "abort") : NEVER);
      return firstValueFrom(
        abortable<T>((signal) => rest.request<T>(method, path, body, { ...opts, signal: joinSignals(signal, opts.signal) })).pipe(
          retryWithDelays<T>({
            delaysMs: options.transientRetryDelaysMs,
            isRetriable: (err) => IDEMPOTENT.has(method) && isTransient(err),
            scheduler,
            onRetry: onRetry("no answer or a server error"),
          }),
          retryWithDelays<T>({ delaysMs: options.rateLimitRetryDelaysMs, isRetriable: isRestRateLimit, scheduler, onRetry: onRetry("rate limited") }),
          takeUntil(stop$),
          throwIfEmpty(() =>
            opts.signal?.aborted
              ? new QQNetworkError(`${what} failed: aborted by the caller`)
              : new QQBotClosedError(`${what} was cancelled: the bot was closed`),
          ),
        ),
      );
    },
  };
}

function joinSignals(own: AbortSignal, caller: AbortSignal | undefined): AbortSignal {
  return caller ? AbortSignal.any([own, caller]) : own;
}
