/**
 * The one REST policy behind `bot.api` and `bot.request`: rate limits (429, 22009, 20028,
 * 100001) are retried after the `rest.rateLimitRetryDelaysMs` waits for every method, then
 * fail as `RATE_LIMITED`; no answer or a 5xx is retried only for GET/PUT/DELETE; `bot.close()`
 * and the caller's signal cancel a call waiting for a retry.
 */
import { afterEach, describe, expect, it } from "vitest";
import { QQBotConfigError, QQNetworkError, createBot } from "../../src/index.js";
import { PlatformError } from "../../src/testing/index.js";
import { runCleanups } from "../helpers/cleanups.js";
import { apiCalls, startApiBot } from "./support.js";

afterEach(runCleanups);

const LIMITED = { status: 400, code: 22009, message: "msg limit exceed" };

describe("REST policy: rate limits", () => {
  it("retries a rate-limited call after the waits and resolves with the answer", async () => {
    const { p, bot } = await startApiBot();
    p.faults.failRequests({ path: `/guilds/${p.guilds.guildId}` }, LIMITED, 2);
    const started = Date.now();
    await expect(bot.api.guilds.get({ guild_id: p.guilds.guildId })).resolves.toMatchObject({ id: p.guilds.guildId });
    expect(Date.now() - started).toBeGreaterThanOrEqual(55); // 20 + 40 ms of waits
    expect(p.requests.filter((r) => r.path === `/guilds/${p.guilds.guildId}`).map((r) => r.status)).toEqual([400, 400, 200]);
  });

  it("retries rate limits of POST and PATCH too (the platform did not perform them)", async () => {
    const { p, bot } = await startApiBot();
    p.faults.failRequests({ method: "PATCH" }, { status: 429, code: 20028, message: "ChannelHitWriteRateLimit" }, 1);
    p.faults.failRequests({ method: "POST", path: "/channels/" }, { status: 429, code: 0, message: "" }, 1);
    await bot.api.mute.member({ guild_id: p.guilds.guildId, user_id: p.scene.guildUser.id, mute_seconds: "60" });
    await bot.api.messages.postChannel({ channel_id: p.guilds.channelId, content: "hi" });
    expect(apiCalls(p)).toEqual([
      `PATCH /guilds/${p.guilds.guildId}/members/${p.scene.guildUser.id}/mute`, `PATCH /guilds/${p.guilds.guildId}/members/${p.scene.guildUser.id}/mute`,
      `POST /channels/${p.guilds.channelId}/messages`, `POST /channels/${p.guilds.channelId}/messages`,
    ]);
    expect(p.guilds.isMuted(p.guilds.guildId, p.scene.guildUser.id)).toBe(true);
  });

  it("gives up after the last wait with RATE_LIMITED (and the platform's code)", async () => {
    const { p, bot } = await startApiBot();
    p.faults.failRequests({ path: "/users/@me" }, PlatformError.RATE_LIMITED, 5);
    await expect(bot.api.me.get()).rejects.toMatchObject({ name: "QQApiError", code: "RATE_LIMITED", platformCode: 100001 });
    expect(apiCalls(p)).toHaveLength(3); // 1 + 2 retries
  });

  it("retries a rate-limited multipart upload with the whole form again", async () => {
    const { p, bot } = await startApiBot();
    p.faults.failRequests({ method: "POST", path: "/channels/" }, LIMITED, 1);
    const sent = await bot.api.messages.postChannelImage({ channel_id: p.guilds.channelId, content: "cat", file_image: Buffer.from("not really a png") });
    expect(sent.attachments).toHaveLength(1);
    const posts = p.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages"));
    expect(posts.map((r) => r.status)).toEqual([400, 200]);
    expect(posts[1]?.body).toMatchObject({ content: "cat", file_image: { size: 16 } });
  });
});

