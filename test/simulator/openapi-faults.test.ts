/**
 * `faults.failRequests`: the next N authenticated OpenAPI calls matching a method and a path
 * get a platform error (a rate limit, a 5xx) or a reset connection, and are recorded; calls
 * that do not match, and the token endpoint, are untouched; `reset()` clears pending failures.
 */
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { PlatformError } from "../../src/testing/index.js";
import { platformFixture } from "./platform-fixture.js";
import { openApi } from "./openapi-support.js";
import { fetchToken } from "./support.js";

const { start } = platformFixture({ identifyWindowMs: 0 });

describe("simulator faults: failRequests", () => {
  it("answers the next N matching calls with the given platform error, then the real answer", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const g = p.guilds.guildId;
    p.faults.failRequests({ method: "GET", path: `/guilds/${g}` }, PlatformError.MSG_LIMIT_EXCEEDED, 2);
    p.faults.failRequests({ path: /\/channels$/ }, { status: 429, code: 20028, message: "ChannelHitWriteRateLimit" });
    expect((await api.call("GET", "/users/@me")).status).toBe(200); // no match
    const first = await api.call("GET", `/guilds/${g}`);
    expect({ status: first.status, code: first.json.code, message: first.json.message }).toEqual({ status: 400, code: 22009, message: "msg limit exceed" });
    expect((await api.call("GET", `/guilds/${g}`)).json.code).toBe(22009);
    expect((await api.call("GET", `/guilds/${g}`)).status).toBe(200);
    expect(await api.call("GET", `/guilds/${g}/channels`)).toMatchObject({ status: 429, json: { code: 20028 } });
    expect((await api.call("GET", `/guilds/${g}/channels`)).status).toBe(200);
    expect(p.requests.filter((r) => r.path === `/guilds/${g}`).map((r) => r.status)).toEqual([400, 400, 200]);
  });

  it("resets the connection without an answer, and leaves the token endpoint alone", async () => {
    const { p, token } = await start();
    p.faults.failRequests({}, "reset", 1);
    await fetchToken(p); // not an OpenAPI call: untouched
    const dropped = request(`${p.apiBase}/guilds/${p.guilds.guildId}`, { headers: { authorization: `QQBot ${token}` } });
    await expect(dropped).rejects.toThrow(/other side closed|socket|reset/i);
    expect(p.requests.at(-1)).toMatchObject({ path: `/guilds/${p.guilds.guildId}`, status: 0 });
    expect((await openApi(p, token).call("GET", `/guilds/${p.guilds.guildId}`)).status).toBe(200);
  });

  it("forgets pending failures on faults.reset()", async () => {
    const { p, token } = await start();
    p.faults.failRequests({ method: "GET" }, PlatformError.INTERNAL, 5);
    expect((await openApi(p, token).call("GET", "/users/@me")).status).toBe(500);
    p.faults.reset();
    expect((await openApi(p, token).call("GET", "/users/@me")).status).toBe(200);
    expect(() => p.faults.failRequests({}, "reset", 0)).toThrow(RangeError);
  });
});
