import { describe, expect, it } from "vitest";
import { createIdWindow } from "../../src/messages/dedupe.js";

const seenAll = (ids: string[], window = createIdWindow({ max: 10, ttlMs: 1000, now: () => 0 })) => ids.map((id) => window.seen(id));

describe("createIdWindow", () => {
  it("an id seen before is a duplicate", () => {
    expect(seenAll(["a", "b", "a", "c", "b"])).toEqual([false, false, true, false, true]);
  });

  it("a RESUME replay of the same message ids is caught once each", () => {
    const live = ["m1", "m2", "m3"];
    const replay = ["m2", "m3", "m4"];
    expect(seenAll([...live, ...replay])).toEqual([false, false, false, true, true, false]);
  });

  it("memory stays bounded: more than max distinct ids never grow it past max; the newest max/2 are remembered", () => {
    const window = createIdWindow({ max: 50, ttlMs: 60_000, now: () => 0 });
    const ids = Array.from({ length: 500 }, (_, i) => `id-${i}`);
    let maxSize = 0;
    for (const id of ids) {
      expect(window.seen(id)).toBe(false);
      maxSize = Math.max(maxSize, window.size);
    }
    expect(maxSize).toBe(50);
    expect(ids.slice(-25).map((id) => window.seen(id))).toEqual(Array(25).fill(true));
    expect(window.seen("id-0")).toBe(false); // the oldest was forgotten
  });

  it("an id seen longer than ttlMs ago is new again", () => {
    let now = 0;
    const window = createIdWindow({ max: 10, ttlMs: 500, now: () => now });
    expect(window.seen("a")).toBe(false);
    now = 499;
    expect(window.seen("a")).toBe(true);
    now = 1000;
    expect(window.seen("a")).toBe(false);
    now = 1499;
    expect(window.seen("a")).toBe(true);
  });

  it("is empty until the first id", () => {
    const window = createIdWindow({ max: 10_000, ttlMs: 1000, now: () => 0 });
    expect(window.size).toBe(0);
    window.seen("x");
    expect(window.size).toBe(1);
  });
});
