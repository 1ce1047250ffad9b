/**
 * `bot.api` errors: a wrong body, a missing resource, a refused permission … get the platform's
 * code from the simulator, and the `QQApiError` carries it as `platformCode` with a stable
 * `code` users switch on (platform-codes.ts), the trace id, and a message with no secret.
 * A call whose path cannot be built is refused before any request.
 */
import { afterEach, describe, expect, it } from "vitest";
import { QQApiError, QQBotError, type Bot } from "../../src/index.js";
import type { SimulatedPlatform } from "../../src/testing/index.js";
import { runCleanups } from "../helpers/cleanups.js";
import { manualClock } from "../simulator/support.js";
import { apiCalls, startApiBot } from "./support.js";

afterEach(runCleanups);

interface Row {
  name: string;
  call: (bot: Bot, p: SimulatedPlatform, clock: { advance(ms: number): void }) => Promise<unknown>;
  status: number;
  platformCode: number;
  code: string;
}

const message = (p: SimulatedPlatform) => p.pushMessage("guild").d.id as string;

const ROWS: Row[] = [
  { name: "unknown member", call: (b, p) => b.api.members.get({ guild_id: p.guilds.guildId, user_id: "1" }), status: 404, platformCode: 10001, code: "NOT_FOUND" },
  { name: "unknown guild", call: (b) => b.api.guilds.get({ guild_id: "42" }), status: 404, platformCode: 10004, code: "NOT_FOUND" },
  {
    name: "channel body without the required position",
    // @ts-expect-error position is required by the type too
    call: (b, p) => b.api.channels.create({ guild_id: p.guilds.guildId, name: "x", type: 0 }),
    status: 400, platformCode: 12002, code: "INVALID_REQUEST",
  },
  {
    name: "mute seconds as a number",
    // @ts-expect-error mute_seconds is a decimal string
    call: (b, p) => b.api.mute.member({ guild_id: p.guilds.guildId, user_id: p.scene.guildUser.id, mute_seconds: 60 }),
    status: 400, platformCode: 502007, code: "INVALID_REQUEST",
  },
  { name: "moderation where the bot is not an admin", call: (b, p) => b.api.mute.member({ guild_id: p.guilds.plainGuildId, user_id: p.scene.guildUser.id, mute_seconds: "60" }), status: 403, platformCode: 11282, code: "NO_PERMISSION" },
  {
    name: "a 21st pin",
    call: async (b, p) => {
      for (let i = 0; i < 20; i++) await b.api.pins.add({ channel_id: p.guilds.channelId, message_id: message(p) });
      return b.api.pins.add({ channel_id: p.guilds.channelId, message_id: message(p) });
    },
    status: 400, platformCode: 501013, code: "QUOTA_EXCEEDED",
  },
  {
    name: "the same reaction twice",
    call: async (b, p) => {
      const args = { channel_id: p.guilds.channelId, message_id: message(p), type: 1, id: "4" };
      await b.api.reactions.add(args);
      return b.api.reactions.add(args);
    },
    status: 400, platformCode: 620003, code: "CONFLICT",
  },
  {
    name: "a group recall after 2 minutes",
    call: async (b, p, clock) => {
      const msg_id = p.pushMessage("group").d.id as string;
      const sent = await b.api.messages.postGroup({ group_openid: p.scene.groupOpenid, content: "x", msg_type: 0, msg_id, msg_seq: 1 });
      clock.advance(121_000);
      return b.api.messages.recallGroup({ group_openid: p.scene.groupOpenid, message_id: sent.id });
    },
    status: 400, platformCode: 306011, code: "RECALL_EXPIRED",
  },
  { name: "recall a user's DM", call: (b, p) => b.api.messages.recallDirect({ guild_id: p.scene.dmGuildId, message_id: p.pushMessage("direct").d.id as string }), status: 400, platformCode: 306008, code: "NO_PERMISSION" },
  { name: "a thread that does not exist", call: (b, p) => b.api.forum.get({ channel_id: p.guilds.forumChannelId, thread_id: "B_1" }), status: 404, platformCode: 503012, code: "NOT_FOUND" },
  {
    name: "a demand for an API already granted",
    call: (b, p) => b.api.apiPermissions.demand({ guild_id: p.guilds.guildId, channel_id: p.guilds.channelId, api_identify: { path: "/guilds/{guild_id}", method: "GET" }, desc: "x" }),
    status: 400, platformCode: 610010, code: "CONFLICT",
  },
  { name: "an unknown route of the platform", call: (b) => b.request("GET", "/v2/nothing/here"), status: 404, platformCode: 11000, code: "NOT_FOUND" },
];

