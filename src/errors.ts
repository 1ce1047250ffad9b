/**
 * The errors qqbot-rx raises: one base class, stable string `code`s, structured fields,
 * `cause` kept. Messages are never empty and never contain a secret. (One more lives beside
 * the lock it belongs to: `StoreLockTimeoutError`, in `store/lock-wait.ts`.)
 */
import { inspect } from "node:util";

const REDACTED = "[redacted]";

/** Replace every occurrence of each secret (and any `QQBot <token>` credential) with `[redacted]`. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out.replace(/QQBot\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{8,}/g, `QQBot ${REDACTED}`);
}

/** Options every qqbot-rx error takes. */
export interface QQBotErrorOptions {
  /** The underlying error, kept as `err.cause`. */
  cause?: unknown;
}

/** Base class of every qqbot-rx error. `code` is stable; match on it, not on the message. */
export class QQBotError extends Error {
  /** The class name, for logs (`err.name`). */
  override readonly name: string = "QQBotError";
  /** Stable machine-readable code, e.g. `QQBOT_CONFIG_INVALID`: match on it, not on the message. */
  readonly code: string;

  constructor(message: string, code: string, options: QQBotErrorOptions = {}) {
    super(message || code, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** One bad option: where it is and what is wrong with it. */
export interface ConfigProblem {
  /** Dotted path of the option, e.g. `reconnect.gatewayRetryDelaysMs[1]`. */
  field: string;
  /** What is wrong with it, e.g. `must be a non-empty string`. */
  problem: string;
}

/** Options that do not validate. Lists every bad field, not just the first. */
export class QQBotConfigError extends QQBotError {
  /** Always `"QQBotConfigError"`. */
  override readonly name = "QQBotConfigError";
  /** Always `"QQBOT_CONFIG_INVALID"`. */
  override readonly code = "QQBOT_CONFIG_INVALID";
  /** Every bad option, in the order they were checked. */
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(
      `invalid qqbot-rx options: ${problems.map((p) => `${p.field} ${p.problem}`).join("; ")}`,
      "QQBOT_CONFIG_INVALID",
    );
    this.problems = problems;
  }
}

/** Fields of a platform REST error. */
export interface QQApiErrorFields extends QQBotErrorOptions {
  /** HTTP status of the answer. */
  status: number;
  /** The platform's numeric code (`code` or `err_code` of the body), when it sent one. */
  platformCode?: number | undefined;
  /** The platform's trace id, when it sent one. */
  traceId?: string | undefined;
  /** The start of the response body, secrets redacted. */
  body?: string | undefined;
  /** HTTP method of the call. */
  method?: string | undefined;
  /** Path of the call. */
  path?: string | undefined;
}

/** A REST call the platform answered with an error. */
export class QQApiError extends QQBotError {
  /** The class name (`"QQApiError"`, or a subclass's). */
  override readonly name: string = "QQApiError";
  /** HTTP status of the answer. */
  readonly status: number;
  /** The platform's numeric error code (`code` or `err_code` of the body), when it sent one. */
  readonly platformCode: number | undefined;
  /** The platform's trace id (`X-Tps-trace-ID`), to quote to its support. */
  readonly traceId: string | undefined;
  /** The start of the response body, secrets redacted. */
  readonly body: string | undefined;
  /** HTTP method of the failed call. */
  readonly method: string | undefined;
  /** Path of the failed call (no query, no host). */
  readonly path: string | undefined;

  constructor(message: string, fields: QQApiErrorFields, code = "QQBOT_API_ERROR") {
    super(message, code, fields);
    this.status = fields.status;
    this.platformCode = fields.platformCode;
    this.traceId = fields.traceId;
    this.body = fields.body;
    this.method = fields.method;
    this.path = fields.path;
  }
}

/** The token endpoint refused the app's credentials (wrong appId or client secret). */
export class QQAuthError extends QQApiError {
  /** Always `"QQAuthError"`. */
  override readonly name = "QQAuthError";
  constructor(message: string, fields: QQApiErrorFields) {
    super(message, fields, "QQBOT_AUTH_FAILED");
  }
}

/** A request never got an HTTP answer: DNS, refused, reset, timeout. */
export class QQNetworkError extends QQBotError {
  /** Always `"QQNetworkError"`. */
  override readonly name = "QQNetworkError";
  constructor(message: string, options: QQBotErrorOptions = {}) {
    super(message, "QQBOT_NETWORK_ERROR", options);
  }
}

/**
 * The token endpoint answered "too many requests" (platform code 100001, HTTP 429, "频率限制").
 * Never fatal: the token source does not call the endpoint again for `retryAfterMs`, the
 * gateway waits in state `cooling-down`, REST calls are retried like other rate limits.
 */
export class TokenRateLimitedError extends QQApiError {
  /** Always `"TokenRateLimitedError"`. */
  override readonly name = "TokenRateLimitedError";
  /** How long the client waits before it asks the token endpoint again. */
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number, fields: QQApiErrorFields) {
    super(message, fields, "TOKEN_RATE_LIMITED");
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The platform refused the request because of where it came from: platform code 11298
 * ("接口访问源IP不在白名单", HTTP 401). No retry fixes it: add this server's public IP to the
 * bot's IP allow list (QQ bot console → 开发设置 → IP白名单), or use the sandbox while testing.
 */
export class QQAccessRefusedError extends QQApiError {
  /** Always `"QQAccessRefusedError"`. */
  override readonly name = "QQAccessRefusedError";
  /** Always `"IP_NOT_ALLOWED"`. */
  declare readonly code: "IP_NOT_ALLOWED";
  constructor(message: string, fields: QQApiErrorFields) {
    super(message, fields, "IP_NOT_ALLOWED");
  }
}

/** `bot.close()` was called while the request waited: it was cancelled, not sent (or its answer dropped). */
export class QQBotClosedError extends QQBotError {
  /** Always `"QQBotClosedError"`. */
  override readonly name = "QQBotClosedError";
  /** Always `"BOT_CLOSED"`. */
  declare readonly code: "BOT_CLOSED";
  constructor(message = "the bot was closed") {
    super(message, "BOT_CLOSED");
  }
}

/** `GET /gateway` is rate limited and no cached URL can stand in. */
export class GatewayRateLimitedError extends QQBotError {
  /** Always `"GatewayRateLimitedError"`. */
  override readonly name = "GatewayRateLimitedError";
  /** How long the client waits before it calls `/gateway` again. */
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number, options: QQBotErrorOptions = {}) {
    super(message, "GATEWAY_RATE_LIMITED", options);
    this.retryAfterMs = retryAfterMs;
  }
}

/** `GET /gateway` answered with an empty, non-JSON or url-less body. */
export class GatewayResponseError extends QQBotError {
  /** Always `"GatewayResponseError"`. */
  override readonly name = "GatewayResponseError";
  /** HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  constructor(message: string, status?: number, options: QQBotErrorOptions = {}) {
    super(message, "GATEWAY_BAD_RESPONSE", options);
    this.status = status;
  }
}

/** Why the gateway gave up for good. */
export type GatewayFatalCode =
  /** `maxQuickDisconnects` connections in a row ended soon after opening. */
  | "QUICK_DISCONNECT_STORM"
  /** A close code documented as fatal (`closeCode`). */
  | "CLOSE_CODE_FATAL"
  /** The token endpoint refused the app id or client secret. */
  | "AUTH_FAILED"
  /** The platform refused this server's IP (11298): add it to the bot's IP allow list. */
  | "IP_NOT_ALLOWED"
  /** Too few session starts are left today for the shards that must IDENTIFY. */
  | "SESSION_START_LIMIT";

/** Fields of a {@link GatewayFatalError}. */
export interface GatewayFatalFields extends QQBotErrorOptions {
  /** `CLOSE_CODE_FATAL` only: the WebSocket close code. */
  closeCode?: number | undefined;
  /** Consecutive quick disconnects (or disconnects in all) that led here. */
  disconnects?: number | undefined;
  /** The shard that failed. */
  shard?: number | undefined;
  /** `SESSION_START_LIMIT` only: when the platform resets the session-start counter. */
  retryAfterMs?: number | undefined;
}

/** The only error `messages$` ends with: a fatal close code, a quick-disconnect storm, refused credentials or IP, or no session starts left. */
export class GatewayFatalError extends QQBotError {
  /** Always `"GatewayFatalError"`. */
  override readonly name = "GatewayFatalError";
  /** Why the gateway gave up: see {@link GatewayFatalCode}. */
  declare readonly code: GatewayFatalCode;
  /** `CLOSE_CODE_FATAL` only: the WebSocket close code. */
  readonly closeCode: number | undefined;
  /** Consecutive quick disconnects (or disconnects in all) that led here; 0 when not relevant. */
  readonly disconnects: number;
  /** The shard that failed, when one did. */
  readonly shard: number | undefined;
  /** `SESSION_START_LIMIT` only: how long until the platform resets the session-start counter. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, code: GatewayFatalCode, fields: GatewayFatalFields = {}) {
    super(message, code, fields);
    this.retryAfterMs = fields.retryAfterMs;
    this.closeCode = fields.closeCode;
    this.disconnects = fields.disconnects ?? 0;
    this.shard = fields.shard;
  }
}

/** A frame that could not be understood. Logged and counted, never thrown into the app. */
export class ProtocolError extends QQBotError {
  /** Always `"ProtocolError"`. */
  override readonly name = "ProtocolError";
  /** The start of the offending frame. */
  readonly frame: string | undefined;
  constructor(message: string, frame?: string, options: QQBotErrorOptions = {}) {
    super(message, "QQBOT_PROTOCOL_ERROR", options);
    this.frame = frame === undefined ? undefined : frame.slice(0, 200);
  }
}

/**
 * A message for anything thrown that is never empty and never contains a secret.
 * Empty messages become the class name plus `util.inspect` of the value.
 *
 * @example
 * ```ts
 * safeMessage(new Error(""))           // "Error with no message: Error\n    at …" (never "")
 * safeMessage(err, [clientSecret])     // secret replaced by [redacted]
 * ```
 */
export function safeMessage(err: unknown, secrets: readonly (string | undefined)[] = []): string {
  let text: string;
  if (err instanceof Error) {
    const name = err.name || err.constructor?.name || "Error";
    const code = (err as { code?: unknown }).code;
    if (err.message?.trim()) {
      text = `${name}: ${err.message}`;
    } else {
      const shown = inspect(err, { depth: 2, breakLength: Infinity });
      text = `${name} with no message${typeof code === "string" ? ` (code ${code})` : ""}: ${shown}`;
    }
  } else if (typeof err === "string") {
    text = err.trim() ? err : `empty string thrown: ${inspect(err)}`;
  } else {
    text = `non-error thrown (${err === null ? "null" : typeof err}): ${inspect(err, { depth: 2, breakLength: Infinity })}`;
  }
  return redact(text, secrets).slice(0, 2000);
}

/**
 * Why a send or reply failed, as a stable string (see {@link QQSendError}):
 * - `MSG_SEQ_DUPLICATE` — platform 40054005: this `msg_seq` was already used for this `msg_id`.
 * - `REPLY_EXPIRED` — 40034024 / 304026 / 304027: the reply window passed (C2C 60 min, group 5 min) or 5 replies were already sent.
 * - `PROACTIVE_REFUSED` — 40034102 (and proactive quota codes 304045/304049/304050): sends without `msg_id`/`event_id` are refused.
 * - `SEND_RATE_LIMITED` — 22009 / 20028 / HTTP 429, still limited after every retry.
 * - `EMPTY_MESSAGE` — 50006, or refused locally before sending (status 0).
 * - `MEDIA_UPLOAD_FAILED` — the files endpoint failed (304082/304083) or answered without `file_info`.
 * - `MEDIA_UNSUPPORTED` — refused locally (status 0): this media cannot be sent to this kind of chat.
 */
export type SendErrorCode =
  | "MSG_SEQ_DUPLICATE"
  | "REPLY_EXPIRED"
  | "PROACTIVE_REFUSED"
  | "SEND_RATE_LIMITED"
  | "EMPTY_MESSAGE"
  | "MEDIA_UPLOAD_FAILED"
  | "MEDIA_UNSUPPORTED";

/** Fields of a {@link QQSendError}: the REST fields plus what was being sent. */
export interface QQSendErrorFields extends QQApiErrorFields {
  /** The `msg_id` (or `event_id`) replied to, if any. */
  replyTo?: string | undefined;
  /** The `msg_seq` of the failed request, if any. */
  msgSeq?: number | undefined;
  /** Requests made for this part, retries included. */
  attempts?: number | undefined;
}

/**
 * A send or reply the platform refused (or that was refused locally, `status` 0),
 * with a stable {@link SendErrorCode} and a message that says what to do.
 *
 * @example
 * ```ts
 * try { await msg.reply("hi"); } catch (err) {
 *   if (err instanceof QQSendError && err.code === "REPLY_EXPIRED") console.warn(err.message);
 * }
 * ```
 */
export class QQSendError extends QQApiError {
  /** Always `"QQSendError"`. */
  override readonly name = "QQSendError";
  /** Why the send failed: see {@link SendErrorCode}. */
  declare readonly code: SendErrorCode;
  /** The `msg_id` (or `event_id`) replied to, if any. */
  readonly replyTo: string | undefined;
  /** The `msg_seq` of the failed request, if any. */
  readonly msgSeq: number | undefined;
  /** Requests made for this part, retries included. */
  readonly attempts: number;
  constructor(message: string, code: SendErrorCode, fields: QQSendErrorFields) {
    super(message, fields, code);
    this.replyTo = fields.replyTo;
    this.msgSeq = fields.msgSeq;
    this.attempts = fields.attempts ?? 1;
  }
}
