/**
 * Record everything a stream emits, for tests that check what arrived in which order and wait
 * for one value in particular. The subscription ends at the next `runCleanups()`.
 *
 * @example
 * ```ts
 * const inbox = record(bot.messages$);
 * await inbox.next((m) => m.id === id);
 * expect(inbox.values.map((m) => m.text)).toEqual(["a", "b"]);
 * ```
 */
import { filter, firstValueFrom, ReplaySubject, timeout, type Observable, type Subscription } from "rxjs";
import { onCleanup } from "./cleanups.js";

/** What a stream emitted so far, and a way to wait for more. */
export interface Recording<T> {
  /** Every value, in order. */
  values: T[];
  /** The subscription to the stream (unsubscribe to leave early). */
  subscription: Subscription;
  /** The first value recorded (already or later) that matches `pred`; fails after 15 s or on the stream's error. */
  next(pred: (v: T) => boolean): Promise<T>;
}

/** Subscribe to `source` and keep what it emits. */
export function record<T>(source: Observable<T>): Recording<T> {
  const values: T[] = [];
  const replay = new ReplaySubject<T>();
  const subscription = source.subscribe({ next: (v) => {
      values.push(v);
      replay.next(v);
    }, error: (e: unknown) => replay.error(e) });
  onCleanup(() => subscription.unsubscribe());
  return { values, subscription, next: (pred) => firstValueFrom(replay.pipe(filter(pred), timeout({ first: 15_000 }))) };
}
