import { describe, expect, it } from "vitest";
import { QQApiError, QQAuthError } from "../../src/errors.js";
import { apiErrorFrom, parseErrorBody } from "../../src/http/api-error.js";
import { parseTokenResponse } from "../../src/http/token-response.js";
import type { HttpResponse } from "../../src/http/types.js";

const res = (status: number, text: string, traceId?: string): HttpResponse => ({ status, headers: {}, text, traceId });
const caught = (run: () => unknown): unknown => {
  try {
    run();
  } catch (err) {
    return err;
  }
  return undefined;
};

describe("apiErrorFrom", () => {
  it("names the request, the status, the platform code, its message and the trace id", () => {
    const body = JSON.stringify({ message: "消息被去重，请检查请求msgseq", code: 40054005, err_code: 40054005, trace_id: "body-trace" });
    const err = apiErrorFrom(res(400, body, "abc123"), { method: "POST", path: "/v2/groups/G/messages" });
    expect(err).toBeInstanceOf(QQApiError);
    expect(err.message).toBe('POST /v2/groups/G/messages failed: HTTP 400, platform code 40054005 "消息被去重，请检查请求msgseq" (trace abc123)');
    expect(err).toMatchObject({ status: 400, platformCode: 40054005, traceId: "abc123", method: "POST", path: "/v2/groups/G/messages" });
    expect(err.body).toBe(body);
  });

  it("takes the trace id from the body when the header is missing, and err_code when code is absent", () => {
    const err = apiErrorFrom(res(401, '{"message":"token not exist","err_code":11244,"trace_id":"t-9"}'), { method: "GET", path: "/gateway" });
    expect(err.platformCode).toBe(11244);
    expect(err.traceId).toBe("t-9");
    expect(err.message).toContain("(trace t-9)");
  });

  it("describes an empty body", () => {
    const err = apiErrorFrom(res(502, ""), { method: "GET", path: "/gateway" });
    expect(err.message).toBe("GET /gateway failed: HTTP 502 with an empty body");
    expect(err.platformCode).toBeUndefined();
    expect(err.body).toBeUndefined();
  });

  it("describes a non-JSON body with an excerpt", () => {
    const html = `<html>\n  <body>Bad gateway</body>${"x".repeat(900)}</html>`;
    const err = apiErrorFrom(res(500, html), { method: "GET", path: "/gateway" });
    expect(err.message).toMatch(/^GET \/gateway failed: HTTP 500 with a non-JSON body: <html> <body>Bad gateway/);
    expect(err.body?.length).toBe(500);
  });

  it("describes JSON without code or message by its body, and a message without code", () => {
    expect(apiErrorFrom(res(404, '{"foo":1}'), { method: "GET", path: "/x" }).message).toBe('GET /x failed: HTTP 404, body {"foo":1}');
    expect(apiErrorFrom(res(429, '{"message":"Too many requests"}'), { method: "GET", path: "/gateway" }).message).toBe(
      'GET /gateway failed: HTTP 429, platform says "Too many requests"',
    );
  });

  it("redacts secrets from the message and the body excerpt", () => {
    const err = apiErrorFrom(res(400, '{"message":"bad secret s3cr3t-value","code":1}'), { method: "POST", path: "/t", secrets: ["s3cr3t-value"] });
    expect(err.message).not.toContain("s3cr3t-value");
    expect(err.body).not.toContain("s3cr3t-value");
    expect(err.message).toContain("[redacted]");
  });

  it("raises QQAuthError for credentials the token endpoint refused", () => {
    const refused = res(200, '{"code":100016,"message":"invalid appid or secret"}');
    const err = caught(() => parseTokenResponse(refused, { method: "POST", path: "/app/getAppAccessToken", secrets: [], rateLimitCooldownMs: 1000 }));
    expect(err).toBeInstanceOf(QQAuthError);
    expect((err as QQAuthError).code).toBe("QQBOT_AUTH_FAILED");
  });
});

describe("parseErrorBody", () => {
  it("prefers a nonzero code, falls back to err_code, accepts numeric strings", () => {
    expect(parseErrorBody('{"code":0,"err_code":"22009"}').platformCode).toBe(22009);
    expect(parseErrorBody('{"code":100001,"err_code":5}').platformCode).toBe(100001);
    expect(parseErrorBody("[1,2]").json).toBe(false);
    expect(parseErrorBody("not json").json).toBe(false);
  });
});
