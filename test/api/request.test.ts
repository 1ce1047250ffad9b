/**
 * `bot.request`: any path by hand, with the same auth, token refresh, typed errors, query
 * parameters, multipart for a `FormData` body, and the same retry policy as `bot.api`;
 * `bot.ackInteraction` now goes through `bot.api.interactions.ack`.
 */
import { FormData } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { QQApiError } from "../../src/index.js";
import { runCleanups } from "../helpers/cleanups.js";
import { apiCalls, startApiBot } from "./support.js";

afterEach(runCleanups);

describe("bot.request", () => {
  it("calls any path with the bot's auth and answers the parsed body (undefined when empty)", async () => {
    const { p, bot } = await startApiBot();
    const guild = await bot.request<{ id: string; name: string }>("GET", `/guilds/${p.guilds.guildId}`);
    expect(guild).toMatchObject({ id: p.guilds.guildId, name: "模拟频道" });
    const message_id = p.pushMessage("guild").d.id as string;
    await expect(bot.request("DELETE", `/channels/${p.guilds.channelId}/messages/${message_id}`, undefined, { query: { hidetip: true, skip: undefined } })).resolves.toBeUndefined();
    const del = p.requests.at(-1);
    expect(del).toMatchObject({ method: "DELETE", query: { hidetip: "true" }, headers: { authorization: "QQBot ***", "x-union-appid": p.appId } });
  });

  it("sends a FormData body as multipart and a JSON body as JSON", async () => {
    const { p, bot } = await startApiBot();
    const form = new FormData();
    form.append("content", "by hand");
    form.append("file_image", new Blob([Buffer.from("img")]), "x.png");
    await bot.request("POST", `/channels/${p.guilds.channelId}/messages`, form);
    expect(p.requests.at(-1)?.body).toMatchObject({ content: "by hand", file_image: { filename: "x.png", size: 3 } });
    await bot.request("PATCH", `/guilds/${p.guilds.guildId}/members/${p.scene.guildUser.id}/mute`, { mute_seconds: "30" });
    expect(p.requests.at(-1)?.headers["content-type"]).toBe("application/json");
    expect(p.guilds.isMuted(p.guilds.guildId, p.scene.guildUser.id)).toBe(true);
  });

  it("has the same typed errors and retry policy as bot.api", async () => {
    const { p, bot } = await startApiBot();
    p.faults.failRequests({ path: "/users/@me" }, { status: 429, code: 22009, message: "msg limit exceed" }, 1);
    await expect(bot.request("GET", "/users/@me")).resolves.toMatchObject({ id: p.botUser.id });
    expect(apiCalls(p)).toEqual(["GET /users/@me", "GET /users/@me"]);
    const err = await bot.request("GET", `/guilds/${p.guilds.guildId}/members/1`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QQApiError);
    expect(err).toMatchObject({ code: "NOT_FOUND", platformCode: 10001, path: `/guilds/${p.guilds.guildId}/members/1`, method: "GET" });
  });

  it("bot.ackInteraction and bot.api.interactions.ack send the same request", async () => {
    const { p, bot } = await startApiBot();
    await bot.ackInteraction("i-1");
    await bot.api.interactions.ack({ interaction_id: "i-2", code: 4 });
    expect(p.requests.filter((r) => r.path.startsWith("/interactions/")).map((r) => [r.method, r.path, r.body])).toEqual([
      ["PUT", "/interactions/i-1", { code: 0 }],
      ["PUT", "/interactions/i-2", { code: 4 }],
    ]);
  });
});
