/**
 * The platform's error codes and messages as the simulator answers them, and the error
 * body shape `{message, code, err_code, trace_id}` (PROTOCOL.md Part B §7).
 *
 * Codes marked "documented" come from the platform's docs or observed responses; codes
 * marked "simulator" are plausible stand-ins where no real value is known.
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
  /** documented: UnknownGuild. */
  UNKNOWN_GUILD: spec(404, 10004, "UnknownGuild 频道异常"),
  /** documented: UnknownChannel. */
  UNKNOWN_CHANNEL: spec(404, 10003, "UnknownChannel 子频道异常"),
  /** documented: UnknownAccount (a user who is not a member). */
  UNKNOWN_MEMBER: spec(404, 10001, "UnknownAccount 账号异常"),
  /** documented: getting the message failed (no such message). */
  UNKNOWN_MESSAGE: spec(404, 50039, "获取消息失败"),
  /** simulator (404): no such role. */
  UNKNOWN_ROLE: spec(404, 40401001, "身份组不存在"),
  /** documented code: the call needs the bot to be an admin (HTTP status a simulator choice). */
  NOT_ADMIN: spec(403, 11282, "ErrorCheckAdminNotPass 检查是否是管理员未通过"),
  /** documented: RequestInvalid, a body the endpoint cannot take. */
  REQUEST_INVALID: spec(400, 12002, "RequestInvalid 请求体错误"),
  /** documented: InvalidFormBody, a form-data body the endpoint cannot take. */
  FORM_INVALID: spec(400, 50035, "InvalidFormBody form-data 内容异常"),
  /** documented: message edit needs a keyboard, on a message that has one, sent by the bot. */
  EDIT_NEEDS_KEYBOARD: spec(400, 50050, "修改消息时，keyboard 元素不能为空"),
  /** documented: only messages with a keyboard can be edited. */
  EDIT_NO_KEYBOARD: spec(400, 50049, "只能修改含有 keyboard 元素的消息"),
  /** documented: only the bot's own messages can be edited. */
  EDIT_NOT_OWN: spec(400, 50051, "只能修改机器人自己发送的消息"),
  /** documented: recall parameters wrong. */
  RECALL_PARAM: spec(400, 306001, "param invalid 撤回消息参数错误"),
  /** documented: unknown (or already recalled) message id. */
  RECALL_UNKNOWN: spec(400, 306002, "msgid error 消息 id 错误"),
  /** documented: no permission to recall this message. */
  RECALL_FORBIDDEN: spec(400, 306004, "no permission to delete message 没有撤回此消息的权限"),
  /** documented: not a message of this group / user. */
  RECALL_OTHER_TARGET: spec(400, 306007, "非当前群的消息"),
  /** documented: not a message the bot sent. */
  RECALL_NOT_OWN: spec(400, 306008, "非当前机器人发送的消息"),
  /** documented: past the recall window. */
  RECALL_EXPIRED: spec(400, 306011, "超出可撤回消息时间"),
  /** documented: channel permission parameters wrong. */
  PERMISSION_PARAM: spec(400, 301000, "参数错误"),
  /** documented: schedule parameters wrong. */
  SCHEDULE_PARAM: spec(400, 302000, "参数错误"),
  /** documented: schedule deleted (or never existed). */
  SCHEDULE_GONE: spec(404, 302011, "日程活动已被删除"),
  /** documented: 10 schedules a day. */
  SCHEDULE_DAILY_LIMIT: spec(400, 302012, "每天只能创建 10 个日程，明天再来吧！"),
  /** documented: longer than 7 days. */
  SCHEDULE_TOO_LONG: spec(400, 302014, "日程持续时间超过 7 天，请重新选择"),
  /** documented: start in the past. */
  SCHEDULE_START_PAST: spec(400, 302015, "开始时间不能早于当前时间"),
  /** documented: end before start. */
  SCHEDULE_END_BEFORE_START: spec(400, 302016, "结束时间不能早于开始时间"),
  /** documented: no schedule object. */
  SCHEDULE_MISSING: spec(400, 302017, "Schedule 对象为空"),
  /** documented: announcement parameters wrong. */
  ANNOUNCE_PARAM: spec(400, 501001, "参数校验失败"),
  /** documented: the message id does not exist. */
  ANNOUNCE_MESSAGE_UNKNOWN: spec(404, 501008, "MessageID 不存在"),
  /** documented: 20 pins at most. */
  PINS_FULL: spec(400, 501013, "精华消息超过最大数量"),
  /** documented: 3 recommended channels at most. */
  RECOMMEND_FULL: spec(400, 501016, "频道公告子频道推荐超过最大数量"),
  /** documented: a recommended channel id is invalid. */
  RECOMMEND_INVALID: spec(400, 501018, "推荐子频道 ID 无效"),
  /** documented: the member id of a mute is invalid. */
  MUTE_USER_INVALID: spec(400, 502003, "用户 id 无效"),
  /** documented: the mute time is not valid. */
  MUTE_TIME_INVALID: spec(400, 502005, "timestamp 不合法"),
  /** documented: a mute field could not be converted (not a decimal string). */
  MUTE_CONVERT: spec(400, 502007, "参数转换错误"),
  /** documented: thread title empty. */
  THREAD_TITLE_EMPTY: spec(400, 503005, "帖子标题为空"),
  /** documented: thread content empty. */
  THREAD_CONTENT_EMPTY: spec(400, 503006, "帖子内容为空"),
  /** documented: no such thread. */
  THREAD_GONE: spec(404, 503012, "帖子不存在或已删除"),
  /** documented: API permission demand parameters wrong. */
  DEMAND_PARAM: spec(400, 610008, "无效参数"),
  /** documented: the API is already granted. */
  DEMAND_GRANTED: spec(400, 610010, "API 接口已授权"),
  /** documented code: 3 demands a day per guild. */
  DEMAND_LIMIT: spec(400, 610013, "已限频"),
  /** documented: reaction parameters wrong. */
  REACTION_PARAM: spec(400, 620001, "表情表态无效参数"),
  /** documented: already reacted with this emoji. */
  REACTION_EXISTS: spec(400, 620003, "已经设置过该表情表态"),
  /** documented: not reacted with this emoji. */
  REACTION_MISSING: spec(400, 620004, "没有设置过该表情表态"),
  /** documented: a channel write rate limit (for injected faults). */
  CHANNEL_RATE_LIMITED: spec(429, 20028, "ChannelHitWriteRateLimit 子频道消息触发限频"),
  /** documented: send rate limit (for injected faults). */
  MSG_LIMIT_EXCEEDED: spec(400, 22009, "msg limit exceed"),
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
