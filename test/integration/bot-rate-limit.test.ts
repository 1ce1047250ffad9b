/**
 * A rate-limited `GET /gateway` on the very first connect (no cached URL): the bot must say
 * `cooling-down` with the time left, wait the cooldown instead of retrying at once, then connect.
 */
import { afterEach, describe, expect, it } from "vitest";
import { closeHarnesses, startHarness } from "../helpers/bot-harness.js";

afterEach(closeHarnesses);

const COOLDOWN_MS = 400;

describe("a rate-limited /gateway without a cached URL", () => {
  it("cools down for rateLimitCooldownMs, then connects, with two /gateway calls in all", async () => {
    const h = await startHarness({
      bot: { reconnect: { rateLimitCooldownMs: COOLDOWN_MS } },
      beforeConnect: (platform) => platform.faults.rateLimitGateway(1),
    });
    const cooling = await h.waitForState("cooling-down");
    expect(cooling.retryInMs).toBe(COOLDOWN_MS);
    expect(cooling.reason).toMatch(/rate limit/i);
    await h.waitForState("ready");

    const sim = h.platform.stats();
    expect(sim.gatewayCalls).toBe(2);
    expect(sim.gatewayRateLimited).toBe(1);
    const calls = h.platform.requests.filter((r) => r.path === "/gateway");
    expect(calls.map((r) => r.status)).toEqual([400, 200]);
    // No burst: the second call waited the cooldown (simulator clock = wall clock).
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(COOLDOWN_MS - 20);

    expect(h.states.map((s) => s.state)).toEqual([
      "idle", "fetching-url", "cooling-down", "fetching-url", "connecting", "identifying", "ready",
    ]);
    expect(h.bot.stats()).toMatchObject({ rateLimited: 1, gatewayFetches: 2, identifies: 1 });

    h.platform.pushMessage("c2c", { content: "made it" });
    const [msg] = await h.waitForMessages(1);
    expect(msg!.text).toBe("made it");
    // The rate limit is a wait, never an error on messages$.
    await expect(Promise.race([h.ended, Promise.resolve("running")])).resolves.toBe("running");
  });

  it("with a last good URL, a rate-limited /gateway falls back to it at once (no cooling-down)", async () => {
    const h = await startHarness({ bot: { reconnect: { rateLimitCooldownMs: 60_000 } } });
    await h.waitForState("ready");
    // The cached URL fails once (dropped from the cache); the fetch that follows is rate limited.
    h.platform.faults.failUpgrade("refuse", 1);
    h.platform.faults.rateLimitGateway(1);
    const from = h.states.length;
    h.platform.faults.closeAll(4009);
    await h.waitForState("ready", from);
    expect(h.states.slice(from).some((s) => s.state === "cooling-down")).toBe(false);
    expect(h.platform.requests.filter((r) => r.path === "/gateway").map((r) => r.status)).toEqual([200, 400]);
    expect(h.bot.stats()).toMatchObject({ rateLimited: 1, gatewayFetches: 2 });
    expect(h.platform.stats().resumes).toBe(1);
  });

  it("keeps cooling down while the limit lasts, one /gateway call per cooldown", async () => {
    const h = await startHarness({
      bot: { reconnect: { rateLimitCooldownMs: COOLDOWN_MS } },
      beforeConnect: (platform) => platform.faults.rateLimitGateway(3),
    });
    await h.waitForState("ready");
    const calls = h.platform.requests.filter((r) => r.path === "/gateway");
    expect(calls.map((r) => r.status)).toEqual([400, 400, 400, 200]);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(COOLDOWN_MS - 20);
    expect(h.states.filter((s) => s.state === "cooling-down")).toHaveLength(3);
    expect(h.bot.stats().rateLimited).toBe(3);
  });
});
