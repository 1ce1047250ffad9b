/**
 * Reading the token endpoint's answer (PROTOCOL.md Part B §1, A8): a token and its lifetime,
 * or exactly why not, as the error its caller must act on:
 *
 * | answer                                                        | error                                  |
 * |---------------------------------------------------------------|----------------------------------------|
 * | "too many requests" (code 100001, HTTP 429, "频率限制")          | `TokenRateLimitedError` (cool down)    |
 * | code 11298 (this server's IP is not on the allow list)        | `QQAccessRefusedError` `IP_NOT_ALLOWED` |
 * | any other nonzero `code` (wrong app id or secret)             | `QQAuthError` (fatal for the gateway)  |
 * | 5xx, empty, non-JSON, unusable `expires_in`                   | `QQApiError` (retried)                 |
 */
import { QQAccessRefusedError, QQApiError, QQAuthError, TokenRateLimitedError } from "../errors.js";
import type { AccessTokenResponse } from "../protocol/payloads.js";
import { apiErrorFrom } from "./api-error.js";
import { isRateLimit } from "./rate-limit.js";
import type { HttpResponse } from "./types.js";

/** `code` of the `QQApiError` raised for a token response that cannot be used (empty, non-JSON, bad `expires_in`). */
export const TOKEN_BAD_RESPONSE = "QQBOT_TOKEN_BAD_RESPONSE";

/** A token as the endpoint gave it. */
export interface FetchedToken {
  token: string;
  /** `expires_in` as a number of seconds (not yet clamped). */
  expiresInSec: number;
}

/** What {@link parseTokenResponse} needs besides the response. */
export interface TokenResponseContext {
  method: string;
  path: string;
  secrets: readonly string[];
  /** How long the endpoint stays off-limits after a rate limit. */
  rateLimitCooldownMs: number;
}

/** The token, or the error that says what went wrong (see the table above). */
export function parseTokenResponse(res: HttpResponse, ctx: TokenResponseContext): FetchedToken {
  const { method, path, secrets } = ctx;
  const label = `${method} ${path}`;
  const bad = (what: string) =>
    new QQApiError(`${label} answered HTTP ${res.status} with ${what}`, { status: res.status, traceId: res.traceId, method, path }, TOKEN_BAD_RESPONSE);
  if (isRateLimit({ status: res.status, text: res.text })) throw rateLimited(res, ctx);
  if (res.status >= 500) throw apiErrorFrom(res, { method, path, secrets });
  if (!res.text.trim()) throw res.status >= 300 ? apiErrorFrom(res, { method, path, secrets }) : bad("an empty body");
  let body: Partial<AccessTokenResponse> & Record<string, unknown>;
  try {
    body = JSON.parse(res.text) as typeof body;
  } catch {
    throw res.status >= 300 ? apiErrorFrom(res, { method, path, secrets }) : bad("a non-JSON body");
  }
  if (typeof body === "object" && body !== null && typeof body.access_token === "string" && body.access_token) {
    const raw = body.expires_in;
    const expiresInSec = typeof raw === "string" && raw.trim() ? Number(raw) : typeof raw === "number" ? raw : NaN;
    if (!Number.isFinite(expiresInSec) || expiresInSec <= 0) {
      throw bad(`an unusable expires_in (${typeof raw === "string" ? JSON.stringify(raw.slice(0, 20)) : String(raw)}); expected a positive number of seconds`);
    }
    return { token: body.access_token, expiresInSec };
  }
  const refused = apiErrorFrom(res, { method, path, secrets });
  if (refused instanceof QQAccessRefusedError) throw refused;
  if (refused.platformCode !== undefined && refused.platformCode !== 0) {
    const hint = "check the appId and clientSecret (QQ_APP_ID / QQ_CLIENT_SECRET)";
    const { status, platformCode, traceId, body: excerpt } = refused;
    throw new QQAuthError(`access token refused: ${refused.message}; ${hint}`, { status, platformCode, traceId, body: excerpt, method, path });
  }
  if (res.status >= 300) throw refused;
  throw bad("no access_token and no error code");
}

function rateLimited(res: HttpResponse, ctx: TokenResponseContext): TokenRateLimitedError {
  const said = apiErrorFrom(res, { method: ctx.method, path: ctx.path, secrets: ctx.secrets });
  const { status, platformCode, traceId, body } = said;
  return new TokenRateLimitedError(
    `the token endpoint is rate limited (${said.message}); it is not called again for ${ctx.rateLimitCooldownMs} ms`,
    ctx.rateLimitCooldownMs,
    { status, platformCode, traceId, body, method: ctx.method, path: ctx.path },
  );
}
