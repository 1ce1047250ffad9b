/**
 * `session_start_limit`: two shards to start with one session start left. By default the bot
 * fails at once with `GatewayFatalError { code: "SESSION_START_LIMIT" }` whose message says
 * when the platform resets the count; with `onSessionStartLimit: "wait"` it waits `reset_after`
 * (the simulator restores `remaining` then) and starts both shards.
 */
import { afterEach, describe, expect, it } from "vitest";
import { LocalIdentifyThrottler } from "../../src/index.js";
import { closeHarnesses, fatalError, startHarness } from "../helpers/bot-harness.js";

/** The simulator's count resets this long after it starts (long enough for the first bot fetch to see it unreset). */
const RESET_AFTER_MS = 800;
const platformWith = (resetAfterMs: number) => ({
  shards: 2, identifyWindowMs: 0, heartbeatIntervalMs: 500, sessionStartLimit: { total: 10, remaining: 1, resetAfterMs },
});
const identifyThrottler = (): LocalIdentifyThrottler => new LocalIdentifyThrottler({ windowMs: 50 });

afterEach(closeHarnesses);

describe("session_start_limit with shards: 2 and one start left", () => {
  it("fails with SESSION_START_LIMIT naming the reset time, before any IDENTIFY", async () => {
    // The simulator's clock stands still: its reset_after is exactly the configured 60 s.
    const frozen = Date.now();
    const h = await startHarness({ platform: { ...platformWith(60_000), now: () => frozen }, bot: { shards: 2, identifyThrottler: identifyThrottler() } });
    const startedAt = Date.now();
    const fatal = await fatalError(h);
    expect(fatal.code).toBe("SESSION_START_LIMIT");
    expect(fatal.retryAfterMs).toBe(60_000);
    expect(fatal.message).toMatch(/only 1 session starts are left/);
    expect(fatal.message).toMatch(/2 shard\(s\) need to IDENTIFY/);
    expect(fatal.message).toContain(`(in ${fatal.retryAfterMs} ms)`);
    // The reset time as a date: now + retryAfterMs (give or take the test's own latency).
    const when = Date.parse(/resets the count at (\S+) /.exec(fatal.message)?.[1] ?? "");
    expect(Math.abs(when - (startedAt + (fatal.retryAfterMs ?? 0)))).toBeLessThan(5_000);
    expect(fatal.message).toContain('onSessionStartLimit: "wait"');

    expect(h.platform.stats().identifies).toBe(0);
    expect(h.platform.stats().gatewayBotCalls).toBe(1);
    expect(h.states.filter((s) => s.state === "fatal").map((s) => s.shard)).toEqual([0, 1]); // both planned shards
  });

  it('onSessionStartLimit: "wait" → waits reset_after, then both shards start', async () => {
    const h = await startHarness({ platform: platformWith(RESET_AFTER_MS), bot: { shards: 2, onSessionStartLimit: "wait", identifyThrottler: identifyThrottler() } });
    const startedAt = Date.now();
    await Promise.all([0, 1].map((shard) => h.waitForState("ready", 0, (s) => s.shard === shard)));

    const stats = h.platform.stats();
    expect(stats.identifies).toBe(2);
    // Asked again once the wait was over (the first answer is not reused after a wait; a timer that
    // fires a millisecond before the platform's reset costs one more short wait).
    expect(stats.gatewayBotCalls).toBeGreaterThanOrEqual(2);
    expect(stats.gatewayBotCalls).toBeLessThanOrEqual(3);
    // Nothing was started before the reset.
    expect(Math.min(...stats.identifyTimes) - startedAt).toBeGreaterThanOrEqual(RESET_AFTER_MS - 200);
    expect(h.logger.entries.some((e) => e.level === "warn" && /session starts left, 2 needed: waiting until/.test(e.msg ?? ""))).toBe(true);
    // state$ showed the wait on both shards, with the time left.
    const waits = h.states.filter((s) => s.state === "cooling-down");
    expect(waits.map((s) => s.shard).sort()).toEqual([0, 1]);
    for (const w of waits) {
      expect(w.retryInMs).toBeGreaterThan(0);
      expect(w.retryInMs).toBeLessThanOrEqual(RESET_AFTER_MS); // what the simulator had left of its window
      expect(w.reason).toMatch(/session starts left/);
    }
    await expect(Promise.race([h.ended, Promise.resolve("still open")])).resolves.toBe("still open");
  });
});
