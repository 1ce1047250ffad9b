/**
 * The behaviour every Store must have, as a `describe` factory run against each implementation.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../src/store/store.js";

/** One store under test. */
export interface ContractSubject {
  store: Store;
  /** A second handle on the same data (another instance/connection), for cross-instance locking. */
  peer?: Store;
  /** Let `ms` pass as far as TTLs are concerned (advance a fake clock, or wait for real). */
  advance(ms: number): Promise<void>;
  cleanup(): Promise<void>;
}

/** Resolve after `n` turns of the event loop (gives concurrent callers a chance to interleave). */
export async function yieldTurns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Run `sections` critical sections concurrently and report the highest number running at once. */
export async function maxOverlap(stores: readonly Store[], sections: number, lockName: string): Promise<{ max: number; ran: number }> {
  let active = 0;
  let max = 0;
  let ran = 0;
  await Promise.all(
    Array.from({ length: sections }, (_, i) =>
      stores[i % stores.length]!.withLock(lockName, 5_000, async () => {
        active++;
        max = Math.max(max, active);
        await yieldTurns(3);
        ran++;
        active--;
      }),
    ),
  );
  return { max, ran };
}

/** The shared contract; `ttlMs` is the TTL used in expiry tests. */
export function describeStoreContract(name: string, make: () => Promise<ContractSubject>, ttlMs = 1_000): void {
  describe(`${name}: Store contract`, () => {
    let subject: ContractSubject;
    beforeEach(async () => {
      subject = await make();
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it("gets what was set, overwrites, deletes", async () => {
      const { store } = subject;
      expect(await store.get("missing")).toBeUndefined();
      await store.set("k", "v1");
      expect(await store.get("k")).toBe("v1");
      await store.set("k", "v2 \u00e9\u6f22");
      expect(await store.get("k")).toBe("v2 \u00e9\u6f22");
      await store.delete("k");
      expect(await store.get("k")).toBeUndefined();
      await expect(store.delete("never-set")).resolves.toBeUndefined();
    });

    it("expires values after their TTL and keeps values without one", async () => {
      const { store } = subject;
      await store.set("short", "gone soon", ttlMs);
      await store.set("forever", "stays");
      await store.set("renewed", "first", ttlMs);
      await store.set("renewed", "second"); // a set without TTL removes the TTL
      expect(await store.get("short")).toBe("gone soon");
      await subject.advance(ttlMs + 20);
      expect(await store.get("short")).toBeUndefined();
      expect(await store.get("forever")).toBe("stays");
      expect(await store.get("renewed")).toBe("second");
    });

    it("withLock returns fn's result, passes fn's error through and releases the lock either way", async () => {
      const { store } = subject;
      await expect(store.withLock("l", 5_000, async () => 42)).resolves.toBe(42);
      const boom = new Error("boom inside the critical section");
      await expect(store.withLock("l", 5_000, async () => Promise.reject(boom))).rejects.toBe(boom);
      await expect(store.withLock("l", 5_000, async () => "again")).resolves.toBe("again");
    });

    it("withLock: concurrent critical sections never overlap", async () => {
      const { max, ran } = await maxOverlap([subject.store], 8, "mutex");
      expect(ran).toBe(8);
      expect(max).toBe(1);
    });

    it("withLock: sections on two instances of the same store never overlap", async () => {
      const stores = subject.peer ? [subject.store, subject.peer] : [subject.store];
      const { max, ran } = await maxOverlap(stores, 10, "shared-mutex");
      expect(ran).toBe(10);
      expect(max).toBe(1);
    });

    it("withLock: different names do not block each other, and fn may use the store", async () => {
      const { store } = subject;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const outer = store.withLock("a", 5_000, async () => {
        await held;
        return "a done";
      });
      const inner = await store.withLock("b", 5_000, async () => {
        await store.set("inside", "written under lock b");
        return store.get("inside");
      });
      expect(inner).toBe("written under lock b");
      release();
      await expect(outer).resolves.toBe("a done");
    });
  });
}
