/**
 * The simulator's message endpoints besides sending, driven with plain HTTP: recall (C2C and
 * group within 2 minutes, once; channel messages by an admin bot; the bot's own DMs), get (in
 * the `{message}` wrapper), list, edit (bot messages with a keyboard), settings, setting
 * guides, `multipart/form-data` image posts, and reactions with cookie paging.
 */
import { request } from "undici";
import { FormData } from "undici";
import { describe, expect, it } from "vitest";
import { manualClock } from "./support.js";
import { platformFixture } from "./platform-fixture.js";
import { expectErrors, openApi, pushGuildMessage, type OpenApi } from "./openapi-support.js";

const { start } = platformFixture({ identifyWindowMs: 0 });

/** Reply to a freshly pushed C2C or group message; the id of the reply. */
async function sendV2(api: OpenApi, p: Parameters<typeof pushGuildMessage>[0], kind: "c2c" | "group"): Promise<{ id: string; path: string }> {
  const pushed = p.pushMessage(kind);
  const path = kind === "c2c" ? `/v2/users/${p.scene.userOpenid}/messages` : `/v2/groups/${p.scene.groupOpenid}/messages`;
  const res = await api.call("POST", path, { content: "pong", msg_type: 0, msg_id: pushed.d.id, msg_seq: 1 });
  expect(res.status).toBe(200);
  return { id: res.json.id as string, path };
}

describe("simulator OpenAPI: recall", () => {
  it("recalls a C2C and a group message once, within 2 minutes, only at their target", async () => {
    const clock = manualClock();
    const { p, token } = await start({ now: clock.now });
    const api = openApi(p, token);
    const c2c = await sendV2(api, p, "c2c");
    const group = await sendV2(api, p, "group");
    await expectErrors(api, [
      { name: "group message at the user path", method: "DELETE", path: `/v2/users/${p.scene.userOpenid}/messages/${group.id}`, status: 400, code: 306007 },
      { name: "unknown message", method: "DELETE", path: `/v2/groups/${p.scene.groupOpenid}/messages/ROBOT1.0_nope`, status: 400, code: 306002 },
    ]);
    const recalled = await api.call("DELETE", `${c2c.path}/${c2c.id}`);
    expect({ status: recalled.status, text: recalled.text }).toEqual({ status: 200, text: "" });
    expect(p.sentMessages.find((m) => m.id === c2c.id)?.recalledAt).toBe(clock.now());
    await expectErrors(api, [{ name: "recalled twice", method: "DELETE", path: `${c2c.path}/${c2c.id}`, status: 400, code: 306002 }]);
    clock.advance(2 * 60_000 + 1);
    await expectErrors(api, [{ name: "after 2 minutes", method: "DELETE", path: `${group.path}/${group.id}`, status: 400, code: 306011 }]);
  });

  it("recalls channel messages (members' too, as an admin) and then they are gone", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const c = p.guilds.channelId;
    const theirs = pushGuildMessage(p, "spam");
    const ours = (await api.call("POST", `/channels/${c}/messages`, { content: "hello" })).json.id as string;
    expect((await api.call("GET", `/channels/${c}/messages/${theirs}`)).json).toMatchObject({ message: { id: theirs, content: "spam" } });
    expect((await api.call("DELETE", `/channels/${c}/messages/${theirs}?hidetip=true`)).status).toBe(200);
    expect((await api.call("DELETE", `/channels/${c}/messages/${ours}`)).status).toBe(200);
    expect(p.requests.at(-2)?.query).toEqual({ hidetip: "true" });
    expect(p.guilds.channelMessage(theirs)).toBeUndefined();
    await expectErrors(api, [
      { name: "get a recalled message", method: "GET", path: `/channels/${c}/messages/${theirs}`, status: 404, code: 50039 },
      { name: "recall it again", method: "DELETE", path: `/channels/${c}/messages/${theirs}`, status: 400, code: 306002 },
      { name: "hidetip not a boolean", method: "DELETE", path: `/channels/${c}/messages/${pushGuildMessage(p)}?hidetip=yes`, status: 400, code: 306001 },
    ]);
  });

  it("recalls only the bot's own DMs", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const dm = p.scene.dmGuildId;
    const theirs = p.pushMessage("direct").d.id as string;
    const ours = (await api.call("POST", `/dms/${dm}/messages`, { content: "hi" })).json.id as string;
    await expectErrors(api, [{ name: "a user's DM", method: "DELETE", path: `/dms/${dm}/messages/${theirs}`, status: 400, code: 306008 }]);
    expect((await api.call("DELETE", `/dms/${dm}/messages/${ours}?hidetip=false`)).status).toBe(200);
    await expectErrors(api, [{ name: "recalled DM", method: "DELETE", path: `/dms/${dm}/messages/${ours}`, status: 400, code: 306002 }]);
  });
});

