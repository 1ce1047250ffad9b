import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { normalizeMessage, type NormalizeContext } from "../../src/messages/normalize.js";
import { absoluteUrl } from "../../src/messages/attachments.js";
import type { Message } from "../../src/messages/message.js";

const sent = { id: "s1", ids: ["s1"], timestamp: new Date(0), parts: 1 };
const ctx = (over: Partial<NormalizeContext> = {}): NormalizeContext => ({
  shard: 0,
  botUserId: "9876543210",
  reply: () => async () => sent,
  ...over,
});

function ok(payload: unknown, c: NormalizeContext = ctx()): Message {
  const result = normalizeMessage(payload, c);
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return result.message;
}

const c2c = {
  op: 0, s: 42, t: "C2C_MESSAGE_CREATE", id: "C2C_MESSAGE_CREATE:abc",
  d: {
    author: { id: "E4F4AEA3", user_openid: "E4F4AEA33253A2797FB897C50B81D7ED", union_openid: "U1" },
    content: "123 ",
    id: "ROBOT1.0_.b6nx.CVryAO0nR58RXuU6SC.m92gc19j02qKqdm8ek!",
    timestamp: "2023-11-06T13:37:18+08:00",
    attachments: [
      { content_type: "image/png", filename: "a.png", height: 10, width: 20, size: 300, url: "multimedia.nt.qq.com.cn/download?appid=1407" },
    ],
  },
};
const group = {
  op: 0, s: 43, t: "GROUP_AT_MESSAGE_CREATE", id: "GROUP_AT_MESSAGE_CREATE:def",
  d: {
    author: { member_openid: "E4F4AEA33253A2797FB897C50B81D7ED" },
    content: " 123",
    group_openid: "C9F778FE6ADF9D1D1DBE395BF744A33A",
    id: "ROBOT1.0_eBIy",
    timestamp: "2023-11-06T13:37:18+08:00",
    attachments: [{ content_type: "file", filename: "x.txt", size: "12", url: "//gchat.qpic.cn/x.txt" }],
  },
};
const guild = {
  op: 0, s: 101, t: "AT_MESSAGE_CREATE", id: "AT_MESSAGE_CREATE:ghi",
  d: {
    author: { avatar: "http://thirdqq.qlogo.cn/0", bot: false, id: "1234", username: "abc" },
    channel_id: "100010",
    content: "<@!9876543210>  hello <@!555> there<@!9876543210>",
    guild_id: "18700000000001",
    id: "0812345677890abcdef",
    member: { joined_at: "2021-04-12T16:34:42+08:00", roles: ["1"] },
    mentions: [{ id: "9876543210", username: "bot", bot: true }, { id: "555", username: "friend" }, 7],
    message_reference: { message_id: "08aaa" },
    timestamp: "2021-05-20T15:14:58+08:00",
    seq: 101,
  },
};
const direct = {
  op: 0, s: 7, t: "DIRECT_MESSAGE_CREATE", id: "DIRECT_MESSAGE_CREATE:jkl",
  d: {
    author: { id: "1234", username: "abc" },
    channel_id: "dmchan", guild_id: "dm-guild-1", src_guild_id: "18700000000001", direct_message: true,
    content: "hi <@9876543210>", id: "dm-msg-1", timestamp: "2021-05-20T15:14:58+08:00",
  },
};

