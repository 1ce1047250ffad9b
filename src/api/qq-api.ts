/**
 * `bot.api`: the whole OpenAPI, one typed method per row of the endpoint table
 * (`src/protocol/endpoints/`), grouped by area. Each area's interface is derived from its rows
 * ({@link AreaApi}), so the methods, their argument and result types and their docs come from
 * the table.
 */
import type {
  ANNOUNCE_ENDPOINTS, API_PERMISSION_ENDPOINTS, AUDIO_ENDPOINTS, CHANNEL_ENDPOINTS, CHANNEL_PERMISSION_ENDPOINTS, DM_ENDPOINTS,
  FORUM_ENDPOINTS, GUILD_ENDPOINTS, INTERACTION_ENDPOINTS, ME_ENDPOINTS, MEDIA_ENDPOINTS, MEMBER_ENDPOINTS, MESSAGE_ENDPOINTS,
  MUTE_ENDPOINTS, PIN_ENDPOINTS, REACTION_ENDPOINTS, ROLE_ENDPOINTS, SCHEDULE_ENDPOINTS,
} from "../protocol/endpoints/index.js";
import type { AreaApi } from "./api-types.js";

/** Messages: post (raw), recall (C2C, group, channel, DM), get, list, edit, settings, setting guides. */
export interface MessagesApi extends AreaApi<typeof MESSAGE_ENDPOINTS> {}
/** Rich-media upload for C2C and group chats. */
export interface MediaApi extends AreaApi<typeof MEDIA_ENDPOINTS> {}
/** Guild DM sessions. */
export interface DmsApi extends AreaApi<typeof DM_ENDPOINTS> {}
/** Interaction (button) acknowledgement. */
export interface InteractionsApi extends AreaApi<typeof INTERACTION_ENDPOINTS> {}
/** The bot's own user and its guilds. */
export interface MeApi extends AreaApi<typeof ME_ENDPOINTS> {}
/** Guilds. */
export interface GuildsApi extends AreaApi<typeof GUILD_ENDPOINTS> {}
/** Channels: list, get, create, modify, delete, online count, voice members. */
export interface ChannelsApi extends AreaApi<typeof CHANNEL_ENDPOINTS> {}
/** Channel permissions of users and roles. */
export interface ChannelPermissionsApi extends AreaApi<typeof CHANNEL_PERMISSION_ENDPOINTS> {}
/** Guild members: get, list (paged), remove, a role's members (paged). */
export interface MembersApi extends AreaApi<typeof MEMBER_ENDPOINTS> {}
/** Roles: list, create, modify, delete, add and remove members. */
export interface RolesApi extends AreaApi<typeof ROLE_ENDPOINTS> {}
/** Mute the guild, one member, several members. */
export interface MuteApi extends AreaApi<typeof MUTE_ENDPOINTS> {}
/** Announcements. */
export interface AnnouncesApi extends AreaApi<typeof ANNOUNCE_ENDPOINTS> {}
/** Pinned messages. */
export interface PinsApi extends AreaApi<typeof PIN_ENDPOINTS> {}
/** Schedules. */
export interface SchedulesApi extends AreaApi<typeof SCHEDULE_ENDPOINTS> {}
/** Emoji reactions: add, remove, the users who reacted (paged). */
export interface ReactionsApi extends AreaApi<typeof REACTION_ENDPOINTS> {}
/** Audio control and the bot's microphone. */
export interface AudioApi extends AreaApi<typeof AUDIO_ENDPOINTS> {}
/** Forum threads. */
export interface ForumApi extends AreaApi<typeof FORUM_ENDPOINTS> {}
/** The bot's API permissions and demands for more. */
export interface ApiPermissionsApi extends AreaApi<typeof API_PERMISSION_ENDPOINTS> {}

/** `bot.api`: every area of the OpenAPI. Calls share the bot's auth, token refresh, redaction, typed errors and retry policy. */
export interface QQApi {
  /** Messages: post (raw), recall, get, list, edit, settings, setting guides. */
  readonly messages: MessagesApi;
  /** Rich-media upload for C2C and group chats. */
  readonly media: MediaApi;
  /** Guild DM sessions. */
  readonly dms: DmsApi;
  /** Interaction acknowledgement. */
  readonly interactions: InteractionsApi;
  /** The bot's own user and its guilds. */
  readonly me: MeApi;
  /** Guilds. */
  readonly guilds: GuildsApi;
  /** Channels. */
  readonly channels: ChannelsApi;
  /** Channel permissions. */
  readonly channelPermissions: ChannelPermissionsApi;
  /** Guild members. */
  readonly members: MembersApi;
  /** Roles. */
  readonly roles: RolesApi;
  /** Mute. */
  readonly mute: MuteApi;
  /** Announcements. */
  readonly announces: AnnouncesApi;
  /** Pinned messages. */
  readonly pins: PinsApi;
  /** Schedules. */
  readonly schedules: SchedulesApi;
  /** Emoji reactions. */
  readonly reactions: ReactionsApi;
  /** Audio. */
  readonly audio: AudioApi;
  /** Forum threads. */
  readonly forum: ForumApi;
  /** API permissions. */
  readonly apiPermissions: ApiPermissionsApi;
}
