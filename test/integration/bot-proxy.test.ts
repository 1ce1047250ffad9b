/**
 * The `proxy` option routes both REST (undici ProxyAgent) and the gateway WebSocket
 * (https-proxy-agent) through an HTTP CONNECT proxy; a proxy from the environment does too,
 * except for the hosts in `NO_PROXY`, for the WebSocket as for REST.
 */
import { filter, firstValueFrom, timeout } from "rxjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createBot, type Bot } from "../../src/index.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";
import { closeConnectProxies, startConnectProxy } from "../helpers/connect-proxy.js";

let platform: SimulatedPlatform | undefined;
let bot: Bot | undefined;

afterEach(async () => {
  vi.unstubAllEnvs();
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

describe("proxy from the environment", () => {
  /** Only the variables given are set (either case of the others cleared). */
  const stubProxyEnv = (vars: Record<string, string>): void => {
    for (const name of ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"]) {
      vi.stubEnv(name, vars[name] ?? "");
      vi.stubEnv(name.toLowerCase(), vars[name] ?? "");
    }
  };

  /** A bot on the simulator (no `proxy` option) that received one message. */
  const connectAndReceive = async (p: SimulatedPlatform): Promise<void> => {
    bot = createBot({ appId: p.appId, clientSecret: p.clientSecret, apiBase: p.apiBase, tokenUrl: p.tokenUrl });
    const first = firstValueFrom(bot.messages$.pipe(timeout({ first: 15_000 })));
    await firstValueFrom(bot.state$.pipe(filter((s) => s.state === "ready"), timeout({ first: 15_000 })));
    p.pushMessage("c2c", { content: "hello" });
    expect((await first).text).toBe("hello");
  };

  it("HTTP_PROXY with the gateway host in NO_PROXY: REST and the WebSocket both go direct", async () => {
    const proxy = await startConnectProxy({ recordRequests: true });
    stubProxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: "localhost,127.0.0.1" });
    platform = await startSimulatedPlatform({ identifyWindowMs: 0 });
    await connectAndReceive(platform);
    expect(proxy.tunnels).toEqual([]); // the WebSocket went through the proxy before (GET /websocket)
  });

  it("HTTP_PROXY without NO_PROXY: REST and the WebSocket both go through it", async () => {
    const proxy = await startConnectProxy({ recordRequests: true });
    stubProxyEnv({ HTTP_PROXY: proxy.url });
    platform = await startSimulatedPlatform({ identifyWindowMs: 0 });
    await connectAndReceive(platform);
    expect(proxy.requests).toEqual(expect.arrayContaining([
      expect.stringMatching(/^POST \/app\/getAppAccessToken /),
      expect.stringMatching(/^GET \/websocket /),
    ]));
  });

  it("NO_PROXY with the gateway's port only: another port of the host still goes through the proxy", async () => {
    const proxy = await startConnectProxy({ recordRequests: true });
    platform = await startSimulatedPlatform({ identifyWindowMs: 0 });
    const port = Number(new URL(platform.apiBase).port);
    stubProxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: `127.0.0.1:${port + 1}` });
    await connectAndReceive(platform);
    expect(proxy.requests).toEqual(expect.arrayContaining([expect.stringMatching(/^GET \/websocket /)]));
  });
});
