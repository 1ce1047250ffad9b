/**
 * The simulator's mute, announcement and pin endpoints, driven with plain HTTP: a muted member
 * is muted (and "0" lifts it), mute fields must be decimal strings (502007), admins are not
 * muted, the guild mute spares admins, announcements need a message of the guild or at most 3
 * recommended channels, and a channel holds at most 20 pins (`all` unpins every one).
 */
import { describe, expect, it } from "vitest";
import { manualClock } from "./support.js";
import { platformFixture } from "./platform-fixture.js";
import { expectErrors, openApi, pushGuildMessage } from "./openapi-support.js";

const { start } = platformFixture({ identifyWindowMs: 0 });

describe("simulator OpenAPI: mute", () => {
  it("mutes one member for mute_seconds, until mute_end_timestamp, and lifts it with \"0\"", async () => {
    const clock = manualClock();
    const { p, token } = await start({ now: clock.now });
    const api = openApi(p, token);
    const g = p.guilds.guildId;
    const user = p.scene.guildUser.id;
    expect((await api.call("PATCH", `/guilds/${g}/members/${user}/mute`, { mute_seconds: "60" })).status).toBe(204);
    expect(p.guilds.isMuted(g, user)).toBe(true);
    clock.advance(61_000);
    expect(p.guilds.isMuted(g, user)).toBe(false);
    const end = String(Math.floor(clock.now() / 1000) + 3600);
    expect((await api.call("PATCH", `/guilds/${g}/members/${user}/mute`, { mute_end_timestamp: end, mute_seconds: "1" })).status).toBe(204);
    clock.advance(10_000);
    expect(p.guilds.isMuted(g, user)).toBe(true); // mute_end_timestamp wins over mute_seconds
    expect((await api.call("PATCH", `/guilds/${g}/members/${user}/mute`, { mute_seconds: "0" })).status).toBe(204);
    expect(p.guilds.isMuted(g, user)).toBe(false);
  });

  it("refuses bad mute bodies with the platform's codes", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const g = p.guilds.guildId;
    const user = p.scene.guildUser.id;
    await expectErrors(api, [
      { name: "seconds as a number", method: "PATCH", path: `/guilds/${g}/members/${user}/mute`, body: { mute_seconds: 60 }, status: 400, code: 502007 },
      { name: "seconds not decimal", method: "PATCH", path: `/guilds/${g}/members/${user}/mute`, body: { mute_seconds: "1m" }, status: 400, code: 502007 },
      { name: "no time at all", method: "PATCH", path: `/guilds/${g}/members/${user}/mute`, body: {}, status: 400, code: 502005 },
      { name: "an admin", method: "PATCH", path: `/guilds/${g}/members/${p.guilds.ownerId}/mute`, body: { mute_seconds: "60" }, status: 400, code: 502003 },
      { name: "not a member", method: "PATCH", path: `/guilds/${g}/members/1/mute`, body: { mute_seconds: "60" }, status: 404, code: 10001 },
      { name: "user_ids not strings", method: "PATCH", path: `/guilds/${g}/mute`, body: { mute_seconds: "60", user_ids: [1] }, status: 400, code: 502003 },
      { name: "user_ids with a stranger", method: "PATCH", path: `/guilds/${g}/mute`, body: { mute_seconds: "60", user_ids: [user, "1"] }, status: 400, code: 502003 },
      { name: "bot not an admin", method: "PATCH", path: `/guilds/${p.guilds.plainGuildId}/members/${user}/mute`, body: { mute_seconds: "60" }, status: 403, code: 11282 },
    ]);
    expect(p.guilds.isMuted(g, user)).toBe(false);
  });

  it("mutes several members (answering those muted) and the whole guild, sparing admins", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const g = p.guilds.guildId;
    const [x, y] = p.guilds.memberIds(g).slice(3);
    const many = await api.call("PATCH", `/guilds/${g}/mute`, { mute_seconds: "120", user_ids: [x, y, p.guilds.ownerId] });
    expect(many).toMatchObject({ status: 200, json: { user_ids: [x, y] } });
    expect([x, y].map((id) => p.guilds.isMuted(g, id!))).toEqual([true, true]);
    expect(p.guilds.isMuted(g, p.scene.guildUser.id)).toBe(false);
    expect((await api.call("PATCH", `/guilds/${g}/mute`, { mute_seconds: "300" })).status).toBe(204);
    expect(p.guilds.isMuted(g, p.scene.guildUser.id)).toBe(true);
    expect(p.guilds.isMuted(g, p.guilds.ownerId)).toBe(false);
    expect(p.guilds.guildMutedUntil(g)).toBeGreaterThan(Date.now());
    expect((await api.call("PATCH", `/guilds/${g}/mute`, { mute_end_timestamp: "0" })).status).toBe(204);
    expect(p.guilds.guildMutedUntil(g)).toBeUndefined();
    expect(p.guilds.isMuted(g, x!)).toBe(true); // their own mute stays
  });
});

