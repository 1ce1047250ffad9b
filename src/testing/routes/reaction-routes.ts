/**
 * Emoji reactions on guild channel messages, from docs message/trans/emoji.md:
 * `PUT|DELETE /channels/{channel_id}/messages/{message_id}/reactions/{type}/{id}` (type 1 system
 * emoji, 2 emoji character: 620001 otherwise; 620003 already reacted; 620004 not reacted) and
 * `GET …` → `{users, cookie, is_end}` paged by `cookie` (`limit` ≤ 50, default 20).
 */
import type { PlatformContext } from "../context.js";
import { PlatformError } from "../platform-errors.js";
import type { Route, RouteRequest } from "../rest-router.js";
import { fail, queryLimit } from "./fields.js";

const BAD = PlatformError.REACTION_PARAM;

/** Reaction routes. */
export function reactionRoutes(ctx: PlatformContext): Route[] {
  const world = ctx.world;
  const botId = ctx.options.botUser.id;

  const target = (req: RouteRequest) => {
    const type = req.params.type;
    const id = req.params.id ?? "";
    if (type !== "1" && type !== "2") fail(BAD, `type must be 1 (system emoji) or 2 (emoji), got ${type ?? "?"}`);
    if (!id) fail(BAD, "emoji id is empty");
    const channel = world.channel(req.params.channel_id);
    const record = world.message(channel.id, req.params.message_id);
    return { record, key: `${type}:${id}` };
  };

  const users = (req: RouteRequest) => {
    const { record, key } = target(req);
    const limit = queryLimit(req.query, "limit", 20, 50, BAD);
    const start = req.query.cookie ? Number(req.query.cookie) : 0;
    if (!Number.isInteger(start) || start < 0) fail(BAD, "cookie is not one this endpoint gave");
    const guild = world.guild(record.message.guild_id);
    const ids = record.reactions.get(key) ?? [];
    const page = ids.slice(start, start + limit).map((id) => {
      const user = guild.members.get(id)?.user;
      return { id, username: user?.username ?? "", avatar: user?.avatar ?? "" };
    });
    const end = start + limit >= ids.length;
    return { status: 200, json: { users: page, cookie: end ? "" : String(start + limit), is_end: end } };
  };

  return [
    {
      method: "PUT", path: "/channels/:channel_id/messages/:message_id/reactions/:type/:id", auth: true, jsonBody: "optional",
      handle: (req) => {
        const { record, key } = target(req);
        const ids = record.reactions.get(key) ?? [];
        if (ids.includes(botId)) fail(PlatformError.REACTION_EXISTS, key);
        record.reactions.set(key, [...ids, botId]);
        return { status: 204, empty: true as const };
      },
    },
    {
      method: "DELETE", path: "/channels/:channel_id/messages/:message_id/reactions/:type/:id", auth: true,
      handle: (req) => {
        const { record, key } = target(req);
        const ids = record.reactions.get(key) ?? [];
        if (!ids.includes(botId)) fail(PlatformError.REACTION_MISSING, key);
        record.reactions.set(key, ids.filter((id) => id !== botId));
        return { status: 204, empty: true as const };
      },
    },
    { method: "GET", path: "/channels/:channel_id/messages/:message_id/reactions/:type/:id", auth: true, handle: users },
  ];
}
