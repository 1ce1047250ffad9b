/**
 * `createBot` validates at once and does no I/O until the first subscription to a stream
 * that needs the gateway (checked against a running simulator that records every request).
 */
import { afterEach, describe, expect, it } from "vitest";
import { createBot, QQBotConfigError, type BotOptions } from "../../src/index.js";
import { closeHarnesses, startHarness } from "../helpers/bot-harness.js";

afterEach(closeHarnesses);

/** Let pending I/O callbacks and timers of the current turn run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("createBot options", () => {
  it("bad options throw one QQBotConfigError listing every bad field, with no I/O", async () => {
    const h = await startHarness({ connect: false });
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

    await settle();
    expect(h.platform.requests).toHaveLength(0);
    expect(h.platform.stats()).toMatchObject({ tokenCalls: 0, gatewayCalls: 0, connections: 0 });
  });

  it("an empty client secret is named without echoing anything", () => {
    expect(() => createBot({ appId: "1", clientSecret: "   " })).toThrow(/clientSecret must be a non-empty string/);
  });

  it("a valid bot does no I/O until messages$ is subscribed; state$ and stats$ do not connect", async () => {
    const h = await startHarness({ connect: false });
    const stats = h.bot.stats$.subscribe();
    await settle();
    expect(h.platform.requests).toHaveLength(0);
    expect(h.states.map((s) => s.state)).toEqual(["idle"]);

    h.connect();
    await h.waitForState("ready");
    expect(h.platform.requests.map((r) => r.path)).toEqual(["/app/getAppAccessToken", "/gateway"]);
    stats.unsubscribe();
  });
});
