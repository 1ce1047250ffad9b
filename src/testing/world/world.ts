/**
 * The simulated guilds: every guild, channel and channel message by id, with the look-ups the
 * routes share. A look-up of something that does not exist throws the platform's error
 * (10004 unknown guild, 10003 unknown channel, 10001 unknown member, 50039 unknown message),
 * so a route reads like the platform's rules.
 */
import { randomSnowflake, rfc3339Beijing } from "../ids.js";
import { PlatformError, PlatformHttpError, type PlatformErrorSpec } from "../platform-errors.js";
import { isAdmin, type ChannelMessageRecord, type ChannelRecord, type GuildRecord, type MemberRecord } from "./records.js";

/** The simulated guild side of the platform. */
export class GuildWorld {
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, ChannelMessageRecord>();

  constructor(
    /** Simulator clock. */
    readonly now: () => number,
    /** The bot's user. */
    readonly bot: { id: string; username: string },
  ) {}

  /** The guild, or 404 10004. */
  guild(id: string | undefined): GuildRecord {
    const guild = id === undefined ? undefined : this.guilds.get(id);
    if (!guild) throw new PlatformHttpError(PlatformError.UNKNOWN_GUILD, `guild ${id ?? "?"}`);
    return guild;
  }

  /** The channel, or 404 10003. */
  channel(id: string | undefined): ChannelRecord {
    const channel = id === undefined ? undefined : this.channels.get(id);
    if (!channel) throw new PlatformHttpError(PlatformError.UNKNOWN_CHANNEL, `channel ${id ?? "?"}`);
    return channel;
  }

  /** The member, or 404 10001. */
  member(guild: GuildRecord, userId: string | undefined): MemberRecord {
    const member = userId === undefined ? undefined : guild.members.get(userId);
    if (!member) throw new PlatformHttpError(PlatformError.UNKNOWN_MEMBER, `user ${userId ?? "?"} is not a member of guild ${guild.id}`);
    return member;
  }

  /** A message of this channel that was not recalled, or `spec` (default 404 50039). */
  message(channelId: string, messageId: string | undefined, spec: PlatformErrorSpec = PlatformError.UNKNOWN_MESSAGE): ChannelMessageRecord {
    const record = messageId === undefined ? undefined : this.messages.get(messageId);
    if (!record || record.message.channel_id !== channelId || record.recalledAt !== undefined) {
      throw new PlatformHttpError(spec, `message ${messageId ?? "?"} in channel ${channelId}`);
    }
    return record;
  }

  /** Throw 403 11282 unless the bot is an admin of the guild. */
  requireAdmin(guild: GuildRecord): void {
    if (!guild.botIsAdmin) throw new PlatformHttpError(PlatformError.NOT_ADMIN, `the bot is not an admin of guild ${guild.id}`);
  }

  /** The channel (or 404 10003), once the bot is an admin of its guild (or 403 11282). */
  adminChannel(id: string | undefined): ChannelRecord {
    const channel = this.channel(id);
    this.requireAdmin(this.guild(channel.guild_id));
    return channel;
  }

  /** Store a guild channel or DM message (sent by the bot, or pushed as a user's). */
  recordMessage(message: ChannelMessageRecord["message"], byBot: boolean): ChannelMessageRecord {
    const record: ChannelMessageRecord = { message, byBot, at: this.now(), reactions: new Map() };
    this.messages.set(message.id, record);
    return record;
  }

  /** Messages of a channel that were not recalled, oldest first. */
  channelMessages(channelId: string): ChannelMessageRecord[] {
    return [...this.messages.values()].filter((r) => r.message.channel_id === channelId && r.recalledAt === undefined);
  }

  /**
   * Record a message the bot sends now and return its object. `fields` are spread last (a given
   * `id` wins over the default), except `content` (not a string → `""`) and `embeds`, which keep
   * their place in the object.
   */
  botMessage(channelId: string, guildId: string, fields: Record<string, unknown>): ChannelMessageRecord["message"] {
    const { content, embeds, ...rest } = fields;
    const message = {
      id: `08${randomSnowflake()}`,
      channel_id: channelId,
      guild_id: guildId,
      content: typeof content === "string" ? content : "",
      timestamp: rfc3339Beijing(this.now()),
      tts: false,
      mention_everyone: false,
      author: { id: this.bot.id, username: this.bot.username, avatar: "", bot: true },
      ...(embeds === undefined ? {} : { embeds }),
      pinned: false,
      type: 0,
      flags: 0,
      ...rest,
    };
    this.recordMessage(message, true);
    return message;
  }

  /** Whether a member is muted now (by the guild mute, unless an admin, or their own). */
  isMuted(guild: GuildRecord, userId: string): boolean {
    const now = this.now();
    const own = guild.memberMutes.get(userId);
    if (own !== undefined && own > now) return true;
    const member = guild.members.get(userId);
    const admin = member ? isAdmin(member) : false;
    return !admin && guild.mutedUntil !== undefined && guild.mutedUntil > now;
  }
}

/** The public shape of a member (what the API returns). */
export function memberJson(member: MemberRecord): Record<string, unknown> {
  return { user: { ...member.user }, nick: member.nick, roles: [...member.roles], joined_at: member.joined_at };
}

/** The public shape of a channel. */
export function channelJson(channel: ChannelRecord): Record<string, unknown> {
  const { pins: _pins, announce: _announce, userPermissions: _u, rolePermissions: _r, schedules: _s, threads: _t, voiceMembers: _v, botOnMic: _m, audio: _a, ...json } = channel;
  return json;
}

/** The public shape of a guild. */
export function guildJson(guild: GuildRecord, botId: string): Record<string, unknown> {
  return {
    id: guild.id, name: guild.name, icon: guild.icon, owner_id: guild.owner_id, owner: guild.owner_id === botId,
    member_count: guild.members.size, max_members: guild.max_members, description: guild.description, joined_at: guild.joined_at,
  };
}
