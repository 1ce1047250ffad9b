/**
 * `msg_seq` counters: one per replied-to id (`msg_id` or `event_id`), starting at 1, in a bounded LRU.
 * The platform rejects a repeated `msg_id`+`msg_seq` (40054005), so a number is never handed out
 * twice for the same id while it is remembered — not even after a failed request.
 */
import { LRUCache } from "lru-cache";

/** Bounds of the counter table. */
export interface ReplySeqOptions {
  /** Ids remembered at most (least recently used forgotten first). @defaultValue 10 000 */
  max?: number;
  /** How long an id is remembered after its last reply; past the longest reply window (C2C 60 min). @defaultValue 65 min */
  ttlMs?: number;
  /** Clock in ms (the bot passes `() => scheduler.now()`). @defaultValue `performance.now` */
  now?: () => number;
}

/** Hands out `msg_seq` values. */
export interface ReplySeq {
  /** The next `msg_seq` for this id: 1, 2, 3, … */
  next(id: string): number;
  /** Ids currently remembered. */
  readonly size: number;
}

/** Default bounds of {@link createReplySeq}. */
export const DEFAULT_REPLY_SEQ_OPTIONS = { max: 10_000, ttlMs: 65 * 60_000 } as const;

/**
 * A bounded table of `msg_seq` counters. The `lru-cache` (which allocates its `max` slots up
 * front) is made on the first reply, so a bot that never replies holds none.
 */
export function createReplySeq(options: ReplySeqOptions = {}): ReplySeq {
  const now = options.now;
  let cache: LRUCache<string, number> | undefined;
  const table = (): LRUCache<string, number> =>
    (cache ??= new LRUCache<string, number>({
      max: options.max ?? DEFAULT_REPLY_SEQ_OPTIONS.max,
      ttl: options.ttlMs ?? DEFAULT_REPLY_SEQ_OPTIONS.ttlMs,
      // No purge timers: expiry is checked on read, and `max` bounds memory.
      ttlAutopurge: false,
      ttlResolution: 0,
      ...(now ? { perf: { now } } : {}),
    }));
  return {
    next(id) {
      const seqs = table();
      const seq = (seqs.get(id) ?? 0) + 1;
      seqs.set(id, seq);
      return seq;
    },
    get size() {
      return cache?.size ?? 0;
    },
  };
}
