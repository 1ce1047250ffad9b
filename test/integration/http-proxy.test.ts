import { Agent, EnvHttpProxyAgent, ProxyAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpClient } from "../../src/http/http-client.js";
import { Agent as HttpsAgent } from "node:https";
import type { Agent as RoutingAgent, AgentConnectOpts } from "agent-base";
import { HttpsProxyAgent } from "https-proxy-agent";
import { bypassesProxy, chooseProxy, createDispatcher } from "../../src/http/proxy.js";
import { createWsProxyAgent } from "../../src/http/ws-proxy-agent.js";
import type { HttpClient } from "../../src/http/types.js";
import { DEFAULT_HTTP_OPTIONS } from "../../src/http/options.js";
import { closeConnectProxies, startConnectProxy } from "../helpers/connect-proxy.js";
import { closeServers, serve } from "../helpers/loopback-server.js";

const clients: HttpClient[] = [];

async function startOrigin(): Promise<string> {
  return (await serve((req, res) => res.end(`origin saw ${req.url}`))).url;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  closeConnectProxies();
  closeServers();
});

describe("chooseProxy", () => {
  it("prefers the proxy option over the environment", () => {
    expect(chooseProxy("http://corp:8080", { HTTPS_PROXY: "http://env:1" })).toEqual({ kind: "explicit", uri: "http://corp:8080" });
  });

  it("reads HTTPS_PROXY, HTTP_PROXY, ALL_PROXY (either case) and NO_PROXY", () => {
    expect(chooseProxy(undefined, {})).toEqual({ kind: "direct" });
    expect(chooseProxy(undefined, { all_proxy: "http://all:1" })).toEqual({ kind: "env", httpProxy: "http://all:1", httpsProxy: "http://all:1", noProxy: "" });
    expect(chooseProxy(undefined, { HTTPS_PROXY: "http://s:1", HTTP_PROXY: "http://p:1", NO_PROXY: "localhost" })).toEqual({
      kind: "env", httpProxy: "http://p:1", httpsProxy: "http://s:1", noProxy: "localhost",
    });
    expect(chooseProxy(undefined, { HTTP_PROXY: "http://p:1" })).toMatchObject({ httpProxy: "http://p:1", httpsProxy: "http://p:1" });
    expect(chooseProxy(undefined, { HTTPS_PROXY: "  " })).toEqual({ kind: "direct" });
  });

  it.each([
    ["api.sgroup.qq.com", 443, "", false],
    ["api.sgroup.qq.com", 443, "*", true],
    ["api.sgroup.qq.com", 443, " * ", true],
    ["api.sgroup.qq.com", 443, "qq.com", true], // subdomains of an entry
    ["api.sgroup.qq.com", 443, ".qq.com", true],
    ["api.sgroup.qq.com", 443, "*.qq.com", true],
    ["API.SGroup.QQ.com", 443, "sgroup.qq.com", true], // case-insensitive
    ["notqq.com", 443, "qq.com", false], // a suffix that is not a subdomain
    ["api.sgroup.qq.com", 443, "localhost,127.0.0.1 api.sgroup.qq.com", true], // commas and spaces
    ["api.sgroup.qq.com", 443, "api.sgroup.qq.com:443", true],
    ["api.sgroup.qq.com", 443, "api.sgroup.qq.com:8443", false], // another port
    ["127.0.0.1", 8080, "127.0.0.1", true],
    ["::1", 80, "[::1]", true], // ws passes IPv6 hosts without brackets
    ["[::1]", 80, "[::1]:80", true],
    ["::1", 80, "[::1]:81", false],
    ["example.com", 443, "localhost,,", false],
  ] as const)("NO_PROXY: %s:%d with %j → direct %s (as undici decides for REST)", (host, port, noProxy, direct) => {
    expect(bypassesProxy(host, port, noProxy)).toBe(direct);
  });

  it("builds an Agent, a ProxyAgent or an EnvHttpProxyAgent", async () => {
    const built = [
      createDispatcher(DEFAULT_HTTP_OPTIONS, { kind: "direct" }),
      createDispatcher(DEFAULT_HTTP_OPTIONS, { kind: "explicit", uri: "http://127.0.0.1:9" }),
      createDispatcher(DEFAULT_HTTP_OPTIONS, { kind: "env", httpProxy: "http://127.0.0.1:9", httpsProxy: undefined, noProxy: "" }),
    ];
    expect(built[0]).toBeInstanceOf(Agent);
    expect(built[1]).toBeInstanceOf(ProxyAgent);
    expect(built[2]).toBeInstanceOf(EnvHttpProxyAgent);
    await Promise.all(built.map((d) => d.close()));
  });
});

describe("proxy routing", () => {
  it("sends requests through the proxy option", async () => {
    const proxy = await startConnectProxy();
    const origin = await startOrigin();
    const client = createHttpClient({ http: DEFAULT_HTTP_OPTIONS, proxy: proxy.url, env: {} });
    clients.push(client);
    expect(client.dispatcher).toBeInstanceOf(ProxyAgent);
    const res = await client.request({ method: "GET", url: `${origin}/gateway` });
    expect(res.text).toBe("origin saw /gateway");
    expect(proxy.tunnels).toEqual([origin.replace("http://", "")]);
  });

  it("honours ALL_PROXY from the environment and NO_PROXY exceptions", async () => {
    const proxy = await startConnectProxy();
    const origin = await startOrigin();
    const viaEnv = createHttpClient({ http: DEFAULT_HTTP_OPTIONS, env: { ALL_PROXY: proxy.url } });
    clients.push(viaEnv);
    expect((await viaEnv.request({ method: "GET", url: `${origin}/a` })).text).toBe("origin saw /a");
    expect(proxy.tunnels).toHaveLength(1);
    const bypass = createHttpClient({ http: DEFAULT_HTTP_OPTIONS, env: { HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" } });
    clients.push(bypass);
    expect((await bypass.request({ method: "GET", url: `${origin}/b` })).text).toBe("origin saw /b");
    expect(proxy.tunnels).toHaveLength(1);
  });
});

describe("the WebSocket's agent", () => {
  const route = (agent: RoutingAgent, secureEndpoint: boolean, host: string, port: number) =>
    agent.connect({} as never, { secureEndpoint, host, port } as AgentConnectOpts) as unknown;

  it("direct: none; the proxy option: https-proxy-agent for every host", () => {
    expect(createWsProxyAgent({ kind: "direct" })).toBeUndefined();
    const explicit = createWsProxyAgent({ kind: "explicit", uri: "http://corp:8080" });
    expect(explicit).toBeInstanceOf(HttpsProxyAgent);
    expect((explicit as HttpsProxyAgent<string>).proxy.href).toBe("http://corp:8080/");
    explicit?.destroy();
  });

  it("from the environment: wss through HTTPS_PROXY, ws through HTTP_PROXY, NO_PROXY hosts direct", () => {
    const agent = createWsProxyAgent({ kind: "env", httpsProxy: "http://s:1", httpProxy: "http://p:1", noProxy: ".internal" }) as RoutingAgent;
    const wss = route(agent, true, "api.sgroup.qq.com", 443) as HttpsProxyAgent<string>;
    expect(wss.proxy.href).toBe("http://s:1/");
    expect((route(agent, false, "api.sgroup.qq.com", 80) as HttpsProxyAgent<string>).proxy.href).toBe("http://p:1/");
    expect(route(agent, true, "gw.internal", 443)).toBeInstanceOf(HttpsAgent);
    expect(route(agent, true, "gw.internal", 443)).not.toBeInstanceOf(HttpsProxyAgent);
    agent.destroy();
  });
});
