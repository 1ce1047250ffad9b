/**
 * The platform's error codes and messages as the simulator answers them, and the error
 * body shape `{message, code, err_code, trace_id}` (PROTOCOL.md Part B §7).
 *
 * Codes marked "documented" come from the platform's docs or observed responses; codes
 * marked "simulator" are plausible stand-ins where no real value is known.
 *
 * @example
 * ```ts
 * const body = errorBody(PlatformError.MSG_SEQ_DUPLICATE, traceId);
 * // { message: "消息被去重，请检查请求msgseq", code: 40054005, err_code: 40054005, trace_id: "…" }
 * ```
 */

/** One platform error: HTTP status, code, message. */
export interface PlatformErrorSpec {
  /** HTTP status. */
  readonly status: number;
  /** The platform's numeric error code. */
  readonly code: number;
  /** The platform's message. */
  readonly message: string;
}

const spec = (status: number, code: number, message: string): PlatformErrorSpec => ({ status, code, message });

/** Every error the simulator returns. */
export const PlatformError = {
  /** documented: missing Authorization. */
  TOKEN_MISSING: spec(401, 11241, "token missing: Authorization header required"),
  /** documented: malformed Authorization (wrong scheme, empty token). */
  TOKEN_INVALID: spec(401, 11243, "token invalid"),
  /** documented: token expired or never issued. */
  TOKEN_EXPIRED: spec(401, 11244, "token expired or not exist"),
  /** documented: the X-Union-Appid header names another app. */
  APPID_MISMATCH: spec(401, 11251, "appid invalid"),
  /** observed (zhinjs/qq-official-bot#88): token endpoint, unknown appId or non-JSON body. */
  TOKEN_APPID_INVALID: spec(400, 100007, "appid invalid"),
  /** simulator: token endpoint, wrong clientSecret. */
  TOKEN_SECRET_INVALID: spec(400, 100016, "invalid appid or secret"),
  /** observed text (openclaw-qqbot#17); code 100001 as QNODE checks it. */
  RATE_LIMITED: spec(400, 100001, "接口调用超过频率限制"),
  /** documented: proactive push is no longer offered. */
  PROACTIVE_FORBIDDEN: spec(400, 40034102, "主动消息失败, 无权限"),
  /** observed: msg_id unknown, of another target, expired, or over the reply cap. */
  MSG_ID_INVALID: spec(400, 40034024, "请求参数msg_id无效或越权"),
  /** simulator (same code): event_id unknown or of another target. */
  EVENT_ID_INVALID: spec(400, 40034024, "请求参数event_id无效或越权"),
  /** observed: same msg_id + msg_seq twice. */
  MSG_SEQ_DUPLICATE: spec(400, 40054005, "消息被去重，请检查请求msgseq"),
  /** documented: nothing to send. */
  EMPTY_MESSAGE: spec(400, 50006, "消息为空"),
  /** simulator: msg_type not one of 0, 1, 2, 3, 4, 7. */
  MSG_TYPE_INVALID: spec(400, 40034001, "msg_type无效"),
  /** simulator: the field msg_type needs is missing (content for 0, markdown for 2…). */
  FIELD_REQUIRED: spec(400, 40034002, "消息字段缺失"),
  /** simulator: msg_type 7 without a file_info from this target kind's upload. */
  MEDIA_INVALID: spec(400, 40034003, "media.file_info无效"),
  /** simulator: msg_type 7 with empty content (the docs require e.g. " "). */
  MEDIA_CONTENT_REQUIRED: spec(400, 40034004, "msg_type为7时content不能为空"),
  /** simulator: a request parameter has the wrong type or value. */
  PARAM_INVALID: spec(400, 40034005, "请求参数无效"),
  /** documented: rich-media upload failed (bad url / file_data). */
  UPLOAD_FAILED: spec(400, 304082, "upload media info fail"),
  /** documented (guild APIs): reply msg id invalid. */
  GUILD_REPLY_ID_INVALID: spec(400, 304026, "reply msg id invalid"),
  /** documented (guild APIs): reply msg expired. */
  GUILD_REPLY_EXPIRED: spec(400, 304027, "reply msg expired"),
  /** The request body is not JSON. */
  BODY_NOT_JSON: spec(400, 40034006, "请求体不是合法的JSON"),
  /** Body over 1 MiB. */
  BODY_TOO_LARGE: spec(413, 40034007, "请求体过大"),
  /** documented (the token endpoint's error table; Yunzai-QQBot-Plugin#34): too many token requests. */
  TOKEN_RATE_LIMITED: spec(200, 100001, "Too many requests"),
  /** observed (openclaw-qqbot#240, botpy#189): the caller's IP is not on the bot's allow list. */
  IP_NOT_ALLOWED: spec(401, 11298, "接口访问源IP不在白名单"),
  /** documented HTTP status: API not found. */
  NOT_FOUND: spec(404, 11000, "api not found"),
  /** documented HTTP status: method not allowed. */
  METHOD_NOT_ALLOWED: spec(405, 11001, "method not allowed"),
  /** Injected 500. */
  INTERNAL: spec(500, 12000, "internal error"),
} as const satisfies Record<string, PlatformErrorSpec>;

/** The JSON body of an error response. */
export interface ErrorBody {
  /** The platform's message. */
  message: string;
  /** The platform's numeric error code. */
  code: number;
  /** The same code again, as the platform sends it. */
  err_code: number;
  /** Trace id (also in the `X-Tps-trace-ID` header). */
  trace_id: string;
}

/** Build the body for `spec`, optionally with a more precise message. */
export function errorBody(spec: PlatformErrorSpec, traceId: string, message?: string): ErrorBody {
  return { message: message ?? spec.message, code: spec.code, err_code: spec.code, trace_id: traceId };
}

/** A thrown platform error; the HTTP layer turns it into a response. */
export class PlatformHttpError extends Error {
  constructor(
    readonly spec: PlatformErrorSpec,
    detail?: string,
  ) {
    super(detail ? `${spec.message}: ${detail}` : spec.message);
    this.name = "PlatformHttpError";
  }
}
