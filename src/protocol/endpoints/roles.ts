/** Roles (身份组): list, create, modify, delete, and add or remove a member. */
import { ALL_PEERS, route } from "./endpoint.js";
import type { GuildRoles, RoleBody, RoleCreated, RoleMemberBody, RoleModified } from "../models/member.js";

/** Role endpoints (`bot.api.roles`). */
export const ROLE_ENDPOINTS = {
  /**
   * The guild's roles.
   * @example `const { roles } = await bot.api.roles.list({ guild_id })`
   */
  list: route<void, GuildRoles>()({
    method: "GET", path: "/guilds/{guild_id}/roles", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py get_guild_roles; botgo openapi/v1/role.go Roles; docs role-group/get_guild_roles.md",
  }),
  /**
   * Create a role (at least one field).
   * @example `const { role_id } = await bot.api.roles.create({ guild_id, name: "helper", color: 4278245297, hoist: 1 })`
   */
  create: route<RoleBody, RoleCreated>()({
    method: "POST", path: "/guilds/{guild_id}/roles", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py create_guild_role; botgo openapi/v1/role.go PostRole; docs role-group/post_guild_role.md",
  }),
  /**
   * Change a role: only the fields given.
   * @example `await bot.api.roles.modify({ guild_id, role_id, name: "mods" })`
   */
  modify: route<RoleBody, RoleModified>()({
    method: "PATCH", path: "/guilds/{guild_id}/roles/{role_id}", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py update_guild_role; botgo openapi/v1/role.go PatchRole; docs role-group/patch_guild_role.md",
  }),
  /**
   * Delete a role.
   * @example `await bot.api.roles.delete({ guild_id, role_id })`
   */
  delete: route()({
    method: "DELETE", path: "/guilds/{guild_id}/roles/{role_id}", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py delete_guild_role; botgo openapi/v1/role.go DeleteRole; docs role-group/delete_guild_role.md",
  }),
  /**
   * Give a member a role; role 5 (channel admin) needs `channel: { id }`.
   * @example `await bot.api.roles.addMember({ guild_id, user_id, role_id: "5", channel: { id: channel_id } })`
   */
  addMember: route<RoleMemberBody>()({
    method: "PUT", path: "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py create_guild_role_member; botgo openapi/v1/member.go MemberAddRole; docs role-group/put_guild_member_role.md",
  }),
  /**
   * Take a role from a member.
   * @example `await bot.api.roles.removeMember({ guild_id, user_id, role_id })`
   */
  removeMember: route<RoleMemberBody>()({
    method: "DELETE", path: "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py delete_guild_role_member; botgo openapi/v1/member.go MemberDeleteRole; docs role-group/delete_guild_member_role.md",
  }),
} as const;
