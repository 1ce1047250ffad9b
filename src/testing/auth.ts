/**
 * REST authentication as the OpenAPI checks it: `Authorization: QQBot <access_token>`,
 * and, when sent, `X-Union-Appid` naming this app.
 *
 * | request                               | answer            |
 * |---------------------------------------|-------------------|
 * | no Authorization                      | 401, code 11241   |
 * | other scheme / empty token            | 401, code 11243   |
 * | token never issued, or expired        | 401, code 11244   |
 * | X-Union-Appid of another app          | 401, code 11251   |
 * | `faults.refuseIp()` pending (production only) | 401, code 11298 |
 */
import type { IncomingHttpHeaders } from "node:http";
import type { PlatformContext } from "./context.js";
import { PlatformError, PlatformHttpError } from "./platform-errors.js";

/** Throw the platform's 401 unless the request carries a valid token. The IP allow list applies outside the sandbox only. */
export function authenticate(headers: IncomingHttpHeaders, ctx: PlatformContext, sandbox = false): void {
  if (!sandbox && ctx.faults.refuseIp.take()) throw new PlatformHttpError(PlatformError.IP_NOT_ALLOWED);
  const header = headers.authorization;
  if (!header) throw new PlatformHttpError(PlatformError.TOKEN_MISSING);
  const m = /^QQBot\s+(\S+)\s*$/i.exec(header);
  if (!m?.[1]) throw new PlatformHttpError(PlatformError.TOKEN_INVALID);
  if (ctx.tokens.check(m[1]) !== "valid") throw new PlatformHttpError(PlatformError.TOKEN_EXPIRED);
  const appid = headers["x-union-appid"];
  if (typeof appid === "string" && appid !== ctx.options.appId) throw new PlatformHttpError(PlatformError.APPID_MISMATCH);
}

/** Headers as recorded: lower-case names, joined values, Authorization redacted. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(", ") : value;
    out[name.toLowerCase()] = name.toLowerCase() === "authorization" ? redactAuthorization(text) : text;
  }
  return out;
}

function redactAuthorization(value: string): string {
  const scheme = /^(\S+)\s+\S/.exec(value)?.[1];
  return scheme ? `${scheme} ***` : "***";
}
