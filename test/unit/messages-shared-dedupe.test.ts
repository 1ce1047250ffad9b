/**
 * `dedupe: { shared: true }` pieces: claims in a shared store let only the first of several
 * bots deliver an id; claims run concurrently but values come out in arrival order; a store
 * that fails delivers (at-least-once) and counts `storeErrors`; one that hangs holds the stream
 * up for at most `timeoutMs`.
 */
import { firstValueFrom, from, Subject, toArray, VirtualTimeScheduler } from "rxjs";
import { describe, expect, it } from "vitest";
import { claimOnce, createDeliveryClaims, deliveryClaimKey } from "../../src/messages/shared-dedupe.js";
import { createCounters } from "../../src/stats.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import type { Store } from "../../src/store/store.js";

describe("shared delivery claims", () => {
  it("two processes on one store: each id is delivered by the first to claim it", async () => {
    const store = new MemoryStore();
    const a = createDeliveryClaims({ store, appId: "app", ttlMs: 60_000 });
    const b = createDeliveryClaims({ store, appId: "app", ttlMs: 60_000 });
    const dropped: string[] = [];
    const viaA = await firstValueFrom(from(["m1", "m2", "m3"]).pipe(claimOnce((id) => `message:${id}`, a.claim), toArray()));
    const viaB = await firstValueFrom(from(["m2", "m3", "m4", "x"]).pipe(
      claimOnce((id) => (id === "x" ? undefined : `message:${id}`), b.claim, (id) => dropped.push(id)), toArray(),
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
    source.pipe(claimOnce((v) => v, claim)).subscribe((v) => out.push(v));
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
    expect(await firstValueFrom(from(["m"]).pipe(claimOnce((v) => v, rejecting), toArray()))).toEqual(["m"]);
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
    source.pipe(claimOnce((id) => `message:${id}`, claims.claim)).subscribe((id) => out.push(id));
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
});
