import { describe, expect, it } from "vitest";
import { marbles } from "rxjs-marbles";
import { countQuickDisconnects, nextQuickCount } from "../../src/gateway/quick-disconnects.js";
import { GatewayFatalError } from "../../src/errors.js";
import { createCounters } from "../../src/stats.js";
import { disconnect } from "./reconnect-fakes.js";

const policy = { quickDisconnectMs: 5000, maxQuickDisconnects: 6 };
const values = {
  q: disconnect({ connectedFor: 4999, closeCode: 4006, reason: "bad session" }),
  L: disconnect({ connectedFor: 5000 }),
  n: disconnect({ cause: "connect-failed", connectedFor: 0, sawHello: false, ready: false }),
  h: disconnect({ cause: "handshake-timeout", connectedFor: 0, sawHello: false, ready: false }),
};

describe("countQuickDisconnects", () => {
  it("errors on exactly the 6th quick disconnect in a row", marbles((m) => {
    const counters = createCounters();
    const source = m.hot("-q-q-q-q-q-q-q", values);
    let error: unknown;
    const out = source.pipe(countQuickDisconnects(policy, { counters, shard: 3 }));
    m.expect(out).toBeObservable("-q-q-q-q-q-#", values, quickStorm());
    out.subscribe({ error: (e: unknown) => (error = e) });
    // Both subscriptions let go of the disconnects when the storm error goes out.
    m.expect(source).toHaveSubscriptions(["^ 10ms !", "^ 10ms !"]);
    m.flush();
    expect(error).toBeInstanceOf(GatewayFatalError);
    const err = error as GatewayFatalError;
    expect(err.code).toBe("QUICK_DISCONNECT_STORM");
    expect(err.disconnects).toBe(6);
    expect(err.closeCode).toBe(4006);
    expect(err.shard).toBe(3);
    expect(err.message).toMatch(/app id and client secret/);
    expect(err.message).toMatch(/intents/);
    expect(err.message).toMatch(/network or proxy/);
    expect(err.message).toMatch(/platform's status/);
    expect(err.message).toMatch(/close code 4006/);
    expect(counters.snapshot().quickDisconnects).toBe(12); // 6 per subscription, two subscriptions
  }));

  it("a long-lived connection resets the count: 5 quick + 1 long + 5 quick is not fatal", marbles((m) => {
    const source = m.hot("-q-q-q-q-q-L-q-q-q-q-q-|", values);
    m.expect(source.pipe(countQuickDisconnects(policy))).toBeObservable("-q-q-q-q-q-L-q-q-q-q-q-|", values);
    m.expect(source).toHaveSubscriptions("^ 22ms !");
  }));

  it("sockets that never opened neither count nor reset (an outage is retried forever)", marbles((m) => {
    const source = m.hot("-q-q-n-h-q-q-n-q-q-", values);
    m.expect(source.pipe(countQuickDisconnects(policy))).toBeObservable("-q-q-n-h-q-q-n-q-#", values, quickStorm());
    m.expect(source).toHaveSubscriptions("^ 16ms !");
    const many = m.hot("-nnnnnnnnnnnnnnnnnnn|", values);
    m.expect(many.pipe(countQuickDisconnects(policy))).toBeObservable("-nnnnnnnnnnnnnnnnnnn|", values);
    m.expect(many).toHaveSubscriptions("^ 19ms !");
  }));

  it("nextQuickCount is the pure step", () => {
    expect(nextQuickCount(2, values.q, policy)).toBe(3);
    expect(nextQuickCount(2, values.L, policy)).toBe(0);
    expect(nextQuickCount(2, values.n, policy)).toBe(2);
  });
});

/** What the marble matcher compares for an error: name and message. */
function quickStorm(): GatewayFatalError {
  return new GatewayFatalError(
    "6 gateway connections in a row ended less than 5000 ms after opening (last: close code 4006 \"bad session\"). " +
      "Reconnecting will not fix this; check the app id and client secret, the intents and whether the bot is permitted " +
      "each of them, the network or proxy path to the gateway, and the platform's status.",
    "QUICK_DISCONNECT_STORM",
  );
}
