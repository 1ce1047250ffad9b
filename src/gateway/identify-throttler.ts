/**
 * IDENTIFY pacing: the platform allows `max_concurrency` new sessions per 5 s window
 * (`GET /gateway/bot` → `session_start_limit.max_concurrency`). Shard `s` belongs to bucket
 * `s % maxConcurrency`; each bucket allows one IDENTIFY per window.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { asyncScheduler, defer, firstValueFrom, map, timer, type Observable, type SchedulerLike } from "rxjs";
import { safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import type { Counters } from "../stats.js";
import { openRedis, type IoredisImporter, type OpenedRedis, type RedisConnection } from "../store/redis-client.js";

/** The platform's identify window. */
export const IDENTIFY_WINDOW_MS = 5_000;

/**
 * Paces IDENTIFYs; `acquire` resolves when this shard may send one. Implementations:
 * {@link LocalIdentifyThrottler} (one process), {@link RedisIdentifyThrottler} (many).
 *
 * @example
 * ```ts
 * const bot = createBot({ appId, clientSecret, shards: { ids: [0, 1], count: 4 }, identifyThrottler: throttler });
 * // before each IDENTIFY, shard `shardId` waits for: await throttler.acquire(shardId, maxConcurrency)
 * ```
 */
export interface IdentifyThrottler {
  /** Wait until shard `shardId` may IDENTIFY: at most `maxConcurrency` per window, bucket `shardId % maxConcurrency`. */
  acquire(shardId: number, maxConcurrency: number): Promise<void>;
}

/** The bucket of a shard; a bad `maxConcurrency` counts as 1. */
export function identifyBucket(shardId: number, maxConcurrency: number): number {
  const n = Number.isFinite(maxConcurrency) && maxConcurrency >= 1 ? Math.floor(maxConcurrency) : 1;
  return ((Math.trunc(shardId) % n) + n) % n;
}

/** Options of {@link LocalIdentifyThrottler}. */
export interface LocalIdentifyThrottlerOptions {
  /** Length of one identify window per bucket. @defaultValue 5000 (`IDENTIFY_WINDOW_MS`) */
  windowMs?: number;
  /** RxJS scheduler for the waits. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
}

/**
 * In-process throttler: each bucket hands out one slot per window, in call order.
 * A slot is reserved when `acquire$` is subscribed (or `acquire` called) and kept even if the
 * caller gives up, which only ever makes pacing more conservative.
 *
 * maxConcurrency 1, five shards asking at once (window 5 s):
 * ```
 * acquire$(0..4, 1):  a 4999ms b 4999ms c 4999ms d 4999ms e
 * ```
 *
 * @example
 * ```ts
 * const throttler = new LocalIdentifyThrottler();
 * await throttler.acquire(shardId, gatewayBot.session_start_limit.max_concurrency); // this shard may IDENTIFY now
 * ```
 */
export class LocalIdentifyThrottler implements IdentifyThrottler {
  readonly #windowMs: number;
  readonly #scheduler: SchedulerLike;
  /** Scheduler time from which each bucket's next slot is free. */
  readonly #nextFree = new Map<number, number>();

  constructor(options: LocalIdentifyThrottlerOptions = {}) {
    this.#windowMs = options.windowMs ?? IDENTIFY_WINDOW_MS;
    this.#scheduler = options.scheduler ?? asyncScheduler;
  }

