/**
 * The doctor's `gateway` and `gateway-bot` verdicts against the simulated platform: the IP
 * allow list (11298; production only, the sandbox accepts the IP), the address when the
 * platform names it, the `/gateway` rate limit, the session start limit (none left, fewer than
 * the shards), and a body without a URL.
 */
import { describe, expect, it } from "vitest";
import { currentToken, diagnose, platform, statuses } from "./support.js";

describe("doctor: the IP allow list (11298)", () => {
  it("production refuses the IP: gateway fails and says the platform named no address; the sandbox accepts it", async () => {
    const p = await platform();
    p.faults.refuseIp(10); // every production call; the sandbox is never refused
    const d = await diagnose(p);
    expect(statuses(d)).toEqual([
      "credentials:pass", "token:pass", "gateway:fail", "gateway-bot:skip", "identify:skip", "environment:fail", "webhook:skip",
    ]);
    expect(d.by.gateway.detail).toMatch(/^GET \/gateway \(production, 127\.0\.0\.1:\d+\) answered HTTP 401, code 11298 "接口访问源IP不在白名单"/);
    expect(d.by.gateway.detail).toContain("the platform did not say which address it saw");
    expect(d.by.gateway.fix).toContain("IP白名单");
    expect(d.by.environment.detail).toMatch(/^production refuses this server's IP \(11298, see gateway\); the sandbox accepts it/);
    expect(d.by.environment.fix).toContain("sandbox: true");
    // One refused production call, one sandbox call that passed, no socket.
    expect(p.requests.filter((r) => r.path === "/gateway").map((r) => [r.sandbox, r.status])).toEqual([[false, 401], [true, 200]]);
    expect(p.stats().connections).toBe(0);
  });

  it("quotes the address the platform saw when its message names one", async () => {
    const p = await platform();
    p.faults.failRequests({ method: "GET", path: /^\/gateway$/ }, { status: 401, code: 11298, message: "接口访问源IP不在白名单 (请求IP: 198.51.100.23)" });
    const d = await diagnose(p);
    expect(d.by.gateway.detail).toContain("the platform saw 198.51.100.23");
    expect(d.by.gateway.fix).toMatch(/^add 198\.51\.100\.23 to the bot's IP allow list/);
    expect(d.by.gateway.fix).not.toContain("ifconfig");
  });
});

describe("doctor: the /gateway rate limit", () => {
  it("a rate-limited /gateway fails with the fix; /gateway/bot still gives the URL and the IDENTIFY goes ahead", async () => {
    const p = await platform();
    p.faults.rateLimitGateway(1);
    const d = await diagnose(p);
    expect(d.by.gateway.status).toBe("fail");
    expect(d.by.gateway.detail).toMatch(/answered HTTP 400, code 100001 "接口调用超过频率限制" \(trace \w+\): rate limited$/);
    expect(d.by.gateway.fix).toContain("only a few /gateway calls per minute");
    expect(statuses(d).slice(3)).toEqual(["gateway-bot:pass", "identify:pass", "environment:pass", "webhook:skip"]);
    expect(d.summary).toMatchObject({ ok: false, fail: 1 });
  });

  it("both rate limited: no URL, so no IDENTIFY", async () => {
    const p = await platform();
    p.faults.rateLimitGateway(2);
    const d = await diagnose(p);
    expect(statuses(d).slice(2)).toEqual(["gateway:fail", "gateway-bot:fail", "identify:skip", "environment:skip", "webhook:skip"]);
    expect(d.by.identify.detail).toBe("no gateway URL (see gateway and gateway-bot)");
    expect(p.stats().connections).toBe(0);
  });

  it("a 200 without a url: the body is named, the fix says something answered wrongly", async () => {
    const p = await platform();
    p.faults.gatewayResponse("html");
    const d = await diagnose(p);
    expect(d.by.gateway.status).toBe("fail");
    expect(d.by.gateway.detail).toContain("answered without a usable gateway URL");
    expect(d.by.gateway.detail).toContain("non-JSON body: <!DOCTYPE html>");
  });
});

describe("doctor: a body that echoes the token", () => {
  it("names the body without the token (redacted)", async () => {
    const p = await platform();
    p.faults.gatewayResponse("echo-token");
    const d = await diagnose(p);
    const token = await currentToken(p);
    expect(d.by.gateway.detail).toContain('"access_token":"[redacted]"');
    expect(token.length).toBeGreaterThan(8);
    expect(d.text).not.toContain(token);
  });
});

describe("doctor: the session start limit (/gateway/bot)", () => {
  it("passes with the shards, the starts left and the reset", async () => {
    const p = await platform({ sessionStartLimit: { total: 1000, remaining: 998, resetAfterMs: 3_600_000 } });
    const d = await diagnose(p);
    expect(d.by["gateway-bot"].detail).toMatch(/: 1 shard suggested; 998 of 1000 session starts left \(reset in (1 h|59 min \d+ s)\); max_concurrency 1 IDENTIFY per 5 s$/);
  });

  it("none left: fails with the reset time and skips the IDENTIFY (it would be refused)", async () => {
    const p = await platform({ sessionStartLimit: { total: 1000, remaining: 0, resetAfterMs: 5 * 3_600_000 } });
    const d = await diagnose(p);
    expect(d.by["gateway-bot"].status).toBe("fail");
    expect(d.by["gateway-bot"].detail).toMatch(/0 of 1000 session starts left .*: no session can start \(IDENTIFY\) until the reset$/);
    expect(d.by["gateway-bot"].fix).toMatch(/^wait (5 h|4 h 59 min)/);
    expect(d.by["gateway-bot"].fix).toContain("persistent store");
    expect(d.by.identify).toMatchObject({ status: "skip" });
    expect(d.by.identify.detail).toMatch(/^no session start left: an IDENTIFY would be refused until the reset in/);
    expect(p.stats().identifies).toBe(0);
  });

  it("fewer than the suggested shards: warns, and IDENTIFYs as shard 0 of them", async () => {
    const p = await platform({ shards: 4, sessionStartLimit: { total: 1000, remaining: 2, resetAfterMs: 3_600_000 } });
    const d = await diagnose(p);
    expect(d.by["gateway-bot"]).toMatchObject({ status: "warn" });
    expect(d.by["gateway-bot"].detail).toContain("4 shards suggested; 2 of 1000 session starts left");
    expect(d.by.identify.detail).toContain("as shard 0 of 4");
    expect(p.sessions().map((s) => s.shard)).toEqual([[0, 4]]);
    expect(d.summary.ok).toBe(true);
  });
});
