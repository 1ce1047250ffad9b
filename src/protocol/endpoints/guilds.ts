/** The bot itself and its guilds. */
import { ALL_PEERS, route } from "./endpoint.js";
import type { Guild, GuildsQuery } from "../models/guild.js";
import type { User } from "../models/user.js";

/** Endpoints about the bot (`bot.api.me`). */
export const ME_ENDPOINTS = {
  /**
   * The bot's own user.
   * @example `const me = await bot.api.me.get()`
   */
  get: route<void, User>()({
    method: "GET", path: "/users/@me", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py me; botgo openapi/v1/me.go Me; docs server-inter/channel/manage/user/me.md",
  }),
  /**
   * The guilds the bot is in, 100 a page; `.all()` pages on demand.
   * @example `for await (const guild of bot.api.me.guilds.all()) console.log(guild.name)`
   */
  guilds: route<GuildsQuery, Guild[], Guild>()({
    method: "GET", path: "/users/@me/guilds", input: "query", peers: ALL_PEERS,
    source: "botpy botpy/api.py me_guilds; botgo openapi/v1/me.go MeGuilds + dto/pager.go GuildPager; docs manage/guild/guilds.md",
    paging: { cursor: "after", limit: "limit", maxLimit: 100, next: { lastItem: ["id"] }, key: ["id"] },
  }),
} as const;

/** Guild endpoints (`bot.api.guilds`). */
export const GUILD_ENDPOINTS = {
  /**
   * One guild.
   * @example `const guild = await bot.api.guilds.get({ guild_id })`
   */
  get: route<void, Guild>()({
    method: "GET", path: "/guilds/{guild_id}", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py get_guild; botgo openapi/v1/guilds.go Guild; docs manage/guild/get_guild.md",
  }),
} as const;
