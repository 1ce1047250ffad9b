import { describe, expect, it } from "vitest";
import type { SimulatedPlatform, SimulatedPlatformOptions } from "../../src/testing/index.js";
import { platformFixture } from "./platform-fixture.js";
import { http, manualClock } from "./support.js";

const fixture = platformFixture();

async function start(options: SimulatedPlatformOptions = {}) {
  const { p, token } = await fixture.start(options);
  const post = (path: string, body: unknown) => http(p.apiBase, "POST", path, { token, body });
  return { p, token, post };
}

const c2cPath = (p: SimulatedPlatform) => `/v2/users/${p.scene.userOpenid}/messages`;
const groupPath = (p: SimulatedPlatform) => `/v2/groups/${p.scene.groupOpenid}/messages`;

describe("C2C and group sends", () => {
  it("refuses a send without msg_id or event_id as proactive (40034102)", async () => {
    const { p, post } = await start();
    const res = await post(c2cPath(p), { content: "hello", msg_type: 0 });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 40034102, err_code: 40034102, message: "主动消息失败, 无权限" });
    expect(res.json.trace_id).toBe(res.headers["x-tps-trace-id"]);
    expect(p.sentMessages).toHaveLength(0);
  });

  it("accepts a passive reply and answers {id, timestamp}", async () => {
    const { p, post } = await start();
    const msg = p.pushMessage("c2c");
    const res = await post(c2cPath(p), { content: "pong", msg_type: 0, msg_id: msg.d.id, msg_seq: 1 });
    expect(res.status).toBe(200);
    expect(typeof res.json.id).toBe("string");
    expect(Number.isNaN(Date.parse(res.json.timestamp))).toBe(false);
    expect(p.sentMessages).toEqual([expect.objectContaining({ kind: "c2c", targetId: p.scene.userOpenid, id: res.json.id })]);
    expect(p.stats().messagesSent).toEqual({ c2c: 1 });
  });

  it("refuses unknown msg_ids and msg_ids of another target (40034024)", async () => {
    const { p, post } = await start();
    const unknown = await post(c2cPath(p), { content: "x", msg_type: 0, msg_id: "ROBOT1.0_nope" });
    expect(unknown.json).toMatchObject({ code: 40034024, message: "请求参数msg_id无效或越权" });
    const groupMsg = p.pushMessage("group");
    const crossed = await post(c2cPath(p), { content: "x", msg_type: 0, msg_id: groupMsg.d.id });
    expect(crossed.json.code).toBe(40034024);
    const otherGroup = await post("/v2/groups/ABCDEF/messages", { content: "x", msg_type: 0, msg_id: groupMsg.d.id });
    expect(otherGroup.json.code).toBe(40034024);
  });

  it("enforces the reply windows: group 5 min, C2C 60 min", async () => {
    const clock = manualClock();
    const { p, post } = await start({ now: clock.now });
    const g = p.pushMessage("group");
    const c = p.pushMessage("c2c");
    clock.advance(5 * 60_000 + 1);
    expect((await post(groupPath(p), { content: "late", msg_type: 0, msg_id: g.d.id })).json.code).toBe(40034024);
    expect((await post(c2cPath(p), { content: "fine", msg_type: 0, msg_id: c.d.id })).status).toBe(200);
    clock.advance(55 * 60_000);
    expect((await post(c2cPath(p), { content: "late", msg_type: 0, msg_id: c.d.id, msg_seq: 2 })).json.code).toBe(40034024);
  });

  it("dedupes msg_id + msg_seq (40054005) and refuses the 6th reply to one msg_id", async () => {
    const { p, post } = await start();
    const msg = p.pushMessage("group");
    const reply = (seq: number) => post(groupPath(p), { content: `r${seq}`, msg_type: 0, msg_id: msg.d.id, msg_seq: seq });
    expect((await reply(1)).status).toBe(200);
    const dup = await reply(1);
    expect(dup.json).toMatchObject({ code: 40054005, message: "消息被去重，请检查请求msgseq" });
    for (const seq of [2, 3, 4, 5]) expect((await reply(seq)).status).toBe(200);
    const sixth = await reply(6);
    expect(sixth.status).toBe(400);
    expect(sixth.json.code).toBe(40034024);
    expect(p.stats().messagesSent).toEqual({ group: 5 });
  });

  it("honours maxRepliesPerMsgId", async () => {
    const { p, post } = await start({ replyWindows: { maxRepliesPerMsgId: 1 } });
    const msg = p.pushMessage("c2c");
    expect((await post(c2cPath(p), { content: "a", msg_type: 0, msg_id: msg.d.id, msg_seq: 1 })).status).toBe(200);
    expect((await post(c2cPath(p), { content: "b", msg_type: 0, msg_id: msg.d.id, msg_seq: 2 })).json.code).toBe(40034024);
  });

  it("accepts event_id replies to pushed events of that target", async () => {
    const { p, post } = await start();
    const added = p.pushEvent("GROUP_ADD_ROBOT", { group_openid: p.scene.groupOpenid, op_member_openid: p.scene.memberOpenid, timestamp: 1 });
    expect((await post(groupPath(p), { content: "thanks", msg_type: 0, event_id: added.id })).status).toBe(200);
    expect((await post(groupPath(p), { content: "x", msg_type: 0, event_id: "GROUP_ADD_ROBOT:forged" })).json.code).toBe(40034024);
  });

  it("checks the body: empty → 50006, msg_type 0 without content, bad msg_type, markdown for type 2", async () => {
    const { p, post } = await start();
    const msg = p.pushMessage("c2c");
    const id = msg.d.id as string;
    expect((await post(c2cPath(p), { msg_type: 0, msg_id: id })).json.code).toBe(50006);
    expect((await post(c2cPath(p), { content: "", msg_type: 0, msg_id: id })).json.code).toBe(50006);
    expect((await post(c2cPath(p), { msg_type: 0, markdown: { content: "**x**" }, msg_id: id })).json.code).toBe(40034002);
    expect((await post(c2cPath(p), { content: "x", msg_type: 9, msg_id: id })).json.code).toBe(40034001);
    expect((await post(c2cPath(p), { content: "x", msg_type: 2, msg_id: id })).json.code).toBe(40034002);
    expect((await post(c2cPath(p), { msg_type: 2, markdown: { content: "**ok**" }, msg_id: id })).status).toBe(200);
  });

  it("uploads media, then sends it with msg_type 7 (file_info required, content non-empty, same target kind)", async () => {
    const { p, post } = await start();
    const up = await post(`/v2/groups/${p.scene.groupOpenid}/files`, { file_type: 1, url: "https://example.com/a.png", srv_send_msg: false });
    expect(up.status).toBe(200);
    expect(up.json).toEqual({ file_uuid: expect.stringMatching(/^[0-9a-f]{32}$/), file_info: expect.stringMatching(/^[A-Za-z0-9_-]{96}$/), ttl: 3600 });
    const msg = p.pushMessage("group");
    const media = { file_info: up.json.file_info };
    const send = (body: object, seq: number) => post(groupPath(p), { msg_id: msg.d.id, msg_seq: seq, ...body });
    expect((await send({ msg_type: 7, content: "", media }, 1)).json.code).toBe(40034004);
    expect((await send({ msg_type: 7, content: " ", media: { file_info: "forged" } }, 2)).json.code).toBe(40034003);
    expect((await send({ msg_type: 7, content: " " }, 3)).json.code).toBe(40034003); // no media at all
    const ok = await send({ msg_type: 7, content: " ", media }, 4);
    expect(ok.status).toBe(200);
    // a group upload cannot be used for C2C
    const c2c = p.pushMessage("c2c");
    expect((await post(c2cPath(p), { msg_type: 7, content: " ", media, msg_id: c2c.d.id })).json.code).toBe(40034003);
  });

  it("validates uploads: file_type, url, file_data", async () => {
    const { p, post } = await start();
    const path = `/v2/users/${p.scene.userOpenid}/files`;
    expect((await post(path, { file_type: 4, url: "https://example.com/a.zip" })).json.code).toBe(40034005);
    expect((await post(path, { file_type: 1 })).json.code).toBe(40034005);
    expect((await post(path, { file_type: 1, url: "ftp://x" })).json.code).toBe(304082);
    const data = await post(path, { file_type: 1, file_data: Buffer.from("png").toString("base64"), srv_send_msg: true });
    expect(data.status).toBe(200);
    expect(typeof data.json.id).toBe("string");
  });
});

