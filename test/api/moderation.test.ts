/**
 * Moderation through `bot.api` changes what the platform holds: a recalled message is gone
 * (getting or recalling it again is NOT_FOUND), a muted member is muted until the time and
 * unmuted with "0", pins and reactions show in the channel, a removed member is gone.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCleanups } from "../helpers/cleanups.js";
import { startApiBot } from "./support.js";

afterEach(runCleanups);

describe("bot.api moderation state", () => {
  it("a recalled channel message is gone; a recalled group message cannot be recalled again", async () => {
    const { p, bot } = await startApiBot();
    const c = p.guilds.channelId;
    const spam = p.pushMessage("guild", { content: "buy now" }).d.id as string;
    await expect(bot.api.messages.get({ channel_id: c, message_id: spam })).resolves.toMatchObject({ id: spam, content: "buy now" });
    await bot.api.messages.recallChannel({ channel_id: c, message_id: spam, hidetip: true });
    await expect(bot.api.messages.get({ channel_id: c, message_id: spam })).rejects.toMatchObject({ code: "NOT_FOUND", platformCode: 50039 });
    expect((await bot.api.messages.list({ channel_id: c })).map((m) => m.id)).not.toContain(spam);

    const msg_id = p.pushMessage("group").d.id as string;
    const sent = await bot.api.messages.postGroup({ group_openid: p.scene.groupOpenid, content: "oops", msg_type: 0, msg_id, msg_seq: 1 });
    await bot.api.messages.recallGroup({ group_openid: p.scene.groupOpenid, message_id: sent.id });
    await expect(bot.api.messages.recallGroup({ group_openid: p.scene.groupOpenid, message_id: sent.id })).rejects.toMatchObject({ code: "NOT_FOUND", platformCode: 306002 });
  });

  it("mutes and unmutes a member, several members, and the guild", async () => {
    const { p, bot } = await startApiBot();
    const g = p.guilds.guildId;
    const user = p.scene.guildUser.id;
    await bot.api.mute.member({ guild_id: g, user_id: user, mute_seconds: "600" });
    expect(p.guilds.isMuted(g, user)).toBe(true);
    await bot.api.mute.member({ guild_id: g, user_id: user, mute_seconds: "0" });
    expect(p.guilds.isMuted(g, user)).toBe(false);
    const two = p.guilds.memberIds(g).slice(3, 5);
    await expect(bot.api.mute.members({ guild_id: g, user_ids: [...two, p.guilds.ownerId], mute_seconds: "60" })).resolves.toEqual({ user_ids: two });
    await bot.api.mute.guild({ guild_id: g, mute_end_timestamp: String(Math.floor(Date.now() / 1000) + 3600) });
    expect(p.guilds.isMuted(g, p.guilds.memberIds(g).at(-1)!)).toBe(true);
    expect(p.guilds.isMuted(g, p.guilds.ownerId)).toBe(false);
  });

  it("pins, reacts and removes a member with blacklist", async () => {
    const { p, bot } = await startApiBot();
    const c = p.guilds.channelId;
    const m = p.pushMessage("guild").d.id as string;
    await expect(bot.api.pins.add({ channel_id: c, message_id: m })).resolves.toMatchObject({ message_ids: [m] });
    await bot.api.reactions.add({ channel_id: c, message_id: m, type: 1, id: "76" });
    expect(p.guilds.reactions(m, { type: 1, id: "76" })).toEqual([p.botUser.id]);
    const g = p.guilds.guildId;
    const user = p.scene.guildUser.id;
    await bot.api.members.delete({ guild_id: g, user_id: user, add_blacklist: true, delete_history_msg_days: -1 });
    await expect(bot.api.members.get({ guild_id: g, user_id: user })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(p.guilds.blacklist(g)).toEqual([user]);
    expect(p.guilds.channelMessage(m)).toBeUndefined(); // their messages were recalled with them
  });
});
