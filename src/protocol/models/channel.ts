/**
 * Channels (子频道), their bodies for create and modify, and channel permissions.
 * Source: docs server-inter/channel/manage/channel/model.md, post_channels.md, patch_channel.md,
 * role-group/channel_permissions/*.md; botgo dto/channel.go, dto/channel_permissions.go.
 */

/**
 * Channel types: 0 text, 2 voice, 4 category, 10005 live, 10006 application, 10007 forum
 * (1 and 3 are reserved; new types appear, so handle unknown numbers).
 */
export type ChannelType = 0 | 2 | 4 | 10005 | 10006 | 10007 | (number & {});

/** A channel (子频道). */
export interface Channel {
  /** Channel id. */
  id: string;
  /** Guild id. */
  guild_id: string;
  /** Name. */
  name: string;
  /** Type: see {@link ChannelType}. */
  type: ChannelType;
  /** Text channels only: 0 chat, 1 announcement, 2 guide, 3 team game. */
  sub_type?: number;
  /** Sort position (from 1; categories from 2). */
  position?: number;
  /** Id of its category. */
  parent_id?: string;
  /** Id of its creator. */
  owner_id?: string;
  /** Visibility: 0 public, 1 owner and admins, 2 owner, admins and chosen members. */
  private_type?: number;
  /** Who may speak: 0 invalid, 1 everyone, 2 owner, admins and chosen members. */
  speak_permission?: number;
  /** Application channels only: the application type id. */
  application_id?: string;
  /** The bot's permissions in this channel (a bit set as a decimal string). */
  permissions?: string;
}

/** Body of `POST /guilds/{guild_id}/channels`. */
export interface ChannelCreateBody {
  /** Name. */
  name: string;
  /** Type: see {@link ChannelType}. */
  type: ChannelType;
  /** Text channels: 0 chat, 1 announcement, 2 guide, 3 team game. */
  sub_type?: number;
  /** Sort position; for a category (type 4) at least 2. */
  position: number;
  /** Category id. */
  parent_id?: string;
  /** Visibility: 0 public, 1 owner and admins, 2 owner, admins and `private_user_ids`. */
  private_type?: number;
  /** Members who see a private channel (private_type 2). */
  private_user_ids?: string[];
  /** Who may speak: 1 everyone, 2 owner, admins and chosen members. */
  speak_permission?: number;
  /** Application channels only: the application type id. */
  application_id?: string;
}

/** Body of `PATCH /channels/{channel_id}`: only the fields to change. */
export interface ChannelModifyBody {
  /** Name. */
  name?: string;
  /** Sort position. */
  position?: number;
  /** Category id. */
  parent_id?: string;
  /** Visibility: 0 public, 1 owner and admins, 2 owner, admins and chosen members. */
  private_type?: number;
  /** Who may speak: 1 everyone, 2 owner, admins and chosen members. */
  speak_permission?: number;
}

/** A user's or a role's permissions in a channel. */
export interface ChannelPermissions {
  /** Channel id. */
  channel_id: string;
  /** The user (user permissions only). */
  user_id?: string;
  /** The role (role permissions only). */
  role_id?: string;
  /** Bit set as a decimal string: 1 view, 2 manage, 4 speak (`"5"` = view + speak). */
  permissions: string;
}

/** Body of the two permission PUTs: bits to grant and to revoke, as decimal strings (a bit in both is revoked). */
export interface ChannelPermissionsBody {
  /** Bits to grant, e.g. `"1"` (view). */
  add?: string;
  /** Bits to revoke, e.g. `"4"` (speak). */
  remove?: string;
}

/** `GET /channels/{channel_id}/online_nums`: members online in a voice or live channel. */
export interface ChannelOnlineNums {
  /** How many are online. */
  online_nums: number;
}
