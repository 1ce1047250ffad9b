/** Guild members: look up, list (paged), remove (with blacklist), and list a role's members (paged). */
import { ALL_PEERS, route } from "./endpoint.js";
import type { Member, MemberDeleteBody, MembersQuery, RoleMembersPage, RoleMembersQuery } from "../models/member.js";

/** Member endpoints (`bot.api.members`). */
export const MEMBER_ENDPOINTS = {
  /**
   * One member.
   * @example `const member = await bot.api.members.get({ guild_id, user_id })`
   */
  get: route<void, Member>()({
    method: "GET", path: "/guilds/{guild_id}/members/{user_id}", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py get_guild_member; botgo openapi/v1/member.go GuildMember; docs role/member/get_member.md",
  }),
  /**
   * Members, up to 400 a page (private-domain bots). `.all()` pages on demand (by the last `user.id`,
   * dropping members a page repeats, until an empty page).
   * @example `for await (const m of bot.api.members.list.all({ guild_id, limit: 400 })) console.log(m.user.username)`
   */
  list: route<MembersQuery, Member[], Member>()({
    method: "GET", path: "/guilds/{guild_id}/members", input: "query", peers: ALL_PEERS,
    source: "botpy botpy/api.py get_guild_members; botgo openapi/v1/member.go GuildMembers + dto/pager.go; docs role/member/get_members.md",
    paging: { cursor: "after", limit: "limit", maxLimit: 400, next: { lastItem: ["user", "id"] }, key: ["user", "id"] },
  }),
  /**
   * Remove a member (not an admin), optionally blacklisting them and recalling their messages.
   * @example `await bot.api.members.delete({ guild_id, user_id, add_blacklist: true, delete_history_msg_days: 7 })`
   */
  delete: route<MemberDeleteBody>()({
    method: "DELETE", path: "/guilds/{guild_id}/members/{user_id}", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py get_delete_member; botgo openapi/v1/member.go DeleteGuildMember + dto/member.go; docs role/member/delete_member.md",
  }),
  /**
   * A role's members, up to 400 a page; `.all()` follows `next`.
   * @example `for await (const m of bot.api.members.listByRole.all({ guild_id, role_id: "2" })) admins.push(m)`
   */
  listByRole: route<RoleMembersQuery, RoleMembersPage, Member>()({
    method: "GET", path: "/guilds/{guild_id}/roles/{role_id}/members", input: "query",
    peers: ["botpy", "botgo", "nonebot", "satori"],
    source: "botpy botpy/api.py get_guild_role_members; botgo openapi/v1/member.go GuildRoleMembers; docs role/member/get_role_members.md",
    paging: { cursor: "start_index", limit: "limit", maxLimit: 400, items: "data", next: { page: "next" }, key: ["user", "id"] },
  }),
} as const;
