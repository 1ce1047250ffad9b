/**
 * The simulator's schedule, forum, audio, channel-permission and API-permission endpoints,
 * driven with plain HTTP, each with the documented error codes of its area (302xxx schedules,
 * 503xxx threads, 301000 permissions, 6100xx demands).
 */
import { describe, expect, it } from "vitest";
import { manualClock } from "./support.js";
import { platformFixture } from "./platform-fixture.js";
import { expectErrors, openApi } from "./openapi-support.js";

const { start } = platformFixture({ identifyWindowMs: 0 });
const HOUR = 3_600_000;

describe("simulator OpenAPI: schedules", () => {
  it("creates, reads, lists, modifies and deletes schedules with the 302xxx checks", async () => {
    const clock = manualClock();
    const { p, token } = await start({ now: clock.now });
    const api = openApi(p, token);
    const s = p.guilds.scheduleChannelId;
    const at = (h: number) => String(clock.now() + h * HOUR);
    const schedule = (fields: Record<string, unknown>) => ({ schedule: { name: "开黑", start_timestamp: at(1), end_timestamp: at(2), remind_type: "0", ...fields } });
    await expectErrors(api, [
      { name: "no schedule object", method: "POST", path: `/channels/${s}/schedules`, body: {}, status: 400, code: 302017 },
      { name: "end before start", method: "POST", path: `/channels/${s}/schedules`, body: schedule({ end_timestamp: at(0.5) }), status: 400, code: 302016 },
      { name: "start in the past", method: "POST", path: `/channels/${s}/schedules`, body: schedule({ start_timestamp: at(-2), end_timestamp: at(1) }), status: 400, code: 302015 },
      { name: "longer than 7 days", method: "POST", path: `/channels/${s}/schedules`, body: schedule({ end_timestamp: at(24 * 8) }), status: 400, code: 302014 },
      { name: "times as numbers", method: "POST", path: `/channels/${s}/schedules`, body: schedule({ start_timestamp: 1 }), status: 400, code: 302000 },
      { name: "remind_type 9", method: "POST", path: `/channels/${s}/schedules`, body: schedule({ remind_type: "9" }), status: 400, code: 302000 },
      { name: "unknown schedule", method: "GET", path: `/channels/${s}/schedules/1`, status: 404, code: 302011 },
    ]);
    const created = await api.call("POST", `/channels/${s}/schedules`, schedule({ description: "五排" }));
    const id = created.json.id as string;
    expect(created.json).toMatchObject({ name: "开黑", description: "五排", creator: { user: { id: p.botUser.id } }, jump_channel_id: "0" });
    expect((await api.call("GET", `/channels/${s}/schedules/${id}`)).json).toMatchObject({ id, name: "开黑" });
    expect(((await api.call("GET", `/channels/${s}/schedules?since=${clock.now()}`)).json as Array<{ id: string }>).map((x) => x.id)).toEqual([id]);
    expect((await api.call("GET", `/channels/${s}/schedules?since=${clock.now() + 3 * HOUR}`)).json).toEqual([]);
    expect((await api.call("PATCH", `/channels/${s}/schedules/${id}`, schedule({ name: "改期", jump_channel_id: p.guilds.channelId }))).json).toMatchObject({ id, name: "改期", jump_channel_id: p.guilds.channelId });
    expect((await api.call("DELETE", `/channels/${s}/schedules/${id}`)).status).toBe(204);
    expect(p.guilds.scheduleIds(s)).toEqual([]);
    for (let i = 0; i < 9; i++) expect((await api.call("POST", `/channels/${s}/schedules`, schedule({}))).status).toBe(200);
    await expectErrors(api, [{ name: "an 11th schedule today", method: "POST", path: `/channels/${s}/schedules`, body: schedule({}), status: 400, code: 302012 }]);
  });
});

