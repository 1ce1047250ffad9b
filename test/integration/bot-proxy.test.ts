/**
 * The `proxy` option routes both REST (undici ProxyAgent) and the gateway WebSocket
 * (https-proxy-agent) through an HTTP CONNECT proxy.
 */
import { filter, firstValueFrom, timeout } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import { createBot, type Bot } from "../../src/index.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";
import { closeConnectProxies, startConnectProxy } from "../helpers/connect-proxy.js";

let platform: SimulatedPlatform | undefined;
let bot: Bot | undefined;

afterEach(async () => {
  await bot?.close();
  await platform?.close();
  closeConnectProxies();
  bot = platform = undefined;
});

describe("proxy option", () => {
  it("tunnels the token call, /gateway and the WebSocket through the proxy", async () => {
    const { url, tunnels, requests } = await startConnectProxy({ recordRequests: true });
    platform = await startSimulatedPlatform({ identifyWindowMs: 0 });
    bot = createBot({
      appId: platform.appId, clientSecret: platform.clientSecret, apiBase: platform.apiBase, tokenUrl: platform.tokenUrl,
      proxy: url,
    });
    const first = firstValueFrom(bot.messages$.pipe(timeout({ first: 15_000 })));
    await firstValueFrom(bot.state$.pipe(filter((s) => s.state === "ready"), timeout({ first: 15_000 })));
    platform.pushMessage("c2c", { content: "via proxy" });
    expect((await first).text).toBe("via proxy");
    const origin = new URL(platform.apiBase).host;
    expect(tunnels.length).toBeGreaterThanOrEqual(2);
    expect(tunnels.every((t) => t === origin)).toBe(true);
    expect(requests).toEqual(expect.arrayContaining([
      expect.stringMatching(/^POST \/app\/getAppAccessToken /),
      expect.stringMatching(/^GET \/gateway /),
      expect.stringMatching(/^GET \/websocket /), // the WebSocket upgrade went through the proxy too
    ]));
    expect(platform.stats().openConnections).toBe(1);
  });
});
