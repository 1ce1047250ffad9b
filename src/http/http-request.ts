/**
 * One HTTP request as a cold Observable: subscribing sends it, unsubscribing aborts it.
 * This is how retried requests (`retryWithDelays`) stay cancellable: `bot.close()` tears the
 * subscription down and nothing is left running, neither the request nor a retry timer.
 *
 * ```
 * subscribe ──request──► (response|)        unsubscribe before the answer: the request is aborted
 *                    ╲──► #  QQNetworkError (no answer)
 * ```
 */
import { Observable } from "rxjs";
import type { HttpClient, HttpRequest, HttpResponse } from "./types.js";

/**
 * Send `request` on the client `client()` returns at subscription time (a fresh one per retry
 * when the pool was renewed).
 */
export function httpRequest$(client: () => HttpClient, request: Omit<HttpRequest, "signal">): Observable<HttpResponse> {
  return new Observable<HttpResponse>((subscriber) => {
    const controller = new AbortController();
    client()
      .request({ ...request, signal: controller.signal })
      .then(
        (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
        (err: unknown) => subscriber.error(err),
      );
    return () => controller.abort();
  });
}
