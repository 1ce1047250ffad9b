/** Emoji reactions (表情表态) on guild channel messages. `type` 1 = system emoji, 2 = emoji character; `id` from the emoji list. */
import { ALL_PEERS, route } from "./endpoint.js";
import type { ReactionUsersPage, ReactionUsersQuery } from "../models/reaction.js";
import type { ReactionUser } from "../models/user.js";

/** Reaction endpoints (`bot.api.reactions`). */
export const REACTION_ENDPOINTS = {
  /**
   * React to a message.
   * @example `await bot.api.reactions.add({ channel_id, message_id, type: 1, id: "4" })`
   */
  add: route()({
    method: "PUT", path: "/channels/{channel_id}/messages/{message_id}/reactions/{type}/{id}", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py put_reaction; botgo openapi/v1/message_reaction.go CreateMessageReaction; docs message/trans/emoji.md",
  }),
  /**
   * Remove the bot's reaction.
   * @example `await bot.api.reactions.remove({ channel_id, message_id, type: 1, id: "4" })`
   */
  remove: route()({
    method: "DELETE", path: "/channels/{channel_id}/messages/{message_id}/reactions/{type}/{id}", input: "none", peers: ALL_PEERS,
    source: "botpy botpy/api.py delete_reaction; botgo openapi/v1/message_reaction.go DeleteOwnMessageReaction; docs message/trans/emoji.md",
  }),
  /**
   * Users who reacted with an emoji, up to 50 a page; `.all()` follows `cookie` until `is_end`.
   * @example `for await (const user of bot.api.reactions.users.all({ channel_id, message_id, type: 1, id: "4" })) seen.add(user.id)`
   */
  users: route<ReactionUsersQuery, ReactionUsersPage, ReactionUser>()({
    method: "GET", path: "/channels/{channel_id}/messages/{message_id}/reactions/{type}/{id}", input: "query", peers: ALL_PEERS,
    source: "botpy botpy/api.py get_reaction_users; botgo openapi/v1/message_reaction.go GetMessageReactionUsers; docs message/trans/emoji.md",
    paging: { cursor: "cookie", limit: "limit", maxLimit: 50, items: "users", next: { page: "cookie" }, end: "is_end", key: ["id"] },
  }),
} as const;
