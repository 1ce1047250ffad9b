import { afterEach, describe, expect, it } from "vitest";
import { startSimulatedPlatform, type SimulatedPlatform } from "../../src/testing/index.js";
import { http, manualClock } from "./support.js";

let platform: SimulatedPlatform | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

const creds = (p: SimulatedPlatform) => ({ appId: p.appId, clientSecret: p.clientSecret });

describe("token endpoint", () => {
  it("returns a long random token with expires_in as a string, reused until its last 60 s", async () => {
    const clock = manualClock();
    platform = await startSimulatedPlatform({ tokenLifetimeSec: 120, now: clock.now });
    const first = await http(platform.apiBase, "POST", "/app/getAppAccessToken", { body: creds(platform) });
    expect(first.status).toBe(200);
    expect(first.json.expires_in).toBe("120");
    expect(first.json.access_token).toMatch(/^[A-Za-z0-9_-]{72}$/); // long, opaque, URL-safe

    clock.advance(30_000); // 90 s left: the same token, with the time left
    const same = await http(platform.apiBase, "POST", "/app/getAppAccessToken", { body: creds(platform) });
    expect(same.json).toEqual({ access_token: first.json.access_token, expires_in: "90" });

    clock.advance(40_000); // 50 s left: inside the renewal window → a new token
    const renewed = await http(platform.apiBase, "POST", "/app/getAppAccessToken", { body: creds(platform) });
    expect(renewed.json.access_token).not.toBe(first.json.access_token);
    expect(renewed.json.expires_in).toBe("120");

    // the old token stays valid until its own expiry, then gets 11244
    const oldOk = await http(platform.apiBase, "GET", "/gateway", { token: first.json.access_token });
    expect(oldOk.status).toBe(200);
    clock.advance(50_000);
    const oldExpired = await http(platform.apiBase, "GET", "/gateway", { token: first.json.access_token });
    expect(oldExpired.status).toBe(401);
    expect(oldExpired.json.code).toBe(11244);
    const newOk = await http(platform.apiBase, "GET", "/gateway", { token: renewed.json.access_token });
    expect(newOk.status).toBe(200);
    expect(platform.stats().tokenCalls).toBe(3);
  });

  it("rejects a wrong secret (100016), an unknown appId (100007) and a non-JSON body (100007)", async () => {
    platform = await startSimulatedPlatform();
    const wrongSecret = await http(platform.apiBase, "POST", "/app/getAppAccessToken", { body: { appId: platform.appId, clientSecret: "nope" } });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.json).toEqual({ code: 100016, message: "invalid appid or secret" });
    const wrongApp = await http(platform.apiBase, "POST", "/app/getAppAccessToken", { body: { appId: "1", clientSecret: platform.clientSecret } });
    expect(wrongApp.json.code).toBe(100007);
    const notJson = await http(platform.apiBase, "POST", "/app/getAppAccessToken", {
      raw: `appId=${platform.appId}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.json.code).toBe(100007);
    expect(platform.stats().tokenFailures).toBe(3);
    // the secret never lands in the recorded requests
    expect(JSON.stringify(platform.requests)).not.toContain(platform.clientSecret);
    expect(platform.requests[0]?.body).toEqual({ appId: platform.appId, clientSecret: "***" });
  });

  it.each([
    ["500", 500, (a: { json: unknown; text: string }) => expect(a.json).toMatchObject({ code: 12000 })],
    ["empty", 200, (a: { json: unknown; text: string }) => expect(a.text).toBe("")],
    ["bad-json", 200, (a: { json: unknown; text: string }) => expect(() => JSON.parse(a.text)).toThrow()],
    ["wrong-code", 200, (a: { json: unknown; text: string }) => expect(a.json).toMatchObject({ code: 100010 })],
  ] as const)("tokenFailure(%s) fails the next call only", async (kind, status, check) => {
    platform = await startSimulatedPlatform();
    platform.faults.tokenFailure(kind);
    const bad = await http(platform.apiBase, "POST", "/app/getAppAccessToken", { body: creds(platform) });
    expect(bad.status).toBe(status);
    check(bad);
    const good = await http(platform.apiBase, "POST", "/app/getAppAccessToken", { body: creds(platform) });
    expect(good.status).toBe(200);
    expect(good.json.expires_in).toBe("7200");
    expect(platform.stats()).toMatchObject({ tokenCalls: 2, tokenFailures: 1 });
  });
});

describe("REST authentication", () => {
  it("answers 11241 without a token, 11243 for another scheme, 11244 for an unknown token, with trace ids", async () => {
    platform = await startSimulatedPlatform();
    const missing = await http(platform.apiBase, "GET", "/gateway");
    expect(missing.status).toBe(401);
    expect(missing.json.code).toBe(11241);
    const scheme = await http(platform.apiBase, "GET", "/gateway", { headers: { authorization: "Bearer abc" } });
    expect(scheme.status).toBe(401);
    expect(scheme.json.code).toBe(11243);
    const unknown = await http(platform.apiBase, "GET", "/gateway", { token: "never-issued-token-0123456789" });
    expect(unknown.status).toBe(401);
    expect(unknown.json.code).toBe(11244);
    for (const answer of [missing, scheme, unknown]) {
      const trace = answer.headers["x-tps-trace-id"];
      expect(trace).toMatch(/^[0-9a-f]{32}$/);
      expect(answer.json).toMatchObject({ err_code: answer.json.code, trace_id: trace });
      expect(answer.json.message.length).toBeGreaterThan(0);
    }
    expect(platform.stats().gatewayCalls).toBe(0);
    expect(platform.requests.map((r) => r.status)).toEqual([401, 401, 401]);
  });

  it("records requests with the Authorization value redacted", async () => {
    platform = await startSimulatedPlatform();
    const token = (await http(platform.apiBase, "POST", "/app/getAppAccessToken", { body: creds(platform) })).json.access_token as string;
    await http(platform.apiBase, "GET", "/gateway?probe=1", { token });
    const rec = platform.requests[1];
    expect(rec).toMatchObject({ method: "GET", path: "/gateway", query: { probe: "1" }, status: 200 });
    expect(rec?.headers.authorization).toBe("QQBot ***");
    expect(JSON.stringify(platform.requests)).not.toContain(token);
  });

  it("rejects an X-Union-Appid of another app with 11251", async () => {
    platform = await startSimulatedPlatform();
    const token = (await http(platform.apiBase, "POST", "/app/getAppAccessToken", { body: creds(platform) })).json.access_token as string;
    const ok = await http(platform.apiBase, "GET", "/gateway", { token, headers: { "x-union-appid": platform.appId } });
    expect(ok.status).toBe(200);
    const other = await http(platform.apiBase, "GET", "/gateway", { token, headers: { "x-union-appid": "999" } });
    expect(other.status).toBe(401);
    expect(other.json.code).toBe(11251);
  });
});
