/**
 * Dispatch event payloads (`d` of op 0) as the platform sends them (PROTOCOL.md Part B §5).
 * Every field the platform may omit is optional; normalisers validate before use.
 */

/** One attachment of a message. */
export interface RawAttachment {
  content_type?: string;
  filename?: string;
  height?: number;
  width?: number;
  size?: number;
  url?: string;
  id?: string;
}

/** C2C_MESSAGE_CREATE. */
export interface C2CMessageData {
  id: string;
  author: { user_openid: string; id?: string; union_openid?: string };
  content: string;
  timestamp: string;
  attachments?: RawAttachment[];
  message_reference?: { message_id: string };
}

/** GROUP_AT_MESSAGE_CREATE. */
export interface GroupAtMessageData {
  id: string;
  author: { member_openid: string; id?: string; union_openid?: string };
  content: string;
  timestamp: string;
  group_openid: string;
  group_id?: string;
  attachments?: RawAttachment[];
  message_reference?: { message_id: string };
}

/** A guild user. */
export interface RawGuildUser {
  id: string;
  username?: string;
  avatar?: string;
  bot?: boolean;
}

/** AT_MESSAGE_CREATE, MESSAGE_CREATE and DIRECT_MESSAGE_CREATE (guild Message object). */
export interface GuildMessageData {
  id: string;
  channel_id: string;
  guild_id: string;
  content: string;
  timestamp: string;
  author: RawGuildUser;
  member?: { nick?: string; roles?: string[]; joined_at?: string };
  attachments?: RawAttachment[];
  mentions?: RawGuildUser[];
  seq?: number;
  seq_in_channel?: string;
  message_reference?: { message_id: string };
  /** DIRECT_MESSAGE_CREATE only. */
  direct_message?: boolean;
  /** DIRECT_MESSAGE_CREATE only: the guild the DM came from. */
  src_guild_id?: string;
}

/** FRIEND_ADD, FRIEND_DEL, C2C_MSG_REJECT, C2C_MSG_RECEIVE. */
export interface FriendEventData {
  openid: string;
  /** Unix seconds. */
  timestamp: number;
  nick?: string;
  avatar?: string;
}

/** GROUP_ADD_ROBOT, GROUP_DEL_ROBOT, GROUP_MSG_REJECT, GROUP_MSG_RECEIVE. */
export interface GroupEventData {
  group_openid: string;
  op_member_openid: string;
  /** Unix seconds. */
  timestamp: number;
}

/** INTERACTION_CREATE. */
export interface InteractionData {
  id: string;
  application_id?: string;
  type: number;
  data?: { name?: string; type?: number; resolved?: Record<string, unknown> };
  guild_id?: string;
  channel_id?: string;
  group_openid?: string;
  /** 0 guild, 1 group, 2 c2c. */
  chat_type?: number;
  scene?: "c2c" | "group" | "guild";
  user_openid?: string;
  group_member_openid?: string;
  timestamp?: string;
  version?: number;
}

/** MESSAGE_AUDIT_PASS / MESSAGE_AUDIT_REJECT. */
export interface MessageAuditData {
  audit_id: string;
  message_id?: string;
  guild_id: string;
  channel_id: string;
  audit_time?: string;
  create_time?: string;
  seq_in_channel?: string;
}

/** Event types that carry a user message. */
export const MESSAGE_EVENT_TYPES = [
  "C2C_MESSAGE_CREATE",
  "GROUP_AT_MESSAGE_CREATE",
  "AT_MESSAGE_CREATE",
  "MESSAGE_CREATE",
  "DIRECT_MESSAGE_CREATE",
] as const;

/** One of {@link MESSAGE_EVENT_TYPES}. */
export type MessageEventType = (typeof MESSAGE_EVENT_TYPES)[number];

/** Map from documented event type to its `d`. */
export interface EventDataMap {
  C2C_MESSAGE_CREATE: C2CMessageData;
  GROUP_AT_MESSAGE_CREATE: GroupAtMessageData;
  AT_MESSAGE_CREATE: GuildMessageData;
  MESSAGE_CREATE: GuildMessageData;
  DIRECT_MESSAGE_CREATE: GuildMessageData;
  FRIEND_ADD: FriendEventData;
  FRIEND_DEL: FriendEventData;
  C2C_MSG_REJECT: FriendEventData;
  C2C_MSG_RECEIVE: FriendEventData;
  GROUP_ADD_ROBOT: GroupEventData;
  GROUP_DEL_ROBOT: GroupEventData;
  GROUP_MSG_REJECT: GroupEventData;
  GROUP_MSG_RECEIVE: GroupEventData;
  INTERACTION_CREATE: InteractionData;
  MESSAGE_AUDIT_PASS: MessageAuditData;
  MESSAGE_AUDIT_REJECT: MessageAuditData;
  GUILD_CREATE: Record<string, unknown>;
  GUILD_UPDATE: Record<string, unknown>;
  GUILD_DELETE: Record<string, unknown>;
  CHANNEL_CREATE: Record<string, unknown>;
  CHANNEL_UPDATE: Record<string, unknown>;
  CHANNEL_DELETE: Record<string, unknown>;
  GUILD_MEMBER_ADD: Record<string, unknown>;
  GUILD_MEMBER_UPDATE: Record<string, unknown>;
  GUILD_MEMBER_REMOVE: Record<string, unknown>;
}

/** A documented event type. */
export type KnownEventType = keyof EventDataMap;