describe("bot.api error mapping: the platform's code → a stable QQApiError code", () => {
  it.each(ROWS)("$name → $platformCode → $code", async (row) => {
    const clock = manualClock(Date.now());
    const { p, bot } = await startApiBot({ now: clock.now });
    const err = await row.call(bot, p, clock).then(
      () => expect.fail("the call should have been refused"),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(QQApiError);
    const apiErr = err as QQApiError;
    expect({ status: apiErr.status, platformCode: apiErr.platformCode, code: apiErr.code }).toEqual({ status: row.status, platformCode: row.platformCode, code: row.code });
    expect(apiErr.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(apiErr.message).toContain(String(row.platformCode));
    expect(apiErr.message).not.toMatch(/QQBot [A-Za-z0-9_-]{20,}/);
    expect(apiErr.message).not.toContain(p.clientSecret);
  });

  it("IP not on the allow list (11298) is IP_NOT_ALLOWED and not retried", async () => {
    const { p, bot } = await startApiBot();
    p.faults.failRequests({ path: "/users/@me" }, { status: 401, code: 11298, message: "接口访问源IP不在白名单" }, 3);
    await expect(bot.api.me.get()).rejects.toMatchObject({ code: "IP_NOT_ALLOWED", platformCode: 11298, status: 401 });
    expect(apiCalls(p)).toEqual(["GET /users/@me"]);
  });

  it("an expired token (11244) is refreshed and the call retried once", async () => {
    const { p, bot } = await startApiBot();
    p.faults.failRequests({ path: "/users/@me" }, { status: 401, code: 11244, message: "token expired" }, 1);
    await expect(bot.api.me.get()).resolves.toMatchObject({ id: p.botUser.id });
    expect(apiCalls(p)).toEqual(["GET /users/@me", "GET /users/@me"]);
    expect(p.stats().tokenCalls).toBe(2);
    p.faults.failRequests({ path: "/users/@me" }, { status: 401, code: 11244, message: "token expired" }, 2);
    await expect(bot.api.me.get()).rejects.toMatchObject({ code: "TOKEN_REJECTED", platformCode: 11244 });
  });

  it("refuses a call whose path parameter is missing before sending anything", async () => {
    const { p, bot } = await startApiBot();
    // @ts-expect-error user_id is a required path parameter
    const missing = bot.api.members.get({ guild_id: p.guilds.guildId });
    await expect(missing).rejects.toSatisfy((e: unknown) => e instanceof QQBotError && e.code === "API_BAD_ARGUMENT" && /user_id/.test(e.message));
    // @ts-expect-error the argument is an object of fields
    await expect(bot.api.guilds.get("123")).rejects.toMatchObject({ code: "API_BAD_ARGUMENT" });
    await expect(bot.api.guilds.get({ guild_id: "" })).rejects.toMatchObject({ code: "API_BAD_ARGUMENT" });
    expect(apiCalls(p)).toEqual([]);
  });

  it("encodes path parameters, so an id cannot reach another path", async () => {
    const { p, bot } = await startApiBot();
    await expect(bot.api.guilds.get({ guild_id: "1/../../users/@me" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(p.requests.at(-1)?.path).toBe("/guilds/1%2F..%2F..%2Fusers%2F%40me");
  });
});
