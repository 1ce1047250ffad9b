/**
 * The OpenAPI endpoint table: every area's rows, keyed as `bot.api` exposes them
 * (`ENDPOINTS.members.list` → `bot.api.members.list`). Pure data; see `endpoint.ts` for a row.
 */
import { ANNOUNCE_ENDPOINTS } from "./announces.js";
import { API_PERMISSION_ENDPOINTS } from "./api-permissions.js";
import { AUDIO_ENDPOINTS } from "./audio.js";
import { CHANNEL_ENDPOINTS, CHANNEL_PERMISSION_ENDPOINTS } from "./channels.js";
import { DM_ENDPOINTS } from "./dms.js";
import { FORUM_ENDPOINTS } from "./forum.js";
import { GUILD_ENDPOINTS, ME_ENDPOINTS } from "./guilds.js";
import { INTERACTION_ENDPOINTS } from "./interactions.js";
import { MEDIA_ENDPOINTS } from "./media.js";
import { MEMBER_ENDPOINTS } from "./members.js";
import { MESSAGE_ENDPOINTS } from "./messages.js";
import { MUTE_ENDPOINTS } from "./mute.js";
import { PIN_ENDPOINTS } from "./pins.js";
import { REACTION_ENDPOINTS } from "./reactions.js";
import { ROLE_ENDPOINTS } from "./roles.js";
import { SCHEDULE_ENDPOINTS } from "./schedules.js";

export * from "./endpoint.js";
export {
  ANNOUNCE_ENDPOINTS, API_PERMISSION_ENDPOINTS, AUDIO_ENDPOINTS, CHANNEL_ENDPOINTS, CHANNEL_PERMISSION_ENDPOINTS, DM_ENDPOINTS,
  FORUM_ENDPOINTS, GUILD_ENDPOINTS, INTERACTION_ENDPOINTS, MEDIA_ENDPOINTS, MEMBER_ENDPOINTS, MESSAGE_ENDPOINTS, ME_ENDPOINTS,
  MUTE_ENDPOINTS, PIN_ENDPOINTS, REACTION_ENDPOINTS, ROLE_ENDPOINTS, SCHEDULE_ENDPOINTS,
};

/** Every endpoint, by area (the keys of `bot.api`). */
export const ENDPOINTS = {
  messages: MESSAGE_ENDPOINTS,
  media: MEDIA_ENDPOINTS,
  dms: DM_ENDPOINTS,
  interactions: INTERACTION_ENDPOINTS,
  me: ME_ENDPOINTS,
  guilds: GUILD_ENDPOINTS,
  channels: CHANNEL_ENDPOINTS,
  channelPermissions: CHANNEL_PERMISSION_ENDPOINTS,
  members: MEMBER_ENDPOINTS,
  roles: ROLE_ENDPOINTS,
  mute: MUTE_ENDPOINTS,
  announces: ANNOUNCE_ENDPOINTS,
  pins: PIN_ENDPOINTS,
  schedules: SCHEDULE_ENDPOINTS,
  reactions: REACTION_ENDPOINTS,
  audio: AUDIO_ENDPOINTS,
  forum: FORUM_ENDPOINTS,
  apiPermissions: API_PERMISSION_ENDPOINTS,
} as const;

