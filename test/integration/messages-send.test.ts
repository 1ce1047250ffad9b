/**
 * What `msg.reply` sends, checked on the simulator's recorded requests: `msg_seq` numbering and
 * the per-message reply cap (the sixth reply is a typed `REPLY_EXPIRED`), the media upload flow
 * (files endpoint, then msg_type 7 with `media.file_info`), and long text split into parts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { QQSendError, type Bot, type Message } from "../../src/index.js";
import type { SimulatedPlatform } from "../../src/testing/index.js";
import { runCleanups } from "../helpers/cleanups.js";
import { startInboxBot, startPlatform } from "../helpers/simulated-bot.js";

let platform: SimulatedPlatform;
let bot: Bot;
let receive: (id: string) => Promise<Message>;

beforeEach(async () => {
  platform = await startPlatform();
  ({ bot, receive } = await startInboxBot(platform));
});

afterEach(runCleanups);

/** Push a message of `kind` and wait for the bot to receive it. */
async function incoming(kind: "c2c" | "group" | "guild", fields: Record<string, unknown> = {}): Promise<Message> {
  return receive(platform.pushMessage(kind, fields).d.id as string);
}

const body = (r: { body: unknown }) => r.body as Record<string, unknown>;
const messagePosts = () => platform.requests.filter((r) => r.method === "POST" && /\/messages$/.test(r.path));

describe("msg_seq and the reply cap", () => {
  it.each(["c2c", "group"] as const)("%s: five replies use msg_seq 1..5, the sixth is REPLY_EXPIRED", async (kind) => {
    const msg = await incoming(kind);
    for (let i = 1; i <= 5; i++) await msg.reply(`reply ${i}`);
    const error = await msg.reply("reply 6").then(() => undefined, (err: unknown) => err);

    expect(error).toBeInstanceOf(QQSendError);
    const sendError = error as QQSendError;
    expect(sendError.code).toBe("REPLY_EXPIRED");
    expect(sendError.platformCode).toBe(40034024);
    expect(sendError.status).toBe(400);
    expect(sendError.replyTo).toBe(msg.id);
    expect(sendError.msgSeq).toBe(6);
    expect(sendError.message).toContain(msg.id);
    expect(sendError.message).toMatch(/5 replies/);
    expect(sendError.message).toContain("40034024");

    const posts = messagePosts();
    expect(posts.map((r) => body(r)["msg_seq"])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(posts.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 400]);
    expect(posts.every((r) => body(r)["msg_id"] === msg.id)).toBe(true);
    expect(bot.stats()).toMatchObject({ sent: 5, sendErrors: 1 });
  });

  it("concurrent replies to one message get distinct msg_seqs", async () => {
    const msg = await incoming("group");
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => msg.reply(`at once ${i}`)));
    expect(new Set(results.map((r) => r.id)).size).toBe(5);
    expect(messagePosts().map((r) => body(r)["msg_seq"]).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("each message has its own msg_seq counter", async () => {
    const a = await incoming("c2c");
    const b = await incoming("c2c");
    await a.reply("a1");
    await b.reply("b1");
    await a.reply("a2");
    expect(messagePosts().map((r) => [body(r)["msg_id"], body(r)["msg_seq"]])).toEqual([[a.id, 1], [b.id, 1], [a.id, 2]]);
  });
});

describe("media", () => {
  it.each([
    { kind: "c2c" as const, files: () => `/v2/users/${platform.scene.userOpenid}/files`, messages: () => `/v2/users/${platform.scene.userOpenid}/messages` },
    { kind: "group" as const, files: () => `/v2/groups/${platform.scene.groupOpenid}/files`, messages: () => `/v2/groups/${platform.scene.groupOpenid}/messages` },
  ])("$kind: upload to the files endpoint, then msg_type 7 with media.file_info", async (c) => {
    const msg = await incoming(c.kind);
    const sent = await msg.reply({ media: { url: "https://example.com/cat.png", fileType: "image" } });

    const relevant = platform.requests.filter((r) => r.method === "POST" && (r.path === c.files() || r.path === c.messages()));
    expect(relevant.map((r) => [r.path, r.status])).toEqual([[c.files(), 200], [c.messages(), 200]]);
    const [upload, post] = relevant as [(typeof relevant)[0], (typeof relevant)[0]];
    expect(body(upload)).toEqual({ file_type: 1, url: "https://example.com/cat.png", srv_send_msg: false });
    const sentBody = body(post);
    expect(sentBody["msg_type"]).toBe(7);
    expect(sentBody["content"]).toBe(" "); // media without text: the platform wants some content
    // Only file_info, and the simulator answered 200: it is the file_info of the upload above.
    expect(sentBody["media"]).toEqual({ file_info: expect.stringMatching(/^[A-Za-z0-9_-]{96}$/) });
    expect(sentBody).toMatchObject({ msg_id: msg.id, msg_seq: 1 });
    expect(sent.id).toBe(platform.sentMessages.at(-1)!.id);
  });

  it("media with text keeps the text as content", async () => {
    const msg = await incoming("c2c");
    await msg.reply({ content: "a cat", media: { url: "https://example.com/cat.png", fileType: "image" } });
    expect(body(messagePosts()[0]!)).toMatchObject({ msg_type: 7, content: "a cat" });
  });

  it("guild chats get an image URL instead of an upload", async () => {
    const msg = await incoming("guild");
    await msg.reply({ media: { url: "https://example.com/cat.png", fileType: "image" } });
    expect(platform.requests.some((r) => r.path.endsWith("/files"))).toBe(false);
    expect(body(messagePosts()[0]!)).toMatchObject({ image: "https://example.com/cat.png", msg_id: msg.id });
  });
});

describe("long text", () => {
  it("is split into parts; only the first carries the quote; msg_seqs are unique", async () => {
    const msg = await incoming("c2c");
    const lines = Array.from({ length: 90 }, (_, i) => `line ${String(i).padStart(2, "0")} ${"x".repeat(40)}`);
    const text = lines.join("\n");
    expect(text.length).toBeGreaterThan(4000);

    const sent = await msg.reply(text);

    const posts = messagePosts();
    expect(posts.length).toBe(3);
    expect(sent.parts).toBe(3);
    expect(sent.ids).toHaveLength(3);
    expect(posts.every((r) => r.status === 200)).toBe(true);
    const bodies = posts.map(body);
    expect(bodies.map((b) => b["message_reference"] !== undefined)).toEqual([true, false, false]);
    expect(bodies[0]!["message_reference"]).toEqual({ message_id: msg.id });
    expect(bodies.every((b) => b["msg_id"] === msg.id)).toBe(true);
    const seqs = bodies.map((b) => b["msg_seq"]);
    expect(new Set(seqs).size).toBe(3);
    expect(bodies.every((b) => (b["content"] as string).length <= 2000)).toBe(true);
    expect(bodies.map((b) => b["content"]).join("")).toBe(text);
    expect(bot.stats().sent).toBe(3);
  });
});
