/**
 * Members and roles: `GET /guilds/{guild_id}/members` (paged by `after` user id, `limit` 1–400;
 * like the platform, a page after the first repeats the previous page's last member, and the
 * list ends with an empty page), `GET|DELETE /guilds/{guild_id}/members/{user_id}` (remove with
 * `add_blacklist`, `delete_history_msg_days` recalling their messages), role members (paged by
 * `start_index`/`next`), role CRUD and `PUT|DELETE …/members/{user_id}/roles/{role_id}` (role 5
 * needs `channel.id`). Written from docs server-inter/channel/role/member/*.md and role-group/*.md.
 */
import type { PlatformContext } from "../context.js";
import { randomSnowflake } from "../ids.js";
import { PlatformError, PlatformHttpError } from "../platform-errors.js";
import type { Route, RouteRequest } from "../rest-router.js";
import { DEFAULT_ROLES, isAdmin, type GuildRecord, type RoleRecord } from "../world/records.js";
import { memberJson } from "../world/world.js";
import { compareIds, fail, objectBody, optionalBoolean, optionalNumber, optionalString, queryLimit, type Fields } from "./fields.js";

const BAD = PlatformError.REQUEST_INVALID;

function role(guild: GuildRecord, id: string | undefined): RoleRecord {
  const found = id === undefined ? undefined : guild.roles.get(id);
  if (!found) throw new PlatformHttpError(PlatformError.UNKNOWN_ROLE, `role ${id ?? "?"} of guild ${guild.id}`);
  return found;
}

function roleJson(guild: GuildRecord, r: RoleRecord): Record<string, unknown> {
  const number = [...guild.members.values()].filter((m) => m.roles.includes(r.id)).length;
  return { id: r.id, name: r.name, color: r.color, hoist: r.hoist, number, member_limit: r.member_limit };
}

/** Role body: at least one of name, color, hoist. */
function roleFields(b: Fields): Partial<RoleRecord> {
  const name = optionalString(b, "name", BAD);
  const color = optionalNumber(b, "color", BAD);
  const hoist = optionalNumber(b, "hoist", BAD, [0, 1]);
  if (name === undefined && color === undefined && hoist === undefined) fail(BAD, "give at least one of name, color, hoist");
  return { ...(name === undefined ? {} : { name }), ...(color === undefined ? {} : { color }), ...(hoist === undefined ? {} : { hoist }) };
}

