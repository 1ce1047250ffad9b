/**
 * `dedupe: { shared: true }` pieces: claims in a shared store let only the first of several
 * bots deliver an id; claims run concurrently but values come out in arrival order; a store
 * that fails delivers (at-least-once) and counts `storeErrors`.
 */
import { firstValueFrom, from, Subject, toArray } from "rxjs";
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
});
