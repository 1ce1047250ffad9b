/**
 * The gateway URL cache over real sockets (PROTOCOL.md A2): a stored URL costs no `/gateway`
 * call; an empty `/gateway` body falls back to the last good URL; a cached URL that refuses
 * connections is dropped (memory and store) and fetched again once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/index.js";
import { createSessionStore } from "../../src/store/session-store.js";
import { closeHarnesses, startHarness } from "../helpers/bot-harness.js";
import { freePort } from "../helpers/free-port.js";

afterEach(closeHarnesses);

describe("the gateway URL cache", () => {
  it("uses a URL stored by an earlier bot with no /gateway call, even when /gateway answers an empty body", async () => {
    const store = new MemoryStore();
    const first = await startHarness({ bot: { store } });
    await first.waitForState("ready");
    await first.bot.close();
    expect(first.platform.stats().gatewayCalls).toBe(1);

    first.platform.faults.gatewayResponse("empty", 1);
    const second = await startHarness({ on: first.platform, bot: { store } });
    await second.waitForState("ready");
    expect(first.platform.stats().gatewayCalls).toBe(1);
    expect(second.bot.stats()).toMatchObject({ gatewayFetches: 0, gatewayCacheHits: 1 });
    // The stored session came along too: the second bot resumed the first one's session.
    expect(second.states.map((s) => s.state)).toEqual(["idle", "fetching-url", "connecting", "resuming", "ready"]);
    first.platform.pushMessage("c2c", { content: "to the second bot" });
    const [msg] = await second.waitForMessages(1);
    expect(msg!.text).toBe("to the second bot");
  });

  it("falls back to the last good URL when /gateway answers an empty body", async () => {
    const h = await startHarness();
    await h.waitForState("ready");
    const url = h.platform.gatewayUrl;
    // The cached URL fails once (dropped from the cache), and the fetch that follows is empty.
    h.platform.faults.failUpgrade("refuse", 1);
    h.platform.faults.gatewayResponse("empty", 1);
    const from = h.states.length;
    h.platform.faults.closeAll(4009);
    await h.waitForState("ready", from);

    const gateway = h.platform.requests.filter((r) => r.path === "/gateway");
    expect(gateway).toHaveLength(2);
    expect(h.platform.stats().upgradesFailed).toBe(1);
    expect(h.platform.stats().resumes).toBe(1);
    expect(h.bot.stats()).toMatchObject({ gatewayFetches: 2, identifies: 1, resumes: 1 });
    const infoAndWarn = h.logger.entries.filter((e) => e.level !== "debug");
    expect(infoAndWarn.some((e) => e.msg?.includes("dropped from the cache") && JSON.stringify(e.obj).includes(url))).toBe(true);
    expect(infoAndWarn.some((e) => e.msg?.includes("using the last good gateway URL"))).toBe(true);

    h.platform.pushMessage("group", { content: " still here" });
    const [msg] = await h.waitForMessages(1);
    expect(msg!.text).toBe("still here");
  });

  it("drops a cached URL that refuses connections, fetches a fresh one once and stores it", async () => {
    const store = new MemoryStore();
    const dead = `ws://127.0.0.1:${await freePort()}/websocket`;
    const h = await startHarness({
      connect: false,
      bot: { store, reconnect: { quickDisconnectMs: 5_000 } },
    });
    const sessions = createSessionStore({ store, appId: h.platform.appId });
    await sessions.saveGatewayUrl(dead);
    await sessions.close();

    h.connect();
    await h.waitForState("ready");
    expect(h.platform.stats().gatewayCalls).toBe(1);
    expect(h.bot.stats()).toMatchObject({ gatewayCacheHits: 1, gatewayFetches: 1, identifies: 1, quickDisconnects: 0 });
    expect(h.states.map((s) => s.state)).toEqual([
      "idle", "fetching-url", "connecting", "reconnecting", "fetching-url", "connecting", "identifying", "ready",
    ]);
    const reread = createSessionStore({ store, appId: h.platform.appId });
    await expect(reread.loadGatewayUrl()).resolves.toBe(h.platform.gatewayUrl);
    await reread.close();

    // Later drops reuse the fresh URL from the cache: still one /gateway call.
    const from = h.states.length;
    h.platform.faults.closeAll(4009);
    await h.waitForState("ready", from);
    expect(h.platform.stats().gatewayCalls).toBe(1);
  });
});
