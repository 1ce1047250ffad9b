/**
 * `dedupe: { shared: true }` pieces: claims in a shared store let only the first of several
 * bots deliver an id; claims run concurrently but values come out in arrival order; a store
 * that fails delivers (at-least-once) and counts `storeErrors`; one that hangs holds the stream
 * up for at most `timeoutMs`. Claims are leases until settled: a process killed between its
 * claim and the delivery loses nothing (the next process waits for the lease to run out and
 * delivers), a settled claim is a duplicate for everyone else.
 */
import { firstValueFrom, from, Subject, toArray, VirtualTimeScheduler } from "rxjs";
import { describe, expect, it } from "vitest";
import { claimOnce, createDeliveryClaims, DELIVERY_LEASE_MS, deliveryClaimKey } from "../../src/messages/shared-dedupe.js";
import type { Logger } from "../../src/logger.js";
import { createCounters } from "../../src/stats.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import type { Store } from "../../src/store/store.js";

describe("shared delivery claims", () => {
  it("two processes on one store: each id is delivered by the first to claim it", async () => {
    const store = new MemoryStore();
    const a = createDeliveryClaims({ store, appId: "app", ttlMs: 60_000 });
    const b = createDeliveryClaims({ store, appId: "app", ttlMs: 60_000 });
    const dropped: string[] = [];
    const viaA = await firstValueFrom(from(["m1", "m2", "m3"]).pipe(claimOnce((id) => `message:${id}`, a), toArray()));
    const viaB = await firstValueFrom(from(["m2", "m3", "m4", "x"]).pipe(
      claimOnce((id) => (id === "x" ? undefined : `message:${id}`), b, (id) => dropped.push(id)), toArray(),
    ));
    expect(viaA).toEqual(["m1", "m2", "m3"]);
    expect(viaB).toEqual(["m4", "x"]);
    expect(dropped).toEqual(["m2", "m3"]);
    expect(await store.get(deliveryClaimKey("app", "message:m4"))).toBeDefined();
  });

  it("keeps arrival order when claims are answered out of order", async () => {
    const answers = new Map<string, (ok: boolean) => void>();
    const claim = (key: string) => new Promise<boolean>((resolve) => answers.set(key, resolve));
    const source = new Subject<string>();
    const out: string[] = [];
    source.pipe(claimOnce((v) => v, { claim })).subscribe((v) => out.push(v));
    for (const v of ["a", "b", "c"]) source.next(v);
    expect([...answers.keys()]).toEqual(["a", "b", "c"]); // all three claims started at once
    answers.get("c")!(true);
    answers.get("b")!(false);
    await Promise.resolve();
    expect(out).toEqual([]);
    answers.get("a")!(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(out).toEqual(["a", "c"]);
  });

  it("a store that fails delivers the message and counts a store error", async () => {
    const broken: Store = {
      get: () => Promise.reject(new Error("ECONNREFUSED")),
      set: () => Promise.reject(new Error("ECONNREFUSED")),
      delete: () => Promise.reject(new Error("ECONNREFUSED")),
      withLock: () => Promise.reject(new Error("ECONNREFUSED")),
      setIfAbsent: () => Promise.reject(new Error("ECONNREFUSED")),
    };
    const counters = createCounters();
    const claims = createDeliveryClaims({ store: broken, appId: "app", ttlMs: 1000, counters });
    expect(await claims.claim("message:m1")).toBe(true);
    expect(counters.snapshot().storeErrors).toBe(1);
    const rejecting = (): Promise<boolean> => Promise.reject(new Error("boom"));
    expect(await firstValueFrom(from(["m"]).pipe(claimOnce((v) => v, { claim: rejecting }), toArray()))).toEqual(["m"]);
  });

  it("a store that never answers holds the stream up for at most timeoutMs, then delivers unclaimed", async () => {
    class HungStore extends MemoryStore {
      override setIfAbsent(): Promise<boolean> {
        return new Promise<boolean>(() => undefined);
      }
    }
    const scheduler = new VirtualTimeScheduler();
    scheduler.maxFrames = Number.POSITIVE_INFINITY;
    const counters = createCounters();
    const claims = createDeliveryClaims({ store: new HungStore(), appId: "app", ttlMs: 60_000, timeoutMs: 250, counters, scheduler });
    const source = new Subject<string>();
    const out: string[] = [];
    source.pipe(claimOnce((id) => `message:${id}`, claims)).subscribe((id) => out.push(id));
    source.next("m1");
    source.next("m2");
    await new Promise((resolve) => setImmediate(resolve));
    scheduler.flush(); // virtual time runs until every pending timer fired
    await new Promise((resolve) => setImmediate(resolve));
    expect(out).toEqual(["m1", "m2"]);
    expect(scheduler.now()).toBe(250);
    expect(counters.snapshot()).toMatchObject({ unclaimedDeliveries: 2, storeErrors: 2 }); // both claims were asked at once
    // During the outage the store is skipped: m3 does not wait at all.
    source.next("m3");
    await new Promise((resolve) => setImmediate(resolve));
    expect(out).toEqual(["m1", "m2", "m3"]);
    expect(counters.snapshot()).toMatchObject({ unclaimedDeliveries: 3, storeErrors: 2 });
  });

  describe("leases: a claim is final only once the value was delivered", () => {
    /** Two processes on one store, on one virtual clock; `run(ms)` lets the clock and the store's promises go on. */
    function cluster(storeOverride?: (s: MemoryStore) => Store) {
      const scheduler = new VirtualTimeScheduler();
      const memory = new MemoryStore(() => scheduler.now());
      const store = storeOverride ? storeOverride(memory) : memory;
      const counters = createCounters();
      const warnings: string[] = [];
      const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (_o, msg) => void warnings.push(msg ?? ""), error: () => undefined };
      const options = { store, appId: "app", ttlMs: 60_000, scheduler, counters, logger };
      const run = async (ms: number): Promise<void> => {
        const until = scheduler.now() + ms;
        while (scheduler.now() < until) {
          await new Promise((resolve) => setImmediate(resolve));
          scheduler.maxFrames = Math.min(until, scheduler.now() + 10);
          scheduler.flush();
          scheduler.frame = scheduler.maxFrames;
        }
        await new Promise((resolve) => setImmediate(resolve));
      };
      /** When `promise` settled (virtual ms), or undefined while it has not. */
      const whenSettled = <T>(promise: Promise<T>) => {
        const seen: { asked: number; at?: number; value?: T } = { asked: scheduler.now() };
        void promise.then((value) => Object.assign(seen, { at: scheduler.now(), value }));
        return seen;
      };
      return { a: createDeliveryClaims(options), b: createDeliveryClaims(options), store: memory, counters, warnings, run, whenSettled };
    }

    it("a process killed between its claim and the delivery loses nothing: the next one waits out the lease and delivers", async () => {
      const { a, b, run, whenSettled } = cluster();
      expect(await a.claim("message:m8")).toBe(true); // A claims m8 … and is SIGKILLed before delivering it (never settles)
      const byB = whenSettled(b.claim("message:m8")); // B's RESUME replays m8
      await run(DELIVERY_LEASE_MS - 100);
      expect(byB.at).toBeUndefined(); // still leased: A might be delivering it right now
      await run(500);
      expect(byB).toMatchObject({ value: true }); // the lease ran out: B delivers m8
      expect(byB.at).toBeGreaterThanOrEqual(DELIVERY_LEASE_MS);
      expect(byB.at).toBeLessThanOrEqual(DELIVERY_LEASE_MS + 100);
    });

    it("a settled claim is a duplicate for every other process, at once", async () => {
      const { a, b, store, run, whenSettled } = cluster();
      expect(await a.claim("message:m7")).toBe(true);
      a.settle("message:m7"); // delivered
      await run(10);
      expect(await store.get(deliveryClaimKey("app", "message:m7"))).toBe(a.instanceId);
      const byB = whenSettled(b.claim("message:m7"));
      await run(10);
      expect(byB).toMatchObject({ value: false, at: byB.asked });
    });

    it("a process waiting on a lease drops the value once its holder settles it", async () => {
      const { a, b, run, whenSettled } = cluster();
      expect(await a.claim("message:m9")).toBe(true);
      const byB = whenSettled(b.claim("message:m9"));
      await run(250);
      expect(byB.at).toBeUndefined();
      a.settle("message:m9");
      await run(150);
      expect(byB).toMatchObject({ value: false });
      expect(byB.at).toBeLessThanOrEqual(400);
    });

    it("a lease that neither settles nor runs out (a store ignoring TTLs) is delivered after twice the lease, warned and counted", async () => {
      class NoTtlStore extends MemoryStore {
        override setIfAbsent(key: string, value: string): Promise<boolean> {
          return super.setIfAbsent(key, value); // drops the TTL
        }
      }
      const { a, b, counters, warnings, run, whenSettled } = cluster(() => new NoTtlStore());
      expect(await a.claim("message:m1")).toBe(true);
      const byB = whenSettled(b.claim("message:m1"));
      await run(2 * DELIVERY_LEASE_MS + 500);
      expect(byB).toMatchObject({ value: true });
      expect(counters.snapshot().unclaimedDeliveries).toBe(1);
      expect(warnings.join("\n")).toMatch(/neither settled nor released.*delivering it unclaimed/);
    });

    it("claimOnce settles each claim right after the subscriber took the value, never before", async () => {
      const calls: string[] = [];
      const claimer = { claim: async (key: string) => key !== "b", settle: (key: string) => void calls.push(`settle ${key}`) };
      const out = await new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        from(["a", "b", "c"]).pipe(claimOnce((v) => v, claimer)).subscribe({
          next: (v) => {
            calls.push(`deliver ${v}`);
            seen.push(v);
          },
          complete: () => resolve(seen),
        });
      });
      expect(out).toEqual(["a", "c"]);
      expect(calls).toEqual(["deliver a", "settle a", "deliver c", "settle c"]); // b: another process's, never settled here
    });
  });
});
