/**
 * The dedupe window of the hot path: ids seen lately, so replays after RESUME and the
 * platform's own duplicate pushes ("相同的 msg_id 的消息会有概率重复推送") are dropped.
 *
 * Two generations of at most `max / 2` ids each, every id with the time it was first seen: new
 * ids go into the current generation; when it is full it becomes the previous one and the
 * oldest generation is forgotten. So the window always remembers the newest `max / 2` ids and
 * never more than `max`; an id seen longer than `ttlMs` ago is new again. It grows with use (an
 * idle bot holds nothing) and costs one or two `Map` lookups per id. (An `lru-cache` of `max`
 * slots allocates them all up front and was slower on this path: docs/performance.md.)
 *
 * ```
 * ids:      a-b-a-c-b       (within ttlMs)
 * seen():   F F T F T       (T = a duplicate: drop it)
 * ```
 *
 * @example
 * ```ts
 * const ids = createIdWindow({ max: 10_000, ttlMs: 3_600_000, now: () => scheduler.now() });
 * if (ids.seen(message.id)) counters.increment("duplicatesDropped");
 * ```
 */

/** Options of {@link createIdWindow}. */
export interface IdWindowOptions {
  /** Ids remembered at most; the oldest is forgotten first. */
  max: number;
  /** How long an id is remembered after it was first seen. */
  ttlMs: number;
  /** Clock in ms (the bot passes `() => scheduler.now()`). */
  now: () => number;
}

/** Ids seen lately. */
export interface IdWindow {
  /** Whether `id` was seen within the window; remembers it when not. */
  seen(id: string): boolean;
  /** Ids remembered now. */
  readonly size: number;
}

/** A window of ids (see the module comment). */
export function createIdWindow(options: IdWindowOptions): IdWindow {
  const { ttlMs, now } = options;
  const generationSize = Math.max(1, Math.ceil(options.max / 2));
  let current: Map<string, number> | undefined;
  let previous: Map<string, number> | undefined;
  return {
    seen(id) {
      const at = now();
      const first = current?.get(id) ?? previous?.get(id);
      if (first !== undefined && at - first < ttlMs) return true;
      current ??= new Map();
      if (current.size >= generationSize) {
        previous = current;
        current = new Map();
      }
      current.set(id, at);
      return false;
    },
    get size() {
      return (current?.size ?? 0) + (previous?.size ?? 0);
    },
  };
}
