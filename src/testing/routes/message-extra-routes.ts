/**
 * Message calls besides sending, from docs send-receive/reset.md, message/dms/delete_dms.md,
 * speak/setting/message_setting.md and the SDKs (botpy, botgo):
 * - recall: `DELETE /v2/users/{openid}/messages/{id}` and `/v2/groups/{group_openid}/messages/{id}`
 *   (the bot's own, within 2 minutes: 306011 after, 306002 unknown or already recalled, 306007
 *   another target); `DELETE /channels/{channel_id}/messages/{id}?hidetip=` (an admin bot may
 *   recall members' messages, not the owner's: 306004) and `/dms/{guild_id}/messages/{id}` (own only: 306008);
 * - `GET /channels/{channel_id}/messages/{id}` answers `{message:{…}}` (the wrapper botgo and nonebot unwrap);
 * - `GET /channels/{channel_id}/messages?before|after|around&limit≤20`;
 * - `PATCH /channels/{channel_id}/messages/{id}`: the bot's own message with a keyboard (50051, 50049), keyboard required (50050);
 * - `GET /guilds/{guild_id}/message/setting`; `POST /channels/{id}/settingguide`, `/dms/{guild_id}/settingguide`.
 */
import type { PlatformContext } from "../context.js";
import { PlatformError } from "../platform-errors.js";
import type { Route, RouteRequest } from "../rest-router.js";
import { DEFAULT_ROLES } from "../world/records.js";
import { fail, objectBody, optionalString, queryLimit } from "./fields.js";

/** How long C2C and group messages can be recalled. */
export const RECALL_WINDOW_MS = 2 * 60_000;

