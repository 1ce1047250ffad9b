/**
 * The platform-code table: documented codes map to their stable code, unknown codes fall back on
 * the HTTP status, and the REST client gives plain `QQApiError`s the stable code while
 * subclasses (refused credentials) keep theirs.
 */
import { describe, expect, it } from "vitest";
import { QQApiError, QQAuthError } from "../../src/errors.js";
import { apiErrorCodeOf, PLATFORM_CODE_TABLE } from "../../src/http/platform-codes.js";
import { isRateLimit } from "../../src/http/rate-limit.js";
import { withStableCode } from "../../src/http/rest-client.js";

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

describe("withStableCode", () => {
  it("gives a plain QQApiError its stable code, keeping every field", () => {
    const err = withStableCode(new QQApiError("GET /x failed", { status: 404, platformCode: 10003, traceId: "t", body: "{}", method: "GET", path: "/x" }));
    expect(err).toMatchObject({ code: "NOT_FOUND", status: 404, platformCode: 10003, traceId: "t", body: "{}", method: "GET", path: "/x", message: "GET /x failed" });
  });

  it("leaves subclasses and already-coded errors alone", () => {
    const auth = new QQAuthError("refused", { status: 401, platformCode: 11244 });
    expect(withStableCode(auth)).toBe(auth);
    const coded = new QQApiError("x", { status: 400 }, "SOMETHING");
    expect(withStableCode(coded)).toBe(coded);
  });
});
