/**
 * Where a message goes: one variant per chat kind, and the REST paths of each.
 */

/** A user's private chat (C2C), by the user's openid. */
export interface C2CTarget {
  /** Discriminant. */
  kind: "c2c";
  /** The user's openid (as in `message.author.userOpenid`). */
  openid: string;
}

/** A group chat, by the group's openid. */
export interface GroupTarget {
  /** Discriminant. */
  kind: "group";
  /** The group's openid. */
  groupOpenid: string;
}

/** A guild text channel. */
export interface ChannelTarget {
  /** Discriminant. */
  kind: "channel";
  /** The channel's id. */
  channelId: string;
  /** The guild the channel belongs to, when known. */
  guildId?: string;
}

/** A guild direct-message session, by its DM guild id (what a DIRECT_MESSAGE_CREATE carries as `guild_id`). */
export interface DirectSessionTarget {
  /** Discriminant. */
  kind: "direct";
  /** The DM session's guild id. */
  guildId: string;
}

/** A guild member to DM: the sender first opens a DM session (`POST /users/@me/dms`) and caches it. */
export interface DirectUserTarget {
  /** Discriminant. */
  kind: "direct";
  /** The guild member's user id. */
  userId: string;
  /** A guild the bot and the user share, where the DM starts from. */
  sourceGuildId: string;
}

/** A guild DM, by session or by user. */
export type DirectTarget = DirectSessionTarget | DirectUserTarget;

/** Every place a message can be sent. */
export type SendTarget = C2CTarget | GroupTarget | ChannelTarget | DirectTarget;

/** A target whose DM session (if any) has been resolved. */
export type ResolvedTarget = C2CTarget | GroupTarget | ChannelTarget | DirectSessionTarget;

/** What a send replies to: a user message (`msg_id`) or a non-message event (`event_id`). */
export type ReplyRef =
  | {
      /** A user message's id, sent as `msg_id`. */
      messageId: string;
    }
  | {
      /** A non-message event's id (such as `GROUP_ADD_ROBOT`), sent as `event_id`. */
      eventId: string;
    };

const seg = (id: string): string => encodeURIComponent(id);

/** The `POST` path that sends a message to a resolved target. */
export function messagePath(target: ResolvedTarget): string {
  switch (target.kind) {
    case "c2c":
      return `/v2/users/${seg(target.openid)}/messages`;
    case "group":
      return `/v2/groups/${seg(target.groupOpenid)}/messages`;
    case "channel":
      return `/channels/${seg(target.channelId)}/messages`;
    case "direct":
      return `/dms/${seg(target.guildId)}/messages`;
  }
}

/** The rich-media upload path of a C2C or group target. */
export function filesPath(target: C2CTarget | GroupTarget): string {
  return target.kind === "c2c" ? `/v2/users/${seg(target.openid)}/files` : `/v2/groups/${seg(target.groupOpenid)}/files`;
}

/** A short description of a target for logs and error messages (ids are not secrets). */
export function describeTarget(target: SendTarget): string {
  switch (target.kind) {
    case "c2c":
      return `c2c user ${target.openid}`;
    case "group":
      return `group ${target.groupOpenid}`;
    case "channel":
      return `channel ${target.channelId}`;
    case "direct":
      return "guildId" in target ? `DM session ${target.guildId}` : `DM to user ${target.userId}`;
  }
}

/** The id a reply refers to (`msg_id` or `event_id` value). */
export function replyRefId(ref: ReplyRef): string {
  return "messageId" in ref ? ref.messageId : ref.eventId;
}