describe("simulator OpenAPI: announcements and pins", () => {
  it("announces a guild message or recommended channels, and deletes by id or all", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const g = p.guilds.guildId;
    const c = p.guilds.channelId;
    const message = pushGuildMessage(p, "read the rules");
    await expectErrors(api, [
      { name: "message without channel", method: "POST", path: `/guilds/${g}/announces`, body: { message_id: message }, status: 400, code: 501001 },
      { name: "unknown message", method: "POST", path: `/guilds/${g}/announces`, body: { message_id: "nope", channel_id: c }, status: 404, code: 501008 },
      { name: "nothing to announce", method: "POST", path: `/guilds/${g}/announces`, body: {}, status: 400, code: 501001 },
      { name: "4 recommended channels", method: "POST", path: `/guilds/${g}/announces`, body: { announces_type: 1, recommend_channels: [1, 2, 3, 4].map(() => ({ channel_id: c, introduce: "x" })) }, status: 400, code: 501016 },
      { name: "recommend another guild's channel", method: "POST", path: `/guilds/${g}/announces`, body: { recommend_channels: [{ channel_id: p.guilds.plainChannelId, introduce: "x" }] }, status: 400, code: 501018 },
    ]);
    const created = await api.call("POST", `/guilds/${g}/announces`, { channel_id: c, message_id: message });
    expect(created.json).toEqual({ guild_id: g, channel_id: c, message_id: message, announces_type: 0, recommend_channels: [] });
    expect(p.guilds.announce(g)).toEqual({ channel_id: c, message_id: message });
    await expectErrors(api, [{ name: "delete another id", method: "DELETE", path: `/guilds/${g}/announces/other`, status: 404, code: 501008 }]);
    expect((await api.call("DELETE", `/guilds/${g}/announces/${message}`)).status).toBe(204);
    expect(p.guilds.announce(g)).toBeUndefined();
    const rec = await api.call("POST", `/guilds/${g}/announces`, { announces_type: 1, recommend_channels: [{ channel_id: c, introduce: "聊天" }] });
    expect(rec.json).toMatchObject({ message_id: "", announces_type: 1, recommend_channels: [{ channel_id: c, introduce: "聊天" }] });
    expect((await api.call("DELETE", `/guilds/${g}/announces/all`)).status).toBe(204);
    expect(p.guilds.announce(g)).toBeUndefined();
  });

  it("keeps the retired channel announcements working like botgo calls them", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const c = p.guilds.channelId;
    const message = pushGuildMessage(p);
    expect((await api.call("POST", `/channels/${c}/announces`, { message_id: message })).json).toMatchObject({ channel_id: c, message_id: message });
    expect((await api.call("DELETE", `/channels/${c}/announces/all`)).status).toBe(204);
  });

  it("pins up to 20 messages, answers the pins after each call, unpins one or all", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const c = p.guilds.channelId;
    const ids = Array.from({ length: 21 }, (_, i) => pushGuildMessage(p, `m${i}`));
    for (const id of ids.slice(0, 20)) expect((await api.call("PUT", `/channels/${c}/pins/${id}`)).status).toBe(200);
    const again = await api.call("PUT", `/channels/${c}/pins/${ids[0]}`);
    expect(again.json.message_ids).toHaveLength(20);
    await expectErrors(api, [
      { name: "a 21st pin", method: "PUT", path: `/channels/${c}/pins/${ids[20]}`, status: 400, code: 501013 },
      { name: "pin an unknown message", method: "PUT", path: `/channels/${c}/pins/nope`, status: 404, code: 501008 },
      { name: "unpin a message not pinned", method: "DELETE", path: `/channels/${c}/pins/${ids[20]}`, status: 404, code: 501008 },
      { name: "pins of an unknown channel", method: "GET", path: "/channels/1/pins", status: 404, code: 10003 },
    ]);
    expect((await api.call("DELETE", `/channels/${c}/pins/${ids[3]}`)).status).toBe(204);
    expect((await api.call("GET", `/channels/${c}/pins`)).json).toEqual({ guild_id: p.guilds.guildId, channel_id: c, message_ids: ids.slice(0, 20).filter((_, i) => i !== 3) });
    expect((await api.call("DELETE", `/channels/${c}/pins/all`)).status).toBe(204);
    expect(p.guilds.pins(c)).toEqual([]);
  });
});
