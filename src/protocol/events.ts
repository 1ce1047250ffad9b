/**
 * Dispatch event payloads (`d` of op 0) as the platform sends them (PROTOCOL.md Part B §5).
 * Every field the platform may omit is optional; normalisers validate before use.
 */

/** One attachment of a message. */
export interface RawAttachment {
  /** MIME type, e.g. `image/png`. */
  content_type?: string;
  /** File name. */
  filename?: string;
  /** Height in pixels (images, video). */
  height?: number;
  /** Width in pixels (images, video). */
  width?: number;
  /** Size in bytes. */
  size?: number;
  /** URL, sometimes without a scheme. */
  url?: string;
  /** Attachment id, when sent. */
  id?: string;
}

/** C2C_MESSAGE_CREATE. */
export interface C2CMessageData {
  /** Platform id of the message (the `msg_id` of replies). */
  id: string;
  /** Who wrote it. */
  author: {
    /** The user's openid. */
    user_openid: string;
    /** Legacy id, when sent. */
    id?: string;
    /** The user's union openid, when sent. */
    union_openid?: string;
  };
  /** Text as sent (mention markup included). */
  content: string;
  /** When it was sent (ISO 8601). */
  timestamp: string;
  /** Attached files. */
  attachments?: RawAttachment[];
  /** The message this one quotes. */
  message_reference?: {
    /** Id of the quoted message. */
    message_id: string;
  };
}

/** GROUP_AT_MESSAGE_CREATE. */
export interface GroupAtMessageData {
  /** Platform id of the message (the `msg_id` of replies). */
  id: string;
  /** Who wrote it. */
  author: {
    /** The member's openid in this group. */
    member_openid: string;
    /** Legacy id, when sent. */
    id?: string;
    /** The user's union openid, when sent. */
    union_openid?: string;
  };
  /** Text as sent (mention markup included). */
  content: string;
  /** When it was sent (ISO 8601). */
  timestamp: string;
  /** The group's openid. */
  group_openid: string;
  /** The group id (legacy), when sent. */
  group_id?: string;
  /** Attached files. */
  attachments?: RawAttachment[];
  /** The message this one quotes. */
  message_reference?: {
    /** Id of the quoted message. */
    message_id: string;
  };
}

/** A guild user. */
export interface RawGuildUser {
  /** The user's id. */
  id: string;
  /** User name. */
  username?: string;
  /** Avatar URL, when sent. */
  avatar?: string;
  /** Whether the user is a bot. */
  bot?: boolean;
}

/** AT_MESSAGE_CREATE, MESSAGE_CREATE and DIRECT_MESSAGE_CREATE (guild Message object). */
export interface GuildMessageData {
  /** Platform id of the message (the `msg_id` of replies). */
  id: string;
  /** The channel's id. */
  channel_id: string;
  /** The guild's id (for DIRECT_MESSAGE_CREATE: the DM session's guild id). */
  guild_id: string;
  /** Text as sent (mention markup included). */
  content: string;
  /** When it was sent (ISO 8601). */
  timestamp: string;
  /** Who wrote it. */
  author: RawGuildUser;
  /** The author's guild membership. */
  member?: {
    /** Nickname in the guild. */
    nick?: string;
    /** Role ids. */
    roles?: string[];
    /** When the author joined (ISO 8601). */
    joined_at?: string;
  };
  /** Attached files. */
  attachments?: RawAttachment[];
  /** Users mentioned. */
  mentions?: RawGuildUser[];
  /** Message sequence number in the guild. */
  seq?: number;
  /** Message sequence number in the channel. */
  seq_in_channel?: string;
  /** The message this one quotes. */
  message_reference?: {
    /** Id of the quoted message. */
    message_id: string;
  };
  /** DIRECT_MESSAGE_CREATE only. */
  direct_message?: boolean;
  /** DIRECT_MESSAGE_CREATE only: the guild the DM came from. */
  src_guild_id?: string;
}

/** FRIEND_ADD, FRIEND_DEL, C2C_MSG_REJECT, C2C_MSG_RECEIVE. */
export interface FriendEventData {
  /** The user's openid. */
  openid: string;
  /** Unix seconds. */
  timestamp: number;
  /** The user's nickname, when sent. */
  nick?: string;
  /** Avatar URL, when sent. */
  avatar?: string;
}

/** GROUP_ADD_ROBOT, GROUP_DEL_ROBOT, GROUP_MSG_REJECT, GROUP_MSG_RECEIVE. */
export interface GroupEventData {
  /** The group's openid. */
  group_openid: string;
  /** Openid of the member who did it. */
  op_member_openid: string;
  /** Unix seconds. */
  timestamp: number;
}

