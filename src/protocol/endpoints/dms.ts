/** Guild DM sessions: `bot.send({ kind: "direct", userId, sourceGuildId })` opens one for you; this is the raw call. */
import { ALL_PEERS, route } from "./endpoint.js";
import type { DirectSession, DirectSessionBody } from "../models/media.js";

/** DM session endpoints (`bot.api.dms`). */
export const DM_ENDPOINTS = {
  /**
   * Open a DM session with a member of a guild the bot is in.
   * @example `const { guild_id } = await bot.api.dms.create({ recipient_id: userId, source_guild_id: guildId })`
   */
  create: route<DirectSessionBody, DirectSession>()({
    method: "POST", path: "/users/@me/dms", input: "body", peers: ALL_PEERS,
    source: "botpy botpy/api.py create_dms; botgo openapi/v1/direct_message.go CreateDirectMessage; docs message/dms/post_dms.md",
  }),
} as const;
