/**
 * A store that never fails: every call goes to the real store, and when that fails
 * (Redis down, disk full, unreadable file) it is logged, counted and served from memory.
 */
import { asyncScheduler, type SchedulerLike } from "rxjs";
import { QQBotConfigError, safeMessage } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import type { Counters } from "../stats.js";
import { StoreLockTimeoutError } from "./lock-wait.js";
import { MemoryStore } from "./memory-store.js";
import { setIfAbsent, type Store } from "./store.js";

/** Options of {@link ResilientStore}. */
export interface ResilientStoreOptions {
  /** Where outages (warn), misconfiguration (error) and recoveries (info) are logged. @defaultValue silent */
  logger?: Logger;
  /** `storeErrors` is incremented on every failed call to the real store. */
  counters?: Counters;
  /** Clock for the memory fallback's TTLs and the retry interval. @defaultValue `asyncScheduler` */
  scheduler?: SchedulerLike;
  /** During an outage, the real store is tried again at most this often; calls in between use memory. @defaultValue 1000 */
  retryIntervalMs?: number;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Degrade-to-memory wrapper:
 * - writes go to the real store and to an in-memory mirror; reads come from the real store
 *   (and refresh the mirror);
 * - a failing call is counted (`storeErrors`), warned about once per outage, and answered
 *   from the mirror; the real store is retried every `retryIntervalMs` and used again as soon
 *   as it answers (values written during the outage stay in memory only);
 * - `withLock` falls back to an in-process lock during an outage; errors thrown by `fn`
 *   and `StoreLockTimeoutError` (contention, not an outage) pass through unchanged.
 *
 * ```
 * real store:  ok ── ok ── ✗ ── ✗ ──────── ✗ ── ok
 * calls:       R     R     M(warn) M  M  M(retry) R(info "back")     R = real store, M = memory
 * ```
 */
export class ResilientStore implements Store {
  /** The real store it wraps. */
  readonly inner: Store;
  readonly #memory: MemoryStore;
  readonly #logger: Logger;
  readonly #counters: Counters | undefined;
  readonly #scheduler: SchedulerLike;
  readonly #retryIntervalMs: number;
  /** Scheduler time from which the real store may be tried again; undefined = healthy. */
  #degradedUntil: number | undefined;
  /** Whether the per-instance set-if-absent fallback was warned about during this outage. */
  #warnedPerInstance = false;

  constructor(inner: Store, options: ResilientStoreOptions = {}) {
    this.inner = inner;
    this.#logger = options.logger ?? silentLogger;
    this.#counters = options.counters;
    this.#scheduler = options.scheduler ?? asyncScheduler;
    this.#retryIntervalMs = options.retryIntervalMs ?? 1000;
    this.#memory = new MemoryStore(() => this.#scheduler.now());
  }

  /** Whether the last call to the real store failed (serving from memory). */
  get degraded(): boolean {
    return this.#degradedUntil !== undefined;
  }

  async get(key: string): Promise<string | undefined> {
    if (!this.#shouldTry()) return this.#memory.get(key);
    try {
      const value = await this.inner.get(key);
      this.#recovered();
      if (value === undefined) await this.#memory.delete(key);
      else await this.#memory.set(key, value);
      return value;
    } catch (err) {
      this.#failed(err, "get");
      return this.#memory.get(key);
    }
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    void this.#memory.set(key, value, ttlMs);
    if (!this.#shouldTry()) return;
    try {
      await this.inner.set(key, value, ttlMs);
      this.#recovered();
    } catch (err) {
      this.#failed(err, "set");
    }
  }

  /**
   * The real store's atomic set-if-absent (emulated with its lock when it has none). During an
   * outage it falls back to this instance's memory, which makes the claim per-instance only:
   * another process may win the same key. That is logged (warn) once per outage.
   */
  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    if (this.#shouldTry()) {
      try {
        const stored = await setIfAbsent(this.inner, key, value, ttlMs);
        this.#recovered();
        if (stored) void this.#memory.set(key, value, ttlMs);
        return stored;
      } catch (err) {
        this.#failed(err, "setIfAbsent");
      }
    }
    if (!this.#warnedPerInstance) {
      this.#warnedPerInstance = true;
      this.#logger.warn({ op: "setIfAbsent" }, "store unavailable: set-if-absent is per-instance until it answers (duplicates across instances possible)");
    }
    return this.#memory.setIfAbsent(key, value, ttlMs);
  }

  async delete(key: string): Promise<void> {
    void this.#memory.delete(key);
    if (!this.#shouldTry()) return;
    try {
      await this.inner.delete(key);
      this.#recovered();
    } catch (err) {
      this.#failed(err, "delete");
    }
  }

  async withLock<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
    if (!this.#shouldTry()) return this.#memory.withLock(name, ttlMs, fn);
    let outcome: Outcome<T> | undefined;
    const tracked = async (): Promise<T> => {
      try {
        const value = await fn();
        outcome = { ok: true, value };
        return value;
      } catch (error) {
        outcome = { ok: false, error };
        throw error;
      }
    };
    try {
      const value = await this.inner.withLock(name, ttlMs, tracked);
      this.#recovered();
      return value;
    } catch (err) {
      if (outcome && !outcome.ok) throw outcome.error;
      if (err instanceof StoreLockTimeoutError) throw err;
      this.#failed(err, "withLock");
      if (outcome?.ok) return outcome.value; // fn ran; only the release failed
      return this.#memory.withLock(name, ttlMs, fn);
    }
  }

  #shouldTry(): boolean {
    return this.#degradedUntil === undefined || this.#scheduler.now() >= this.#degradedUntil;
  }

  #failed(err: unknown, op: string): void {
    this.#counters?.increment("storeErrors");
    const first = this.#degradedUntil === undefined;
    this.#degradedUntil = this.#scheduler.now() + this.#retryIntervalMs;
    if (!first) return;
    const fields = { op, err: safeMessage(err) };
    if (err instanceof QQBotConfigError) this.#logger.error(fields, "store is misconfigured: using memory only");
    else this.#logger.warn(fields, "store failed: using memory until it answers again");
  }

  #recovered(): void {
    if (this.#degradedUntil === undefined) return;
    this.#degradedUntil = undefined;
    this.#warnedPerInstance = false;
    this.#logger.info({}, "store answers again: using it");
  }
}
