/**
 * Retry a failing source after a list of waits, for the errors worth retrying.
 *
 * The one retry operator of qqbot-rx: `GET /gateway`, the access token, `/gateway/bot` and
 * every REST call retry through it, each with its own delays and predicate. An error the
 * predicate refuses goes through at once; after the last wait the last error goes through.
 * Each retry resubscribes to the source (a cold source makes a fresh request).
 *
 * With `delaysMs = [500, 1500, 3000]` and a source that always fails with a retriable error:
 * ```
 * source subscriptions: (^!) 500ms (^!) 1500ms (^!) 3000ms (^!)
 * result:               ------------- 5000ms --------------#
 * ```
 *
 * @example
 * ```ts
 * defer(() => rest.request("GET", "/gateway")).pipe(
 *   retryWithDelays({ delaysMs: [500, 1500, 3000], isRetriable: (err) => err instanceof QQNetworkError, scheduler }),
 * );
 * ```
 */
import { asyncScheduler, retry, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from "rxjs";

/** Configuration of {@link retryWithDelays}. */
export interface RetryWithDelaysConfig {
  /** One wait per retry, in ms; its length is the retry count. `[]` retries nothing. */
  delaysMs: readonly number[];
  /** Which errors are retried; any other goes through at once. @defaultValue every error */
  isRetriable?: ((err: unknown) => boolean) | undefined;
  /** Scheduler of the waits. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike | undefined;
  /** Called before each wait (for logs and counters); `retry` is 1-based. */
  onRetry?: ((err: unknown, retry: number, delayMs: number) => void) | undefined;
}

/**
 * Resubscribe to the source after `delaysMs[n - 1]` when its `n`-th error is retriable.
 *
 * @param config - waits, predicate, scheduler and a hook called before each wait
 */
export function retryWithDelays<T>(config: RetryWithDelaysConfig): MonoTypeOperatorFunction<T> {
  const { delaysMs, isRetriable, onRetry } = config;
  const scheduler = config.scheduler ?? asyncScheduler;
  if (delaysMs.length === 0) return (source) => source;
  return retry<T>({
    count: delaysMs.length,
    delay: (err: unknown, retryCount: number) => {
      if (isRetriable && !isRetriable(err)) return throwError(() => err);
      const wait = delaysMs[retryCount - 1] ?? 0;
      onRetry?.(err, retryCount, wait);
      return timer(wait, scheduler);
    },
  });
}
