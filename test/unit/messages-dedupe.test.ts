import { marbles } from "rxjs-marbles";
import { from, lastValueFrom, tap, toArray } from "rxjs";
import { describe, expect, it } from "vitest";
import { createDedupeCache, dedupeBy } from "../../src/messages/dedupe.js";

describe("dedupeBy", () => {
  it("drops values whose key was seen", marbles((m) => {
    const source = m.cold("a-b-a-c-b-|");
    const dropped: string[] = [];
    const result = source.pipe(dedupeBy((v: string) => v, { max: 10, ttlMs: 1000, onDuplicate: (v) => dropped.push(v) }));
    m.expect(result).toBeObservable("a-b---c---|");
    m.expect(source).toHaveSubscriptions("^---------!");
    m.flush();
    expect(dropped).toEqual(["a", "b"]);
  }));

  it("values without a key always pass", marbles((m) => {
    const source = m.cold("a-x-x-a|");
    const result = source.pipe(dedupeBy((v: string) => (v === "x" ? undefined : v), { max: 10, ttlMs: 1000 }));
    m.expect(result).toBeObservable("a-x-x--|");
    m.expect(source).toHaveSubscriptions("^------!");
  }));

  it("a RESUME replay of the same message ids is delivered once", async () => {
    const live = [{ id: "m1" }, { id: "m2" }, { id: "m3" }];
    const replay = [{ id: "m2" }, { id: "m3" }, { id: "m4" }];
    let duplicates = 0;
    const out = await lastValueFrom(
      from([...live, ...replay]).pipe(dedupeBy((m) => m.id, { max: 100, ttlMs: 60_000, onDuplicate: () => duplicates++ }), toArray()),
    );
    expect(out.map((m) => m.id)).toEqual(["m1", "m2", "m3", "m4"]);
    expect(duplicates).toBe(2);
  });

  it("memory stays bounded: more than max distinct ids never grow the cache past max", async () => {
    const cache = createDedupeCache({ max: 50, ttlMs: 60_000 });
    let maxSize = 0;
    const ids = Array.from({ length: 500 }, (_, i) => `id-${i}`);
    const out = await lastValueFrom(
      from([...ids, ...ids.slice(-10)]).pipe(
        dedupeBy((v) => v, { max: 50, ttlMs: 60_000, cache }),
        tap(() => (maxSize = Math.max(maxSize, cache.size))),
        toArray(),
      ),
    );
    // 500 distinct ids pass; the 10 newest, replayed, are still remembered and dropped.
    expect(out).toHaveLength(500);
    expect(cache.size).toBe(50);
    expect(maxSize).toBeLessThanOrEqual(50);
    // The oldest ids were forgotten, the newest are remembered.
    expect(cache.has("id-0")).toBe(false);
    expect(cache.has("id-499")).toBe(true);
  });

  it("a key is forgotten after ttlMs on the injected clock", async () => {
    let now = 1_000;
    const cache = createDedupeCache({ max: 10, ttlMs: 500, now: () => now });
    const seen: string[] = [];
    const op = dedupeBy((v: string) => v, { max: 10, ttlMs: 500, cache });
    const feed = async (v: string): Promise<void> => {
      seen.push(...(await lastValueFrom(from([v]).pipe(op, toArray()))));
    };
    await feed("a");
    now += 499;
    await feed("a");
    now += 2;
    await feed("a");
    expect(seen).toEqual(["a", "a"]);
  });

  it("each subscription gets its own cache unless one is given", async () => {
    const source = from(["a", "a", "b"]).pipe(dedupeBy((v) => v, { max: 10, ttlMs: 1000 }));
    expect(await lastValueFrom(source.pipe(toArray()))).toEqual(["a", "b"]);
    expect(await lastValueFrom(source.pipe(toArray()))).toEqual(["a", "b"]);
  });
});
