/**
 * `platform.guilds`: what the simulated OpenAPI holds, for tests to assert on and to seed:
 * ids of the seeded guilds and channels, members, mutes, pins, reactions, messages (recalled
 * ones are gone), roles, schedules, threads and announcements. Reads return copies.
 */
import type { PlatformContext } from "../context.js";
import { memberJson } from "./world.js";

/** An emoji: type 1 (system) or 2 (emoji character) and its id. */
export interface SimulatedEmoji {
  /** 1 system emoji, 2 emoji character. */
  type: 1 | 2;
  /** Emoji id. */
  id: string;
}

/** A guild announcement as the simulator holds it. */
export interface SimulatedAnnounce {
  /** Channel id. */
  channel_id: string;
  /** Message id ("" for a recommended-channels announcement). */
  message_id: string;
}

/** The guild side of a simulated platform. */
export interface SimulatedGuilds {
  /** The scene's guild (the bot is an admin there). */
  readonly guildId: string;
  /** A guild where the bot is a plain member: moderation there is refused (403, 11282). */
  readonly plainGuildId: string;
  /** The text channel of the plain guild. */
  readonly plainChannelId: string;
  /** The scene's text channel. */
  readonly channelId: string;
  /** A voice channel of the scene's guild. */
  readonly voiceChannelId: string;
  /** A schedule channel of the scene's guild. */
  readonly scheduleChannelId: string;
  /** A forum channel of the scene's guild. */
  readonly forumChannelId: string;
  /** The owner of the scene's guild (not the bot). */
  readonly ownerId: string;
  /** User ids of a guild's members, in join order. */
  memberIds(guildId: string): string[];
  /** A member as the API returns it, or `undefined` when not a member. */
  member(guildId: string, userId: string): Record<string, unknown> | undefined;
  /** Whether a member is muted now (own mute, or the guild's unless an admin). */
  isMuted(guildId: string, userId: string): boolean;
  /** When the whole-guild mute ends (simulator ms), or `undefined`. */
  guildMutedUntil(guildId: string): number | undefined;
  /** Users removed with `add_blacklist`. */
  blacklist(guildId: string): string[];
  /** Ids of the channel's pinned messages. */
  pins(channelId: string): string[];
  /** A channel message as stored, or `undefined` when unknown or recalled. */
  channelMessage(messageId: string): Record<string, unknown> | undefined;
  /** User ids who reacted to a message with an emoji. */
  reactions(messageId: string, emoji: SimulatedEmoji): string[];
  /** Make `count` members (not the bot) react to a message with an emoji. */
  react(messageId: string, emoji: SimulatedEmoji, count: number): void;
  /** Role ids of a guild. */
  roleIds(guildId: string): string[];
  /** Names of a guild's channels by id. */
  channels(guildId: string): Record<string, string>;
  /** Ids of a channel's schedules. */
  scheduleIds(channelId: string): string[];
  /** Ids of a forum channel's threads. */
  threadIds(channelId: string): string[];
  /** The guild's announcement, if any: its channel and message ("" for recommended channels). */
  announce(guildId: string): SimulatedAnnounce | undefined;
}

/** Build the handle over the platform's state. */
export function createSimulatedGuilds(ctx: PlatformContext): SimulatedGuilds {
  const { world, seeded, scene } = ctx;
  const guild = (id: string) => world.guilds.get(id);
  const stored = (messageId: string) => {
    const r = world.messages.get(messageId);
    return r && r.recalledAt === undefined ? r : undefined;
  };
  return {
    guildId: scene.guildId,
    plainGuildId: seeded.plainGuildId,
    plainChannelId: seeded.plainChannelId,
    channelId: scene.channelId,
    voiceChannelId: seeded.voiceChannelId,
    scheduleChannelId: seeded.scheduleChannelId,
    forumChannelId: seeded.forumChannelId,
    ownerId: seeded.ownerId,
    memberIds: (id) => [...(guild(id)?.members.keys() ?? [])],
    member: (id, userId) => {
      const m = guild(id)?.members.get(userId);
      return m ? memberJson(m) : undefined;
    },
    isMuted: (id, userId) => {
      const g = guild(id);
      return g ? world.isMuted(g, userId) : false;
    },
    guildMutedUntil: (id) => {
      const until = guild(id)?.mutedUntil;
      return until !== undefined && until > world.now() ? until : undefined;
    },
    blacklist: (id) => [...(guild(id)?.blacklist ?? [])],
    pins: (channelId) => [...(world.channels.get(channelId)?.pins ?? [])],
    channelMessage: (messageId) => {
      const r = stored(messageId);
      return r ? structuredClone(r.message) : undefined;
    },
    reactions: (messageId, emoji) => [...(stored(messageId)?.reactions.get(`${emoji.type}:${emoji.id}`) ?? [])],
    react: (messageId, emoji, count) => {
      const r = stored(messageId);
      if (!r) throw new RangeError(`no message ${messageId} to react to`);
      const key = `${emoji.type}:${emoji.id}`;
      const have = r.reactions.get(key) ?? [];
      const members = [...(guild(r.message.guild_id)?.members.keys() ?? [])].filter((id) => id !== ctx.options.botUser.id && !have.includes(id));
      if (members.length < count) throw new RangeError(`only ${members.length} members can still react`);
      r.reactions.set(key, [...have, ...members.slice(0, count)]);
    },
    roleIds: (id) => [...(guild(id)?.roles.keys() ?? [])],
    channels: (id) => Object.fromEntries([...world.channels.values()].filter((c) => c.guild_id === id).map((c) => [c.id, c.name])),
    scheduleIds: (channelId) => [...(world.channels.get(channelId)?.schedules.keys() ?? [])],
    threadIds: (channelId) => [...(world.channels.get(channelId)?.threads.keys() ?? [])],
    announce: (id) => {
      const a = guild(id)?.announce;
      return a ? { channel_id: a.channel_id, message_id: a.message_id } : undefined;
    },
  };
}
