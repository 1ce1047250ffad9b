/** Pinned messages (精华消息): at most 20 per channel; every call answers the channel's pins after it. */
import { route } from "./endpoint.js";
import type { PinsMessage } from "../models/moderation.js";

const PEERS = ["botpy", "botgo", "bot-node-sdk", "qq-official-bot", "nonebot", "satori"] as const;

/** Pin endpoints (`bot.api.pins`). */
export const PIN_ENDPOINTS = {
  /**
   * Pin a message.
   * @example `const { message_ids } = await bot.api.pins.add({ channel_id, message_id })`
   */
  add: route<void, PinsMessage>()({
    method: "PUT", path: "/channels/{channel_id}/pins/{message_id}", input: "none", peers: PEERS,
    source: "botpy botpy/api.py put_pin; botgo openapi/v1/pins.go AddPins; docs content/pins/put_pins_message.md",
  }),
  /**
   * Unpin a message; `message_id: "all"` unpins every message.
   * @example `await bot.api.pins.remove({ channel_id, message_id: "all" })`
   */
  remove: route()({
    method: "DELETE", path: "/channels/{channel_id}/pins/{message_id}", input: "none", peers: PEERS,
    source: "botpy botpy/api.py delete_pin; botgo openapi/v1/pins.go DeletePins, CleanPins; docs content/pins/delete_pins_message.md",
  }),
  /**
   * The channel's pinned messages.
   * @example `const { message_ids } = await bot.api.pins.list({ channel_id })`
   */
  list: route<void, PinsMessage>()({
    method: "GET", path: "/channels/{channel_id}/pins", input: "none", peers: PEERS,
    source: "botpy botpy/api.py get_pins; botgo openapi/v1/pins.go GetPins; docs content/pins/get_pins_message.md",
  }),
} as const;
