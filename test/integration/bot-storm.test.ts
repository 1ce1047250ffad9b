/**
 * The death-loop storm (DESIGN §1): the platform drops the socket with 4009 twenty times in a
 * row while `/gateway` allows two calls per window. The bot must ride it out on its cached URL
 * with one `/gateway` call, RESUME every time, and lose or repeat no message.
 */
import { afterEach, describe, expect, it } from "vitest";
import { closeHarnesses, startHarness, within } from "../helpers/bot-harness.js";

afterEach(closeHarnesses);

const STORM = 20;
const LIFETIME_MS = 300;

describe("a 4009 storm under a /gateway rate limit", () => {
  it("costs one /gateway call, resumes 20 times and delivers every message once, in order", async () => {
    const h = await startHarness({
      platform: { gatewayRateLimit: { calls: 2, windowMs: 60_000 } },
      // Connections live ~300 ms, longer than quickDisconnectMs: a storm, but not a fatal one.
      bot: { reconnect: { quickDisconnectMs: 150 } },
      // The first 20 connections (the IDENTIFY one included) are closed 300 ms after opening.
      beforeConnect: (platform) => platform.faults.closeAfterOpen(4009, LIFETIME_MS, STORM),
    });

    // Messages pushed before the first READY have no session to go to (as on the platform).
    await h.waitForState("ready");
    // Push messages throughout: some land on a live socket, some while the bot is away
    // (kept by the session and replayed on RESUME).
    const pushedIds: string[] = [];
    const stormOver = h.platform.waitFor("resumed", STORM);
    let over = false;
    void stormOver.then(() => (over = true), () => undefined);
    while (!over) {
      pushedIds.push(h.platform.pushMessage("c2c", { content: `storm ${pushedIds.length}` }).d.id as string);
      await new Promise((resolve) => setTimeout(resolve, 25)); // pacing only, not for correctness
    }
    await within(stormOver, "the 20th RESUMED");
    pushedIds.push(h.platform.pushMessage("c2c", { content: "after the storm" }).d.id as string);

    const got = await h.waitForMessages(pushedIds.length);
    expect(got.map((m) => m.id)).toEqual(pushedIds);
    expect(pushedIds.length).toBeGreaterThan(STORM);

    const sim = h.platform.stats();
    expect(sim.gatewayCalls).toBe(1);
    expect(sim.gatewayRateLimited).toBe(0);
    expect(sim.identifies).toBe(1);
    expect(sim.resumes).toBe(STORM);
    expect(sim.resumesRejected).toBe(0);
    expect(sim.connections).toBe(STORM + 1);
    expect(sim.closesByCode["4009"]).toBe(STORM);

    const stats = h.bot.stats();
    expect(stats.gatewayFetches).toBe(1);
    expect(stats.gatewayCacheHits).toBe(STORM);
    expect(stats.resumes).toBe(STORM);
    expect(stats.reconnects).toBe(STORM);
    expect(stats.identifies).toBe(1);
    expect(stats.quickDisconnects).toBe(0);
    // Replays after RESUME may repeat a message the bot already had: dropped, never delivered twice.
    expect(stats.messagesIn).toBe(pushedIds.length);

    expect(h.states.at(-1)?.state).toBe("ready");
    await expect(Promise.race([h.ended, Promise.resolve("still running")])).resolves.toBe("still running");
  });
});