  /** Emits once (then completes) when the shard may IDENTIFY. */
  acquire$(shardId: number, maxConcurrency: number): Observable<void> {
    return defer(() => {
      const bucket = identifyBucket(shardId, maxConcurrency);
      const now = this.#scheduler.now();
      const at = Math.max(now, this.#nextFree.get(bucket) ?? now);
      this.#nextFree.set(bucket, at + this.#windowMs);
      return timer(at - now, this.#scheduler).pipe(map((): void => undefined));
    });
  }

  acquire(shardId: number, maxConcurrency: number): Promise<void> {
    return firstValueFrom(this.acquire$(shardId, maxConcurrency));
  }
}

/** Options of {@link RedisIdentifyThrottler}. */
export interface RedisIdentifyThrottlerOptions {
  /** An ioredis client (left open by `close()`), ioredis options or a `redis://` URL. */
  redis?: RedisConnection;
  /** Keys are `${keyPrefix}qqbot-rx:${appId}:identify:${bucket}`. */
  appId: string;
  /** Prepended to every key. @defaultValue `""` */
  keyPrefix?: string;
  /** Length of one identify window per bucket. @defaultValue 5000 (`IDENTIFY_WINDOW_MS`) */
  windowMs?: number;
  /** Longest single wait between attempts. @defaultValue 250 */
  maxPollMs?: number;
  /** RxJS scheduler for the waits. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
  /** Where Redis failures are logged. @defaultValue silent */
  logger?: Logger;
  /**
   * `storeErrors` counts Redis failures.
   * @internal
   */
  counters?: Counters;
  /** How `ioredis` is loaded (tests). */
  importer?: IoredisImporter;
}

/**
 * Holds the identify limit across processes and machines: a slot of bucket `b` is the key
 * `…:identify:<b>` taken with `SET key <token> NX PX windowMs`; a caller that finds it taken
 * waits for the key's remaining `PTTL` (at most `maxPollMs`) and tries again. If Redis fails,
 * it warns, counts `storeErrors` and paces with a {@link LocalIdentifyThrottler} instead of
 * blocking the IDENTIFY.
 *
 * @example
 * ```ts
 * const throttler = new RedisIdentifyThrottler({ redis: "redis://10.0.0.5:6379", appId });
 * await throttler.acquire(shardId, maxConcurrency); // shared by every process of this app
 * ```
 */
export class RedisIdentifyThrottler implements IdentifyThrottler {
  readonly #options: RedisIdentifyThrottlerOptions;
  readonly #windowMs: number;
  readonly #scheduler: SchedulerLike;
  readonly #logger: Logger;
  readonly #fallback: LocalIdentifyThrottler;
  #opened: Promise<OpenedRedis> | undefined;

  constructor(options: RedisIdentifyThrottlerOptions) {
    this.#options = options;
    this.#windowMs = options.windowMs ?? IDENTIFY_WINDOW_MS;
    this.#scheduler = options.scheduler ?? asyncScheduler;
    this.#logger = options.logger ?? silentLogger;
    this.#fallback = new LocalIdentifyThrottler({ windowMs: this.#windowMs, scheduler: this.#scheduler });
  }

  async acquire(shardId: number, maxConcurrency: number): Promise<void> {
    const bucket = identifyBucket(shardId, maxConcurrency);
    const key = `${this.#options.keyPrefix ?? ""}qqbot-rx:${this.#options.appId}:identify:${bucket}`;
    const token = randomUUID();
    try {
      const client = await this.#client();
      for (;;) {
        if ((await client.set(key, token, "PX", this.#windowMs, "NX")) === "OK") return;
        const left = await client.pttl(key);
        const wait = left > 0 ? Math.min(left + 1, this.#options.maxPollMs ?? 250) : 1;
        await firstValueFrom(timer(wait, this.#scheduler));
      }
    } catch (err) {
      this.#options.counters?.increment("storeErrors");
      this.#logger.warn(
        { shard: shardId, err: safeMessage(err) },
        "identify throttling via redis failed: pacing IDENTIFY in this process only",
      );
      return this.#fallback.acquire(shardId, maxConcurrency);
    }
  }

  /** Quit the Redis connection if this throttler created it. */
  async close(): Promise<void> {
    const opened = this.#opened;
    this.#opened = undefined;
    const result = await opened?.catch(() => undefined);
    if (result?.owned) await result.client.quit().catch(() => result.client.disconnect());
  }

  #client(): Promise<Redis> {
    this.#opened ??= openRedis(this.#options.redis, "RedisIdentifyThrottler", this.#logger, this.#options.importer).catch(
      (err: unknown) => {
        this.#opened = undefined;
        throw err;
      },
    );
    return this.#opened.then((o) => o.client);
  }
}