/** INTERACTION_CREATE. */
export interface InteractionData {
  /** The interaction's id (what `ackInteraction` and `event_id` replies take). */
  id: string;
  /** The bot's app id. */
  application_id?: string;
  /** Interaction type, as the platform numbers them. */
  type: number;
  /** The button or menu data. */
  data?: {
    /** Name of the interaction, when sent. */
    name?: string;
    /** Data type, as the platform numbers them. */
    type?: number;
    /** The button's data (`button_id`, `button_data`, …), passed through. */
    resolved?: Record<string, unknown>;
  };
  /** The guild's id (for DIRECT_MESSAGE_CREATE: the DM session's guild id). */
  guild_id?: string;
  /** The channel's id. */
  channel_id?: string;
  /** The group's openid. */
  group_openid?: string;
  /** 0 guild, 1 group, 2 c2c. */
  chat_type?: number;
  /** Where it happened. */
  scene?: "c2c" | "group" | "guild";
  /** C2C: the user's openid. */
  user_openid?: string;
  /** Group: the member's openid. */
  group_member_openid?: string;
  /** When it was sent (ISO 8601). */
  timestamp?: string;
  /** Payload version. */
  version?: number;
}

/** MESSAGE_AUDIT_PASS / MESSAGE_AUDIT_REJECT. */
export interface MessageAuditData {
  /** The audit id `send`/`reply` returned in `audit.auditId`. */
  audit_id: string;
  /** The id of the published message (pass only). */
  message_id?: string;
  /** The guild's id (for DIRECT_MESSAGE_CREATE: the DM session's guild id). */
  guild_id: string;
  /** The channel's id. */
  channel_id: string;
  /** When the audit ended. */
  audit_time?: string;
  /** When the message was submitted. */
  create_time?: string;
  /** Message sequence number in the channel. */
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
  /** A user sent the bot a private (C2C) message. */
  C2C_MESSAGE_CREATE: C2CMessageData;
  /** A group member @-mentioned the bot. */
  GROUP_AT_MESSAGE_CREATE: GroupAtMessageData;
  /** A guild channel message @-mentioning the bot (public guild bots). */
  AT_MESSAGE_CREATE: GuildMessageData;
  /** Any guild channel message (private guild bots only). */
  MESSAGE_CREATE: GuildMessageData;
  /** A guild direct message. */
  DIRECT_MESSAGE_CREATE: GuildMessageData;
  /** A user added the bot as a friend. */
  FRIEND_ADD: FriendEventData;
  /** A user removed the bot. */
  FRIEND_DEL: FriendEventData;
  /** A user turned off proactive messages from the bot. */
  C2C_MSG_REJECT: FriendEventData;
  /** A user turned proactive messages from the bot back on. */
  C2C_MSG_RECEIVE: FriendEventData;
  /** The bot was added to a group. */
  GROUP_ADD_ROBOT: GroupEventData;
  /** The bot was removed from a group. */
  GROUP_DEL_ROBOT: GroupEventData;
  /** A group turned off proactive messages from the bot. */
  GROUP_MSG_REJECT: GroupEventData;
  /** A group turned proactive messages from the bot back on. */
  GROUP_MSG_RECEIVE: GroupEventData;
  /** A user pressed a button (acknowledge it with `ackInteraction`). */
  INTERACTION_CREATE: InteractionData;
  /** A message held for audit was published. */
  MESSAGE_AUDIT_PASS: MessageAuditData;
  /** A message held for audit was rejected. */
  MESSAGE_AUDIT_REJECT: MessageAuditData;
  /** The bot joined a guild (the guild object, untyped). */
  GUILD_CREATE: Record<string, unknown>;
  /** A guild changed (the guild object, untyped). */
  GUILD_UPDATE: Record<string, unknown>;
  /** The bot left a guild (the guild object, untyped). */
  GUILD_DELETE: Record<string, unknown>;
  /** A channel was created (the channel object, untyped). */
  CHANNEL_CREATE: Record<string, unknown>;
  /** A channel changed (the channel object, untyped). */
  CHANNEL_UPDATE: Record<string, unknown>;
  /** A channel was deleted (the channel object, untyped). */
  CHANNEL_DELETE: Record<string, unknown>;
  /** A member joined a guild (the member object, untyped). */
  GUILD_MEMBER_ADD: Record<string, unknown>;
  /** A guild member changed (the member object, untyped). */
  GUILD_MEMBER_UPDATE: Record<string, unknown>;
  /** A member left a guild (the member object, untyped). */
  GUILD_MEMBER_REMOVE: Record<string, unknown>;
}

/** A documented event type. */
export type KnownEventType = keyof EventDataMap;
