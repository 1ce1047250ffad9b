/**
 * Drop values whose key was seen recently: replays after RESUME and the platform's own duplicate
 * pushes ("相同的 msg_id 的消息会有概率重复推送"). Keys live in a bounded insertion-ordered map
 * (the oldest is forgotten first once `max` is reached) and expire after `ttlMs`.
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
  cache?: DedupeCache;
}

/** The key memory of {@link dedupeBy}. */
export interface DedupeCache {
  /** Whether `key` was set and has not expired (an expired key is forgotten here). */
  has(key: string): boolean;
  /** Remember `key` for `ttlMs` from now, as the newest key. */
  set(key: string, value: true): void;
  /** Keys held (expired ones included until looked up or pushed out). */
  readonly size: number;
}

/**
 * A cache for {@link dedupeBy}: no purge timers (expiry is checked when a key is looked up, and
 * `max` bounds memory), clock injectable. Keys sit in a ring of `max` slots; a new key takes the
 * oldest slot and evicts its key, so every operation is O(1). (It replaced an `lru-cache`, whose
 * bookkeeping cost more per message on the dispatch hot path; `has` never refreshed recency
 * there either. A `Map` alone, evicting its first key, degrades badly in V8.)
 */
export function createDedupeCache(options: { max: number; ttlMs: number; now?: () => number }): DedupeCache {
  const max = Math.max(1, Math.floor(options.max));
  const { ttlMs } = options;
  const now = options.now ?? (() => performance.now());
  /** key → its ring slot; the slot's expiry lives in `expiries` (no object per key). */
  const slots = new Map<string, number>();
  const ring: (string | undefined)[] = new Array<string | undefined>(max);
  const expiries = new Float64Array(max);
  let head = 0;
  return {
    has(key) {
      const slot = slots.get(key);
      if (slot === undefined) return false;
      if (expiries[slot]! > now()) return true;
      slots.delete(key);
      ring[slot] = undefined;
      return false;
    },
    set(key) {
      const previous = slots.get(key);
      if (previous !== undefined) ring[previous] = undefined;
      const evicted = ring[head];
      if (evicted !== undefined) slots.delete(evicted);
      ring[head] = key;
      expiries[head] = now() + ttlMs;
      slots.set(key, head);
      head = (head + 1) % max;
    },
    get size() {
      return slots.size;
    },
  };
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
