/**
 * Shard planning (`GET /gateway/bot` at startup) fails the way the reconnect loop does: a
 * failure that may pass (5xx past the quick retries) is retried with backoff and the bot
 * starts once it answers; refused credentials are fatal (`AUTH_FAILED`), reported per shard
 * on `state$`.
 */
import { afterEach, describe, expect, it } from "vitest";
import { LocalIdentifyThrottler } from "../../src/index.js";
import { closeHarnesses, fatalError, startHarness } from "../helpers/bot-harness.js";

const platform = { shards: 2, identifyWindowMs: 0, heartbeatIntervalMs: 500 };
const identifyThrottler = (): LocalIdentifyThrottler => new LocalIdentifyThrottler({ windowMs: 50 });

afterEach(closeHarnesses);

describe("planning the shards", () => {
  it("keeps trying through 5xx answers past the quick retries, then starts every shard", async () => {
    const h = await startHarness({
      platform,
      bot: { shards: 2, identifyThrottler: identifyThrottler() },
      beforeConnect: (p) => p.faults.gatewayResponse("500", 6),
    });
    await Promise.all([0, 1].map((shard) => h.waitForState("ready", 0, (s) => s.shard === shard)));

    // 1 + 3 quick retries fail, backoff, then 2 more fail and the 7th answers.
    expect(h.platform.stats().gatewayBotCalls).toBe(7);
    expect(h.states.map((s) => s.state)).not.toContain("fatal");
    expect(h.logger.entries.some((e) => e.level === "warn" && /could not plan the shards/.test(e.msg ?? ""))).toBe(true);
    // The backoff showed on state$ for both shards, with the HTTP failure as the reason.
    const waits = h.states.filter((s) => s.state === "reconnecting");
    expect(waits.map((s) => s.shard).sort()).toEqual([0, 1]);
    expect(waits[0]?.reason).toMatch(/GET \/gateway\/bot failed: .*500/);
    await expect(Promise.race([h.ended, Promise.resolve("still open")])).resolves.toBe("still open");
  });

  it("refused credentials → GatewayFatalError AUTH_FAILED, every shard fatal", async () => {
    const h = await startHarness({ platform, bot: { shards: 2, clientSecret: "not-the-secret", identifyThrottler: identifyThrottler() } });
    const err = await fatalError(h);

    expect(err.code).toBe("AUTH_FAILED");
    expect(err.message).not.toContain("not-the-secret");
    const fatal = h.states.filter((s) => s.state === "fatal").map((s) => s.shard).sort();
    expect(fatal).toEqual([0, 1]);
    expect(h.platform.stats().identifies).toBe(0);
  });
});