describe("REST policy: no answer and 5xx", () => {
  it("retries a GET whose connection was reset, and a DELETE that got a 500", async () => {
    const { p, bot } = await startApiBot();
    p.faults.failRequests({ method: "GET" }, "reset", 1);
    await expect(bot.api.me.get()).resolves.toMatchObject({ id: p.botUser.id });
    const message_id = p.pushMessage("guild").d.id as string;
    p.faults.failRequests({ method: "DELETE" }, PlatformError.INTERNAL, 2);
    await bot.api.messages.recallChannel({ channel_id: p.guilds.channelId, message_id });
    expect(apiCalls(p)).toEqual(["GET /users/@me", "GET /users/@me", ...Array(3).fill(`DELETE /channels/${p.guilds.channelId}/messages/${message_id}`)]);
  });

  it("does not retry a POST or a PATCH that got no answer or a 500: it may have been applied", async () => {
    const { p, bot } = await startApiBot();
    p.faults.failRequests({ method: "POST" }, "reset", 1);
    await expect(bot.api.messages.postChannel({ channel_id: p.guilds.channelId, content: "once" })).rejects.toBeInstanceOf(QQNetworkError);
    p.faults.failRequests({ method: "PATCH" }, PlatformError.INTERNAL, 1);
    await expect(bot.api.channels.modify({ channel_id: p.guilds.channelId, name: "x" })).rejects.toMatchObject({ code: "SERVER_ERROR", status: 500 });
    expect(apiCalls(p)).toEqual([`POST /channels/${p.guilds.channelId}/messages`, `PATCH /channels/${p.guilds.channelId}`]);
  });
});

describe("REST policy: cancellation and options", () => {
  it("bot.close() cancels a call waiting for a retry at once (BOT_CLOSED)", async () => {
    const { p, bot } = await startApiBot({}, { rest: { rateLimitRetryDelaysMs: [60_000] } });
    p.faults.failRequests({ path: "/users/@me" }, LIMITED, 1);
    const pending = bot.api.me.get().then(() => undefined, (e: unknown) => e);
    while (!p.requests.some((r) => r.path === "/users/@me")) await new Promise((r) => setImmediate(r));
    const closedAt = Date.now();
    await bot.close();
    expect(await pending).toMatchObject({ code: "BOT_CLOSED", message: "GET /users/@me was cancelled: the bot was closed" });
    expect(Date.now() - closedAt).toBeLessThan(5_000);
    expect(apiCalls(p)).toEqual(["GET /users/@me"]);
  });

  it("the caller's AbortSignal cancels a call waiting for a retry", async () => {
    const { p, bot } = await startApiBot({}, { rest: { rateLimitRetryDelaysMs: [60_000] } });
    p.faults.failRequests({ path: "/users/@me" }, LIMITED, 1);
    const controller = new AbortController();
    const pending = bot.api.me.get(undefined, { signal: controller.signal });
    while (!p.requests.some((r) => r.path === "/users/@me")) await new Promise((r) => setImmediate(r));
    controller.abort();
    await expect(pending).rejects.toSatisfy((e: unknown) => e instanceof QQNetworkError && /aborted by the caller/.test(e.message));
  });

  it("validates the rest option like every other option", () => {
    expect(() =>
      createBot({ appId: "1", clientSecret: "s", rest: { rateLimitRetryDelaysMs: [-1], transientRetryDelaysMs: "no" as never, other: 1 } as never }),
    ).toThrow(QQBotConfigError);
    try {
      createBot({ appId: "1", clientSecret: "s", rest: { rateLimitRetryDelaysMs: [-1], transientRetryDelaysMs: "no" as never, other: 1 } as never });
    } catch (err) {
      expect((err as QQBotConfigError).problems.map((x) => x.field)).toEqual(["rest.other", "rest.rateLimitRetryDelaysMs[0]", "rest.transientRetryDelaysMs"]);
    }
  });

  it("[] waits retry nothing", async () => {
    const { p, bot } = await startApiBot({}, { rest: { rateLimitRetryDelaysMs: [], transientRetryDelaysMs: [] } });
    p.faults.failRequests({}, LIMITED, 1);
    await expect(bot.api.me.get()).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(apiCalls(p)).toHaveLength(1);
  });
});
