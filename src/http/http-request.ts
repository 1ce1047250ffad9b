/**
 * One HTTP request (or any call that takes an `AbortSignal`) as a cold Observable: subscribing sends it,
 * unsubscribing aborts it.
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
  return abortable((signal) => client().request({ ...request, signal }));
}

/**
 * Any promise-returning call as a cold Observable: each subscription calls `send` with a fresh
 * signal, emits its value and completes, or errors; unsubscribing first aborts the signal.
 */
export function abortable<T>(send: (signal: AbortSignal) => Promise<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    send(controller.signal).then(
      (value) => {
        subscriber.next(value);
        subscriber.complete();
      },
      (err: unknown) => subscriber.error(err),
    );
    return () => controller.abort();
  });
}
