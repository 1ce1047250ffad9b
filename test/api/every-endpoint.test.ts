/**
 * Every row of the endpoint table, called through `bot.api` against the simulator: one case per
 * endpoint (the `Cases` type makes a missing case a compile error, and the first test makes it
 * a failure), each checking that the request the simulator saw has the row's method and a path
 * of its template, that the platform accepted it, and what the answer or the platform's state
 * became. The simulator's routes are written independently of the table, so this cross-checks
 * the table's paths and bodies against the platform's rules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS, type EndpointSpec } from "../../src/protocol/endpoints/index.js";
import type { QQApi } from "../../src/index.js";
import { runCleanups } from "../helpers/cleanups.js";
import { startApiBot, templatePattern, type ApiBot } from "./support.js";

interface State extends ApiBot {
  g: string;
  c: string;
  user: string;
}

interface Case {
  /** The argument of the call (may set things up first). */
  args: (s: State) => unknown;
  /** Checks on the answer and the platform's state. */
  check?: (out: unknown, s: State) => void | Promise<void>;
}

type Cases = { [A in keyof QQApi]: { [N in keyof QQApi[A]]: Case } };

// biome-ignore lint/suspicious/noExplicitAny: results are checked per case
type Any = any;

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const pushed = (s: State, kind: "c2c" | "group") => s.p.pushMessage(kind).d.id as string;
const userMessage = (s: State) => s.p.pushMessage("guild", { content: "hi" }).d.id as string;
const botMessage = async (s: State, extra: Record<string, unknown> = {}) =>
  (await s.bot.api.messages.postChannel({ channel_id: s.c, content: "from the bot", ...extra })).id;
const future = (hours: number) => String(Date.now() + hours * 3_600_000);

