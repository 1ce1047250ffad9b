import { describe, expect, it } from "vitest";
import { QQSendError } from "../../src/errors.js";
import { createCounters } from "../../src/stats.js";
import { createSender, replyFactory } from "../../src/messages/sender.js";
import { normalizeMessage } from "../../src/messages/normalize.js";
import { apiError, fakeRest, type Script } from "./messages-fake-rest.js";

function setup(script?: Script, maxTextLength?: number) {
  const rest = fakeRest(script);
  const counters = createCounters();
  const sender = createSender({ rest, counters, ...(maxTextLength ? { maxTextLength } : {}) });
  return { rest, counters, sender };
}

const ref = { messageId: "MSG1" };

describe("sender: each chat kind's request", () => {
  it("c2c reply: /v2/users/{openid}/messages with msg_type 0, msg_id, msg_seq 1, reference", async () => {
    const { rest, sender } = setup();
    const sent = await sender.send({ kind: "c2c", openid: "U/1" }, "hello", ref);
    expect(rest.calls).toEqual([
      { method: "POST", path: "/v2/users/U%2F1/messages", at: 0, body: { msg_type: 0, content: "hello", msg_id: "MSG1", msg_seq: 1, message_reference: { message_id: "MSG1" } } },
    ]);
    expect(sent).toEqual({ id: "sent-1", ids: ["sent-1"], timestamp: new Date(1699240365 * 1000), parts: 1 });
  });

  it("group reply to an event: event_id and msg_seq, no reference", async () => {
    const { rest, sender } = setup();
    await sender.send({ kind: "group", groupOpenid: "G1" }, "welcome", { eventId: "GROUP_ADD_ROBOT:1" });
    expect(rest.calls[0]).toMatchObject({ path: "/v2/groups/G1/messages", body: { msg_type: 0, content: "welcome", event_id: "GROUP_ADD_ROBOT:1", msg_seq: 1 } });
    expect(rest.calls[0]!.body).not.toHaveProperty("message_reference");
  });

  it("guild channel reply: msg_id and reference, no msg_type or msg_seq", async () => {
    const { rest, sender } = setup();
    const sent = await sender.send({ kind: "channel", channelId: "100010", guildId: "g" }, { content: "hi", image: "https://x/y.png" }, ref);
    expect(rest.calls[0]).toEqual({
      method: "POST", path: "/channels/100010/messages", at: 0,
      body: { content: "hi", image: "https://x/y.png", msg_id: "MSG1", message_reference: { message_id: "MSG1", ignore_get_message_error: true } },
    });
    expect(sent.timestamp.toISOString()).toBe("2021-05-20T07:14:58.000Z");
  });

  it("DM by session: /dms/{guild_id}/messages", async () => {
    const { rest, sender } = setup();
    await sender.send({ kind: "direct", guildId: "dmg" }, "psst", ref);
    expect(rest.calls.map((c) => c.path)).toEqual(["/dms/dmg/messages"]);
  });

  it("DM to a guild member: opens a DM session once, then reuses it", async () => {
    const { rest, sender } = setup();
    const target = { kind: "direct", userId: "1234", sourceGuildId: "187" } as const;
    await Promise.all([sender.send(target, "one", ref), sender.send(target, "two", ref)]);
    await sender.send(target, "three", ref);
    expect(rest.calls.filter((c) => c.path === "/users/@me/dms")).toEqual([
      { method: "POST", path: "/users/@me/dms", at: 0, body: { recipient_id: "1234", source_guild_id: "187" } },
    ]);
    expect(rest.messageCalls().map((c) => c.path)).toEqual(["/dms/dm-1234/messages", "/dms/dm-1234/messages", "/dms/dm-1234/messages"]);
  });

  it.each([
    [{ markdown: { content: "**b**" }, keyboard: { id: "kb" } }, { msg_type: 2, markdown: { content: "**b**" }, keyboard: { id: "kb" } }],
    [{ markdown: { custom_template_id: "t1", params: [{ key: "k", values: ["v"] }] } }, { msg_type: 2, markdown: { custom_template_id: "t1", params: [{ key: "k", values: ["v"] }] } }],
    [{ ark: { template_id: 23 } }, { msg_type: 3, ark: { template_id: 23 } }],
    [{ embed: { title: "t" } }, { msg_type: 4, embed: { title: "t" } }],
  ])("c2c rich body %j → msg_type", async (body, expected) => {
    const { rest, sender } = setup();
    await sender.send({ kind: "c2c", openid: "U1" }, body, ref);
    expect(rest.calls[0]!.body).toMatchObject(expected);
  });
});

