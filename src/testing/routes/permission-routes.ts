/**
 * Channel permissions and API permissions, from docs role-group/channel_permissions/*.md and
 * channel/api_permissions/*.md:
 * - `GET|PUT /channels/{channel_id}/members/{user_id}/permissions` and `…/roles/{role_id}/permissions`:
 *   bits as decimal strings (1 view, 2 manage, 4 speak); `add`/`remove` must be decimal strings
 *   (301000 otherwise) and cannot touch the manage bit; a bit in both is removed.
 * - `GET /guilds/{guild_id}/api_permission` and `POST …/api_permission/demand` (610008 bad body,
 *   610010 already granted, 610013 after 3 a day).
 */
import type { PlatformContext } from "../context.js";
import { PlatformError, PlatformHttpError } from "../platform-errors.js";
import type { Route, RouteRequest } from "../rest-router.js";
import { isAdmin, PERMISSION } from "../world/records.js";
import { fail, objectBody, optionalDigits, requiredString, type Fields } from "./fields.js";

const PERM = PlatformError.PERMISSION_PARAM;
const DEMAND = PlatformError.DEMAND_PARAM;

/** The APIs the simulated platform lists in `GET /guilds/{guild_id}/api_permission`. */
const LISTED_APIS: ReadonlyArray<[method: string, path: string, desc: string]> = [
  ["GET", "/guilds/{guild_id}", "获取频道信息"],
  ["GET", "/guilds/{guild_id}/members/{user_id}", "获取当前频道成员信息"],
  ["GET", "/guilds/{guild_id}/members", "获取频道成员列表"],
  ["POST", "/channels/{channel_id}/messages", "创建消息"],
  ["PATCH", "/guilds/{guild_id}/members/{user_id}/mute", "频道指定成员禁言"],
];

/** The bits `add`/`remove` change: manage (2) cannot be changed here. */
function applyBits(current: number, b: Fields): number {
  const add = optionalDigits(b, "add", PERM);
  const remove = optionalDigits(b, "remove", PERM);
  if (add === undefined && remove === undefined) fail(PERM, "give add or remove");
  const addBits = Number(add ?? "0");
  const removeBits = Number(remove ?? "0");
  if ((addBits | removeBits) & PERMISSION.manage) fail(PERM, "the manage bit (2) cannot be changed here");
  return (current | addBits) & ~removeBits;
}

/** Channel and API permission routes. */
export function permissionRoutes(ctx: PlatformContext): Route[] {
  const world = ctx.world;
  const publicBits = PERMISSION.view | PERMISSION.speak;

  const userBits = (req: RouteRequest) => {
    const channel = world.channel(req.params.channel_id);
    const guild = world.guild(channel.guild_id);
    const member = world.member(guild, req.params.user_id);
    const base = isAdmin(member) ? publicBits | PERMISSION.manage : channel.private_type === 0 ? publicBits : 0;
    return { channel, member, bits: channel.userPermissions.get(member.user.id) ?? base };
  };
  const roleBits = (req: RouteRequest) => {
    const channel = world.channel(req.params.channel_id);
    const guild = world.guild(channel.guild_id);
    const roleId = req.params.role_id ?? "";
    if (!guild.roles.has(roleId)) throw new PlatformHttpError(PlatformError.UNKNOWN_ROLE, `role ${roleId}`);
    return { channel, roleId, bits: channel.rolePermissions.get(roleId) ?? publicBits };
  };

  const demand = (req: RouteRequest) => {
    const guild = world.guild(req.params.guild_id);
    const b = objectBody(req.body, DEMAND);
    const channelId = requiredString(b, "channel_id", DEMAND);
    if (world.channels.get(channelId)?.guild_id !== guild.id) fail(DEMAND, `channel ${channelId} is not a channel of this guild`);
    const identify = objectBody(b.api_identify, DEMAND);
    const path = requiredString(identify, "path", DEMAND);
    const method = requiredString(identify, "method", DEMAND).toUpperCase();
    const desc = requiredString(b, "desc", DEMAND);
    if (guild.grantedApis.has(`${method} ${path}`)) fail(PlatformError.DEMAND_GRANTED, `${method} ${path}`);
    if (guild.demandsPosted >= 3) fail(PlatformError.DEMAND_LIMIT, "3 demands a day");
    guild.demandsPosted += 1;
    return {
      status: 200,
      json: { guild_id: guild.id, channel_id: channelId, api_identify: { path, method }, title: `${world.bot.username}申请授权接口权限`, desc },
    };
  };

  return [
    {
      method: "GET", path: "/channels/:channel_id/members/:user_id/permissions", auth: true,
      handle: (req) => {
        const { channel, member, bits } = userBits(req);
        return { status: 200, json: { channel_id: channel.id, user_id: member.user.id, permissions: String(bits) } };
      },
    },
    {
      method: "PUT", path: "/channels/:channel_id/members/:user_id/permissions", auth: true, jsonBody: true,
      handle: (req) => {
        const { channel, member, bits } = userBits(req);
        world.requireAdmin(world.guild(channel.guild_id));
        channel.userPermissions.set(member.user.id, applyBits(bits, objectBody(req.body, PERM)));
        return { status: 204, empty: true as const };
      },
    },
    {
      method: "GET", path: "/channels/:channel_id/roles/:role_id/permissions", auth: true,
      handle: (req) => {
        const { channel, roleId, bits } = roleBits(req);
        return { status: 200, json: { channel_id: channel.id, role_id: roleId, permissions: String(bits) } };
      },
    },
    {
      method: "PUT", path: "/channels/:channel_id/roles/:role_id/permissions", auth: true, jsonBody: true,
      handle: (req) => {
        const { channel, roleId, bits } = roleBits(req);
        world.requireAdmin(world.guild(channel.guild_id));
        channel.rolePermissions.set(roleId, applyBits(bits, objectBody(req.body, PERM)));
        return { status: 204, empty: true as const };
      },
    },
    {
      method: "GET", path: "/guilds/:guild_id/api_permission", auth: true,
      handle: (req) => {
        const guild = world.guild(req.params.guild_id);
        const apis = LISTED_APIS.map(([method, path, desc]) => ({ path, method, desc, auth_status: guild.grantedApis.has(`${method} ${path}`) ? 1 : 0 }));
        return { status: 200, json: { apis } };
      },
    },
    { method: "POST", path: "/guilds/:guild_id/api_permission/demand", auth: true, jsonBody: true, handle: demand },
  ];
}
