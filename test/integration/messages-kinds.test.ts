/**
 * Every chat kind end to end against the simulated platform: a pushed message arrives on
 * `bot.messages$` normalised, and `msg.reply` posts to the right path with the right
 * `msg_id` / `msg_seq` / `msg_type` (C2C and group) or `msg_id` + quote (guild and DM).
 */
import type { ReplaySubject } from "rxjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Bot, Message } from "../../src/index.js";
import type { PushMessageKind, SimulatedPlatform } from "../../src/testing/index.js";
import { runCleanups } from "../helpers/cleanups.js";
import { startInboxBot, startPlatform } from "../helpers/simulated-bot.js";

let platform: SimulatedPlatform;
let bot: Bot;
let inbox: ReplaySubject<Message>;
let receive: (id: string) => Promise<Message>;

beforeEach(async () => {
  platform = await startPlatform();
  ({ bot, inbox, receive } = await startInboxBot(platform));
});

afterEach(runCleanups);

const postsTo = (path: string) => platform.requests.filter((r) => r.method === "POST" && r.path === path);

interface KindCase {
  kind: PushMessageKind;
  expectedKind: Message["kind"];
  content: () => string;
  text: string;
  path: () => string;
  /** C2C and group replies carry msg_type and msg_seq; guild and DM replies do not. */
  v2: boolean;
}

const cases: KindCase[] = [
  { kind: "c2c", expectedKind: "c2c", content: () => "ping c2c", text: "ping c2c", path: () => `/v2/users/${platform.scene.userOpenid}/messages`, v2: true },
  { kind: "group", expectedKind: "group", content: () => " ping group", text: "ping group", path: () => `/v2/groups/${platform.scene.groupOpenid}/messages`, v2: true },
  { kind: "guild", expectedKind: "guild", content: () => `<@!${platform.botUser.id}> ping guild`, text: "ping guild", path: () => `/channels/${platform.scene.channelId}/messages`, v2: false },
  { kind: "direct", expectedKind: "direct", content: () => "ping dm", text: "ping dm", path: () => `/dms/${platform.scene.dmGuildId}/messages`, v2: false },
];

describe("each chat kind: push → messages$ → reply → recorded POST", () => {
  it.each(cases)("$kind", async (c) => {
    const pushed = platform.pushMessage(c.kind, { content: c.content() });
    expect(pushed.delivered).toBe(1);
    const msg = await receive(pushed.d.id as string);

    expect(msg.kind).toBe(c.expectedKind);
    expect(msg.eventType).toBe(pushed.type);
    expect(msg.content).toBe(c.content());
    expect(msg.text).toBe(c.text);
    expect(msg.eventId).toBe(pushed.id);
    expect(msg.seq).toBe(2); // a fresh platform per case: READY is 1
    expect(msg.timestamp).toBeInstanceOf(Date);
    expect(Number.isNaN(msg.timestamp.getTime())).toBe(false);

    const sent = await msg.reply(`echo: ${msg.text}`);
    const posts = postsTo(c.path());
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.status).toBe(200);
    const body = post.body as Record<string, unknown>;
    expect(body["content"]).toBe(`echo: ${c.text}`);
    expect(body["msg_id"]).toBe(msg.id);
    if (c.v2) {
      expect(body["msg_type"]).toBe(0);
      expect(body["msg_seq"]).toBe(1);
    } else {
      expect(body).not.toHaveProperty("msg_type");
      expect(body).not.toHaveProperty("msg_seq");
      expect(body["message_reference"]).toMatchObject({ message_id: msg.id });
    }
    const record = platform.sentMessages.at(-1)!;
    expect(sent.id).toBe(record.id);
    expect(sent.parts).toBe(1);
    expect(bot.stats()).toMatchObject({ messagesIn: 1, sent: 1, sendErrors: 0 });
  });

  it("normalises where to reply and who wrote it for every kind", async () => {
    const s = platform.scene;
    const ids = cases.map((c) => platform.pushMessage(c.kind, { content: c.content() }).d.id as string);
    const [c2c, group, guild, direct] = await Promise.all(ids.map(receive));
    expect(c2c!.target).toEqual({ kind: "c2c", openid: s.userOpenid });
    expect(c2c!.author).toMatchObject({ userOpenid: s.userOpenid, unionOpenid: s.unionOpenid });
    expect(group!.target).toEqual({ kind: "group", groupOpenid: s.groupOpenid });
    expect(group!.author).toMatchObject({ memberOpenid: s.memberOpenid });
    expect(guild!.target).toEqual({ kind: "channel", channelId: s.channelId, guildId: s.guildId });
    expect(guild!.author).toMatchObject({ id: s.guildUser.id, username: s.guildUser.username, bot: false });
    expect(guild!.mentions.map((m) => m.id)).toContain(platform.botUser.id);
    expect(direct!.target).toEqual({ kind: "direct", guildId: s.dmGuildId });
    // Delivered in the order pushed, each once.
    const order: string[] = [];
    inbox.subscribe((m) => order.push(m.id)).unsubscribe();
    expect(order).toEqual(ids);
  });
});
