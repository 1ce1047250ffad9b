/** Mute (禁言): the whole guild, one member, several members. `"0"` lifts a mute. The bot must be an admin. */
import { ALL_PEERS, route } from "./endpoint.js";
import type { MuteBody, MuteMembersBody, MuteMembersResult } from "../models/moderation.js";

/** Mute endpoints (`bot.api.mute`). */
export const MUTE_ENDPOINTS = {
  /**
   * Mute every member who is not an admin (`mute_seconds: "0"` lifts it).
   * @example `await bot.api.mute.guild({ guild_id, mute_seconds: "600" })`
   */
  guild: route<MuteBody>()({
    method: "PATCH", path: "/guilds/{guild_id}/mute", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py mute_all; botgo openapi/v1/mute.go GuildMute; docs speak/patch_guild_mute.md",
  }),
  /**
   * Mute one member.
   * @example `await bot.api.mute.member({ guild_id, user_id, mute_seconds: "60" })`
   */
  member: route<MuteBody>()({
    method: "PATCH", path: "/guilds/{guild_id}/members/{user_id}/mute", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py mute_member; botgo openapi/v1/mute.go MemberMute; docs speak/patch_guild_member_mute.md",
  }),
  /**
   * Mute several members; answers the ones muted.
   * @example `const { user_ids } = await bot.api.mute.members({ guild_id, user_ids: [a, b], mute_seconds: "120" })`
   */
  members: route<MuteMembersBody, MuteMembersResult>()({
    method: "PATCH", path: "/guilds/{guild_id}/mute", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py mute_multi_member; botgo openapi/v1/mute.go MultiMemberMute; docs speak/patch_guild_mute_multi_member.md",
  }),
} as const;