const CASES: Cases = {
  messages: {
    postC2C: {
      args: (s) => ({ openid: s.p.scene.userOpenid, content: "pong", msg_type: 0, msg_id: pushed(s, "c2c"), msg_seq: 1 }),
      check: (out: Any, s) => expect(s.p.sentMessages.at(-1)).toMatchObject({ kind: "c2c", id: out.id }),
    },
    postGroup: {
      args: (s) => ({ group_openid: s.p.scene.groupOpenid, content: "pong", msg_type: 0, msg_id: pushed(s, "group"), msg_seq: 1 }),
      check: (out: Any, s) => expect(s.p.sentMessages.at(-1)).toMatchObject({ kind: "group", id: out.id }),
    },
    postChannel: { args: (s) => ({ channel_id: s.c, content: "hello" }), check: (out: Any, s) => expect(s.p.guilds.channelMessage(out.id)).toMatchObject({ content: "hello" }) },
    postChannelImage: {
      args: (s) => ({ channel_id: s.c, content: "a picture", file_image: PNG }),
      check: (out: Any, s) => {
        expect(out.attachments).toHaveLength(1);
        expect(s.p.requests.at(-1)?.body).toMatchObject({ content: "a picture", file_image: { size: PNG.length, head: "89504e470d0a1a0a" } });
      },
    },
    postDirect: { args: (s) => ({ guild_id: s.p.scene.dmGuildId, content: "dm" }), check: (out: Any) => expect(out).toMatchObject({ direct_message: true, content: "dm" }) },
    postDirectImage: {
      args: (s) => ({ guild_id: s.p.scene.dmGuildId, file_image: new Blob([PNG]) }),
      check: (_out, s) => expect(s.p.requests.at(-1)?.body).toMatchObject({ file_image: { size: PNG.length } }),
    },
    recallC2C: {
      args: async (s) => {
        const sent = await s.bot.api.messages.postC2C({ openid: s.p.scene.userOpenid, content: "oops", msg_type: 0, msg_id: pushed(s, "c2c"), msg_seq: 1 });
        return { openid: s.p.scene.userOpenid, message_id: sent.id };
      },
      check: (out, s) => {
        expect(out).toBeUndefined();
        expect(s.p.sentMessages.at(-1)?.recalledAt).toEqual(expect.any(Number));
      },
    },
    recallGroup: {
      args: async (s) => {
        const sent = await s.bot.api.messages.postGroup({ group_openid: s.p.scene.groupOpenid, content: "oops", msg_type: 0, msg_id: pushed(s, "group"), msg_seq: 1 });
        return { group_openid: s.p.scene.groupOpenid, message_id: sent.id };
      },
      check: (_out, s) => expect(s.p.sentMessages.at(-1)?.recalledAt).toEqual(expect.any(Number)),
    },
    recallChannel: {
      args: (s) => ({ channel_id: s.c, message_id: userMessage(s), hidetip: true }),
      check: (_out, s) => expect(s.p.requests.at(-1)?.query).toEqual({ hidetip: "true" }),
    },
    recallDirect: {
      args: async (s) => ({ guild_id: s.p.scene.dmGuildId, message_id: (await s.bot.api.messages.postDirect({ guild_id: s.p.scene.dmGuildId, content: "x" })).id }),
    },
    get: {
      args: (s) => ({ channel_id: s.c, message_id: s.p.pushMessage("guild", { content: "fetch me" }).d.id }),
      check: (out: Any) => expect(out).toMatchObject({ content: "fetch me" }), // unwrapped from {message: …}
    },
    list: {
      args: async (s) => ({ channel_id: s.c, after: await botMessage(s), limit: 5 }),
      check: (out: Any) => expect(Array.isArray(out)).toBe(true),
    },
    edit: {
      args: async (s) => ({ channel_id: s.c, message_id: await botMessage(s, { keyboard: { id: "kb" } }), markdown: { content: "edited" }, keyboard: { id: "kb2" } }),
      check: (out: Any) => expect(out).toMatchObject({ keyboard: { id: "kb2" } }),
    },
    settings: { args: (s) => ({ guild_id: s.g }), check: (out: Any) => expect(out).toMatchObject({ channel_push_max_num: 20 }) },
    settingGuide: { args: (s) => ({ channel_id: s.c, content: `<@${s.user}>` }), check: (out: Any, s) => expect(out.content).toBe(`<@${s.user}>`) },
    settingGuideDirect: { args: (s) => ({ guild_id: s.p.scene.dmGuildId, setting_guide: { guild_id: s.g } }) },
  },
  media: {
    uploadC2C: { args: (s) => ({ openid: s.p.scene.userOpenid, file_type: 1, url: "https://example.com/a.png", srv_send_msg: false }), check: (out: Any) => expect(out.file_info).toEqual(expect.any(String)) },
    uploadGroup: {
      args: (s) => ({ group_openid: s.p.scene.groupOpenid, file_type: 1, file_data: PNG, srv_send_msg: false }),
      check: (_out, s) => expect(s.p.requests.at(-1)?.body).toMatchObject({ file_data: Buffer.from(PNG).toString("base64") }),
    },
  },
  dms: { create: { args: (s) => ({ recipient_id: s.user, source_guild_id: s.g }), check: (out: Any) => expect(out.guild_id).toEqual(expect.any(String)) } },
  interactions: { ack: { args: () => ({ interaction_id: "interaction-1", code: 0 }), check: (_out, s) => expect(s.p.requests.at(-1)?.body).toEqual({ code: 0 }) } },
  me: {
    get: { args: () => undefined, check: (out: Any, s) => expect(out).toMatchObject({ id: s.p.botUser.id }) },
    guilds: { args: () => ({ limit: 2 }), check: (out: Any) => expect(out).toHaveLength(2) },
  },
  guilds: { get: { args: (s) => ({ guild_id: s.g }), check: (out: Any) => expect(out).toMatchObject({ id: expect.any(String), name: "模拟频道" }) } },
  channels: {
    list: { args: (s) => ({ guild_id: s.g }), check: (out: Any, s) => expect(out.map((c: Any) => c.id)).toContain(s.c) },
    get: { args: (s) => ({ channel_id: s.c }), check: (out: Any, s) => expect(out.id).toBe(s.c) },
    create: { args: (s) => ({ guild_id: s.g, name: "新频道", type: 0, position: 1 }), check: (out: Any, s) => expect(s.p.guilds.channels(s.g)[out.id]).toBe("新频道") },
    modify: { args: (s) => ({ channel_id: s.c, name: "改名" }), check: (out: Any) => expect(out.name).toBe("改名") },
    delete: {
      args: async (s) => ({ channel_id: (await s.bot.api.channels.create({ guild_id: s.g, name: "temp", type: 0, position: 1 })).id }),
      check: (out: Any, s) => expect(s.p.guilds.channels(s.g)[out.id]).toBeUndefined(),
    },
    onlineNums: { args: (s) => ({ channel_id: s.p.guilds.voiceChannelId }), check: (out: Any) => expect(out).toEqual({ online_nums: 1 }) },
    voiceMembers: { args: (s) => ({ channel_id: s.p.guilds.voiceChannelId }), check: (out: Any, s) => expect(out[0].user.id).toBe(s.user) },
  },
  channelPermissions: {
    getUser: { args: (s) => ({ channel_id: s.c, user_id: s.user }), check: (out: Any) => expect(out.permissions).toBe("5") },
    setUser: { args: (s) => ({ channel_id: s.c, user_id: s.user, remove: "4" }) },
    getRole: { args: (s) => ({ channel_id: s.c, role_id: "1" }), check: (out: Any) => expect(out).toMatchObject({ role_id: "1" }) },
    setRole: { args: (s) => ({ channel_id: s.c, role_id: "1", add: "1" }) },
  },
  members: {
    get: { args: (s) => ({ guild_id: s.g, user_id: s.user }), check: (out: Any, s) => expect(out.user.id).toBe(s.user) },
    list: { args: (s) => ({ guild_id: s.g, limit: 5 }), check: (out: Any) => expect(out).toHaveLength(5) },
    delete: {
      args: (s) => ({ guild_id: s.g, user_id: s.p.guilds.memberIds(s.g).at(-1), add_blacklist: true }),
      check: (_out, s) => expect(s.p.guilds.blacklist(s.g)).toHaveLength(1),
    },
    listByRole: { args: (s) => ({ guild_id: s.g, role_id: "2", limit: 10 }), check: (out: Any, s) => expect(out.data.map((m: Any) => m.user.id)).toContain(s.p.botUser.id) },
  },
  roles: {
    list: { args: (s) => ({ guild_id: s.g }), check: (out: Any) => expect(out.roles.length).toBeGreaterThanOrEqual(4) },
    create: { args: (s) => ({ guild_id: s.g, name: "helper" }), check: (out: Any) => expect(out.role.name).toBe("helper") },
    modify: {
      args: async (s) => ({ guild_id: s.g, role_id: (await s.bot.api.roles.create({ guild_id: s.g, name: "a" })).role_id, name: "b" }),
      check: (out: Any) => expect(out.role.name).toBe("b"),
    },
    delete: { args: async (s) => ({ guild_id: s.g, role_id: (await s.bot.api.roles.create({ guild_id: s.g, color: 1 })).role_id }) },
    addMember: { args: (s) => ({ guild_id: s.g, user_id: s.user, role_id: "5", channel: { id: s.c } }), check: (_o, s) => expect(s.p.guilds.member(s.g, s.user)).toMatchObject({ roles: ["1", "5"] }) },
    removeMember: { args: (s) => ({ guild_id: s.g, user_id: s.user, role_id: "5", channel: { id: s.c } }), check: (_o, s) => expect(s.p.guilds.member(s.g, s.user)).toMatchObject({ roles: ["1"] }) },
  },
  mute: {
    guild: { args: (s) => ({ guild_id: s.g, mute_seconds: "0" }), check: (_o, s) => expect(s.p.guilds.guildMutedUntil(s.g)).toBeUndefined() },
    member: { args: (s) => ({ guild_id: s.g, user_id: s.user, mute_seconds: "60" }), check: (_o, s) => expect(s.p.guilds.isMuted(s.g, s.user)).toBe(true) },
    members: {
      args: (s) => ({ guild_id: s.g, user_ids: s.p.guilds.memberIds(s.g).slice(3, 5), mute_seconds: "60" }),
      check: (out: Any) => expect(out.user_ids).toHaveLength(2),
    },
  },
  announces: {
    create: { args: (s) => ({ guild_id: s.g, channel_id: s.c, message_id: userMessage(s) }), check: (out: Any, s) => expect(s.p.guilds.announce(s.g)?.message_id).toBe(out.message_id) },
    delete: { args: (s) => ({ guild_id: s.g, message_id: "all" }), check: (_o, s) => expect(s.p.guilds.announce(s.g)).toBeUndefined() },
    createChannel: { args: (s) => ({ channel_id: s.c, message_id: userMessage(s) }), check: (out: Any, s) => expect(out.channel_id).toBe(s.c) },
    deleteChannel: { args: (s) => ({ channel_id: s.c, message_id: "all" }) },
  },
  pins: {
    add: { args: (s) => ({ channel_id: s.c, message_id: userMessage(s) }), check: (out: Any, s) => expect(s.p.guilds.pins(s.c)).toEqual(out.message_ids) },
    remove: { args: (s) => ({ channel_id: s.c, message_id: "all" }), check: (_o, s) => expect(s.p.guilds.pins(s.c)).toEqual([]) },
    list: { args: (s) => ({ channel_id: s.c }), check: (out: Any) => expect(out.message_ids).toEqual([]) },
  },
  schedules: {
    list: { args: (s) => ({ channel_id: s.p.guilds.scheduleChannelId, since: Date.now() }), check: (out: Any) => expect(Array.isArray(out)).toBe(true) },
    get: {
      args: async (s) => {
        const created = await s.bot.api.schedules.create({ channel_id: s.p.guilds.scheduleChannelId, schedule: { name: "a", start_timestamp: future(1), end_timestamp: future(2) } });
        return { channel_id: s.p.guilds.scheduleChannelId, schedule_id: created.id };
      },
      check: (out: Any) => expect(out.name).toBe("a"),
    },
    create: {
      args: (s) => ({ channel_id: s.p.guilds.scheduleChannelId, schedule: { name: "开黑", start_timestamp: future(1), end_timestamp: future(2), remind_type: "1" } }),
      check: (out: Any) => expect(out).toMatchObject({ name: "开黑", remind_type: "1" }),
    },
    modify: {
      args: (s) => ({ channel_id: s.p.guilds.scheduleChannelId, schedule_id: s.p.guilds.scheduleIds(s.p.guilds.scheduleChannelId)[0], schedule: { name: "改期", start_timestamp: future(3), end_timestamp: future(4) } }),
      check: (out: Any) => expect(out.name).toBe("改期"),
    },
    delete: { args: (s) => ({ channel_id: s.p.guilds.scheduleChannelId, schedule_id: s.p.guilds.scheduleIds(s.p.guilds.scheduleChannelId)[0] }) },
  },
  reactions: {
    add: { args: (s) => ({ channel_id: s.c, message_id: userMessage(s), type: 1, id: "4" }) },
    remove: {
      args: async (s) => {
        const message_id = userMessage(s);
        await s.bot.api.reactions.add({ channel_id: s.c, message_id, type: 2, id: "👍" });
        return { channel_id: s.c, message_id, type: 2, id: "👍" };
      },
    },
    users: {
      args: (s) => {
        const message_id = userMessage(s);
        s.p.guilds.react(message_id, { type: 1, id: "4" }, 3);
        return { channel_id: s.c, message_id, type: 1, id: "4" };
      },
      check: (out: Any) => expect(out).toMatchObject({ is_end: true, users: [{}, {}, {}] }),
    },
  },
  audio: {
    control: { args: (s) => ({ channel_id: s.p.guilds.voiceChannelId, status: 0, audio_url: "https://example.com/a.mp3" }), check: (out) => expect(out).toEqual({}) },
    micOn: { args: (s) => ({ channel_id: s.p.guilds.voiceChannelId }) },
    micOff: { args: (s) => ({ channel_id: s.p.guilds.voiceChannelId }) },
  },
  forum: {
    list: { args: (s) => ({ channel_id: s.p.guilds.forumChannelId }), check: (out: Any) => expect(out.is_finish).toBe(1) },
    get: {
      args: async (s) => {
        await s.bot.api.forum.post({ channel_id: s.p.guilds.forumChannelId, title: "t", content: "c", format: 1 });
        return { channel_id: s.p.guilds.forumChannelId, thread_id: s.p.guilds.threadIds(s.p.guilds.forumChannelId)[0] };
      },
      check: (out: Any) => expect(out.thread.thread_info.title).toBe("t"),
    },
    post: { args: (s) => ({ channel_id: s.p.guilds.forumChannelId, title: "周报", content: "# 本周", format: 3 }), check: (out: Any) => expect(out.task_id).toEqual(expect.any(String)) },
    delete: { args: (s) => ({ channel_id: s.p.guilds.forumChannelId, thread_id: s.p.guilds.threadIds(s.p.guilds.forumChannelId)[0] }) },
  },
  apiPermissions: {
    list: { args: (s) => ({ guild_id: s.g }), check: (out: Any) => expect(out.apis.length).toBeGreaterThan(0) },
    demand: {
      args: (s) => ({ guild_id: s.g, channel_id: s.c, api_identify: { path: "/guilds/{guild_id}/members", method: "GET" }, desc: "list members" }),
      check: (out: Any) => expect(out.api_identify).toEqual({ path: "/guilds/{guild_id}/members", method: "GET" }),
    },
  },
};

