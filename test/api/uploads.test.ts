/**
 * Uploads through `bot.api`: a guild channel image as `multipart/form-data` with `file_image`
 * (bytes or a Blob; object fields sent as JSON strings), and C2C/group media from a URL or from
 * bytes (sent as base64 `file_data`) whose `file_info` a `msg_type` 7 message then uses.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runCleanups } from "../helpers/cleanups.js";
import { startApiBot } from "./support.js";

afterEach(runCleanups);

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 7)]);

describe("bot.api uploads", () => {
  it("posts a channel image as multipart: file part, text fields, objects as JSON strings", async () => {
    const { p, bot } = await startApiBot();
    const reply = p.pushMessage("guild").d.id as string;
    const sent = await bot.api.messages.postChannelImage({
      channel_id: p.guilds.channelId, file_image: PNG, content: "a cat", msg_id: reply, message_reference: { message_id: reply },
    });
    expect(sent).toMatchObject({ channel_id: p.guilds.channelId, content: "a cat", author: { bot: true }, attachments: [{ size: PNG.length }] });
    const post = p.requests.at(-1);
    expect(post?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(post?.body).toEqual({
      file_image: { filename: "file_image", contentType: "application/octet-stream", size: PNG.length, head: "89504e470d0a1a0a" },
      content: "a cat", msg_id: reply, message_reference: { message_id: reply },
    });
    expect(p.guilds.channelMessage(sent.id)).toMatchObject({ content: "a cat" });
  });

  it("posts a DM image from a Blob", async () => {
    const { p, bot } = await startApiBot();
    const sent = await bot.api.messages.postDirectImage({ guild_id: p.scene.dmGuildId, file_image: new Blob([PNG], { type: "image/png" }) });
    expect(sent).toMatchObject({ direct_message: true, attachments: [{ size: PNG.length }] });
    expect(p.requests.at(-1)?.body).toMatchObject({ file_image: { contentType: "image/png", size: PNG.length } });
  });

  it("uploads C2C media from bytes (base64 file_data) and sends it as msg_type 7", async () => {
    const { p, bot } = await startApiBot();
    const openid = p.scene.userOpenid;
    const media = await bot.api.media.uploadC2C({ openid, file_type: 1, file_data: PNG, srv_send_msg: false });
    expect(p.requests.at(-1)?.body).toEqual({ file_type: 1, file_data: PNG.toString("base64"), srv_send_msg: false });
    const msg_id = p.pushMessage("c2c").d.id as string;
    const sent = await bot.api.messages.postC2C({ openid, msg_type: 7, content: " ", media: { file_info: media.file_info }, msg_id, msg_seq: 1 });
    expect(p.sentMessages.at(-1)).toMatchObject({ kind: "c2c", id: sent.id, body: { media: { file_info: media.file_info } } });
  });

  it("uploads group media from a URL; a group file_info does not work for a user", async () => {
    const { p, bot } = await startApiBot();
    const media = await bot.api.media.uploadGroup({ group_openid: p.scene.groupOpenid, file_type: 1, url: "https://example.com/a.png", srv_send_msg: false });
    expect(media).toMatchObject({ file_info: expect.any(String), ttl: expect.any(Number) });
    const msg_id = p.pushMessage("c2c").d.id as string;
    await expect(
      bot.api.messages.postC2C({ openid: p.scene.userOpenid, msg_type: 7, content: " ", media: { file_info: media.file_info }, msg_id, msg_seq: 1 }),
    ).rejects.toMatchObject({ code: "INVALID_REQUEST", status: 400 });
  });
});
