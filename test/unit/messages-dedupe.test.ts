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

  it("an id is remembered at least ttlMs, and forgotten once two generations have closed after it", () => {
    let now = 0;
    const window = createIdWindow({ max: 1000, ttlMs: 500, now: () => now });
    const fill = (tag: string) => Array.from({ length: 64 }, (_, i) => window.seen(`${tag}-${i}`)); // the clock is read every 64th id
    expect(window.seen("a")).toBe(false); // generation 1 opens at 0
    now = 499;
    expect(window.seen("a")).toBe(true);
    now = 600;
    expect(fill("b")).toEqual(Array(64).fill(false)); // generation 1 is ttlMs old: generation 2 opens
    now = 700;
    expect(window.seen("a")).toBe(true); // still remembered (generation 1 is the previous one)
    now = 1200;
    expect(fill("c")).toEqual(Array(64).fill(false)); // generation 3 opens: generation 1 is forgotten
    expect(window.seen("a")).toBe(false);
    expect(window.seen("b-63")).toBe(true);
  });

  it("tells apart ids that differ in one character, at any position", () => {
    const window = createIdWindow({ max: 10_000, ttlMs: 60_000, now: () => 0 });
    const base = "ROBOT1.0_.b6nx.CVryAO0nR58RXuU6SC.m92gc19j02qKqdm8ek!";
    expect(window.seen(base)).toBe(false);
    for (let i = 0; i < base.length; i++) {
      const other = `${base.slice(0, i)}${base[i] === "x" ? "y" : "x"}${base.slice(i + 1)}`;
      expect(window.seen(other)).toBe(false);
    }
    expect(window.seen(base)).toBe(true);
  });

  it("no false duplicate among 200 000 distinct platform-like ids", () => {
    const window = createIdWindow({ max: 1_000_000, ttlMs: 60_000, now: () => 0 });
    let duplicates = 0;
    for (let i = 0; i < 200_000; i++) if (window.seen(`ROBOT1.0_${i.toString(36)}.CVryAO0nR58RXuU6SC.m92gc19j02qKqdm8ek!`)) duplicates++;
    expect(duplicates).toBe(0);
  });

  it("is empty until the first id", () => {
    const window = createIdWindow({ max: 10_000, ttlMs: 1000, now: () => 0 });
    expect(window.size).toBe(0);
    window.seen("x");
    expect(window.size).toBe(1);
  });
});
