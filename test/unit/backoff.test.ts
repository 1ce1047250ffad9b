import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { backoffDelay } from "../../src/transport/backoff.js";
import { DEFAULT_RECONNECT_POLICY } from "../../src/gateway/options.js";

const noJitter = () => 0.5;

describe("backoffDelay", () => {
  it("walks reconnectBackoffMs and repeats the last value", () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffDelay(n, DEFAULT_RECONNECT_POLICY, noJitter));
    expect(waits).toEqual([1000, 2000, 5000, 10_000, 30_000, 60_000, 60_000, 60_000]);
  });

  it("waits nothing after zero failures (and for nonsense counts)", () => {
    expect(backoffDelay(0, DEFAULT_RECONNECT_POLICY, noJitter)).toBe(0);
    expect(backoffDelay(-3, DEFAULT_RECONNECT_POLICY, noJitter)).toBe(0);
    expect(backoffDelay(Number.NaN, DEFAULT_RECONNECT_POLICY, noJitter)).toBe(0);
  });

  it("applies ±backoffJitter from the injected random source", () => {
    expect(backoffDelay(1, DEFAULT_RECONNECT_POLICY, () => 0)).toBe(800);
    expect(backoffDelay(3, DEFAULT_RECONNECT_POLICY, () => 0.75)).toBe(5500);
    expect(backoffDelay(2, { reconnectBackoffMs: [2000], backoffJitter: 0 }, () => 0)).toBe(2000);
  });

  it("always stays within [base·(1−j), base·(1+j)]", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r, j) => {
        const policy = { reconnectBackoffMs: [1000, 2000, 5000], backoffJitter: j };
        const base = policy.reconnectBackoffMs[Math.min(n - 1, 2)]!;
        const wait = backoffDelay(n, policy, () => r);
        return wait >= Math.floor(base * (1 - j)) && wait <= Math.ceil(base * (1 + j));
      }),
    );
  });
});
