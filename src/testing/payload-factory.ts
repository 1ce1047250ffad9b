/**
 * Realistic dispatch payloads for pushed messages (PROTOCOL.md Part B §5): unique ids,
 * RFC 3339 timestamps in UTC+8, the fields real traffic carries (`author.union_openid`,
 * `group_id` next to `group_openid`, `<@!botid>` in guild @ messages, `seq_in_channel`…).
 * A {@link Scene} keeps one default user, group, guild, channel and DM guild per platform,
 * so repeated pushes look like one conversation; `fields` override any top-level field.
 */
import {
  randomC2CMessageId, randomGuildMessageId, randomOpenid, randomSnowflake, rfc3339Beijing,
} from "./ids.js";

/** The kinds `pushMessage` accepts. */
export type PushMessageKind = "c2c" | "group" | "guild" | "guild-all" | "direct";

/** Event type of each message kind. */
export const MESSAGE_KIND_EVENT: Readonly<Record<PushMessageKind, string>> = {
  c2c: "C2C_MESSAGE_CREATE",
  group: "GROUP_AT_MESSAGE_CREATE",
  guild: "AT_MESSAGE_CREATE",
  "guild-all": "MESSAGE_CREATE",
  direct: "DIRECT_MESSAGE_CREATE",
};

/** Default participants of pushed messages. */
export interface Scene {
  /** The C2C user's openid (author of pushed `c2c` messages). */
  userOpenid: string;
  /** The user's union openid. */
  unionOpenid: string;
  /** The group's openid (pushed `group` messages). */
  groupOpenid: string;
  /** The member's openid in that group. */
  memberOpenid: string;
  /** The guild of pushed `guild` messages. */
  guildId: string;
  /** Their channel. */
  channelId: string;
  /** The DM session's guild id (pushed `direct` messages). */
  dmGuildId: string;
  /** The DM session's channel id. */
  dmChannelId: string;
  /** The guild user who writes guild and DM messages. */
  guildUser: {
    /** User id. */
    id: string;
    /** User name. */
    username: string;
    /** Avatar URL. */
    avatar: string;
  };
  /** Counter used in default contents and guild `seq`s. */
  counter: number;
}

/** A fresh scene with random ids. */
export function createScene(): Scene {
  const userId = randomSnowflake();
  return {
    userOpenid: randomOpenid(),
    unionOpenid: randomOpenid(),
    groupOpenid: randomOpenid(),
    memberOpenid: randomOpenid(),
    guildId: randomSnowflake(),
    channelId: randomSnowflake(),
    dmGuildId: randomSnowflake(),
    dmChannelId: randomSnowflake(),
    guildUser: { id: userId, username: "模拟用户", avatar: `https://thirdqq.qlogo.cn/g?b=oidb&k=${userId}&s=0` },
    counter: 0,
  };
}

/** Build the event type and `d` of a pushed message. */
export function buildMessage(
  kind: PushMessageKind,
  scene: Scene,
  bot: { id: string; username: string },
  nowMs: number,
  fields: Record<string, unknown> = {},
): { type: string; d: Record<string, unknown> } {
  scene.counter += 1;
  const n = scene.counter;
  const timestamp = rfc3339Beijing(nowMs);
  const type = MESSAGE_KIND_EVENT[kind];
  let base: Record<string, unknown>;
  switch (kind) {
    case "c2c":
      base = {
        id: randomC2CMessageId(),
        author: { id: scene.userOpenid, user_openid: scene.userOpenid, union_openid: scene.unionOpenid },
        content: `hello ${n}`,
        timestamp,
        attachments: [],
        message_scene: { source: "default" },
      };
      break;
    case "group":
      base = {
        id: randomC2CMessageId(),
        author: { id: scene.memberOpenid, member_openid: scene.memberOpenid, union_openid: scene.unionOpenid },
        content: ` hello ${n}`,
        timestamp,
        group_id: scene.groupOpenid,
        group_openid: scene.groupOpenid,
        attachments: [],
        message_scene: { source: "default" },
      };
      break;
    case "guild":
    case "guild-all":
      base = {
        ...guildBase(scene, timestamp, n),
        content: kind === "guild" ? `<@!${bot.id}> hello ${n}` : `hello ${n}`,
        mentions: kind === "guild" ? [{ id: bot.id, username: bot.username, bot: true, avatar: "" }] : [],
      };
      break;
    case "direct":
      base = {
        ...guildBase(scene, timestamp, n),
        guild_id: scene.dmGuildId,
        channel_id: scene.dmChannelId,
        src_guild_id: scene.guildId,
        direct_message: true,
        content: `hello ${n}`,
      };
      break;
  }
  return { type, d: { ...base, ...fields } };
}

function guildBase(scene: Scene, timestamp: string, n: number): Record<string, unknown> {
  return {
    id: randomGuildMessageId(),
    channel_id: scene.channelId,
    guild_id: scene.guildId,
    timestamp,
    author: { ...scene.guildUser, bot: false },
    member: { nick: scene.guildUser.username, roles: ["1"], joined_at: "2021-04-12T16:34:42+08:00" },
    attachments: [],
    mention_everyone: false,
    seq: n,
    seq_in_channel: String(n),
  };
}
