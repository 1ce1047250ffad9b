/**
 * A {@link Store} over a {@link MemoryStore} that a test can switch off: while `down`, every
 * call throws (as a store whose backend is unreachable). It has no `setIfAbsent` of its own.
 *
 * @example
 * ```ts
 * const inner = new FlakyStore();
 * inner.down = true;
 * await expect(inner.get("k")).rejects.toThrow(/connection refused/);
 * ```
 */
import { MemoryStore } from "../../src/store/memory-store.js";
import type { Store } from "../../src/store/store.js";

/** A switchable in-memory store; `failRelease` makes `withLock` fail after `fn` ran. */
export class FlakyStore implements Store {
  /** What is stored, reachable whether or not the store is `down`. */
  readonly data = new MemoryStore();
  /** Every call throws while true. */
  down = false;
  /** `withLock` runs `fn`, then throws (a lock release that failed). */
  failRelease = false;
  /** Calls made, failed ones included. */
  calls = 0;

  #check(): void {
    this.calls++;
    if (this.down) throw new Error("connection refused (simulated)");
  }

  async get(key: string) {
    this.#check();
    return this.data.get(key);
  }

  async set(key: string, value: string, ttlMs?: number) {
    this.#check();
    return this.data.set(key, value, ttlMs);
  }

  async delete(key: string) {
    this.#check();
    return this.data.delete(key);
  }

  async withLock<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
    this.#check();
    const value = await this.data.withLock(name, ttlMs, fn);
    if (this.failRelease) throw new Error("release failed (simulated)");
    return value;
  }
}
