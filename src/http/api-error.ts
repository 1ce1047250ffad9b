/**
 * Non-2xx platform answers → `QQApiError` (or `QQAccessRefusedError` for code 11298) with the platform's code,
 * trace id, a redacted body excerpt and a message a person can act on.
 */
import { QQAccessRefusedError, QQApiError, redact } from "../errors.js";
import type { PlatformErrorBody } from "../protocol/payloads.js";
import { apiErrorCodeOf } from "./platform-codes.js";
import type { HttpResponse } from "./types.js";

/** Platform code of "接口访问源IP不在白名单": this server's IP is not on the bot's allow list (HTTP 401). */
export const IP_NOT_ALLOWED_CODE = 11298;

/** What to do about {@link IP_NOT_ALLOWED_CODE}. */
const IP_NOT_ALLOWED_FIX =
  "the platform refused this server's IP address (11298: not on the IP allow list); add the server's public IP to the " +
  "bot's IP allow list (QQ bot console → 开发设置 → IP白名单; behind NAT or a proxy, the address the platform sees), " +
  "or use the sandbox while testing. Retrying will not help";

/** Longest body excerpt kept on an error. */
export const BODY_EXCERPT_CHARS = 500;

/** What {@link apiErrorFrom} needs besides the response. */
export interface ApiErrorContext {
  method: string;
  /** Request path, e.g. `/v2/groups/G/messages`. */
  path: string;
  secrets?: readonly (string | undefined)[] | undefined;
  /**
   * Give the error its stable `code` (`RATE_LIMITED`, `NOT_FOUND` …: `apiErrorCodeOf`) instead of the
   * generic `QQBOT_API_ERROR`; an IP refusal keeps `IP_NOT_ALLOWED`.
   */
  stableCode?: boolean | undefined;
}

/** What a platform error body says, as far as it can be read. */
export interface ParsedErrorBody {
  /** `true` when the body is a JSON object. */
  json: boolean;
  platformCode: number | undefined;
  message: string | undefined;
  traceId: string | undefined;
}

function asCode(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

/**
 * Read `code`/`err_code`, `message` and `trace_id` from a body, tolerating anything.
 * A nonzero `code` wins over `err_code` (both are usually equal; `code` is being deprecated).
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { json: false, platformCode: undefined, message: undefined, traceId: undefined };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { json: false, platformCode: undefined, message: undefined, traceId: undefined };
  }
  const body = value as PlatformErrorBody & Record<string, unknown>;
  const code = asCode(body.code);
  const errCode = asCode(body.err_code);
  const platformCode = code !== undefined && code !== 0 ? code : (errCode ?? code);
  const message = typeof body.message === "string" && body.message.trim() ? body.message.trim() : undefined;
  const traceId = typeof body.trace_id === "string" && body.trace_id ? body.trace_id : undefined;
  return { json: true, platformCode, message, traceId };
}

/** One line, at most `max` characters, with an ellipsis when cut. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Build the error for a non-2xx response. Never throws, never returns an empty message,
 * never includes a secret.
 */
export function apiErrorFrom(response: HttpResponse, context: ApiErrorContext): QQApiError {
  const secrets = context.secrets ?? [];
  const parsed = response.text.trim() ? parseErrorBody(response.text) : undefined;
  const traceId = response.traceId ?? parsed?.traceId;
  const excerpt = response.text ? redact(response.text, secrets).slice(0, BODY_EXCERPT_CHARS) : undefined;
  let detail: string;
  if (!parsed) detail = " with an empty body";
  else if (!parsed.json) detail = ` with a non-JSON body: ${oneLine(excerpt ?? "", 120)}`;
  else {
    const said = parsed.message !== undefined ? JSON.stringify(oneLine(redact(parsed.message, secrets), 200)) : undefined;
    if (parsed.platformCode !== undefined) detail = `, platform code ${parsed.platformCode}${said ? ` ${said}` : ""}`;
    else if (said) detail = `, platform says ${said}`;
    else detail = `, body ${oneLine(excerpt ?? "", 120)}`;
  }
  const trace = traceId ? ` (trace ${traceId})` : "";
  const message = redact(`${context.method} ${context.path} failed: HTTP ${response.status}${detail}${trace}`, secrets);
  const fields = {
    status: response.status,
    platformCode: parsed?.platformCode,
    traceId,
    body: excerpt,
    method: context.method,
    path: context.path,
  };
  if (fields.platformCode === IP_NOT_ALLOWED_CODE) return new QQAccessRefusedError(`${message}: ${IP_NOT_ALLOWED_FIX}`, fields);
  return context.stableCode ? new QQApiError(message, fields, apiErrorCodeOf(fields.platformCode, response.status)) : new QQApiError(message, fields);
}
