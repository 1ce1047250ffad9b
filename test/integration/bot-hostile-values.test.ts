/**
 * Absurd values from the platform, and the edges of a bot's life, over real sockets:
 *
 * - a token `expires_in` of 30 days must not overflow Node's timers into a refresh storm;
 * - a HELLO `heartbeat_interval` of 1e12 or 0.001 is clamped and warned about, never fatal;
 * - an access token echoed by `/gateway` never reaches a `state$` reason, a log line or an error;
 * - `close()` during a failing token fetch cancels every retry at once.
 */
import { request } from "undici";
import { VirtualTimeScheduler } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_RECONNECT_POLICY, QQBotError } from "../../src/index.js";
import { closeHarnesses, startHarness, within } from "../helpers/bot-harness.js";
import { until } from "../helpers/until.js";

afterEach(closeHarnesses);

describe("token expires_in out of range", () => {
  it("30 days (2592000 s): one token request, no refresh storm, one warning", async () => {
    const overflowWarnings: string[] = [];
    const onWarning = (w: Error) => void (w.name === "TimeoutOverflowWarning" && overflowWarnings.push(w.message));
    process.on("warning", onWarning);
    try {
      const h = await startHarness({ platform: { tokenLifetimeSec: 2_592_000 } });
      await h.waitForState("ready");
      await within(h.platform.waitFor("heartbeat", 2), "two heartbeats"); // a second of running as the barrier
      expect(h.platform.stats().tokenCalls).toBe(1);
      expect(h.bot.stats().tokenFetches).toBe(1);
      expect(h.logger.entries.filter((e) => e.level === "warn" && e.msg?.includes("expires_in 2592000"))).toHaveLength(1);
      expect(overflowWarnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});

describe("HELLO heartbeat_interval out of range", () => {
  for (const [asked, used, platform] of [
    [1e12, 300_000, { heartbeatIntervalMs: 1e12, heartbeatTimeoutMs: 0 }],
    [0.001, 1_000, { heartbeatIntervalMs: 0.001, heartbeatTimeoutMs: 5_000 }],
  ] as const) {
    it(`${asked} ms: beats every ${used} ms, warns, no zombie, not fatal`, async () => {
      const h = await startHarness({
        platform,
        bot: { reconnect: { heartbeatIntervalRangeMs: DEFAULT_RECONNECT_POLICY.heartbeatIntervalRangeMs } },
      });
      await h.waitForState("ready");
      const pushed = h.platform.pushMessage("c2c", { content: "still here" });
      await h.waitForMessages(1);
      // Past the first beat (jittered within the interval) for the fast case; the slow one beats within 300 s.
      if (used === 1_000) await within(h.platform.waitFor("heartbeat", 2), "two heartbeats");
      expect(h.messages[0]?.id).toBe(pushed.d.id);
      expect(h.bot.stats()).toMatchObject({ zombies: 0, reconnects: 0, quickDisconnects: 0 });
      expect(h.states.some((s) => s.state === "fatal" || s.state === "reconnecting")).toBe(false);
      expect(h.logger.entries.filter((e) => e.level === "warn" && e.msg?.includes(`beating every ${used} ms instead`))).toHaveLength(1);
    });
  }
});

describe("the access token never leaks", () => {
  it("a /gateway body echoing the bare token: not in the state$ reason, the logs or the error", async () => {
    const h = await startHarness({ connect: false });
    h.platform.faults.gatewayResponse("echo-token");
    h.connect();
    const retried = await h.waitForState("reconnecting");
    expect(retried.reason).toContain("GET /gateway answered without a ws:// or wss:// url");
    await h.waitForState("ready");
    // The simulator hands out the same token until its last minute: this is the one the bot used.
    const res = await request(h.platform.tokenUrl, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ appId: h.platform.appId, clientSecret: h.platform.clientSecret }),
    });
    const token = ((await res.body.json()) as { access_token: string }).access_token;
    expect(token).toMatch(/^\S{8,}$/);
    const everything = [...h.states.map((s) => s.reason ?? ""), h.logger.text()].join("\n");
    expect(everything).toContain("[redacted]");
    expect(everything).not.toContain(token.slice(0, 12)); // not even a piece cut off by an excerpt
  });
});

describe("close() while a token fetch is failing", () => {
  it("cancels the retry timers and the request: the pending send rejects at once with BOT_CLOSED", async () => {
    // Every timer of the bot on a virtual clock: what is pending is exactly what close() must cancel.
    const scheduler = new VirtualTimeScheduler();
    const pending = () => scheduler.actions.filter((a) => !a.closed).length;
    const h = await startHarness({ connect: false, bot: { scheduler } });
    h.platform.faults.tokenFailure("500", 10);
    const send = h.bot.send({ kind: "group", groupOpenid: "G1" }, "hi", { eventId: "E1" }).catch((err: unknown) => err);
    await until(() => h.platform.stats().tokenCalls === 1 && pending() > 0, 5_000); // the 1 s retry is scheduled
    const closedAt = Date.now();
    await h.bot.close();
    const err = await within(send, "the pending send to reject", 1_000);
    expect(Date.now() - closedAt).toBeLessThan(1_000);
    expect(err).toBeInstanceOf(QQBotError);
    expect(err).toMatchObject({ code: "BOT_CLOSED" });
    expect(pending()).toBe(0); // no retry timer left
    scheduler.flush(); // and running the clock to its end asks for no token
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(h.platform.stats().tokenCalls).toBe(1);
  });
});