describe("simulator OpenAPI: forum and audio", () => {
  it("posts, lists, gets and deletes threads in forum channels only", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const f = p.guilds.forumChannelId;
    await expectErrors(api, [
      { name: "no title", method: "PUT", path: `/channels/${f}/threads`, body: { content: "x", format: 1 }, status: 400, code: 503005 },
      { name: "no content", method: "PUT", path: `/channels/${f}/threads`, body: { title: "x", format: 1 }, status: 400, code: 503006 },
      { name: "format 5", method: "PUT", path: `/channels/${f}/threads`, body: { title: "x", content: "y", format: 5 }, status: 400, code: 12002 },
      { name: "a text channel", method: "GET", path: `/channels/${p.guilds.channelId}/threads`, status: 400, code: 12002 },
    ]);
    const posted = await api.call("PUT", `/channels/${f}/threads`, { title: "周报", content: "# 本周", format: 3 });
    expect(posted.json).toEqual({ task_id: expect.any(String), create_time: expect.stringMatching(/^\d+$/) });
    const list = (await api.call("GET", `/channels/${f}/threads`)).json as { threads: Array<{ thread_info: { thread_id: string; title: string } }>; is_finish: number };
    expect(list.is_finish).toBe(1);
    const threadId = list.threads[0]!.thread_info.thread_id;
    expect(list.threads[0]!.thread_info.title).toBe("周报");
    expect((await api.call("GET", `/channels/${f}/threads/${threadId}`)).json).toMatchObject({ thread: { author_id: p.botUser.id, thread_info: { content: "# 本周" } } });
    expect((await api.call("DELETE", `/channels/${f}/threads/${threadId}`)).status).toBe(204);
    await expectErrors(api, [{ name: "deleted thread", method: "GET", path: `/channels/${f}/threads/${threadId}`, status: 404, code: 503012 }]);
  });

  it("controls audio and the microphone in voice channels only", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const v = p.guilds.voiceChannelId;
    await expectErrors(api, [
      { name: "start without a URL", method: "POST", path: `/channels/${v}/audio`, body: { status: 0 }, status: 400, code: 12002 },
      { name: "status 4", method: "POST", path: `/channels/${v}/audio`, body: { status: 4 }, status: 400, code: 12002 },
      { name: "mic in a text channel", method: "PUT", path: `/channels/${p.guilds.channelId}/mic`, status: 400, code: 12002 },
    ]);
    expect((await api.call("POST", `/channels/${v}/audio`, { status: 0, audio_url: "https://example.com/a.mp3", text: "a song" })).json).toEqual({});
    expect((await api.call("PUT", `/channels/${v}/mic`)).json).toEqual({});
    expect((await api.call("DELETE", `/channels/${v}/mic`)).json).toEqual({});
  });
});

describe("simulator OpenAPI: permissions", () => {
  it("reads and changes user and role permissions in a channel; the manage bit stays", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const c = p.guilds.channelId;
    const u = p.scene.guildUser.id;
    expect((await api.call("GET", `/channels/${c}/members/${u}/permissions`)).json).toEqual({ channel_id: c, user_id: u, permissions: "5" });
    await expectErrors(api, [
      { name: "add as a number", method: "PUT", path: `/channels/${c}/members/${u}/permissions`, body: { add: 1 }, status: 400, code: 301000 },
      { name: "touch the manage bit", method: "PUT", path: `/channels/${c}/members/${u}/permissions`, body: { add: "2" }, status: 400, code: 301000 },
      { name: "neither add nor remove", method: "PUT", path: `/channels/${c}/members/${u}/permissions`, body: {}, status: 400, code: 301000 },
      { name: "unknown role", method: "GET", path: `/channels/${c}/roles/77/permissions`, status: 404, code: 40401001 },
    ]);
    expect((await api.call("PUT", `/channels/${c}/members/${u}/permissions`, { remove: "4" })).status).toBe(204);
    expect((await api.call("GET", `/channels/${c}/members/${u}/permissions`)).json.permissions).toBe("1");
    expect((await api.call("PUT", `/channels/${c}/roles/1/permissions`, { add: "1", remove: "5" })).status).toBe(204);
    expect((await api.call("GET", `/channels/${c}/roles/1/permissions`)).json).toEqual({ channel_id: c, role_id: "1", permissions: "0" });
  });

  it("lists API permissions and posts at most 3 demands a day for APIs not granted", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const g = p.guilds.guildId;
    const { apis } = (await api.call("GET", `/guilds/${g}/api_permission`)).json as { apis: Array<{ path: string; method: string; auth_status: number }> };
    expect(apis).toContainEqual(expect.objectContaining({ path: "/guilds/{guild_id}", method: "GET", auth_status: 1 }));
    const members = { path: "/guilds/{guild_id}/members", method: "GET" };
    const demand = { channel_id: p.guilds.channelId, api_identify: members, desc: "欢迎新成员" };
    await expectErrors(api, [
      { name: "already granted", method: "POST", path: `/guilds/${g}/api_permission/demand`, body: { ...demand, api_identify: { path: "/guilds/{guild_id}", method: "GET" } }, status: 400, code: 610010 },
      { name: "no desc", method: "POST", path: `/guilds/${g}/api_permission/demand`, body: { ...demand, desc: undefined }, status: 400, code: 610008 },
      { name: "another guild's channel", method: "POST", path: `/guilds/${g}/api_permission/demand`, body: { ...demand, channel_id: p.guilds.plainChannelId }, status: 400, code: 610008 },
    ]);
    for (let i = 0; i < 3; i++) {
      expect((await api.call("POST", `/guilds/${g}/api_permission/demand`, demand)).json).toMatchObject({ guild_id: g, api_identify: members, desc: "欢迎新成员" });
    }
    await expectErrors(api, [{ name: "a 4th demand", method: "POST", path: `/guilds/${g}/api_permission/demand`, body: demand, status: 400, code: 610013 }]);
  });
});
