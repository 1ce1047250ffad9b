import { describe, expect, it } from "vitest";
import { createCounters } from "../../src/stats.js";

describe("counters", () => {
  it("stats$ gives each subscriber the counters as they are, then every change", () => {
    const counters = createCounters();
    counters.increment("resumes");
    const early: number[] = [];
    const a = counters.changes$.subscribe((s) => early.push(s.resumes));
    counters.increment("resumes", 2);
    const late: number[] = [];
    const b = counters.changes$.subscribe((s) => late.push(s.resumes));
    counters.increment("resumes");
    expect(early).toEqual([1, 3, 4]);
    expect(late).toEqual([3, 4]);
    a.unsubscribe();
    b.unsubscribe();
    counters.increment("resumes");
    expect(counters.snapshot().resumes).toBe(5);
    expect(early).toEqual([1, 3, 4]);
  });

  it("snapshots are copies: changing one does not change the counters", () => {
    const counters = createCounters();
    const snap = counters.snapshot();
    snap.reconnects = 99;
    expect(counters.snapshot().reconnects).toBe(0);
  });
});
