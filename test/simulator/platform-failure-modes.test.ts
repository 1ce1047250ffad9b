/**
 * The platform's real failure modes (PROTOCOL.md A8) as the simulator models them, driven with
 * plain `ws` and undici: op 9 before the close that refuses intents, the token endpoint's rate
 * limit, the IP allow list (11298), and a /gateway body that echoes the caller's token.
 */
import { describe, expect, it } from "vitest";
import { Intents } from "../../src/protocol/intents.js";
import { platformFixture } from "./platform-fixture.js";
import { http } from "./support.js";

const { start, open } = platformFixture({ identifyWindowMs: 0 });

describe("intents the bot is not granted: op 9, then the close with the code", () => {
  it("an ungranted intent → op 9 d:false, then close 4014", async () => {
    const { p, token } = await start({ permittedIntents: Intents.BASIC });
    const ws = await open(p);
    const answer = await ws.identify(token, Intents.PUBLIC_MESSAGES);
    expect(answer).toEqual({ op: 9, d: false });
    expect(await ws.closed).toEqual({ code: 4014, reason: "intent not permitted" });
    expect(p.stats().sessionsCreated).toBe(0);
  });

  it("an intent bit nobody documents → op 9 d:false, then close 4013", async () => {
    const { p, token } = await start();
    const ws = await open(p);
    expect(await ws.identify(token, 1 << 5)).toEqual({ op: 9, d: false });
    expect((await ws.closed).code).toBe(4013);
  });

  it("faults.invalidSession(false, 4914): op 9, then the close code given (a bot taken offline)", async () => {
    const { p, token } = await start();
    const ws = await open(p);
    await ws.identify(token, Intents.GROUP_AND_C2C_EVENT);
    p.faults.invalidSession(false, 4914);
    expect(await ws.next()).toEqual({ op: 9, d: false });
    expect((await ws.closed).code).toBe(4914);
    expect(() => p.faults.invalidSession(false, 99)).toThrow(RangeError);
  });
});

describe("the token endpoint's rate limit (code 100001)", () => {
  it("as HTTP 200 and as HTTP 429, each once, then tokens again", async () => {
    const { p } = await start();
    p.faults.tokenFailure("rate-limit");
    p.faults.tokenFailure("rate-limit-429");
    const body = { appId: p.appId, clientSecret: p.clientSecret };
    const first = await http(p.apiBase, "POST", "/app/getAppAccessToken", { body });
    expect([first.status, first.json]).toEqual([200, { code: 100001, message: "Too many requests" }]);
    const second = await http(p.apiBase, "POST", "/app/getAppAccessToken", { body });
    expect([second.status, second.json]).toEqual([429, { code: 100001, message: "Too many requests" }]);
    const third = await http(p.apiBase, "POST", "/app/getAppAccessToken", { body });
    expect(third.status).toBe(200);
    expect(typeof third.json.access_token).toBe("string");
  });
});

describe("the IP allow list (11298)", () => {
  it("refuseIp(2): the next two OpenAPI calls get 401 code 11298, then calls pass", async () => {
    const { p, token } = await start();
    p.faults.refuseIp(2);
    for (const path of ["/gateway", "/users/@me"]) {
      const refused = await http(p.apiBase, "GET", path, { token });
      expect(refused.status).toBe(401);
      expect(refused.json).toMatchObject({ code: 11298, err_code: 11298, message: "接口访问源IP不在白名单" });
    }
    expect((await http(p.apiBase, "GET", "/gateway", { token })).status).toBe(200);
  });
});

describe("a /gateway body that echoes the caller's token", () => {
  it("gatewayResponse('echo-token'): 200 without a url, the bare token in the body", async () => {
    const { p, token } = await start();
    p.faults.gatewayResponse("echo-token");
    const res = await http(p.apiBase, "GET", "/gateway", { token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ message: "gateway unavailable", access_token: token });
  });
});