describe("simulator OpenAPI: get, list, edit, settings, guides", () => {
  it("lists a channel's messages around, before and after one", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const c = p.guilds.channelId;
    const ids = Array.from({ length: 6 }, (_, i) => pushGuildMessage(p, `m${i}`));
    const list = async (q: string) => ((await api.call("GET", `/channels/${c}/messages?${q}`)).json as Array<{ id: string }>).map((m) => m.id);
    expect(await list("limit=20")).toEqual(ids);
    expect(await list(`before=${ids[3]}&limit=2`)).toEqual([ids[1], ids[2]]);
    expect(await list(`after=${ids[3]}&limit=5`)).toEqual([ids[4], ids[5]]);
    expect(await list(`around=${ids[3]}&limit=3`)).toEqual([ids[2], ids[3], ids[4]]);
  });

  it("edits only the bot's messages that have a keyboard, and needs a keyboard", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const c = p.guilds.channelId;
    const plain = (await api.call("POST", `/channels/${c}/messages`, { content: "plain" })).json.id as string;
    const withKeyboard = (await api.call("POST", `/channels/${c}/messages`, { markdown: { content: "vote" }, keyboard: { id: "kb1" } })).json.id as string;
    await expectErrors(api, [
      { name: "a user's message", method: "PATCH", path: `/channels/${c}/messages/${pushGuildMessage(p)}`, body: { keyboard: { id: "k" } }, status: 400, code: 50051 },
      { name: "no keyboard on it", method: "PATCH", path: `/channels/${c}/messages/${plain}`, body: { keyboard: { id: "k" } }, status: 400, code: 50049 },
      { name: "no keyboard in the edit", method: "PATCH", path: `/channels/${c}/messages/${withKeyboard}`, body: { markdown: { content: "x" } }, status: 400, code: 50050 },
    ]);
    const edited = await api.call("PATCH", `/channels/${c}/messages/${withKeyboard}`, { markdown: { content: "closed" }, keyboard: { id: "kb2" } });
    expect(edited.json).toMatchObject({ id: withKeyboard, markdown: { content: "closed" }, keyboard: { id: "kb2" } });
  });

  it("answers message settings and posts setting guides", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const settings = await api.call("GET", `/guilds/${p.guilds.guildId}/message/setting`);
    expect(settings.json).toMatchObject({ disable_create_dm: false, disable_push_msg: false, channel_push_max_num: 20 });
    expect(settings.json.channel_ids).toContain(p.guilds.channelId);
    const guide = await api.call("POST", `/channels/${p.guilds.channelId}/settingguide`, { content: `<@${p.scene.guildUser.id}>` });
    expect(guide.json).toMatchObject({ channel_id: p.guilds.channelId, content: `<@${p.scene.guildUser.id}>`, author: { bot: true } });
    await expectErrors(api, [{ name: "DM guide without setting_guide", method: "POST", path: `/dms/${p.scene.dmGuildId}/settingguide`, body: {}, status: 400, code: 12002 }]);
    const dmGuide = await api.call("POST", `/dms/${p.scene.dmGuildId}/settingguide`, { setting_guide: { guild_id: p.guilds.guildId } });
    expect(dmGuide.json).toMatchObject({ guild_id: p.scene.dmGuildId, direct_message: true });
  });
});

