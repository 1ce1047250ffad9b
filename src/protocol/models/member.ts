/**
 * Guild members and roles (身份组), with their paging queries and bodies.
 * Source: docs server-inter/channel/role/member/*.md, role-group/*.md; botgo dto/member.go,
 * dto/role.go, dto/pager.go; botpy botpy/api.py (get_guild_members, get_guild_role_members).
 */
import type { User } from "./user.js";

/** A guild member. */
export interface Member {
  /** The user; filled in by the member endpoints. */
  user: User;
  /** Nickname in the guild. */
  nick: string;
  /** Role ids (default roles: 1 everyone, 2 admin, 4 owner, 5 channel admin). */
  roles: string[];
  /** When the member joined (ISO 8601). */
  joined_at: string;
}

/** Query of `GET /guilds/{guild_id}/members`. */
export interface MembersQuery {
  /** The `user.id` of the last member of the previous page; `"0"` for the first. @defaultValue "0" */
  after?: string;
  /** Page size, 1–400. @defaultValue 1 */
  limit?: number;
}

/** Body of `DELETE /guilds/{guild_id}/members/{user_id}`. */
export interface MemberDeleteBody {
  /** Also put the user on the guild's blacklist. */
  add_blacklist?: boolean;
  /** Also recall the member's messages of the last 3, 7, 15 or 30 days; -1 all; 0 none (other values: none). */
  delete_history_msg_days?: 0 | 3 | 7 | 15 | 30 | -1;
}

/** A role (身份组). */
export interface Role {
  /** Role id. */
  id: string;
  /** Name. */
  name: string;
  /** ARGB colour as a decimal number. */
  color: number;
  /** Shown separately in the member list: 0 no, 1 yes. */
  hoist: number;
  /** Members who have it. */
  number?: number;
  /** Most members it may have. */
  member_limit?: number;
}

/** `GET /guilds/{guild_id}/roles`. */
export interface GuildRoles {
  /** Guild id. */
  guild_id: string;
  /** The roles. */
  roles: Role[];
  /** How many roles the guild may have (a decimal string). */
  role_num_limit: string;
}

/** Body of role create and modify: at least one field. */
export interface RoleBody {
  /** Name. */
  name?: string;
  /** ARGB colour as a decimal number. */
  color?: number;
  /** Shown separately in the member list: 0 no, 1 yes. */
  hoist?: 0 | 1;
}

/** Answer of `POST /guilds/{guild_id}/roles`. */
export interface RoleCreated {
  /** The new role's id. */
  role_id: string;
  /** The new role. */
  role: Role;
}

/** Answer of `PATCH /guilds/{guild_id}/roles/{role_id}`. */
export interface RoleModified {
  /** Guild id. */
  guild_id: string;
  /** Role id. */
  role_id: string;
  /** The role after the change. */
  role: Role;
}

/** Body of adding or removing a role member: the channel, for role 5 (channel admin) only. */
export interface RoleMemberBody {
  /** The channel whose admin the member becomes (or stops being); only its `id`. */
  channel?: {
    /** Channel id. */
    id: string;
  };
}

/** Query of `GET /guilds/{guild_id}/roles/{role_id}/members`. */
export interface RoleMembersQuery {
  /** The `next` of the previous page; `"0"` for the first. @defaultValue "0" */
  start_index?: string;
  /** Page size, 1–400. @defaultValue 1 */
  limit?: number;
}

/** A page of `GET /guilds/{guild_id}/roles/{role_id}/members`. */
export interface RoleMembersPage {
  /** Members of this page. */
  data: Member[];
  /** `start_index` of the next page. */
  next: string;
}
