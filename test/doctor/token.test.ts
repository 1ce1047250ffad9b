/**
 * The doctor's `credentials` and `token` verdicts against the simulated platform: a token, a
 * wrong secret (100016), an unknown app id (100007), the token endpoint's rate limit (100001,
 * as HTTP 200 and 429), no answer; and the IP allow list (11298) from a loopback token server,
 * with and without the address named. Every later check is skipped without a token.
 */
import { describe, expect, it } from "vitest";
import { closeServers, serve } from "../helpers/loopback-server.js";
import { afterEach } from "vitest";
import { diagnose, platform, SECRET, statuses } from "./support.js";

afterEach(closeServers);

const AFTER_TOKEN = ["gateway:skip", "gateway-bot:skip", "identify:skip", "environment:skip", "webhook:skip"];

describe("doctor: credentials", () => {
  it("fails without an app id or a secret, names the variables, and skips everything else without a call", async () => {
    const p = await platform();
    const d = await diagnose(p, { appId: "", clientSecret: "" });
    expect(d.by.credentials).toMatchObject({ status: "fail", detail: "no app id and no secret given" });
    expect(d.by.credentials.fix).toContain("QQ_APP_ID (--app-id) and QQ_CLIENT_SECRET");
    expect(statuses(d)).toEqual(["credentials:fail", "token:skip", ...AFTER_TOKEN]);
    expect(p.stats().tokenCalls).toBe(0);
    expect(d.summary).toMatchObject({ ok: false, fail: 1, skip: 6 });
  });

  it("warns when the secret came from --secret (shell history), and when the app id is not a number", async () => {
    const p = await platform();
    const flag = await diagnose(p, { secretSource: "flag" });
    expect(flag.by.credentials).toMatchObject({ status: "warn", detail: `app id ${p.appId}; secret from --secret` });
    expect(flag.by.credentials.fix).toContain("shell history");
    expect(flag.summary.ok).toBe(true); // a warning does not fail the run
    const named = await diagnose(p, { appId: "my-bot" });
    expect(named.by.credentials).toMatchObject({ status: "warn" });
    expect(named.by.credentials.fix).toContain("AppIDs are numbers");
  });
});

describe("doctor: token", () => {
  it("passes with the token's lifetime, never the token", async () => {
    const p = await platform();
    const d = await diagnose(p);
    expect(d.by.token).toEqual({ check: "token", status: "pass", detail: `an access token from ${new URL(p.tokenUrl).host}, valid for 7200 s` });
    expect(p.stats().tokenCalls).toBe(1);
  });

  it("wrong secret: the platform's 100016, the fix names the AppSecret; nothing after it runs", async () => {
    const p = await platform();
    const d = await diagnose(p, { clientSecret: "not-the-secret-at-all" });
    expect(d.by.token.status).toBe("fail");
    expect(d.by.token.detail).toMatch(/answered HTTP 400, code 100016 "invalid appid or secret" \(trace \w+\): the secret is wrong for app id 102000001$/);
    expect(d.by.token.fix).toContain("AppSecret");
    expect(statuses(d).slice(2)).toEqual(AFTER_TOKEN);
    expect(d.text).not.toContain("not-the-secret-at-all");
    expect(p.stats().gatewayCalls + p.stats().gatewayBotCalls + p.stats().connections).toBe(0);
  });

  it("unknown app id: the platform's 100007, the fix names the AppID", async () => {
    const p = await platform();
    const d = await diagnose(p, { appId: "102999999" });
    expect(d.by.token.detail).toMatch(/code 100007 "appid invalid" \(trace \w+\): the platform does not know app id 102999999$/);
    expect(d.by.token.fix).toContain("AppID");
  });

  it.each(["rate-limit", "rate-limit-429"] as const)("the token endpoint's rate limit (%s): 100001 and what is fetching too often", async (kind) => {
    const p = await platform();
    p.faults.tokenFailure(kind);
    const d = await diagnose(p);
    expect(d.by.token.status).toBe("fail");
    expect(d.by.token.detail).toMatch(new RegExp(`answered HTTP ${kind === "rate-limit" ? 200 : 429}, code 100001 "Too many requests" \\(trace \\w+\\): rate limited$`));
    expect(d.by.token.fix).toContain("another process");
    expect(p.stats().tokenCalls).toBe(1); // one attempt, no retry
  });

  it("any other refusal of the credentials (a nonzero code on HTTP 200)", async () => {
    const p = await platform();
    p.faults.tokenFailure("wrong-code");
    const d = await diagnose(p);
    expect(d.by.token.detail).toMatch(/code 100010 "系统繁忙，请稍后重试" \(trace \w+\): the credentials were refused$/);
  });

  it("no answer: the network verdict", async () => {
    const p = await platform();
    const gone = await serve(() => undefined);
    await new Promise<void>((resolve) => gone.server.close(() => resolve()));
    const d = await diagnose(p, { tokenUrl: `${gone.url}/app/getAppAccessToken` });
    expect(d.by.token.detail).toMatch(/^POST \/app\/getAppAccessToken \(127\.0\.0\.1:\d+\): no answer \(.*ECONNREFUSED/);
    expect(d.by.token.fix).toContain("proxy");
  });
});

describe("doctor: the IP allow list at the token endpoint (11298)", () => {
  const refusing = (message: string) =>
    serve((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ message, code: 11298, err_code: 40023002, trace_id: "t-1" }));
    });

  it("the address the platform saw, when its message names one", async () => {
    const p = await platform();
    const srv = await refusing("接口访问源IP不在白名单, 来源IP: 203.0.113.7");
    const d = await diagnose(p, { tokenUrl: `${srv.url}/app/getAppAccessToken` });
    expect(d.by.token.status).toBe("fail");
    expect(d.by.token.detail).toContain("this server's IP address is not on the bot's IP allow list; the platform saw 203.0.113.7");
    expect(d.by.token.fix).toMatch(/^add 203\.0\.113\.7 to the bot's IP allow list/);
  });

  it("says so when the message names none (the real platform's), and how to find the public address", async () => {
    const p = await platform();
    const srv = await refusing("接口访问源IP不在白名单");
    const d = await diagnose(p, { tokenUrl: `${srv.url}/app/getAppAccessToken` });
    expect(d.by.token.detail).toContain("the platform did not say which address it saw");
    expect(d.by.token.fix).toContain("curl -s https://ifconfig.me");
    expect(d.text).not.toContain(SECRET);
  });
});
