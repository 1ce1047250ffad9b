/**
 * The guilds the simulated bot starts in, built around the scene (the guild, channel and user
 * of pushed messages): the scene's guild with the bot as an admin, a text channel (the scene's),
 * a voice, a schedule and a forum channel under a category, the default roles, the owner, the
 * scene's user and `members` more members (for paging); a second guild where the bot is a plain
 * member (moderation there is refused); and more guilds up to `guilds` in all.
 */
import { randomSnowflake, rfc3339Beijing } from "../ids.js";
import type { Scene } from "../payload-factory.js";
import { DEFAULT_ROLES, type ChannelRecord, type GuildRecord, type MemberRecord, type RoleRecord } from "./records.js";
import { GuildWorld } from "./world.js";

/** What seeding needs. */
export interface SeedOptions {
  scene: Scene;
  bot: { id: string; username: string };
  now: () => number;
  /** Extra members of the scene's guild. */
  members: number;
  /** Guilds the bot is in, in all (at least 2). */
  guilds: number;
}

/** The ids of the seeded channels and guilds beyond the scene's. */
export interface SeededIds {
  /** A voice channel of the scene's guild. */
  voiceChannelId: string;
  /** A schedule channel of the scene's guild. */
  scheduleChannelId: string;
  /** A forum channel of the scene's guild. */
  forumChannelId: string;
  /** The category the scene's channels are in. */
  categoryId: string;
  /** The guild's owner (a user, not the bot). */
  ownerId: string;
  /** A guild where the bot is not an admin. */
  plainGuildId: string;
  /** The text channel of that guild. */
  plainChannelId: string;
}

const JOINED = "2021-12-05T14:08:29+08:00";

function member(id: string, username: string, roles: string[], bot = false): MemberRecord {
  return { user: { id, username, avatar: `https://thirdqq.qlogo.cn/g?b=oidb&k=${id}&s=0`, bot }, nick: "", roles, joined_at: JOINED };
}

function defaultRoles(): Map<string, RoleRecord> {
  const roles: Array<[string, string, number]> = [
    [DEFAULT_ROLES.everyone, "普通成员", 4278245297], [DEFAULT_ROLES.admin, "管理员", 4280276644],
    [DEFAULT_ROLES.owner, "创建者", 4294927682], [DEFAULT_ROLES.channelAdmin, "子频道管理员", 4288387563],
  ];
  return new Map(roles.map(([id, name, color]) => [id, { id, name, color, hoist: 1, member_limit: id === DEFAULT_ROLES.owner ? 1 : 2000 }]));
}

function guild(id: string, name: string, ownerId: string, botIsAdmin: boolean, now: number): GuildRecord {
  return {
    id, name, icon: `https://groupprohead.gtimg.cn/${id}/100`, owner_id: ownerId, description: `${name}（模拟）`,
    joined_at: rfc3339Beijing(now), max_members: 300, botIsAdmin, members: new Map(), roles: defaultRoles(),
    memberMutes: new Map(), blacklist: new Set(), schedulesCreated: 0, demandsPosted: 0,
    grantedApis: new Set(["GET /guilds/{guild_id}", "GET /guilds/{guild_id}/members/{user_id}", "POST /channels/{channel_id}/messages"]),
  };
}

/** A channel record with empty content. */
export function newChannel(fields: Pick<ChannelRecord, "id" | "guild_id" | "name" | "type"> & Partial<ChannelRecord>): ChannelRecord {
  return {
    sub_type: 0, position: 1, parent_id: "0", owner_id: "0", private_type: 0, speak_permission: 1, pins: [],
    userPermissions: new Map(), rolePermissions: new Map(), schedules: new Map(), threads: new Map(), voiceMembers: [],
    botOnMic: false, ...fields,
  };
}

/** Build the world: see the module summary. */
export function seedWorld(options: SeedOptions): { world: GuildWorld; ids: SeededIds } {
  const { scene, bot } = options;
  const now = options.now();
  const world = new GuildWorld(options.now, bot);
  const ownerId = randomSnowflake();
  const home = guild(scene.guildId, "模拟频道", ownerId, true, now);
  world.guilds.set(home.id, home);
  home.members.set(ownerId, member(ownerId, "频道主", [DEFAULT_ROLES.owner]));
  home.members.set(bot.id, member(bot.id, bot.username, [DEFAULT_ROLES.admin], true));
  home.members.set(scene.guildUser.id, member(scene.guildUser.id, scene.guildUser.username, [DEFAULT_ROLES.everyone]));
  for (let i = 1; i <= options.members; i++) {
    const id = randomSnowflake();
    home.members.set(id, member(id, `模拟成员${String(i).padStart(2, "0")}`, [DEFAULT_ROLES.everyone]));
  }
  const categoryId = randomSnowflake();
  const ids: SeededIds = {
    voiceChannelId: randomSnowflake(), scheduleChannelId: randomSnowflake(), forumChannelId: randomSnowflake(), categoryId, ownerId,
    plainGuildId: randomSnowflake(), plainChannelId: randomSnowflake(),
  };
  const homeChannels = [
    newChannel({ id: categoryId, guild_id: home.id, name: "讨论区", type: 4, position: 2 }),
    newChannel({ id: scene.channelId, guild_id: home.id, name: "闲聊", type: 0, parent_id: categoryId }),
    newChannel({ id: ids.voiceChannelId, guild_id: home.id, name: "语音", type: 2, position: 2, parent_id: categoryId, voiceMembers: [scene.guildUser.id] }),
    newChannel({ id: ids.scheduleChannelId, guild_id: home.id, name: "日程", type: 10006, position: 3, parent_id: categoryId, application_id: "1000050" }),
    newChannel({ id: ids.forumChannelId, guild_id: home.id, name: "论坛", type: 10007, position: 4, parent_id: categoryId }),
  ];
  for (const channel of homeChannels) world.channels.set(channel.id, channel);

  const plain = guild(ids.plainGuildId, "另一个频道", randomSnowflake(), false, now);
  plain.members.set(bot.id, member(bot.id, bot.username, [DEFAULT_ROLES.everyone], true));
  plain.members.set(scene.guildUser.id, member(scene.guildUser.id, scene.guildUser.username, [DEFAULT_ROLES.everyone]));
  world.guilds.set(plain.id, plain);
  world.channels.set(ids.plainChannelId, newChannel({ id: ids.plainChannelId, guild_id: plain.id, name: "大厅", type: 0 }));
  for (let i = 3; i <= options.guilds; i++) {
    const extra = guild(randomSnowflake(), `频道${i}`, randomSnowflake(), false, now);
    extra.members.set(bot.id, member(bot.id, bot.username, [DEFAULT_ROLES.everyone], true));
    world.guilds.set(extra.id, extra);
  }
  return { world, ids };
}
