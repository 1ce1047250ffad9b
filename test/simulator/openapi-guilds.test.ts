/**
 * The simulator's guild and channel endpoints, driven with plain HTTP: `/users/@me/guilds`
 * pages by guild id, guilds and channels are read, created, changed and deleted with the
 * platform's validation (12002 for a bad body, 403 11282 when the bot is not an admin,
 * 404 10003/10004 for what does not exist), and voice-only calls refuse text channels.
 */
import { describe, expect, it } from "vitest";
import { platformFixture } from "./platform-fixture.js";
import { expectErrors, openApi } from "./openapi-support.js";

const { start } = platformFixture({ identifyWindowMs: 0 });

describe("simulator OpenAPI: guilds and channels", () => {
  it("pages /users/@me/guilds by id with after, before and limit", async () => {
    const { p, token } = await start({ seed: { guilds: 7 } });
    const api = openApi(p, token);
    const all = (await api.call("GET", "/users/@me/guilds")).json as Array<{ id: string; name: string; owner: boolean }>;
    expect(all).toHaveLength(7);
    const ids = all.map((g) => g.id);
    expect([...ids].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))).toEqual(ids);
    expect(ids).toContain(p.guilds.guildId);
    const first = (await api.call("GET", "/users/@me/guilds?limit=3")).json as Array<{ id: string }>;
    const second = (await api.call("GET", `/users/@me/guilds?limit=3&after=${first[2]!.id}`)).json as Array<{ id: string }>;
    const third = (await api.call("GET", `/users/@me/guilds?limit=3&after=${second[2]!.id}`)).json as Array<{ id: string }>;
    expect([...first, ...second, ...third].map((g) => g.id)).toEqual(ids);
    const before = (await api.call("GET", `/users/@me/guilds?before=${ids[3]}&limit=2`)).json as Array<{ id: string }>;
    expect(before.map((g) => g.id)).toEqual([ids[2], ids[1]]);
  });

  it("gets a guild and its channels; unknown ids are 404 with the platform's codes", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const guild = await api.call("GET", `/guilds/${p.guilds.guildId}`);
    expect(guild.json).toMatchObject({ id: p.guilds.guildId, name: "模拟频道", owner_id: p.guilds.ownerId, owner: false, member_count: 33 });
    const channels = (await api.call("GET", `/guilds/${p.guilds.guildId}/channels`)).json as Array<{ id: string; type: number }>;
    expect(channels.map((c) => c.id)).toEqual(expect.arrayContaining([p.guilds.channelId, p.guilds.voiceChannelId, p.guilds.forumChannelId]));
    expect((await api.call("GET", `/channels/${p.guilds.channelId}`)).json).toMatchObject({ id: p.guilds.channelId, guild_id: p.guilds.guildId, type: 0 });
    await expectErrors(api, [
      { name: "unknown guild", method: "GET", path: "/guilds/123", status: 404, code: 10004 },
      { name: "channels of an unknown guild", method: "GET", path: "/guilds/123/channels", status: 404, code: 10004 },
      { name: "unknown channel", method: "GET", path: "/channels/456", status: 404, code: 10003 },
    ]);
  });

  it("creates, modifies and deletes a channel, validating the body as the platform does", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const g = p.guilds.guildId;
    await expectErrors(api, [
      { name: "no position (required)", method: "POST", path: `/guilds/${g}/channels`, body: { name: "x", type: 0 }, status: 400, code: 12002 },
      { name: "unknown type", method: "POST", path: `/guilds/${g}/channels`, body: { name: "x", type: 1, position: 1 }, status: 400, code: 12002 },
      { name: "category at position 1", method: "POST", path: `/guilds/${g}/channels`, body: { name: "x", type: 4, position: 1 }, status: 400, code: 12002 },
      { name: "name of the wrong type", method: "POST", path: `/guilds/${g}/channels`, body: { name: 7, type: 0, position: 1 }, status: 400, code: 12002 },
      { name: "private member who is not a member", method: "POST", path: `/guilds/${g}/channels`, body: { name: "x", type: 0, position: 1, private_type: 2, private_user_ids: ["1"] }, status: 404, code: 10001 },
      { name: "not an admin there", method: "POST", path: `/guilds/${p.guilds.plainGuildId}/channels`, body: { name: "x", type: 0, position: 1 }, status: 403, code: 11282 },
      { name: "body not JSON", method: "POST", path: `/guilds/${g}/channels`, status: 400, code: 40034006 },
    ]);
    const created = await api.call("POST", `/guilds/${g}/channels`, { name: "公告", type: 0, sub_type: 1, position: 1 });
    expect(created.status).toBe(200);
    const id = created.json.id as string;
    expect(created.json).toMatchObject({ guild_id: g, name: "公告", type: 0, sub_type: 1 });
    expect(p.guilds.channels(g)[id]).toBe("公告");
    const modified = await api.call("PATCH", `/channels/${id}`, { name: "新名字", speak_permission: 2 });
    expect(modified.json).toMatchObject({ id, name: "新名字", speak_permission: 2, sub_type: 1 });
    await expectErrors(api, [{ name: "modify with a bad field", method: "PATCH", path: `/channels/${id}`, body: { position: "2" }, status: 400, code: 12002 }]);
    expect((await api.call("DELETE", `/channels/${id}`)).status).toBe(200);
    await expectErrors(api, [{ name: "deleted channel", method: "GET", path: `/channels/${id}`, status: 404, code: 10003 }]);
    expect(p.guilds.channels(g)[id]).toBeUndefined();
  });

  it("answers online counts and voice members for voice channels only", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    expect((await api.call("GET", `/channels/${p.guilds.voiceChannelId}/online_nums`)).json).toEqual({ online_nums: 1 });
    const members = (await api.call("GET", `/channels/${p.guilds.voiceChannelId}/voice/members`)).json as Array<{ user: { id: string } }>;
    expect(members.map((m) => m.user.id)).toEqual([p.scene.guildUser.id]);
    await expectErrors(api, [
      { name: "online count of a text channel", method: "GET", path: `/channels/${p.guilds.channelId}/online_nums`, status: 400, code: 12002 },
      { name: "voice members of a text channel", method: "GET", path: `/channels/${p.guilds.channelId}/voice/members`, status: 400, code: 12002 },
    ]);
  });

  it("refuses bad seed options with a RangeError naming them", async () => {
    await expect(start({ seed: { guilds: 1 } })).rejects.toThrow(/seed\.guilds must be an integer ≥ 2/);
    await expect(start({ seed: { members: -1 } })).rejects.toThrow(/seed\.members must be an integer ≥ 0/);
  });

  it("refuses OpenAPI calls without a valid token and records every call", async () => {
    const { p } = await start();
    const api = openApi(p, "not-a-token");
    await expectErrors(api, [{ name: "bad token", method: "GET", path: `/guilds/${p.guilds.guildId}`, status: 401, code: 11244 }]);
    expect(p.requests.at(-1)).toMatchObject({ method: "GET", path: `/guilds/${p.guilds.guildId}`, status: 401 });
  });
});
