/**
 * A {@link Store} in Redis: many processes on many machines share one gateway URL cache,
 * hand shards over with their sessions, and lock across all of them.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { asyncScheduler, type SchedulerLike } from "rxjs";
import { silentLogger, type Logger } from "../logger.js";
import { waitForLock } from "./lock-wait.js";
import { openRedis, type IoredisImporter, type RedisConnection } from "./redis-client.js";
import type { Store } from "./store.js";

/** Deletes the lock key only if it still holds our token (never someone else's lock). */
const RELEASE_SCRIPT = 'if redis.call("get",KEYS[1]) == ARGV[1] then return redis.call("del",KEYS[1]) end return 0';

/** Options of {@link RedisStore}. */
export interface RedisStoreOptions {
  /** An ioredis client (not closed by `close()`), ioredis options or a `redis://` URL. @defaultValue `127.0.0.1:6379` */
  redis?: RedisConnection;
  /** Prepended to every key. @defaultValue `""` (qqbot-rx keys are already namespaced) */
  keyPrefix?: string;
  /** Where Redis connection errors are logged (debug). @defaultValue silent */
  logger?: Logger;
  /** Longest wait for a lock before `StoreLockTimeoutError`. @defaultValue 30 000 */
  lockWaitMs?: number;
  /** Delay between lock attempts. @defaultValue 50 */
  lockRetryMs?: number;
  /** Scheduler for the waits between lock attempts. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
  /** How `ioredis` is loaded (tests). @defaultValue `import("ioredis")` */
  importer?: IoredisImporter;
}

/**
 * Redis-backed store. `ioredis` is loaded lazily on first use; when it is not installed the
 * first call rejects with a `QQBotConfigError` naming the package. TTLs use `PX`.
 * `withLock` is `SET lock:<name> <token> NX PX ttlMs`, retried until taken (bounded by
 * `lockWaitMs`), released by a token-checked script; it is not extended, so `fn` must finish
 * within `ttlMs` (after that another process may take it). The bot keeps its sessions in it
 * through a layer that falls back to memory while Redis is down.
 *
 * @example
 * ```ts
 * const store = new RedisStore({ redis: "redis://10.0.0.5:6379", keyPrefix: "prod:" });
 * const bot = createBot({ appId, clientSecret, store, shards: { ids: [0, 1], count: 4 } });
 * // …
 * await store.close();
 * ```
 */
export class RedisStore implements Store {
  readonly #options: RedisStoreOptions;
  readonly #prefix: string;
  readonly #logger: Logger;
  #opened: Promise<{ client: Redis; owned: boolean }> | undefined;

  constructor(options: RedisStoreOptions = {}) {
    this.#options = options;
    this.#prefix = options.keyPrefix ?? "";
    this.#logger = options.logger ?? silentLogger;
  }

  async get(key: string): Promise<string | undefined> {
    const value = await (await this.#client()).get(this.#prefix + key);
    return value ?? undefined;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    const client = await this.#client();
    if (ttlMs === undefined) {
      await client.set(this.#prefix + key, value);
    } else if (ttlMs <= 0) {
      await client.del(this.#prefix + key); // already expired
    } else {
      await client.set(this.#prefix + key, value, "PX", Math.ceil(ttlMs));
    }
  }

  /** `SET key value NX [PX ttlMs]`: atomic across every client of the Redis. */
  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const client = await this.#client();
    const reply = ttlMs === undefined
      ? await client.set(this.#prefix + key, value, "NX")
      : await client.set(this.#prefix + key, value, "PX", Math.max(1, Math.ceil(ttlMs)), "NX");
    return reply === "OK";
  }

  async delete(key: string): Promise<void> {
    await (await this.#client()).del(this.#prefix + key);
  }

  async withLock<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
    const client = await this.#client();
    const key = `${this.#prefix}lock:${name}`;
    const token = randomUUID();
    const px = Math.max(1, Math.ceil(ttlMs));
    await waitForLock(async () => ((await client.set(key, token, "PX", px, "NX")) === "OK" ? true : undefined), {
      name,
      waitMs: this.#options.lockWaitMs ?? 30_000,
      retryMs: this.#options.lockRetryMs ?? 50,
      scheduler: this.#options.scheduler ?? asyncScheduler,
    });
    try {
      return await fn();
    } finally {
      await client.eval(RELEASE_SCRIPT, 1, key, token).catch((err: unknown) =>
        this.#logger.warn({ lock: name, err }, "could not release a redis store lock; it expires with its TTL"),
      );
    }
  }

  /** Quit the connection if this store created it; a passed-in client is left open. */
  async close(): Promise<void> {
    const opened = this.#opened;
    this.#opened = undefined;
    if (!opened) return;
    const { client, owned } = await opened.catch(() => ({ client: undefined, owned: false }));
    if (!client || !owned) return;
    await client.quit().catch(() => client.disconnect());
  }

  #client(): Promise<Redis> {
    this.#opened ??= openRedis(this.#options.redis, "RedisStore", this.#logger, this.#options.importer).catch(
      (err: unknown) => {
        this.#opened = undefined;
        throw err;
      },
    );
    return this.#opened.then((o) => o.client);
  }
}
