/**
 * The dedupe window of the hot path: ids seen lately, so replays after RESUME and the
 * platform's own duplicate pushes ("相同的 msg_id 的消息会有概率重复推送") are dropped.
 *
 * An id is remembered as two independent 30-bit hashes (a `Map` from the first to the second,
 * both small integers): the window keeps no id string alive, so the ids of a busy bot are never
 * promoted to the old generation of the heap (that promotion, not the lookup, was the cost of a
 * window of strings: docs/performance.md). Two generations of at most `max / 2` ids each: a
 * generation is closed when it is full or found `ttlMs` old (the clock is read every 64th new id),
 * and the one before it is then forgotten.
 * So the window always remembers the newest `max / 2` ids, never more than `max`, each for at
 * least `ttlMs` (and at most twice that); it grows with use (an idle bot holds nothing).
 *
 * A new id is taken for a duplicate only when both hashes match a remembered one: with 60 bits
 * and at most 10 000 ids remembered, less than once in 10^14 messages. Two ids sharing only the
 * first hash keep the newer (the older may then pass once more: a duplicate, never a loss).
 *
 * ```
 * ids:      a-b-a-c-b       (within ttlMs)
 * seen():   F F T F T       (T = a duplicate: drop it)
 * ```
 */

/** Options of {@link createIdWindow}. */
export interface IdWindowOptions {
  /** Ids remembered at most; the oldest are forgotten first. */
  max: number;
  /** How long an id is remembered at least after it was first seen. */
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

/** One generation: first hash → second hash, and when it was opened. */
interface Generation {
  readonly ids: Map<number, number>;
  readonly openedAt: number;
}

/** A window of ids (see the module comment). */
export function createIdWindow(options: IdWindowOptions): IdWindow {
  const { ttlMs, now } = options;
  const generationSize = Math.max(1, Math.ceil(options.max / 2));
  let current: Generation | undefined;
  let previous: Generation | undefined;
  let inserts = 0;
  return {
    seen(id) {
      // Both hashes in one pass over the id (FNV-1a from two seeds, 30 bits each: small integers, stored unboxed).
      let key = 0x811c9dc5;
      let check = 0x050c5d1f;
      for (let i = 0; i < id.length; i++) {
        const c = id.charCodeAt(i);
        key = Math.imul(key ^ c, 0x01000193);
        check = Math.imul(check ^ c, 0x01000193);
      }
      key = (key ^ (key >>> 30)) & 0x3fffffff;
      check = (check ^ (check >>> 30)) & 0x3fffffff;
      if (current?.ids.get(key) === check || previous?.ids.get(key) === check) return true;
      // The clock is read every 64th id (a generation may outlive ttlMs by those few ids: "at least ttlMs" holds).
      if (!current || current.ids.size >= generationSize || ((++inserts & 63) === 0 && now() - current.openedAt >= ttlMs)) {
        previous = current;
        current = { ids: new Map(), openedAt: now() };
      }
      current.ids.set(key, check);
      return false;
    },
    get size() {
      return (current?.ids.size ?? 0) + (previous?.ids.size ?? 0);
    },
  };
}
