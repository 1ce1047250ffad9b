/**
 * Platform send failures → {@link QQSendError} with a stable code and a message that says what
 * happened and what to do. Codes not listed here pass through unchanged (they already are
 * `QQApiError`s from the RestClient).
 */
import { QQApiError, QQSendError, redact, type SendErrorCode, TokenRateLimitedError } from "../errors.js";
import { findAuditId } from "./sent-message.js";

/** Platform codes and the {@link SendErrorCode} each becomes. */
export const SEND_ERROR_CODES: Readonly<Record<number, SendErrorCode>> = {
  40054005: "MSG_SEQ_DUPLICATE",
  40034024: "REPLY_EXPIRED",
  304026: "REPLY_EXPIRED",
  304027: "REPLY_EXPIRED",
  40034102: "PROACTIVE_REFUSED",
  304045: "PROACTIVE_REFUSED",
  304049: "PROACTIVE_REFUSED",
  304050: "PROACTIVE_REFUSED",
  22009: "SEND_RATE_LIMITED",
  20028: "SEND_RATE_LIMITED",
  50006: "EMPTY_MESSAGE",
  304082: "MEDIA_UPLOAD_FAILED",
  304083: "MEDIA_UPLOAD_FAILED",
};

/** Codes that mean "accepted, waiting for audit": a result, not an error. */
export const AUDIT_PENDING_CODES: readonly number[] = [304023, 304024];

/** What was being sent when an error came. */
export interface SendErrorContext {
  /** `describeTarget(target)`. */
  target: string;
  /** The `msg_id`/`event_id` replied to. */
  replyTo?: string | undefined;
  msgSeq?: number | undefined;
  attempts: number;
}

/**
 * Whether an error is a rate limit worth retrying later: HTTP 429, code 22009 / 20028, or the
 * token endpoint's own limit (`TokenRateLimitedError`: the send waits for a token like any
 * other rate limit, and fails with that typed error if it lasts, never as refused credentials).
 */
export function isSendRateLimited(err: unknown): boolean {
  if (err instanceof TokenRateLimitedError) return true;
  return err instanceof QQApiError && (err.status === 429 || SEND_ERROR_CODES[err.platformCode ?? -1] === "SEND_RATE_LIMITED");
}

function parseBody(body: string | undefined): unknown {
  if (!body) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The audit id of an error that is really "waiting for audit" (codes 304023/304024); `""` when the
 * body did not carry one; `undefined` when the error is something else.
 */
export function auditIdOfError(err: unknown): string | undefined {
  if (!(err instanceof QQApiError) || !AUDIT_PENDING_CODES.includes(err.platformCode ?? -1)) return undefined;
  const fromJson = findAuditId(parseBody(err.body));
  if (fromJson) return fromJson;
  return /"audit_id"\s*:\s*"([^"]+)"/.exec(err.body ?? "")?.[1] ?? "";
}

function platformText(err: QQApiError): string {
  const body = parseBody(err.body) as { message?: unknown } | undefined;
  const said = typeof body?.message === "string" && body.message ? body.message : err.message;
  const parts = [`HTTP ${err.status}`];
  if (err.platformCode !== undefined) parts.push(`code ${err.platformCode}`);
  if (said) parts.push(JSON.stringify(redact(said).slice(0, 200)));
  if (err.traceId) parts.push(`trace ${err.traceId}`);
  return `[${parts.join(", ")}]`;
}

function explain(code: SendErrorCode, platformCode: number | undefined, ctx: SendErrorContext): string {
  const ref = ctx.replyTo ?? "(none)";
  switch (code) {
    case "MSG_SEQ_DUPLICATE":
      return `msg_seq ${ctx.msgSeq ?? "?"} was already used for msg_id ${ref}: the platform drops a repeated msg_id + msg_seq`;
    case "REPLY_EXPIRED":
      return `the reply window for msg_id ${ref} passed (C2C 60 min, group 5 min) or 5 replies were already sent`;
    case "PROACTIVE_REFUSED":
      return platformCode === 40034102 || platformCode === undefined
        ? `sending to ${ctx.target} without a message to reply to was refused: the platform no longer allows proactive messages since 2025-04-21; reply to a message or event instead`
        : `the proactive message quota for ${ctx.target} is used up; reply to a message or event instead`;
    case "SEND_RATE_LIMITED":
      return `sending to ${ctx.target} is rate limited; gave up after ${ctx.attempts} attempt(s)`;
    case "EMPTY_MESSAGE":
      return `the platform refused an empty message to ${ctx.target}; give content, markdown, ark, embed, image or media`;
    case "MEDIA_UPLOAD_FAILED":
      return `uploading media for ${ctx.target} failed; try again, and check that the URL is reachable and the file type right`;
    case "MEDIA_UNSUPPORTED":
      return `this media cannot be sent to ${ctx.target}`;
  }
}

/**
 * A typed error for a failed send: a `QQApiError` with a mapped platform code (or HTTP 429) becomes
 * a {@link QQSendError}; anything else is returned as it is.
 */
export function toSendError(err: unknown, ctx: SendErrorContext): unknown {
  if (!(err instanceof QQApiError) || err instanceof QQSendError) return err;
  const code = err.status === 429 ? "SEND_RATE_LIMITED" : SEND_ERROR_CODES[err.platformCode ?? -1];
  if (!code) return err;
  return new QQSendError(`${explain(code, err.platformCode, ctx)} ${platformText(err)}`, code, {
    status: err.status,
    platformCode: err.platformCode,
    traceId: err.traceId,
    body: err.body,
    method: err.method,
    path: err.path,
    cause: err,
    replyTo: ctx.replyTo,
    msgSeq: ctx.msgSeq,
    attempts: ctx.attempts,
  });
}

/** A send refused before any request (status 0): empty body, or media this chat cannot take. */
export function localSendError(code: "EMPTY_MESSAGE" | "MEDIA_UNSUPPORTED", detail: string, ctx: SendErrorContext): QQSendError {
  const text = code === "EMPTY_MESSAGE"
    ? `refusing to send an empty message to ${ctx.target}; give content, markdown, ark, embed, image or media`
    : `${explain(code, undefined, ctx)}: ${detail}`;
  return new QQSendError(text, code, { status: 0, replyTo: ctx.replyTo, attempts: 0 });
}
