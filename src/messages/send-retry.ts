/**
 * Retry a send that hit a rate limit (HTTP 429, codes 22009/20028) after growing waits on the
 * injected scheduler; any other error goes through at once. After the last wait the last error
 * goes through.
 *
 * With `delaysMs = [1000, 2000, 5000]` and a source that is always rate limited:
 * ```
 * source subscriptions: ^! 1000ms ^! 2000ms ^! 5000ms ^!
 * result:               ---------- 8000ms ----------- #
 * ```
 *
 * @example
 * ```ts
 * defer(() => rest.request("POST", path, body)).pipe(retrySendRateLimits({ delaysMs: [1000, 2000, 5000], scheduler }))
 * ```
 */
import { retry, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from "rxjs";
import { isSendRateLimited } from "./send-errors.js";

/** Default waits before each retry of a rate-limited send. */
export const DEFAULT_SEND_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 5000];

/** Options of {@link retrySendRateLimits}. */
export interface SendRetryOptions {
  /** One wait per retry; its length is the retry count. `[]` disables retries. */
  delaysMs: readonly number[];
  scheduler: SchedulerLike;
  /** Which errors are retried. @defaultValue {@link isSendRateLimited} */
  isRetriable?: (err: unknown) => boolean;
  /** Called before each wait (for logs and counters). */
  onRetry?: (err: unknown, retry: number, delayMs: number) => void;
}

/** Resubscribe to the source after each wait while its error is retriable. */
export function retrySendRateLimits<T>(options: SendRetryOptions): MonoTypeOperatorFunction<T> {
  const { delaysMs, scheduler } = options;
  const isRetriable = options.isRetriable ?? isSendRateLimited;
  if (delaysMs.length === 0) return (source) => source;
  return retry<T>({
    count: delaysMs.length,
    delay: (err: unknown, retryCount: number) => {
      if (!isRetriable(err)) return throwError(() => err);
      const wait = delaysMs[retryCount - 1] ?? 0;
      options.onRetry?.(err, retryCount, wait);
      return timer(wait, scheduler);
    },
  });
}
