import { SerialQueue } from "./serial-queue.js";
import type { Store } from "./store.js";

interface Entry {
  value: string;
  expiresAt: number | undefined;
}

/**
 * The default store: a Map in this process. TTLs are checked on read against `now()`.
 *
 * @example
 * ```ts
 * const bot = createBot({ appId, clientSecret, store: new MemoryStore() });
 * ```
 */
export class MemoryStore implements Store {
  readonly #entries = new Map<string, Entry>();
  readonly #locks = new SerialQueue();
  readonly #now: () => number;

  /** @param now clock for TTLs; defaults to the wall clock. */
  constructor(now: () => number = () => Date.now()) {
    this.#now = now;
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.#entries.set(key, { value, expiresAt: ttlMs === undefined ? undefined : this.#now() + ttlMs });
  }

  /** Atomic in this process: the check and the write happen in one synchronous step. */
  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const entry = this.#entries.get(key);
    if (entry && (entry.expiresAt === undefined || entry.expiresAt > this.#now())) return false;
    this.#entries.set(key, { value, expiresAt: ttlMs === undefined ? undefined : this.#now() + ttlMs });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  /** In-process lock: calls with the same name run one after another. */
  async withLock<T>(name: string, _ttlMs: number, fn: () => Promise<T>): Promise<T> {
    return this.#locks.run(name, fn);
  }
}