describe("sender: msg_seq", () => {
  it("five replies to one message use msg_seq 1..5; another message starts at 1", async () => {
    const { rest, sender } = setup();
    const frame = { t: "GROUP_AT_MESSAGE_CREATE", s: 1, id: "ev", d: { id: "M", content: " hi", timestamp: "2023-11-06T13:37:18+08:00", group_openid: "G", author: { member_openid: "A" } } };
    const result = normalizeMessage(frame, { shard: 0, reply: replyFactory(sender) });
    if (!result.ok) throw new Error(result.reason);
    for (let i = 0; i < 5; i++) await result.message.reply(`reply ${i}`);
    await sender.send({ kind: "group", groupOpenid: "G" }, "other", { messageId: "M2" });
    expect(rest.calls.map((c) => [c.path, c.body["msg_id"], c.body["msg_seq"]])).toEqual([
      ["/v2/groups/G/messages", "M", 1], ["/v2/groups/G/messages", "M", 2], ["/v2/groups/G/messages", "M", 3],
      ["/v2/groups/G/messages", "M", 4], ["/v2/groups/G/messages", "M", 5], ["/v2/groups/G/messages", "M2", 1],
    ]);
  });

  it("a msg_seq is never reused after a failed request", async () => {
    const { rest, sender } = setup((_call, i) => {
      if (i === 0) throw apiError(500, 500000, "internal error");
      return undefined;
    });
    await expect(sender.send({ kind: "c2c", openid: "U" }, "a", ref)).rejects.toMatchObject({ status: 500 });
    await sender.send({ kind: "c2c", openid: "U" }, "b", ref);
    expect(rest.calls.map((c) => c.body["msg_seq"])).toEqual([1, 2]);
  });

  it("long text is split: every part has msg_id and its own msg_seq, only the first the reference", async () => {
    const { rest, counters, sender } = setup(undefined, 100);
    const text = Array.from({ length: 30 }, (_, i) => `line ${String(i).padStart(2, "0")} ${"x".repeat(10)}`).join("\n");
    const sent = await sender.send({ kind: "group", groupOpenid: "G" }, text, ref);
    const bodies = rest.calls.map((c) => c.body);
    expect(bodies).toHaveLength(6); // 19 characters a line with its newline: 5 lines fit in 100
    expect(sent.parts).toBe(bodies.length);
    expect(sent.ids).toHaveLength(bodies.length);
    expect(bodies.every((b) => b["msg_id"] === "MSG1")).toBe(true);
    expect(new Set(bodies.map((b) => b["msg_seq"])).size).toBe(bodies.length);
    expect(bodies.map((b) => "message_reference" in b)).toEqual(bodies.map((_, i) => i === 0));
    expect(bodies.every((b) => String(b["content"]).length <= 100)).toBe(true);
    expect(bodies.map((b) => b["content"]).join("")).toBe(text);
    expect(counters.snapshot().sent).toBe(bodies.length);
  });
});