describe("normalizeMessage — realistic payloads", () => {
  it("C2C: author openids, c2c target, Date, absolute attachment URL, seq/shard/eventId", () => {
    const m = ok(c2c, ctx({ shard: 3 }));
    expect(m.kind).toBe("c2c");
    expect(m.id).toBe(c2c.d.id);
    expect(m.author).toEqual({ id: "E4F4AEA3", userOpenid: "E4F4AEA33253A2797FB897C50B81D7ED", unionOpenid: "U1" });
    expect(m.target).toEqual({ kind: "c2c", openid: "E4F4AEA33253A2797FB897C50B81D7ED" });
    expect(m.timestamp).toBeInstanceOf(Date);
    expect(m.timestamp.toISOString()).toBe("2023-11-06T05:37:18.000Z");
    expect(m.content).toBe("123 ");
    expect(m.text).toBe("123");
    expect(m.attachments).toEqual([
      { url: "https://multimedia.nt.qq.com.cn/download?appid=1407", contentType: "image/png", filename: "a.png", size: 300, width: 20, height: 10 },
    ]);
    expect([m.seq, m.shard, m.eventId, m.eventType]).toEqual([42, 3, "C2C_MESSAGE_CREATE:abc", "C2C_MESSAGE_CREATE"]);
    expect(m.raw).toBe(c2c.d);
  });

  it("group: leading space stripped from text, member openid as author id, scheme-less URL fixed, string size read", () => {
    const m = ok(group);
    expect(m.kind).toBe("group");
    expect(m.content).toBe(" 123");
    expect(m.text).toBe("123");
    expect(m.author).toEqual({ id: "E4F4AEA33253A2797FB897C50B81D7ED", memberOpenid: "E4F4AEA33253A2797FB897C50B81D7ED" });
    expect(m.target).toEqual({ kind: "group", groupOpenid: "C9F778FE6ADF9D1D1DBE395BF744A33A" });
    expect(m.attachments).toEqual([{ url: "https://gchat.qpic.cn/x.txt", contentType: "file", filename: "x.txt", size: 12 }]);
  });

  it("group: falls back to group_id when group_openid is missing", () => {
    const d = { ...group.d, group_openid: undefined, group_id: "G2" };
    expect(ok({ ...group, d }).target).toEqual({ kind: "group", groupOpenid: "G2" });
  });

  it("guild @-message: only the bot's mention stripped, channel target, mentions, reference", () => {
    const m = ok(guild);
    expect(m.kind).toBe("guild");
    expect(m.text).toBe("hello <@!555> there");
    expect(m.author).toEqual({ id: "1234", username: "abc", bot: false });
    expect(m.target).toEqual({ kind: "channel", channelId: "100010", guildId: "18700000000001" });
    expect(m.mentions).toEqual([{ id: "9876543210", username: "bot", bot: true }, { id: "555", username: "friend" }]);
    expect(m.reference).toEqual({ messageId: "08aaa" });
  });

  it("MESSAGE_CREATE is a guild message too", () => {
    expect(ok({ ...guild, t: "MESSAGE_CREATE" }).kind).toBe("guild");
  });

  it("direct: DM guild id as target, <@id> form stripped", () => {
    const m = ok(direct);
    expect(m.kind).toBe("direct");
    expect(m.target).toEqual({ kind: "direct", guildId: "dm-guild-1" });
    expect(m.text).toBe("hi");
  });

  it("without botUserId the text is only trimmed", () => {
    expect(ok(guild, ctx({ botUserId: undefined })).text).toBe("<@!9876543210>  hello <@!555> there<@!9876543210>");
  });

  it("reply is bound through the factory to the finished message", async () => {
    const reply = vi.fn(async (_msg: Message, _body: unknown) => sent);
    const factory = vi.fn((msg: Message) => (body: unknown) => reply(msg, body));
    const m = ok(group, ctx({ reply: factory as unknown as NormalizeContext["reply"] }));
    await expect(m.reply("pong")).resolves.toBe(sent);
    expect(factory).toHaveBeenCalledWith(m);
    expect(reply).toHaveBeenCalledWith(m, "pong");
  });

  it("attachment-only message without content has empty content; bad attachments are skipped", () => {
    const d = { ...c2c.d, content: undefined, attachments: [{ url: "" }, null, { url: 5 }, { url: "https://x/y.png", width: "wide" }] };
    const m = ok({ ...c2c, d });
    expect(m.content).toBe("");
    expect(m.attachments).toEqual([{ url: "https://x/y.png" }]);
  });
});

