/**
 * Rate-limit detection (PROTOCOL.md A2), shared by the gateway URL source, the REST client
 * and the senders. Pure: looks at an error or a response-like value, never does I/O.
 *
 * Rate limited = any of:
 * - a {@link GatewayRateLimitedError};
 * - HTTP status 429;
 * - a message or body (any status) containing "频率限制" or "Too many requests";
 * - platform code 100001, 22009 or 20028 (`platformCode`, a numeric `code`/`err_code`, or one in a JSON body).
 */
import { GatewayRateLimitedError } from "../errors.js";

/** Platform codes that mean "too many calls" (PROTOCOL.md A2, §7: 20028 is the channel write limit). */
export const RATE_LIMIT_PLATFORM_CODES: readonly number[] = [100001, 22009, 20028];

/** Text fragments that mean "too many calls" in a message or a body. */
const RATE_LIMIT_TEXT = [/频率限制/, /too many requests/i, new RegExp(`"(?:err_)?code"\\s*:\\s*(?:${RATE_LIMIT_PLATFORM_CODES.join("|")})\\b`)];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function textSaysRateLimit(text: unknown): boolean {
  return typeof text === "string" && RATE_LIMIT_TEXT.some((re) => re.test(text));
}

function codeSaysRateLimit(code: unknown): boolean {
  return typeof code === "number" && RATE_LIMIT_PLATFORM_CODES.includes(code);
}

/**
 * Whether `err` (an error, an HTTP response `{ status, text }` or a platform error body
 * `{ code, message }`) says the caller is rate limited.
 */
export function isRateLimit(err: unknown): boolean {
  if (err instanceof GatewayRateLimitedError) return true;
  if (!isRecord(err)) return textSaysRateLimit(err);
  if (err["status"] === 429) return true;
  if (codeSaysRateLimit(err["platformCode"]) || codeSaysRateLimit(err["code"]) || codeSaysRateLimit(err["err_code"])) {
    return true;
  }
  return ["message", "body", "text"].some((key) => textSaysRateLimit(err[key]));
}