describe("guild sends", () => {
  it("allows proactive channel messages and answers a Message object", async () => {
    const { p, post } = await start();
    const res = await post(`/channels/${p.scene.channelId}/messages`, { content: "hello channel" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ channel_id: p.scene.channelId, content: "hello channel", author: { id: p.botUser.id, bot: true } });
    expect(p.stats().messagesSent).toEqual({ channel: 1 });
  });

  it("checks guild msg_ids (304026) and empty bodies (50006)", async () => {
    const { p, post } = await start();
    const at = p.pushMessage("guild");
    expect((await post(`/channels/${p.scene.channelId}/messages`, { content: "r", msg_id: at.d.id })).status).toBe(200);
    expect((await post(`/channels/999/messages`, { content: "r", msg_id: at.d.id })).json.code).toBe(304026);
    expect((await post(`/channels/${p.scene.channelId}/messages`, {})).json.code).toBe(50006);
  });

  it("creates DM sessions and sends DMs", async () => {
    const { p, post } = await start();
    const dms = await post("/users/@me/dms", { recipient_id: p.scene.guildUser.id, source_guild_id: p.scene.guildId });
    expect(dms.json).toEqual({ guild_id: expect.stringMatching(/^\d+$/), channel_id: expect.stringMatching(/^\d+$/), create_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/) });
    const again = await post("/users/@me/dms", { recipient_id: p.scene.guildUser.id, source_guild_id: p.scene.guildId });
    expect(again.json.guild_id).toBe(dms.json.guild_id);
    const dm = p.pushMessage("direct");
    const res = await post(`/dms/${p.scene.dmGuildId}/messages`, { content: "hi", msg_id: dm.d.id });
    expect(res.json).toMatchObject({ guild_id: p.scene.dmGuildId, direct_message: true });
    expect(p.stats().messagesSent).toEqual({ dms: 1 });
  });

  it("acknowledges interactions with a code 0–5", async () => {
    const { p, token } = await start();
    const ok = await http(p.apiBase, "PUT", "/interactions/abc", { token, body: { code: 0 } });
    expect(ok.status).toBe(200);
    const bad = await http(p.apiBase, "PUT", "/interactions/abc", { token, body: { code: 9 } });
    expect(bad.json.code).toBe(40034005);
  });
});
