/**
 * The platform's REST error codes → the stable string `code` of the `QQApiError` a call
 * rejects with, so users switch on a few names instead of hundreds of numbers. One table for
 * every endpoint; the platform code stays on the error as `platformCode`.
 *
 * Codes from the docs' error table (tencent-connect/bot-docs docs/develop/api-v2/dev-prepare/
 * error-trace/openapi.md) and PROTOCOL.md Part B §7; a code not listed falls back on the HTTP
 * status (429 → RATE_LIMITED, 404 → NOT_FOUND, 5xx → SERVER_ERROR …).
 */

/**
 * Why a REST call failed, as a stable string (`QQApiError.code`):
 * - `RATE_LIMITED` — too many calls (HTTP 429; 22009, 20028, 100001, 620006, 610013, 1100308); retried first.
 * - `TOKEN_REJECTED` — the access token was refused even after a fresh one (11241, 11243, 11244; other 401s).
 * - `IP_NOT_ALLOWED` — this server's IP is not on the bot's allow list (11298); no retry helps.
 * - `APP_ID_INVALID` — the app id is wrong or missing (11251, 11261, 11275).
 * - `NO_PERMISSION` — the bot may not do this here: not granted, not an admin, not in the guild (403; 11253, 11254, 11262, 11264, 11274, 11282 …).
 * - `BOT_BANNED` — the bot is banned (11265).
 * - `NOT_FOUND` — the guild, channel, user, message, schedule or thread does not exist (404; 10001, 10003, 10004, 306002, 501008 …).
 * - `INVALID_REQUEST` — a parameter or body field is wrong (400 without a more precise code; 12002, 50035, 301000 …).
 * - `CONFLICT` — already done (620003 already reacted, 610010 already granted).
 * - `QUOTA_EXCEEDED` — a count limit (20 pins, reaction kinds, 10 schedules a day, 3 recommended channels …).
 * - `RECALL_EXPIRED` — the message is past its recall window (306011; C2C and group: 2 minutes).
 * - `CONTENT_REFUSED` — the platform's content security refused it (304025, 1100101, 302020 …).
 * - `AUDIT_PENDING` — accepted, waiting for manual audit (304023, 304024).
 * - `METHOD_NOT_ALLOWED` — HTTP 405.
 * - `SERVER_ERROR` — the platform failed (5xx; 11242, 11252, 11263, 11281 "system error, retry once").
 * - `QQBOT_API_ERROR` — anything else.
 */
export type ApiErrorCode =
  | "RATE_LIMITED"
  | "TOKEN_REJECTED"
  | "IP_NOT_ALLOWED"
  | "APP_ID_INVALID"
  | "NO_PERMISSION"
  | "BOT_BANNED"
  | "NOT_FOUND"
  | "INVALID_REQUEST"
  | "CONFLICT"
  | "QUOTA_EXCEEDED"
  | "RECALL_EXPIRED"
  | "CONTENT_REFUSED"
  | "AUDIT_PENDING"
  | "METHOD_NOT_ALLOWED"
  | "SERVER_ERROR"
  | "QQBOT_API_ERROR";

/** Platform codes by the stable code they become. */
const BY_CODE: Readonly<Record<Exclude<ApiErrorCode, "METHOD_NOT_ALLOWED" | "QQBOT_API_ERROR">, readonly number[]>> = {
  RATE_LIMITED: [22009, 20028, 100001, 620006, 610013, 1100308, 304052],
  TOKEN_REJECTED: [11241, 11243, 11244],
  IP_NOT_ALLOWED: [11298],
  APP_ID_INVALID: [11251, 11261, 11275],
  NO_PERMISSION: [11253, 11254, 11262, 11264, 11273, 11274, 11282, 301006, 306004, 306008, 501017, 610007, 620005, 1100301, 1100306],
  BOT_BANNED: [11265],
  NOT_FOUND: [10001, 10003, 10004, 50039, 306002, 501008, 302011, 503012, 620004],
  INVALID_REQUEST: [
    12002, 50035, 50048, 301000, 302000, 302008, 302015, 302016, 302017, 302018, 306001, 501001, 501005, 501009, 501018, 501019,
    502001, 502002, 502003, 502004, 502005, 502006, 502007, 503005, 503006, 503007, 503009, 504001, 610008, 620001, 630001,
  ],
  CONFLICT: [620003, 610010],
  QUOTA_EXCEEDED: [301004, 301007, 302012, 302014, 302021, 304019, 304020, 501013, 501016, 503004, 620002],
  RECALL_EXPIRED: [306011],
  CONTENT_REFUSED: [304025, 302013, 302020, 501014, 502009, 1100101, 1100103, 3300006],
  AUDIT_PENDING: [304023, 304024],
  SERVER_ERROR: [11242, 11252, 11263, 11281, 12003, 306003, 306005, 306010],
};

/** Platform code → stable code. */
export const PLATFORM_CODE_TABLE: ReadonlyMap<number, ApiErrorCode> = new Map(
  Object.entries(BY_CODE).flatMap(([code, numbers]) => numbers.map((n) => [n, code as ApiErrorCode] as const)),
);

/** The stable code for an HTTP status alone (no known platform code). */
function byStatus(status: number): ApiErrorCode {
  if (status === 429) return "RATE_LIMITED";
  if (status === 401) return "TOKEN_REJECTED";
  if (status === 403) return "NO_PERMISSION";
  if (status === 404) return "NOT_FOUND";
  if (status === 405) return "METHOD_NOT_ALLOWED";
  if (status === 400 || status === 413 || status === 422) return "INVALID_REQUEST";
  if (status >= 500) return "SERVER_ERROR";
  return "QQBOT_API_ERROR";
}

/**
 * The stable code of a failed call: its platform code when the table knows it, otherwise
 * its HTTP status.
 */
export function apiErrorCodeOf(platformCode: number | undefined, status: number): ApiErrorCode {
  return (platformCode === undefined ? undefined : PLATFORM_CODE_TABLE.get(platformCode)) ?? byStatus(status);
}
