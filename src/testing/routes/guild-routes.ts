/**
 * Guilds and channels: `GET /users/@me/guilds` (paged by guild id: `after`, `before`, `limit`
 * ≤ 100), `GET /guilds/{guild_id}`, `GET|POST /guilds/{guild_id}/channels`,
 * `GET|PATCH|DELETE /channels/{channel_id}`, `GET /channels/{channel_id}/online_nums` and
 * `GET /channels/{channel_id}/voice/members`. Written from the docs' pages (server-inter/channel/
 * manage/…), independently of the client's endpoint table.
 */
import type { PlatformContext } from "../context.js";
import { randomSnowflake } from "../ids.js";
import { PlatformError } from "../platform-errors.js";
import type { Route, RouteRequest } from "../rest-router.js";
import { newChannel } from "../world/seed.js";
import { channelJson, guildJson, memberJson } from "../world/world.js";
import {
  compareIds, fail, objectBody, optionalNumber, optionalString, optionalStrings, queryLimit, requiredNumber, requiredString,
} from "./fields.js";

const BAD = PlatformError.REQUEST_INVALID;
/** Channel types that can be created. */
const CHANNEL_TYPES = [0, 2, 4, 10005, 10006, 10007] as const;

/** Guild and channel routes. */
export function guildRoutes(ctx: PlatformContext): Route[] {
  const world = ctx.world;
  const botId = ctx.options.botUser.id;

  const myGuilds = (req: RouteRequest) => {
    const limit = queryLimit(req.query, "limit", 100, 100, BAD);
    let guilds = [...world.guilds.values()].filter((g) => g.members.has(botId)).sort((a, b) => compareIds(a.id, b.id));
    const { before, after } = req.query;
    if (before) guilds = guilds.reverse().filter((g) => compareIds(g.id, before) < 0);
    else if (after) guilds = guilds.filter((g) => compareIds(g.id, after) > 0);
    return { status: 200, json: guilds.slice(0, limit).map((g) => guildJson(g, botId)) };
  };

  const createChannel = (req: RouteRequest) => {
    const guild = world.guild(req.params.guild_id);
    world.requireAdmin(guild);
    const b = objectBody(req.body);
    const name = requiredString(b, "name", BAD);
    const type = requiredNumber(b, "type", BAD, CHANNEL_TYPES);
    const position = requiredNumber(b, "position", BAD);
    if (type === 4 && position < 2) fail(BAD, "a category's position must be at least 2");
    const parentId = optionalString(b, "parent_id", BAD);
    if (parentId && parentId !== "0" && world.channels.get(parentId)?.type !== 4) fail(BAD, `parent_id ${parentId} is not a category`);
    const privateType = optionalNumber(b, "private_type", BAD, [0, 1, 2]) ?? 0;
    for (const id of optionalStrings(b, "private_user_ids", BAD) ?? []) world.member(guild, id);
    const channel = newChannel({
      id: randomSnowflake(), guild_id: guild.id, name, type, position, parent_id: parentId ?? "0", owner_id: botId,
      sub_type: optionalNumber(b, "sub_type", BAD, [0, 1, 2, 3]) ?? 0, private_type: privateType,
      speak_permission: optionalNumber(b, "speak_permission", BAD, [0, 1, 2]) ?? 1,
      ...(typeof b.application_id === "string" ? { application_id: b.application_id } : {}),
    });
    world.channels.set(channel.id, channel);
    return { status: 200, json: channelJson(channel) };
  };

  const modifyChannel = (req: RouteRequest) => {
    const channel = world.adminChannel(req.params.channel_id);
    const b = objectBody(req.body);
    const name = optionalString(b, "name", BAD);
    if (name !== undefined) channel.name = name;
    const position = optionalNumber(b, "position", BAD);
    if (position !== undefined) channel.position = position;
    const parentId = optionalString(b, "parent_id", BAD);
    if (parentId !== undefined) channel.parent_id = parentId;
    const privateType = optionalNumber(b, "private_type", BAD, [0, 1, 2]);
    if (privateType !== undefined) channel.private_type = privateType;
    const speak = optionalNumber(b, "speak_permission", BAD, [0, 1, 2]);
    if (speak !== undefined) channel.speak_permission = speak;
    return { status: 200, json: channelJson(channel) };
  };

  const deleteChannel = (req: RouteRequest) => {
    const channel = world.adminChannel(req.params.channel_id);
    world.channels.delete(channel.id);
    return { status: 200, json: channelJson(channel) };
  };

  const voiceChannel = (req: RouteRequest) => {
    const channel = world.channel(req.params.channel_id);
    if (channel.type !== 2 && channel.type !== 10005) fail(BAD, `channel ${channel.id} is not a voice or live channel`);
    return channel;
  };

  return [
    { method: "GET", path: "/users/@me/guilds", auth: true, handle: myGuilds },
    { method: "GET", path: "/guilds/:guild_id", auth: true, handle: (req) => ({ status: 200, json: guildJson(world.guild(req.params.guild_id), botId) }) },
    {
      method: "GET", path: "/guilds/:guild_id/channels", auth: true,
      handle: (req) => {
        const guild = world.guild(req.params.guild_id);
        return { status: 200, json: [...world.channels.values()].filter((c) => c.guild_id === guild.id).map(channelJson) };
      },
    },
    { method: "POST", path: "/guilds/:guild_id/channels", auth: true, jsonBody: true, handle: createChannel },
    { method: "GET", path: "/channels/:channel_id", auth: true, handle: (req) => ({ status: 200, json: channelJson(world.channel(req.params.channel_id)) }) },
    { method: "PATCH", path: "/channels/:channel_id", auth: true, jsonBody: true, handle: modifyChannel },
    { method: "DELETE", path: "/channels/:channel_id", auth: true, handle: deleteChannel },
    { method: "GET", path: "/channels/:channel_id/online_nums", auth: true, handle: (req) => ({ status: 200, json: { online_nums: voiceChannel(req).voiceMembers.length } }) },
    {
      method: "GET", path: "/channels/:channel_id/voice/members", auth: true,
      handle: (req) => {
        const channel = voiceChannel(req);
        const guild = world.guild(channel.guild_id);
        return { status: 200, json: channel.voiceMembers.flatMap((id) => { const m = guild.members.get(id); return m ? [memberJson(m)] : []; }) };
      },
    },
  ];
}
