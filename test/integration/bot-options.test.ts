/**
 * `createBot` validates at once and does no I/O until the first subscription to a stream
 * that needs the gateway (checked against a running simulator that records every request).
 */
import { VirtualTimeScheduler } from "rxjs";
import { Agent, type Dispatcher } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { createBot, QQBotConfigError, type BotOptions } from "../../src/index.js";
import { closeHarnesses, startHarness } from "../helpers/bot-harness.js";

afterEach(closeHarnesses);

/**
 * The bot's only way onto the network is the HTTP dispatcher its pool builds for the first
 * request, made by the first subscription that needs the gateway (a WebSocket needs the URL `/gateway` gives, and the
 * default MemoryStore has none cached): a factory that counts its calls is the signal that
 * I/O started.
 */
function countingDispatcher(): { factory: () => Dispatcher; calls: () => number } {
  let calls = 0;
  return {
    factory: () => {
      calls++;
      return new Agent();
    },
    calls: () => calls,
  };
}

/** Run every timer the bot could have scheduled, at any delay, and the promise chains they start. */
async function runAllTimers(scheduler: VirtualTimeScheduler): Promise<void> {
  scheduler.flush();
  await new Promise<void>((resolve) => setImmediate(resolve));
  scheduler.flush();
}

describe("createBot options", () => {
  it("bad options throw one QQBotConfigError listing every bad field, with no I/O", async () => {
    const h = await startHarness({ connect: false });
    const scheduler = new VirtualTimeScheduler();
    const dispatcher = countingDispatcher();
    const bad = {
      appId: "",
      clientSecret: h.platform.clientSecret,
      apiBase: h.platform.apiBase,
      tokenUrl: "ftp://127.0.0.1/token",
      intents: -3,
      reconnect: { maxQuickDisconnects: 0, quickDisconnectMs: -1, gatewayRetryDelaysMs: [], notAnOption: 1 },
      http: { connections: 0 },
      dedupe: { max: 0 },
      logger: { info: () => undefined },
      scheduler,
      dispatcherFactory: dispatcher.factory,
    } as unknown as BotOptions;

    let thrown: unknown;
    try {
      createBot(bad);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(QQBotConfigError);
    const err = thrown as QQBotConfigError;
    expect(err.code).toBe("QQBOT_CONFIG_INVALID");
    const fields = err.problems.map((p) => p.field);
    for (const field of [
      "appId", "tokenUrl", "intents", "reconnect.maxQuickDisconnects", "reconnect.quickDisconnectMs",
      "reconnect.gatewayRetryDelaysMs", "reconnect.notAnOption", "http.connections", "dedupe.max", "logger",
    ]) {
      expect(fields).toContain(field);
      expect(err.message).toContain(field);
    }
    expect(fields).not.toContain("clientSecret");
    expect(fields).not.toContain("apiBase");
    expect(err.message).not.toContain(h.platform.clientSecret);

    await runAllTimers(scheduler);
    expect(dispatcher.calls()).toBe(0);
    expect(h.platform.requests).toHaveLength(0);
    expect(h.platform.stats()).toMatchObject({ tokenCalls: 0, gatewayCalls: 0, connections: 0 });
  });

  it("an empty client secret is named without echoing anything", () => {
    expect(() => createBot({ appId: "1", clientSecret: "   " })).toThrow(/clientSecret must be a non-empty string/);
  });

  it("a valid bot does no I/O until messages$ is subscribed; state$ and stats$ do not connect", async () => {
    const scheduler = new VirtualTimeScheduler();
    const dispatcher = countingDispatcher();
    const h = await startHarness({ connect: false, bot: { scheduler, dispatcherFactory: dispatcher.factory } });
    const stats = h.bot.stats$.subscribe();
    await runAllTimers(scheduler);
    expect(dispatcher.calls()).toBe(0);
    expect(h.platform.requests).toHaveLength(0);
    expect(h.states.map((s) => s.state)).toEqual(["idle"]);

    h.connect();
    await h.waitForState("ready");
    // The first request built the one dispatcher that carried both calls.
    expect(dispatcher.calls()).toBe(1);
    expect(h.platform.requests.map((r) => r.path)).toEqual(["/app/getAppAccessToken", "/gateway"]);
    stats.unsubscribe();
  });
});