describe("simulator OpenAPI: multipart image posts", () => {
  it("takes file_image as a file part, objects as JSON strings, and records the parsed form", async () => {
    const { p, token } = await start();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const form = new FormData();
    form.append("content", "a cat");
    form.append("message_reference", JSON.stringify({ message_id: "m1" }));
    form.append("file_image", new Blob([png]), "cat.png");
    const res = await request(`${p.apiBase}/channels/${p.guilds.channelId}/messages`, { method: "POST", headers: { authorization: `QQBot ${token}` }, body: form });
    const json = (await res.body.json()) as Record<string, unknown>;
    expect(res.statusCode).toBe(200);
    expect(json).toMatchObject({ content: "a cat", attachments: [{ filename: "cat.png", size: png.length }] });
    expect(p.requests.at(-1)?.body).toEqual({
      content: "a cat", message_reference: { message_id: "m1" },
      file_image: { filename: "cat.png", contentType: "application/octet-stream", size: png.length, head: "89504e470d0a1a0a" },
    });

    const bad = new FormData();
    bad.append("file_image", "not a file");
    const refused = await request(`${p.apiBase}/channels/${p.guilds.channelId}/messages`, { method: "POST", headers: { authorization: `QQBot ${token}` }, body: bad });
    expect({ status: refused.statusCode, code: ((await refused.body.json()) as { code: number }).code }).toEqual({ status: 400, code: 50035 });
    const badJson = new FormData();
    badJson.append("content", "x");
    badJson.append("embed", "{not json");
    const refusedJson = await request(`${p.apiBase}/channels/${p.guilds.channelId}/messages`, { method: "POST", headers: { authorization: `QQBot ${token}` }, body: badJson });
    expect({ status: refusedJson.statusCode, code: ((await refusedJson.body.json()) as { code: number }).code }).toEqual({ status: 400, code: 50035 });
  });
});

describe("simulator OpenAPI: reactions", () => {
  it("adds and removes the bot's reaction once, and pages the users by cookie until is_end", async () => {
    const { p, token } = await start();
    const api = openApi(p, token);
    const c = p.guilds.channelId;
    const m = pushGuildMessage(p);
    const path = `/channels/${c}/messages/${m}/reactions/1/4`;
    expect((await api.call("PUT", path)).status).toBe(204);
    expect(p.guilds.reactions(m, { type: 1, id: "4" })).toEqual([p.botUser.id]);
    await expectErrors(api, [
      { name: "react twice", method: "PUT", path, status: 400, code: 620003 },
      { name: "type 3", method: "PUT", path: `/channels/${c}/messages/${m}/reactions/3/4`, status: 400, code: 620001 },
      { name: "unknown message", method: "PUT", path: `/channels/${c}/messages/nope/reactions/1/4`, status: 404, code: 50039 },
      { name: "remove a reaction never made", method: "DELETE", path: `/channels/${c}/messages/${m}/reactions/2/👍`, status: 400, code: 620004 },
    ]);
    p.guilds.react(m, { type: 1, id: "4" }, 24);
    const users: string[] = [];
    let cookie = "";
    let pages = 0;
    for (;;) {
      const page = (await api.call("GET", `${path}?limit=10${cookie ? `&cookie=${cookie}` : ""}`)).json as { users: Array<{ id: string }>; cookie: string; is_end: boolean };
      users.push(...page.users.map((u) => u.id));
      pages++;
      if (page.is_end) break;
      cookie = page.cookie;
    }
    expect(pages).toBe(3);
    expect(users).toEqual(p.guilds.reactions(m, { type: 1, id: "4" }));
    expect(users).toHaveLength(25);
    expect((await api.call("DELETE", path)).status).toBe(204);
    expect(p.guilds.reactions(m, { type: 1, id: "4" })).not.toContain(p.botUser.id);
  });
});
