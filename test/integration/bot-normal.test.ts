/**
 * The happy path over real sockets: one token call, one `/gateway` call, one IDENTIFY, the
 * states in order, and every message kind normalised with the right fields.
 */
import { afterEach, describe, expect, it } from "vitest";
import { closeHarnesses, startHarness } from "../helpers/bot-harness.js";

afterEach(closeHarnesses);

describe("a bot against a healthy platform", () => {
  it("connects with one token call, one /gateway call and one IDENTIFY, through the states in order", async () => {
    const h = await startHarness();
    await h.waitForState("ready");
    // A message round trip proves the connection is live before counting.
    h.platform.pushMessage("c2c");
    await h.waitForMessages(1);

    const sim = h.platform.stats();
    expect(sim.tokenCalls).toBe(1);
    expect(sim.gatewayCalls).toBe(1);
    expect(sim.gatewayBotCalls).toBe(0);
    expect(sim.identifies).toBe(1);
    expect(sim.resumes).toBe(0);
    expect(sim.connections).toBe(1);
    expect(h.platform.requests.filter((r) => r.path === "/gateway").map((r) => r.status)).toEqual([200]);

    expect(h.states.map((s) => s.state)).toEqual(["idle", "fetching-url", "connecting", "identifying", "ready"]);
    expect(h.states.every((s) => s.shard === 0)).toBe(true);

    const stats = h.bot.stats();
    expect(stats).toMatchObject({ gatewayFetches: 1, gatewayCacheHits: 0, identifies: 1, resumes: 0, reconnects: 0, messagesIn: 1 });
  });

  it("delivers every kind of message with its kind, text, author, target, timestamp, seq and shard", async () => {
    const h = await startHarness();
    await h.waitForState("ready");
    const { scene, botUser } = h.platform;
    const before = Date.now();
    const pushed = [
      h.platform.pushMessage("c2c", { content: "private hi" }),
      h.platform.pushMessage("group", { content: " group hi" }),
      h.platform.pushMessage("guild", { content: `<@!${botUser.id}> guild hi` }),
      h.platform.pushMessage("guild-all", { content: "channel hi" }),
      h.platform.pushMessage("direct", { content: "dm hi" }),
    ];
    const got = await h.waitForMessages(pushed.length);

    expect(got.map((m) => m.id)).toEqual(pushed.map((p) => p.d.id));
    expect(got.map((m) => m.kind)).toEqual(["c2c", "group", "guild", "guild", "direct"]);
    expect(got.map((m) => m.eventType)).toEqual([
      "C2C_MESSAGE_CREATE", "GROUP_AT_MESSAGE_CREATE", "AT_MESSAGE_CREATE", "MESSAGE_CREATE", "DIRECT_MESSAGE_CREATE",
    ]);
    expect(got.map((m) => m.text)).toEqual(["private hi", "group hi", "guild hi", "channel hi", "dm hi"]);
    expect(got[2]!.content).toBe(`<@!${botUser.id}> guild hi`);

    const [c2c, group, guild, guildAll, direct] = got as [typeof got[0], typeof got[0], typeof got[0], typeof got[0], typeof got[0]];
    expect(c2c.author).toMatchObject({ id: scene.userOpenid, userOpenid: scene.userOpenid, unionOpenid: scene.unionOpenid });
    expect(c2c.target).toEqual({ kind: "c2c", openid: scene.userOpenid });
    expect(group.author).toMatchObject({ id: scene.memberOpenid, memberOpenid: scene.memberOpenid });
    expect(group.target).toEqual({ kind: "group", groupOpenid: scene.groupOpenid });
    expect(guild.author).toMatchObject({ id: scene.guildUser.id, username: scene.guildUser.username, bot: false });
    expect(guild.target).toMatchObject({ kind: "channel", channelId: scene.channelId, guildId: scene.guildId });
    expect(guildAll.target).toMatchObject({ kind: "channel", channelId: scene.channelId });
    expect(direct.author).toMatchObject({ id: scene.guildUser.id });
    expect(direct.target).toEqual({ kind: "direct", guildId: scene.dmGuildId });

    for (const m of got) {
      expect(m.timestamp).toBeInstanceOf(Date);
      // The simulator stamps pushes with its wall clock at second precision (RFC 3339, UTC+8).
      expect(m.timestamp.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(m.timestamp.getTime()).toBeLessThanOrEqual(Date.now());
      expect(m.shard).toBe(0);
    }
    // READY took seq 1; the five dispatches follow it in order.
    expect(got.map((m) => m.seq)).toEqual([2, 3, 4, 5, 6]);
    expect(got.map((m) => m.eventId)).toEqual(pushed.map((p) => p.id));
    expect(h.bot.stats().messagesIn).toBe(5);
  });

  it("drops a message id delivered twice and counts it", async () => {
    const h = await startHarness();
    await h.waitForState("ready");
    h.platform.pushMessage("c2c", { id: "same", content: "first" });
    h.platform.pushMessage("c2c", { id: "same", content: "second" });
    h.platform.pushMessage("c2c", { content: "after" });
    const got = await h.waitForMessages(2);
    expect(got.map((m) => [m.id, m.text])).toEqual([["same", "first"], [got[1]!.id, "after"]]);
    expect(got[1]!.id).not.toBe("same");
    expect(h.bot.stats().duplicatesDropped).toBe(1);
    expect(h.bot.stats().messagesIn).toBe(2);
  });
});
