/**
 * The guild-side state of the simulated platform, as plain records: guilds with their
 * channels, members, roles, mutes and announcement; channels with their messages, pins,
 * reactions, schedules, threads and permission overrides. Routes read and change it; tests
 * read it through `platform.guilds`.
 */

/** A member as stored. */
export interface MemberRecord {
  user: { id: string; username: string; avatar: string; bot: boolean };
  nick: string;
  roles: string[];
  joined_at: string;
}

/** A role as stored. */
export interface RoleRecord {
  id: string;
  name: string;
  color: number;
  hoist: number;
  member_limit: number;
}

/** A guild channel message (or a DM message) as stored. */
export interface ChannelMessageRecord {
  /** The message object the API returns. */
  message: Record<string, unknown> & { id: string; channel_id: string; guild_id: string };
  /** Whether the bot sent it. */
  byBot: boolean;
  /** Simulator-clock time it was created. */
  at: number;
  /** Set once recalled. */
  recalledAt?: number;
  /** Emoji key (`type:id`) → user ids who reacted. */
  reactions: Map<string, string[]>;
}

/** A schedule as stored. */
export interface ScheduleRecord {
  id: string;
  name: string;
  description?: string;
  start_timestamp: string;
  end_timestamp: string;
  jump_channel_id: string;
  remind_type: string;
  creator: MemberRecord;
}

/** A forum thread as stored. */
export interface ThreadRecord {
  guild_id: string;
  channel_id: string;
  author_id: string;
  thread_info: { thread_id: string; title: string; content: string; date_time: string };
}

/** A channel as stored. */
export interface ChannelRecord {
  id: string;
  guild_id: string;
  name: string;
  type: number;
  sub_type: number;
  position: number;
  parent_id: string;
  owner_id: string;
  private_type: number;
  speak_permission: number;
  application_id?: string;
  /** Pinned message ids, oldest first. */
  pins: string[];
  /** The retired channel announcement's message id. */
  announce?: string;
  /** User id → permission bits granted or revoked on top of the role's. */
  userPermissions: Map<string, number>;
  /** Role id → permission bits. */
  rolePermissions: Map<string, number>;
  schedules: Map<string, ScheduleRecord>;
  threads: Map<string, ThreadRecord>;
  /** Members in a voice channel now. */
  voiceMembers: string[];
  /** Whether the bot has the microphone (voice channels). */
  botOnMic: boolean;
  /** The last audio control applied. */
  audio?: { status: number; audio_url?: string; text?: string };
}

/** A guild as stored. */
export interface GuildRecord {
  id: string;
  name: string;
  icon: string;
  owner_id: string;
  description: string;
  joined_at: string;
  max_members: number;
  /** Whether the bot is an admin here (moderation calls need it). */
  botIsAdmin: boolean;
  /** Member user id → member, in join order. */
  members: Map<string, MemberRecord>;
  roles: Map<string, RoleRecord>;
  /** When the whole-guild mute ends (simulator-clock ms); absent = not muted. */
  mutedUntil?: number;
  /** Member user id → when their mute ends. */
  memberMutes: Map<string, number>;
  /** The guild announcement, when set. */
  announce?: { channel_id: string; message_id: string; announces_type: number; recommend_channels: Array<{ channel_id: string; introduce: string }> };
  /** Users removed with `add_blacklist`. */
  blacklist: Set<string>;
  /** Schedules created today, per creator, for the daily limit. */
  schedulesCreated: number;
  /** API permission demands posted today. */
  demandsPosted: number;
  /** APIs granted (`METHOD path`). */
  grantedApis: Set<string>;
}

/** Default role ids: everyone, admin, owner, channel admin. */
export const DEFAULT_ROLES = { everyone: "1", admin: "2", owner: "4", channelAdmin: "5" } as const;

/** Channel permission bits: view, manage, speak. */
export const PERMISSION = { view: 1, manage: 2, speak: 4 } as const;

/** Whether a member is an admin or the owner. */
export function isAdmin(member: MemberRecord): boolean {
  return member.roles.includes(DEFAULT_ROLES.admin) || member.roles.includes(DEFAULT_ROLES.owner);
}