/** Member and role routes. */
export function memberRoutes(ctx: PlatformContext): Route[] {
  const world = ctx.world;

  const listMembers = (req: RouteRequest) => {
    const guild = world.guild(req.params.guild_id);
    const limit = queryLimit(req.query, "limit", 1, 400, BAD);
    const sorted = [...guild.members.values()].sort((a, b) => compareIds(a.user.id, b.user.id));
    const after = req.query.after && req.query.after !== "0" ? req.query.after : undefined;
    if (after === undefined) return { status: 200, json: sorted.slice(0, limit).map(memberJson) };
    const rest = sorted.filter((m) => compareIds(m.user.id, after) > 0);
    if (rest.length === 0) return { status: 200, json: [] };
    const repeated = guild.members.get(after);
    const page = repeated && limit > 1 ? [repeated, ...rest.slice(0, limit - 1)] : rest.slice(0, limit);
    return { status: 200, json: page.map(memberJson) };
  };

  const deleteMember = (req: RouteRequest) => {
    const guild = world.guild(req.params.guild_id);
    world.requireAdmin(guild);
    const member = world.member(guild, req.params.user_id);
    const b = objectBody(req.body);
    const blacklist = optionalBoolean(b, "add_blacklist", BAD) ?? false;
    const days = optionalNumber(b, "delete_history_msg_days", BAD) ?? 0;
    if (isAdmin(member)) throw new PlatformHttpError(PlatformError.NOT_ADMIN, "无法移除身份为管理员的成员");
    guild.members.delete(member.user.id);
    guild.memberMutes.delete(member.user.id);
    if (blacklist) guild.blacklist.add(member.user.id);
    if ([3, 7, 15, 30, -1].includes(days)) {
      const since = days === -1 ? -Infinity : world.now() - days * 86_400_000;
      for (const record of world.messages.values()) {
        const author = (record.message.author as { id?: string } | undefined)?.id;
        if (record.message.guild_id === guild.id && author === member.user.id && record.at >= since) record.recalledAt ??= world.now();
      }
    }
    return { status: 204, empty: true as const };
  };

  const roleMembers = (req: RouteRequest) => {
    const guild = world.guild(req.params.guild_id);
    const r = role(guild, req.params.role_id);
    const limit = queryLimit(req.query, "limit", 1, 400, BAD);
    const start = Number(req.query.start_index ?? "0");
    if (!Number.isInteger(start) || start < 0) fail(BAD, "start_index must be a non-negative integer");
    const members = [...guild.members.values()].filter((m) => m.roles.includes(r.id));
    const page = members.slice(start, start + limit);
    const next = start + limit < members.length ? String(start + limit) : "";
    return { status: 200, json: { data: page.map(memberJson), next } };
  };

  const setMemberRole = (add: boolean) => (req: RouteRequest) => {
    const guild = world.guild(req.params.guild_id);
    world.requireAdmin(guild);
    const member = world.member(guild, req.params.user_id);
    const r = role(guild, req.params.role_id);
    const b = objectBody(req.body);
    if (r.id === DEFAULT_ROLES.channelAdmin) {
      const channel = b.channel as Fields | undefined;
      const channelId = typeof channel === "object" && channel !== null ? channel.id : undefined;
      if (typeof channelId !== "string" || world.channels.get(channelId)?.guild_id !== guild.id) {
        fail(BAD, "role 5 (channel admin) needs channel.id of a channel of this guild");
      }
    }
    if (add && !member.roles.includes(r.id)) member.roles.push(r.id);
    if (!add) member.roles = member.roles.filter((id) => id !== r.id);
    return { status: 204, empty: true as const };
  };

  return [
    { method: "GET", path: "/guilds/:guild_id/members", auth: true, handle: listMembers },
    {
      method: "GET", path: "/guilds/:guild_id/members/:user_id", auth: true,
      handle: (req) => {
        const guild = world.guild(req.params.guild_id);
        return { status: 200, json: memberJson(world.member(guild, req.params.user_id)) };
      },
    },
    { method: "DELETE", path: "/guilds/:guild_id/members/:user_id", auth: true, jsonBody: "optional", handle: deleteMember },
    { method: "GET", path: "/guilds/:guild_id/roles/:role_id/members", auth: true, handle: roleMembers },
    {
      method: "GET", path: "/guilds/:guild_id/roles", auth: true,
      handle: (req) => {
        const guild = world.guild(req.params.guild_id);
        return { status: 200, json: { guild_id: guild.id, roles: [...guild.roles.values()].map((r) => roleJson(guild, r)), role_num_limit: "30" } };
      },
    },
    {
      method: "POST", path: "/guilds/:guild_id/roles", auth: true, jsonBody: true,
      handle: (req) => {
        const guild = world.guild(req.params.guild_id);
        world.requireAdmin(guild);
        const r: RoleRecord = { id: randomSnowflake(), name: "", color: 4278245297, hoist: 0, member_limit: 2000, ...roleFields(objectBody(req.body)) };
        guild.roles.set(r.id, r);
        return { status: 200, json: { role_id: r.id, role: roleJson(guild, r) } };
      },
    },
    {
      method: "PATCH", path: "/guilds/:guild_id/roles/:role_id", auth: true, jsonBody: true,
      handle: (req) => {
        const guild = world.guild(req.params.guild_id);
        world.requireAdmin(guild);
        const r = Object.assign(role(guild, req.params.role_id), roleFields(objectBody(req.body)));
        return { status: 200, json: { guild_id: guild.id, role_id: r.id, role: roleJson(guild, r) } };
      },
    },
    {
      method: "DELETE", path: "/guilds/:guild_id/roles/:role_id", auth: true,
      handle: (req) => {
        const guild = world.guild(req.params.guild_id);
        world.requireAdmin(guild);
        const r = role(guild, req.params.role_id);
        if ((Object.values(DEFAULT_ROLES) as string[]).includes(r.id)) fail(BAD, `default role ${r.id} cannot be deleted`);
        guild.roles.delete(r.id);
        for (const m of guild.members.values()) m.roles = m.roles.filter((id) => id !== r.id);
        return { status: 204, empty: true as const };
      },
    },
    { method: "PUT", path: "/guilds/:guild_id/members/:user_id/roles/:role_id", auth: true, jsonBody: "optional", handle: setMemberRole(true) },
    { method: "DELETE", path: "/guilds/:guild_id/members/:user_id/roles/:role_id", auth: true, jsonBody: "optional", handle: setMemberRole(false) },
  ];
}