/** Message routes besides sending. */
export function messageExtraRoutes(ctx: PlatformContext): Route[] {
  const world = ctx.world;

  const recallV2 = (kind: "c2c" | "group", param: string) => (req: RouteRequest) => {
    const targetId = req.params[param] ?? "";
    const id = req.params.message_id ?? "";
    const record = ctx.sentMessages.find((m) => m.id === id && (m.kind === "c2c" || m.kind === "group"));
    if (!record || record.recalledAt !== undefined) fail(PlatformError.RECALL_UNKNOWN, `message ${id}`);
    if (record.kind !== kind || record.targetId !== targetId) fail(PlatformError.RECALL_OTHER_TARGET, `message ${id} was not sent to this ${kind === "c2c" ? "user" : "group"}`);
    if (ctx.options.now() - record.at > RECALL_WINDOW_MS) fail(PlatformError.RECALL_EXPIRED, "messages can be recalled for 2 minutes");
    record.recalledAt = ctx.options.now();
    return { status: 200, empty: true as const };
  };

  const recallGuild = (dm: boolean) => (req: RouteRequest) => {
    const id = req.params.message_id ?? "";
    const record = world.messages.get(id);
    const where = dm ? record?.message.guild_id === req.params.guild_id && record?.message.direct_message === true : record?.message.channel_id === req.params.channel_id;
    if (!record || record.recalledAt !== undefined || !where) fail(PlatformError.RECALL_UNKNOWN, `message ${id}`);
    const hidetip = req.query.hidetip;
    if (hidetip !== undefined && hidetip !== "true" && hidetip !== "false") fail(PlatformError.RECALL_PARAM, "hidetip must be true or false");
    if (dm && !record.byBot) fail(PlatformError.RECALL_NOT_OWN, "only the bot's own DM messages can be recalled");
    if (!dm && !record.byBot) {
      const guild = world.guild(record.message.guild_id);
      const author = guild.members.get((record.message.author as { id?: string } | undefined)?.id ?? "");
      if (!guild.botIsAdmin || author?.roles.includes(DEFAULT_ROLES.owner)) fail(PlatformError.RECALL_FORBIDDEN, `message ${id}`);
    }
    record.recalledAt = world.now();
    return { status: 200, empty: true as const };
  };

  const listMessages = (req: RouteRequest) => {
    const channel = world.channel(req.params.channel_id);
    const limit = queryLimit(req.query, "limit", 20, 20, PlatformError.REQUEST_INVALID);
    const all = world.channelMessages(channel.id);
    const index = (id: string | undefined) => all.findIndex((r) => r.message.id === id);
    const { before, after, around } = req.query;
    let page = all.slice(-limit);
    if (before) page = all.slice(0, Math.max(0, index(before))).slice(-limit);
    else if (after) page = index(after) < 0 ? [] : all.slice(index(after) + 1, index(after) + 1 + limit);
    else if (around) page = index(around) < 0 ? [] : all.slice(Math.max(0, index(around) - Math.floor(limit / 2))).slice(0, limit);
    return { status: 200, json: page.map((r) => r.message) };
  };

  const edit = (req: RouteRequest) => {
    const channel = world.channel(req.params.channel_id);
    const record = world.message(channel.id, req.params.message_id);
    const b = objectBody(req.body);
    if (!record.byBot) fail(PlatformError.EDIT_NOT_OWN, `message ${record.message.id}`);
    if (record.message.keyboard === undefined) fail(PlatformError.EDIT_NO_KEYBOARD, `message ${record.message.id}`);
    if (typeof b.keyboard !== "object" || b.keyboard === null) fail(PlatformError.EDIT_NEEDS_KEYBOARD, "keyboard");
    Object.assign(record.message, { keyboard: b.keyboard, ...(b.markdown ? { markdown: b.markdown } : {}), edited_timestamp: new Date(world.now()).toISOString() });
    return { status: 200, json: record.message };
  };

  const guide = (dm: boolean) => (req: RouteRequest) => {
    const b = objectBody(req.body);
    const content = optionalString(b, "content", PlatformError.REQUEST_INVALID);
    let channelId: string;
    let guildId: string;
    if (dm) {
      const target = b.setting_guide as { guild_id?: unknown } | undefined;
      if (typeof target?.guild_id !== "string") fail(PlatformError.REQUEST_INVALID, "setting_guide.guild_id is required");
      world.guild(target.guild_id);
      guildId = req.params.guild_id ?? "";
      channelId = ctx.scene.dmChannelId;
    } else {
      const channel = world.channel(req.params.channel_id);
      channelId = channel.id;
      guildId = channel.guild_id;
    }
    const message = world.botMessage(channelId, guildId, { content: content ?? "", ...(dm ? { direct_message: true } : {}) });
    return { status: 200, json: message };
  };

  return [
    { method: "DELETE", path: "/v2/users/:openid/messages/:message_id", auth: true, handle: recallV2("c2c", "openid") },
    { method: "DELETE", path: "/v2/groups/:group_openid/messages/:message_id", auth: true, handle: recallV2("group", "group_openid") },
    { method: "DELETE", path: "/channels/:channel_id/messages/:message_id", auth: true, handle: recallGuild(false) },
    { method: "DELETE", path: "/dms/:guild_id/messages/:message_id", auth: true, handle: recallGuild(true) },
    {
      method: "GET", path: "/channels/:channel_id/messages/:message_id", auth: true,
      handle: (req) => ({ status: 200, json: { message: world.message(world.channel(req.params.channel_id).id, req.params.message_id).message } }),
    },
    { method: "GET", path: "/channels/:channel_id/messages", auth: true, handle: listMessages },
    { method: "PATCH", path: "/channels/:channel_id/messages/:message_id", auth: true, jsonBody: true, handle: edit },
    {
      method: "GET", path: "/guilds/:guild_id/message/setting", auth: true,
      handle: (req) => {
        const guild = world.guild(req.params.guild_id);
        const channelIds = [...world.channels.values()].filter((c) => c.guild_id === guild.id && c.type === 0).map((c) => c.id);
        return { status: 200, json: { disable_create_dm: false, disable_push_msg: false, channel_ids: channelIds, channel_push_max_num: 20 } };
      },
    },
    { method: "POST", path: "/channels/:channel_id/settingguide", auth: true, jsonBody: true, handle: guide(false) },
    { method: "POST", path: "/dms/:guild_id/settingguide", auth: true, jsonBody: true, handle: guide(true) },
  ];
}
