/** Interaction (button) acknowledgement; `bot.ackInteraction` calls this. */
import { route } from "./endpoint.js";
import type { InteractionAckBody } from "../models/media.js";

/** Interaction endpoints (`bot.api.interactions`). */
export const INTERACTION_ENDPOINTS = {
  /**
   * Acknowledge an INTERACTION_CREATE with a result code (0 success … 5 admins only).
   * @example `await bot.api.interactions.ack({ interaction_id: event.data.id, code: 0 })`
   */
  ack: route<InteractionAckBody>()({
    method: "PUT", path: "/interactions/{interaction_id}", input: "body",
    peers: ["botpy", "botgo", "bot-node-sdk", "qq-official-bot", "nonebot", "satori"],
    source: "botpy botpy/api.py on_interaction_result; botgo openapi/v1/interaction.go PutInteraction",
  }),
} as const;
