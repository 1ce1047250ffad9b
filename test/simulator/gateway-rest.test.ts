import { describe, expect, it } from "vitest";
import { platformFixture } from "./platform-fixture.js";
import { http, manualClock, WsClient } from "./support.js";

const { start } = platformFixture();

describe("gateway discovery", () => {
  it("GET /gateway returns the ws URL; /gateway/bot adds shards and session_start_limit", async () => {
    const { p, token } = await start({ shards: 2, maxConcurrency: 1, identifyWindowMs: 0 });
    const gw = await http(p.apiBase, "GET", "/gateway", { token });
    expect(gw.json).toEqual({ url: p.gatewayUrl });
    expect(p.gatewayUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/websocket$/);
    const bot = await http(p.apiBase, "GET", "/gateway/bot", { token });
    expect(bot.json).toMatchObject({
      url: p.gatewayUrl,
      shards: 2,
      session_start_limit: { total: 1000, remaining: 1000, max_concurrency: 1 },
    });
    expect(bot.json.session_start_limit.reset_after).toBeGreaterThan(86_000_000);

    const ws = await WsClient.open(p.gatewayUrl);
    await ws.identify(token, 1 << 25);
    const after = await http(p.apiBase, "GET", "/gateway/bot", { token });
    expect(after.json.session_start_limit.remaining).toBe(999);
    expect(p.stats()).toMatchObject({ gatewayCalls: 1, gatewayBotCalls: 2 });
    await ws.close();
  });

  it("enforces the sliding rate-limit window: 3rd call in the window → 400 接口调用超过频率限制, allowed again after", async () => {
    const clock = manualClock();
    const { p, token } = await start({ gatewayRateLimit: { calls: 2, windowMs: 10_000 }, now: clock.now });
    expect((await http(p.apiBase, "GET", "/gateway", { token })).status).toBe(200);
    clock.advance(1000);
    expect((await http(p.apiBase, "GET", "/gateway/bot", { token })).status).toBe(200);
    const limited = await http(p.apiBase, "GET", "/gateway", { token });
    expect(limited.status).toBe(400);
    expect(limited.json).toMatchObject({ code: 100001, message: "接口调用超过频率限制" });
    clock.advance(9000); // the first call left the window; the second has not
    expect((await http(p.apiBase, "GET", "/gateway", { token })).status).toBe(200);
    expect((await http(p.apiBase, "GET", "/gateway", { token })).status).toBe(400);
    clock.advance(10_000);
    expect((await http(p.apiBase, "GET", "/gateway", { token })).status).toBe(200);
    expect(p.stats().gatewayRateLimited).toBe(2);
    expect(p.requests.filter((r) => r.path.startsWith("/gateway")).map((r) => r.status)).toEqual([200, 200, 400, 200, 400, 200]);
  });

  it("rateLimitGateway(n) limits exactly the next n calls", async () => {
    const { p, token } = await start();
    p.faults.rateLimitGateway(2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await http(p.apiBase, "GET", "/gateway", { token })).status);
    expect(statuses).toEqual([400, 400, 200]);
    expect(p.stats()).toMatchObject({ gatewayCalls: 3, gatewayRateLimited: 2 });
  });

  it.each([
    ["empty", 200, (t: string) => expect(t).toBe("")],
    ["html", 200, (t: string) => expect(t).toMatch(/^<!DOCTYPE html>/)],
    ["truncated", 200, (t: string) => expect(() => JSON.parse(t)).toThrow()],
    ["no-url", 200, (t: string) => expect(JSON.parse(t)).toEqual({})],
    ["500", 500, (t: string) => expect(JSON.parse(t)).toMatchObject({ code: 12000 })],
    ["502", 502, (t: string) => expect(t).toContain("502 Bad Gateway")],
  ] as const)("gatewayResponse(%s) breaks the next answer only", async (kind, status, check) => {
    const { p, token } = await start();
    p.faults.gatewayResponse(kind);
    const bad = await http(p.apiBase, "GET", "/gateway", { token });
    expect(bad.status).toBe(status);
    check(bad.text);
    const good = await http(p.apiBase, "GET", "/gateway", { token });
    expect(good.json).toEqual({ url: p.gatewayUrl });
  });

  it("slowGateway delays the next answer", async () => {
    const { p, token } = await start();
    p.faults.slowGateway(300);
    const t0 = performance.now();
    const slow = await http(p.apiBase, "GET", "/gateway", { token });
    expect(slow.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    const t1 = performance.now();
    await http(p.apiBase, "GET", "/gateway", { token });
    expect(performance.now() - t1).toBeLessThan(290);
  });

  it("reset() clears pending faults", async () => {
    const { p, token } = await start();
    p.faults.rateLimitGateway(5);
    p.faults.gatewayResponse("empty", 5);
    p.faults.reset();
    expect((await http(p.apiBase, "GET", "/gateway", { token })).json).toEqual({ url: p.gatewayUrl });
  });

  it("answers unknown routes 404 and wrong methods 405, with the error body", async () => {
    const { p, token } = await start();
    const missing = await http(p.apiBase, "GET", "/no/such/api", { token });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ code: 11000, trace_id: missing.headers["x-tps-trace-id"] });
    const method = await http(p.apiBase, "POST", "/gateway", { token, body: {} });
    expect(method.status).toBe(405);
  });
});