describe("sender: media", () => {
  it("group media from a URL: upload with file_type, then msg_type 7 with file_info and content ' '", async () => {
    const { rest, sender } = setup();
    await sender.send({ kind: "group", groupOpenid: "G" }, { media: { url: "https://example.com/a.png", fileType: "image" } }, ref);
    expect(rest.calls.map((c) => [c.path, c.body])).toEqual([
      ["/v2/groups/G/files", { file_type: 1, url: "https://example.com/a.png", srv_send_msg: false }],
      ["/v2/groups/G/messages", { msg_type: 7, content: " ", media: { file_info: "fileinfo-1" }, msg_id: "MSG1", msg_seq: 1, message_reference: { message_id: "MSG1" } }],
    ]);
  });

  it("c2c media from a Buffer: base64 file_data; caption kept", async () => {
    const { rest, sender } = setup();
    const data = Buffer.from("fake mp4 bytes");
    await sender.send({ kind: "c2c", openid: "U" }, { content: "watch", media: { data, fileType: "video" } }, ref);
    expect(rest.calls[0]).toMatchObject({ path: "/v2/users/U/files", body: { file_type: 2, file_data: data.toString("base64"), srv_send_msg: false } });
    expect(rest.calls[0]!.body).not.toHaveProperty("url");
    expect(rest.calls[1]!.body).toMatchObject({ msg_type: 7, content: "watch", media: { file_info: "fileinfo-1" } });
  });

  it("an image URL to c2c is uploaded as image media", async () => {
    const { rest, sender } = setup();
    await sender.send({ kind: "c2c", openid: "U" }, { image: "https://x/i.jpg" }, ref);
    expect(rest.calls.map((c) => c.body["file_type"] ?? c.body["msg_type"])).toEqual([1, 7]);
  });

  it("long caption with media: the media goes with the last part", async () => {
    const { rest, sender } = setup(undefined, 10);
    await sender.send({ kind: "c2c", openid: "U" }, { content: "aaaa bbbb cccc", media: { url: "https://x/v.mp4", fileType: "video" } }, ref);
    expect(rest.messageCalls().map((c) => [c.body["msg_type"], c.body["content"], c.body["media"]])).toEqual([
      [0, "aaaa bbbb ", undefined],
      [7, "cccc", { file_info: "fileinfo-1" }],
    ]);
  });

  it("guild image media becomes `image`; guild bytes are refused before any request", async () => {
    const { rest, counters, sender } = setup();
    await sender.send({ kind: "channel", channelId: "C" }, { media: { url: "https://x/i.png", fileType: "image" } }, ref);
    expect(rest.calls[0]!.body).toMatchObject({ image: "https://x/i.png" });
    const err = await sender.send({ kind: "channel", channelId: "C" }, { media: { data: Buffer.from("x"), fileType: "image" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QQSendError);
    expect(err).toMatchObject({ code: "MEDIA_UNSUPPORTED", status: 0 });
    expect(rest.calls).toHaveLength(1);
    expect(counters.snapshot().sendErrors).toBe(1);
  });

  it("an upload answer without file_info is MEDIA_UPLOAD_FAILED", async () => {
    const { sender } = setup((call) => (call.path.endsWith("/files") ? { file_uuid: "u" } : undefined));
    await expect(sender.send({ kind: "c2c", openid: "U" }, { media: { url: "https://x", fileType: "image" } })).rejects.toMatchObject({
      code: "MEDIA_UPLOAD_FAILED", message: expect.stringMatching(/file_info/),
    });
  });
});

describe("sender: results and refusals", () => {
  it("bad options are a QQBotConfigError naming each field", () => {
    expect(() => createSender({ rest: fakeRest(), maxTextLength: 1, retry: { delaysMs: [1000, -1] } })).toThrow(
      /maxTextLength must be an integer ≥ 2.*retry\.delaysMs\[1\] must be a finite non-negative number/,
    );
  });

  it("an empty body is refused locally with EMPTY_MESSAGE", async () => {
    const { rest, counters, sender } = setup();
    for (const body of ["", "   ", { keyboard: { id: "k" } }]) {
      await expect(sender.send({ kind: "c2c", openid: "U" }, body, ref)).rejects.toMatchObject({ code: "EMPTY_MESSAGE", message: expect.stringMatching(/empty message/) });
    }
    expect(rest.calls).toHaveLength(0);
    expect(counters.snapshot()).toMatchObject({ sent: 0, sendErrors: 3 });
  });

  it("audit pending (304023 error body) is a result with the audit id", async () => {
    const { counters, sender } = setup(() => {
      throw apiError(400, 304023, "push message is waiting for audit now", { data: { message_audit: { audit_id: "AUD-1" } } });
    });
    const sent = await sender.send({ kind: "channel", channelId: "C" }, "hi", ref);
    expect(sent).toMatchObject({ id: undefined, ids: [], parts: 1, audit: { auditId: "AUD-1" } });
    expect(counters.snapshot()).toMatchObject({ sent: 1, sendErrors: 0 });
  });

  it("audit pending in a 2xx answer is a result too", async () => {
    const { sender } = setup(() => ({ message_audit: { audit_id: "AUD-2" } }));
    expect((await sender.send({ kind: "c2c", openid: "U" }, "hi", ref)).audit).toEqual({ auditId: "AUD-2" });
  });

  it("a 2xx answer carrying an error code is an error", async () => {
    const { sender } = setup(() => ({ code: 40034102, message: "主动消息失败, 无权限" }));
    await expect(sender.send({ kind: "c2c", openid: "U" }, "hi")).rejects.toMatchObject({ code: "PROACTIVE_REFUSED", platformCode: 40034102 });
  });
});