const rows = Object.entries(ENDPOINTS).flatMap(([area, table]) =>
  Object.entries(table as Record<string, EndpointSpec>).map(([name, spec]) => ({ area, name, spec, label: `${area}.${name}: ${spec.method} ${spec.path}` })),
);

describe("bot.api: every endpoint against the simulator", () => {
  let s: State;
  beforeAll(async () => {
    const started = await startApiBot();
    s = { ...started, g: started.p.guilds.guildId, c: started.p.guilds.channelId, user: started.p.scene.guildUser.id };
  });
  afterAll(runCleanups);

  it("has a case for every row of the table (71 endpoints in 18 areas)", () => {
    const cased = Object.entries(CASES).flatMap(([area, cases]) => Object.keys(cases).map((name) => `${area}.${name}`));
    expect(cased.sort()).toEqual(rows.map((r) => `${r.area}.${r.name}`).sort());
    expect(rows).toHaveLength(71);
    expect(Object.keys(ENDPOINTS)).toHaveLength(18);
  });

  it.each(rows)("$label", async ({ area, name, spec }) => {
    const c = (CASES as unknown as Record<string, Record<string, Case>>)[area]![name]!;
    const args = await c.args(s);
    const method = (s.bot.api as unknown as Record<string, Record<string, (a: unknown) => Promise<unknown>>>)[area]![name]!;
    const before = s.p.requests.length;
    const out = await method(args);
    const request = s.p.requests.slice(before).at(-1);
    expect(request?.method).toBe(spec.method);
    expect(request?.path).toMatch(templatePattern(spec.path));
    expect(request?.status).toBeGreaterThanOrEqual(200);
    expect(request?.status).toBeLessThan(300);
    await c.check?.(out, s);
  });
});
