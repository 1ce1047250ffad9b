/**
 * The `proxy` option routes both REST (undici ProxyAgent) and the gateway WebSocket
 * (https-proxy-agent) through an HTTP CONNECT proxy.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { filter, firstValueFrom, timeout } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import { createBot, type Bot } from "../../src/index.js";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";

let proxy: Server | undefined;
const sockets: Socket[] = [];
let platform: SimulatedPlatform | undefined;
let bot: Bot | undefined;

afterEach(async () => {
  await bot?.close();
  await platform?.close();
  for (const s of sockets.splice(0)) s.destroy();
  proxy?.close();
  bot = platform = proxy = undefined;
});

/** A CONNECT-only proxy on loopback that records what it tunnels to. */
async function startProxy(): Promise<{ url: string; tunnels: string[]; requests: string[] }> {
  const tunnels: string[] = [];
  const requests: string[] = [];
  proxy = createServer((_req, res) => res.writeHead(405).end("CONNECT only"));
  proxy.on("connect", (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    // Record the request lines that go through the tunnel (plain HTTP to the loopback simulator).
    client.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString("latin1").split("\r\n")) if (/^(GET|POST|PUT) \//.test(line)) requests.push(line);
    });
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    sockets.push(client, upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  proxy.listen(0, "127.0.0.1");
  await once(proxy, "listening");
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, tunnels, requests };
}

describe("proxy option", () => {
  it("tunnels the token call, /gateway and the WebSocket through the proxy", async () => {
    const { url, tunnels, requests } = await startProxy();
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
