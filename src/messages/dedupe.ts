/**
 * Drop values whose key was seen recently: replays after RESUME and the platform's own duplicate
 * pushes ("相同的 msg_id 的消息会有概率重复推送"). Keys live in an `lru-cache` bounded by `max`
 * and expire after `ttlMs`.
 *
 * @example
 * ```ts
 * messages$.pipe(dedupeBy((m) => m.id, { max: 10_000, ttlMs: 3_600_000, onDuplicate: () => counters.increment("duplicatesDropped") }))
 * ```
 *
 * ```
 * source:  a-b-a-c-b-|
 * result:  a-b---c---|
 * ```
 */
import { LRUCache } from "lru-cache";
import { filter, defer, type MonoTypeOperatorFunction } from "rxjs";

/** Options of {@link dedupeBy}. */
export interface DedupeByOptions<T> {
  /** Keys remembered at most; the oldest is forgotten first. */
  max: number;
  /** How long a key is remembered after it was first seen. */
  ttlMs: number;
  /** Called for each dropped value. */
  onDuplicate?: (value: T, key: string) => void;
  /** Clock in ms (the bot passes `() => scheduler.now()`). @defaultValue `performance.now` */
  now?: () => number;
  /** Use this cache instead of one per subscription (to share it, or to inspect it in tests). */
  cache?: LRUCache<string, true>;
}

/**
 * A cache for {@link dedupeBy}: no purge timers (expiry is checked when a key is looked up, and
 * `max` bounds memory), clock injectable.
 */
export function createDedupeCache(options: { max: number; ttlMs: number; now?: () => number }): LRUCache<string, true> {
  return new LRUCache<string, true>({
    max: options.max,
    ttl: options.ttlMs,
    ttlAutopurge: false,
    ttlResolution: 0,
    ...(options.now ? { perf: { now: options.now } } : {}),
  });
}

/**
 * Pass each value whose key was not seen within `ttlMs`; drop the others (calling `onDuplicate`).
 * Values without a key (`keyOf` returns `undefined`) always pass. Each subscription gets its own
 * cache unless `cache` is given.
 */
export function dedupeBy<T>(keyOf: (value: T) => string | undefined, options: DedupeByOptions<T>): MonoTypeOperatorFunction<T> {
  return (source) =>
    defer(() => {
      const cache = options.cache ?? createDedupeCache(options);
      return source.pipe(
        filter((value) => {
          const key = keyOf(value);
          if (key === undefined) return true;
          if (cache.has(key)) {
            options.onDuplicate?.(value, key);
            return false;
          }
          cache.set(key, true);
          return true;
        }),
      );
    });
}