describe("normalizeMessage — malformed dispatches", () => {
  const cases: [string, unknown, RegExp][] = [
    ["not an object", "frame", /not an object/],
    ["no t", { ...c2c, t: undefined }, /not a message dispatch/],
    ["other event", { ...c2c, t: "FRIEND_ADD" }, /not a message dispatch/],
    ["d missing", { ...c2c, d: undefined }, /d is missing/],
    ["no id", { ...c2c, d: { ...c2c.d, id: undefined } }, /id is missing/],
    ["numeric id", { ...c2c, d: { ...c2c.d, id: 5 } }, /id is a number/],
    ["content not a string", { ...c2c, d: { ...c2c.d, content: 12 } }, /content is a number/],
    ["content missing, no attachments", { ...group, d: { ...group.d, content: undefined, attachments: [] } }, /content is missing/],
    ["timestamp unparsable", { ...c2c, d: { ...c2c.d, timestamp: "yesterday" } }, /timestamp .* cannot be read/],
    ["timestamp missing", { ...guild, d: { ...guild.d, timestamp: undefined } }, /timestamp/],
    ["author missing", { ...c2c, d: { ...c2c.d, author: undefined } }, /author is missing/],
    ["c2c author without openid", { ...c2c, d: { ...c2c.d, author: { id: "x" } } }, /user_openid/],
    ["group without group_openid", { ...group, d: { ...group.d, group_openid: undefined } }, /group_openid/],
    ["group author without member_openid", { ...group, d: { ...group.d, author: {} } }, /member_openid/],
    ["guild without channel_id", { ...guild, d: { ...guild.d, channel_id: 100010 } }, /channel_id/],
    ["guild author without id", { ...guild, d: { ...guild.d, author: { username: "x" } } }, /author\.id/],
    ["direct without guild_id", { ...direct, d: { ...direct.d, guild_id: "" } }, /guild_id/],
  ];
  it.each(cases)("%s → {ok: false} with a reason", (_name, payload, reason) => {
    const result = normalizeMessage(payload, ctx());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it("the reply is bound on first use: a throwing reply factory is never called by normalisation, and reply() rejects", async () => {
    let calls = 0;
    const result = normalizeMessage(c2c, ctx({ reply: () => { calls++; throw new Error("boom"); } }));
    expect(result.ok).toBe(true);
    expect(calls).toBe(0);
    if (!result.ok) return;
    await expect(result.message.reply("hi")).rejects.toThrow("boom");
    expect(calls).toBe(1);
  });

  it("fuzz: arbitrary JSON never throws and always answers ok or a non-empty reason", () => {
    const types = fc.constantFrom("C2C_MESSAGE_CREATE", "GROUP_AT_MESSAGE_CREATE", "AT_MESSAGE_CREATE", "MESSAGE_CREATE", "DIRECT_MESSAGE_CREATE");
    const frame = fc.record({ t: fc.oneof(types, fc.jsonValue()), d: fc.jsonValue(), s: fc.jsonValue(), id: fc.jsonValue() }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), frame), (payload) => {
        const result = normalizeMessage(payload, ctx());
        expect(typeof result.ok).toBe("boolean");
        if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it("fuzz: valid messages with arbitrary field values stay total and keep the id", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), (extra, content) => {
        const result = normalizeMessage({ ...guild, d: { ...guild.d, ...extra, id: "fixed", content } }, ctx());
        if (result.ok) {
          expect(result.message.id).toBe("fixed");
          expect(result.message.content).toBe(content);
        } else expect(result.reason).not.toBe("");
      }),
      { numRuns: 300 },
    );
  });
});

describe("absoluteUrl", () => {
  it.each([
    ["https://a.b/c", "https://a.b/c"],
    ["http://a.b/c", "http://a.b/c"],
    ["//a.b/c", "https://a.b/c"],
    ["a.b/c", "https://a.b/c"],
    ["/a.b/c", "https://a.b/c"],
  ])("%s → %s", (input, expected) => expect(absoluteUrl(input)).toBe(expected));
});
