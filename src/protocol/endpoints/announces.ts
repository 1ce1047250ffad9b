/** Announcements (公告): guild-wide (a message, or recommended channels), and the retired channel ones. */
import { route } from "./endpoint.js";
import type { Announce, AnnounceBody, ChannelAnnounceBody } from "../models/moderation.js";

const RETIRED = "the platform retired channel announcements on 2022-03-15; use pins (bot.api.pins) instead";

/** Announcement endpoints (`bot.api.announces`). */
export const ANNOUNCE_ENDPOINTS = {
  /**
   * Make a message the guild's announcement, or set recommended channels (they replace each other).
   * @example `await bot.api.announces.create({ guild_id, channel_id, message_id })`
   */
  create: route<AnnounceBody, Announce>()({
    method: "POST", path: "/guilds/{guild_id}/announces", input: "body",
    peers: ["botpy", "botgo", "bot-node-sdk", "qq-official-bot", "nonebot", "satori"],
    source: "botpy botpy/api.py create_announce, create_recommend_announce; botgo openapi/v1/announces.go CreateGuildAnnounces; docs announces/post_guild_announces.md",
  }),
  /**
   * Remove the guild's announcement; `message_id: "all"` removes any without checking the id.
   * @example `await bot.api.announces.delete({ guild_id, message_id: "all" })`
   */
  delete: route()({
    method: "DELETE", path: "/guilds/{guild_id}/announces/{message_id}", input: "none",
    peers: ["botpy", "botgo", "bot-node-sdk", "nonebot", "satori"],
    source: "botpy botpy/api.py delete_announce; botgo openapi/v1/announces.go DeleteGuildAnnounces, CleanGuildAnnounces; docs announces/delete_guild_announces.md",
  }),
  /**
   * Make a message its channel's announcement (retired by the platform).
   * @deprecated The platform retired channel announcements on 2022-03-15; use `bot.api.pins.add`.
   * @example `await bot.api.announces.createChannel({ channel_id, message_id })`
   */
  createChannel: route<ChannelAnnounceBody, Announce>()({
    method: "POST", path: "/channels/{channel_id}/announces", input: "body", peers: ["botgo", "bot-node-sdk"], deprecated: RETIRED,
    source: "botgo openapi/v1/announces.go CreateChannelAnnounces; docs announces/post_channel_announces.md",
  }),
  /**
   * Remove a channel announcement (retired by the platform); `"all"` removes any.
   * @deprecated The platform retired channel announcements on 2022-03-15; use `bot.api.pins.remove`.
   * @example `await bot.api.announces.deleteChannel({ channel_id, message_id: "all" })`
   */
  deleteChannel: route()({
    method: "DELETE", path: "/channels/{channel_id}/announces/{message_id}", input: "none", peers: ["botgo", "bot-node-sdk"], deprecated: RETIRED,
    source: "botgo openapi/v1/announces.go DeleteChannelAnnounces, CleanChannelAnnounces; docs announces/delete_channel_announces.md",
  }),
} as const;
