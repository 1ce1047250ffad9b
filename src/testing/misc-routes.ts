/**
 * The other OpenAPI routes bots call: rich-media upload (`/v2/{users|groups}/{id}/files`),
 * DM session creation (`POST /users/@me/dms`), interaction ACK (`PUT /interactions/{id}`),
 * and the bot's own user (`GET /users/@me`).
 */
import type { PlatformContext } from "./context.js";
import { randomC2CMessageId, randomSnowflake, rfc3339Beijing } from "./ids.js";
import { recordSent } from "./message-routes.js";
import { PlatformError, PlatformHttpError } from "./platform-errors.js";
import type { Route, RouteReply, RouteRequest } from "./rest-router.js";
import { isObject, type Fields } from "./routes/fields.js";

function fields(body: unknown): Fields {
  if (isObject(body)) return body;
  throw new PlatformHttpError(PlatformError.PARAM_INVALID, "body must be a JSON object");
}

function upload(ctx: PlatformContext, kind: "c2c" | "group", param: string) {
  return (req: RouteRequest): RouteReply => {
    const body = fields(req.body);
    const fileType = body.file_type;
    if (fileType === 4) throw new PlatformHttpError(PlatformError.PARAM_INVALID, "file_type 4 (file) 暂不开放");
    if (typeof fileType !== "number" || ![1, 2, 3].includes(fileType)) {
      throw new PlatformHttpError(PlatformError.PARAM_INVALID, "file_type must be 1 (image), 2 (video) or 3 (voice)");
    }
    const url = body.url;
    const data = body.file_data;
    if (url === undefined && data === undefined) throw new PlatformHttpError(PlatformError.PARAM_INVALID, "url or file_data required");
    if (url !== undefined && (typeof url !== "string" || !/^https?:\/\/\S+$/i.test(url))) throw new PlatformHttpError(PlatformError.UPLOAD_FAILED);
    if (data !== undefined && (typeof data !== "string" || data.length === 0)) throw new PlatformHttpError(PlatformError.UPLOAD_FAILED);
    const result: Fields = ctx.media.upload(kind, fileType, ctx.options.now());
    if (body.srv_send_msg === true) {
      const id = randomC2CMessageId();
      recordSent(ctx, kind, req.params[param] ?? "", id, { msg_type: 7, media: { file_info: result.file_info }, srv_send_msg: true });
      result.id = id;
    }
    return { status: 200, json: result };
  };
}

function createDms(ctx: PlatformContext) {
  const sessions = new Map<string, { guild_id: string; channel_id: string; create_time: string }>();
  return (req: RouteRequest): RouteReply => {
    const body = fields(req.body);
    const { recipient_id: recipient, source_guild_id: source } = body;
    if (typeof recipient !== "string" || !recipient || typeof source !== "string" || !source) {
      throw new PlatformHttpError(PlatformError.PARAM_INVALID, "recipient_id and source_guild_id required");
    }
    const key = `${recipient}/${source}`;
    const existing = sessions.get(key);
    if (existing) return { status: 200, json: existing };
    const created = { guild_id: randomSnowflake(), channel_id: randomSnowflake(), create_time: rfc3339Beijing(ctx.options.now()) };
    sessions.set(key, created);
    return { status: 200, json: created };
  };
}

function ackInteraction(req: RouteRequest): RouteReply {
  const code = fields(req.body).code;
  if (typeof code !== "number" || !Number.isInteger(code) || code < 0 || code > 5) {
    throw new PlatformHttpError(PlatformError.PARAM_INVALID, "code must be an integer 0–5");
  }
  return { status: 200, json: {} };
}

/** Upload, DM-session, interaction and self routes. */
export function miscRoutes(ctx: PlatformContext): Route[] {
  const bot = ctx.options.botUser;
  return [
    { method: "POST", path: "/v2/users/:openid/files", auth: true, jsonBody: true, handle: upload(ctx, "c2c", "openid") },
    { method: "POST", path: "/v2/groups/:group_openid/files", auth: true, jsonBody: true, handle: upload(ctx, "group", "group_openid") },
    { method: "POST", path: "/users/@me/dms", auth: true, jsonBody: true, handle: createDms(ctx) },
    { method: "PUT", path: "/interactions/:id", auth: true, jsonBody: true, handle: ackInteraction },
    {
      method: "GET",
      path: "/users/@me",
      auth: true,
      handle: () => ({ status: 200, json: { id: bot.id, username: bot.username, avatar: "", union_openid: "", union_user_account: "" } }),
    },
  ];
}
