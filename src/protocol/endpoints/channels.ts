/** Channels (子频道) and channel permissions. */
import { ALL_PEERS, route } from "./endpoint.js";
import type {
  Channel, ChannelCreateBody, ChannelModifyBody, ChannelOnlineNums, ChannelPermissions, ChannelPermissionsBody,
} from "../models/channel.js";
import type { Member } from "../models/member.js";

/** Channel endpoints (`bot.api.channels`). */
export const CHANNEL_ENDPOINTS = {
  /**
   * The guild's channels.
   * @example `const channels = await bot.api.channels.list({ guild_id })`
   */
  list: route<void, Channel[]>()({
    method: "GET", path: "/guilds/{guild_id}/channels", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py get_channels; botgo openapi/v1/channels.go Channels; docs manage/channel/get_channels.md",
  }),
  /**
   * One channel.
   * @example `const channel = await bot.api.channels.get({ channel_id })`
   */
  get: route<void, Channel>()({
    method: "GET", path: "/channels/{channel_id}", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py get_channel; botgo openapi/v1/channels.go Channel; docs manage/channel/get_channel.md",
  }),
  /**
   * Create a channel (private-domain bots, as an admin).
   * @example `const c = await bot.api.channels.create({ guild_id, name: "公告", type: 0, sub_type: 1, position: 1 })`
   */
  create: route<ChannelCreateBody, Channel>()({
    method: "POST", path: "/guilds/{guild_id}/channels", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py create_channel; botgo openapi/v1/channels.go PostChannel; docs manage/channel/post_channels.md",
  }),
  /**
   * Change a channel: only the fields given.
   * @example `await bot.api.channels.modify({ channel_id, name: "新名字" })`
   */
  modify: route<ChannelModifyBody, Channel>()({
    method: "PATCH", path: "/channels/{channel_id}", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py update_channel; botgo openapi/v1/channels.go PatchChannel; docs manage/channel/patch_channel.md",
  }),
  /**
   * Delete a channel, for good.
   * @example `await bot.api.channels.delete({ channel_id })`
   */
  delete: route()({
    method: "DELETE", path: "/channels/{channel_id}", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py delete_channel; botgo openapi/v1/channels.go DeleteChannel; docs manage/channel/delete_channel.md",
  }),
  /**
   * Members online in a voice or live channel.
   * @example `const { online_nums } = await bot.api.channels.onlineNums({ channel_id })`
   */
  onlineNums: route<void, ChannelOnlineNums>()({
    method: "GET", path: "/channels/{channel_id}/online_nums", input: "none", peers: ["satori"],
    source: "docs server-inter/channel/role/get_online_nums.md; satori adapters/qq/src/internal/guild.ts getChannelOnlineNums",
  }),
  /**
   * Members in a voice channel (private-domain bots).
   * @example `const members = await bot.api.channels.voiceMembers({ channel_id })`
   */
  voiceMembers: route<void, Member[]>()({
    method: "GET", path: "/channels/{channel_id}/voice/members", input: "none", peers: ["botpy", "botgo", "bot-node-sdk"],
    source: "botpy botpy/api.py get_voice_members; botgo openapi/v1/channels.go ListVoiceChannelMembers",
  }),
} as const;

/** Channel permission endpoints (`bot.api.channelPermissions`). Bits: 1 view, 2 manage, 4 speak. */
export const CHANNEL_PERMISSION_ENDPOINTS = {
  /**
   * A user's permissions in a channel.
   * @example `const { permissions } = await bot.api.channelPermissions.getUser({ channel_id, user_id })`
   */
  getUser: route<void, ChannelPermissions>()({
    method: "GET", path: "/channels/{channel_id}/members/{user_id}/permissions", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py get_channel_user_permissions; botgo openapi/v1/channel_permissions.go ChannelPermissions",
  }),
  /**
   * Grant and revoke a user's permissions (the manage bit cannot be changed).
   * @example `await bot.api.channelPermissions.setUser({ channel_id, user_id, remove: "4" })`
   */
  setUser: route<ChannelPermissionsBody>()({
    method: "PUT", path: "/channels/{channel_id}/members/{user_id}/permissions", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py update_channel_user_permissions; botgo openapi/v1/channel_permissions.go PutChannelPermissions",
  }),
  /**
   * A role's permissions in a channel.
   * @example `const { permissions } = await bot.api.channelPermissions.getRole({ channel_id, role_id })`
   */
  getRole: route<void, ChannelPermissions>()({
    method: "GET", path: "/channels/{channel_id}/roles/{role_id}/permissions", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py get_channel_role_permissions; botgo openapi/v1/channel_permissions.go ChannelRolesPermissions",
  }),
  /**
   * Grant and revoke a role's permissions.
   * @example `await bot.api.channelPermissions.setRole({ channel_id, role_id, add: "1" })`
   */
  setRole: route<ChannelPermissionsBody>()({
    method: "PUT", path: "/channels/{channel_id}/roles/{role_id}/permissions", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py update_channel_role_permissions; botgo openapi/v1/channel_permissions.go PutChannelRolesPermissions",
  }),
} as const;
