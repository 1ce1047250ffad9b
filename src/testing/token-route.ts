/**
 * `POST /app/getAppAccessToken` (bots.qq.com in production): JSON `{appId, clientSecret}` →
 * `{"access_token": "…", "expires_in": "7200"}` with `expires_in` a string of the seconds
 * left. A body that is not JSON (or not sent as `application/json`) or an unknown appId →
 * HTTP 400 `{"code":100007,"message":"appid invalid"}`; a wrong secret → HTTP 400
 * `{"code":100016,"message":"invalid appid or secret"}`. Token-endpoint errors carry only
 * `{code, message}`, as that service answers.
 */
import type { PlatformContext } from "./context.js";
import type { TokenFailureFault } from "./faults.js";
import { PlatformError, type PlatformErrorSpec } from "./platform-errors.js";
import type { Route, RouteReply } from "./rest-router.js";

/** Path of the token endpoint. */
export const TOKEN_PATH = "/app/getAppAccessToken";

function faultReply(kind: TokenFailureFault): RouteReply {
  switch (kind) {
    case "500":
      return { status: 500, json: { code: PlatformError.INTERNAL.code, message: PlatformError.INTERNAL.message } };
    case "empty":
      return { status: 200, text: "", contentType: "application/json" };
    case "bad-json":
      return { status: 200, text: '{"access_token": "', contentType: "application/json" };
    case "wrong-code":
      return { status: 200, json: { code: 100010, message: "系统繁忙，请稍后重试" } };
    case "rate-limit":
      return { status: 200, json: { code: PlatformError.TOKEN_RATE_LIMITED.code, message: PlatformError.TOKEN_RATE_LIMITED.message } };
    case "rate-limit-429":
      return { status: 429, json: { code: PlatformError.TOKEN_RATE_LIMITED.code, message: PlatformError.TOKEN_RATE_LIMITED.message } };
  }
}

/** The token endpoint route. */
export function tokenRoute(ctx: PlatformContext): Route {
  const reject = (spec: PlatformErrorSpec): RouteReply => {
    ctx.stats.tokenFailures += 1;
    return { status: spec.status, json: { code: spec.code, message: spec.message } };
  };
  return {
    method: "POST",
    path: TOKEN_PATH,
    auth: false,
    handle: (req) => {
      ctx.stats.tokenCalls += 1;
      const fault = ctx.faults.tokenFailure.take();
      if (fault) {
        ctx.stats.tokenFailures += 1;
        return faultReply(fault);
      }
      if (!/application\/json/i.test(String(req.headers["content-type"] ?? ""))) return reject(PlatformError.TOKEN_APPID_INVALID);
      let body: unknown;
      try {
        body = JSON.parse(req.rawBody);
      } catch {
        return reject(PlatformError.TOKEN_APPID_INVALID);
      }
      const fields = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
      const appId = typeof fields.appId === "string" || typeof fields.appId === "number" ? String(fields.appId) : "";
      if (appId !== ctx.options.appId) return reject(PlatformError.TOKEN_APPID_INVALID);
      if (fields.clientSecret !== ctx.options.clientSecret) return reject(PlatformError.TOKEN_SECRET_INVALID);
      const issued = ctx.tokens.issue();
      return { status: 200, json: { access_token: issued.token, expires_in: String(issued.expiresInSec) } };
    },
  };
}
