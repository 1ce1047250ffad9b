/**
 * The platform-code table: documented codes map to their stable code, unknown codes fall back on
 * the HTTP status, and `apiErrorFrom` (asked by the REST client) gives plain `QQApiError`s the
 * stable code while the IP refusal keeps its own.
 */
import { describe, expect, it } from "vitest";
import { QQAccessRefusedError, QQApiError } from "../../src/errors.js";
import { apiErrorFrom } from "../../src/http/api-error.js";
import { apiErrorCodeOf, PLATFORM_CODE_TABLE } from "../../src/http/platform-codes.js";
import { isRateLimit } from "../../src/http/rate-limit.js";
import type { HttpResponse } from "../../src/http/types.js";

describe("apiErrorCodeOf", () => {
  it.each([
    [22009, 400, "RATE_LIMITED"], [20028, 429, "RATE_LIMITED"], [100001, 400, "RATE_LIMITED"], [11244, 401, "TOKEN_REJECTED"],
    [11298, 401, "IP_NOT_ALLOWED"], [11251, 401, "APP_ID_INVALID"], [11282, 403, "NO_PERMISSION"], [11265, 403, "BOT_BANNED"],
    [10004, 404, "NOT_FOUND"], [306002, 400, "NOT_FOUND"], [12002, 400, "INVALID_REQUEST"], [620003, 400, "CONFLICT"],
    [501013, 400, "QUOTA_EXCEEDED"], [306011, 400, "RECALL_EXPIRED"], [304025, 400, "CONTENT_REFUSED"], [304023, 200, "AUDIT_PENDING"],
    [11242, 500, "SERVER_ERROR"],
  ] as const)("platform code %i (HTTP %i) → %s", (platformCode, status, code) => {
    expect(apiErrorCodeOf(platformCode, status)).toBe(code);
  });

  it.each([
    [429, "RATE_LIMITED"], [401, "TOKEN_REJECTED"], [403, "NO_PERMISSION"], [404, "NOT_FOUND"], [405, "METHOD_NOT_ALLOWED"],
    [400, "INVALID_REQUEST"], [413, "INVALID_REQUEST"], [500, "SERVER_ERROR"], [504, "SERVER_ERROR"], [302, "QQBOT_API_ERROR"],
  ] as const)("an unknown code at HTTP %i → %s", (status, code) => {
    expect(apiErrorCodeOf(undefined, status)).toBe(code);
    expect(apiErrorCodeOf(40034999, status)).toBe(code);
  });

  it("lists each platform code once, and every code the rate-limit detection knows is RATE_LIMITED", () => {
    expect(PLATFORM_CODE_TABLE.size).toBeGreaterThan(100);
    for (const [platformCode, code] of PLATFORM_CODE_TABLE) {
      if (isRateLimit({ platformCode })) expect(code).toBe("RATE_LIMITED");
    }
  });
});

describe("apiErrorFrom with stableCode", () => {
  const res = (status: number, text: string, traceId?: string): HttpResponse => ({ status, headers: {}, text, traceId });

  it("gives a plain QQApiError its stable code, keeping every field", () => {
    const answer = res(404, '{"code":10003}', "t");
    const err = apiErrorFrom(answer, { method: "GET", path: "/x", stableCode: true });
    const plain = apiErrorFrom(answer, { method: "GET", path: "/x" });
    expect(err.constructor).toBe(QQApiError);
    expect(err).toMatchObject({ code: "NOT_FOUND", status: 404, platformCode: 10003, traceId: "t", body: '{"code":10003}', method: "GET", path: "/x", message: plain.message });
  });

  it("leaves the IP refusal its own code, and the generic code where there is no stable one", () => {
    const refused = apiErrorFrom(res(401, '{"code":11298}'), { method: "GET", path: "/x", stableCode: true });
    expect(refused).toBeInstanceOf(QQAccessRefusedError);
    expect(refused.code).toBe("IP_NOT_ALLOWED");
    expect(apiErrorFrom(res(302, ""), { method: "GET", path: "/x", stableCode: true }).code).toBe("QQBOT_API_ERROR");
    expect(apiErrorFrom(res(404, '{"code":10003}'), { method: "GET", path: "/x" }).code).toBe("QQBOT_API_ERROR");
  });
});
