import { describe, expect, it } from "vitest";
import { Intents } from "../../src/protocol/intents.js";
import type { GatewayPayload } from "../../src/protocol/payloads.js";
import type { SimulatedPlatform } from "../../src/testing/index.js";
import { platformFixture } from "./platform-fixture.js";
import { manualClock, type WsClient } from "./support.js";

const { start, open } = platformFixture({ identifyWindowMs: 0 });

async function identified(p: SimulatedPlatform, token: string, intents: number = Intents.PUBLIC_MESSAGES, shard: [number, number] = [0, 1]) {
  const ws = await open(p);
  const ready = await ws.identify(token, intents, shard);
  return { ws, sessionId: (ready.d as { session_id: string }).session_id };
}

async function frames(ws: WsClient, n: number): Promise<GatewayPayload[]> {
  const out: GatewayPayload[] = [];
  for (let i = 0; i < n; i++) out.push(await ws.next());
  return out;
}

describe("resume", () => {
  it("replays every event after the given seq, buffered ones included, then RESUMED", async () => {
    const { p, token } = await start();
    const { ws, sessionId } = await identified(p, token);
    const live = [1, 2, 3, 4, 5].map((i) => p.pushMessage("c2c", { content: `live ${i}` }));
    expect(live.every((e) => e.delivered === 1)).toBe(true);
    const got = await frames(ws, 5);
    expect(got.map((f) => f.s)).toEqual([2, 3, 4, 5, 6]); // READY took s=1
    await ws.close();
    await p.waitFor("close", 1);
    const buffered = [1, 2, 3].map((i) => p.pushMessage("group", { content: ` later ${i}` }));
    expect(buffered.map((e) => e.delivered)).toEqual([0, 0, 0]);

    const again = await open(p);
    await again.next(); // HELLO
    again.send({ op: 6, d: { token: `QQBot ${token}`, session_id: sessionId, seq: 3 } });
    const replay = await frames(again, 7);
    expect(replay.map((f) => f.s)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(replay.slice(0, 6).map((f) => f.id)).toEqual([...live.slice(2), ...buffered].map((e) => e.id));
    expect(replay.slice(3, 6).map((f) => (f.d as { content: string }).content)).toEqual([" later 1", " later 2", " later 3"]);
    expect(replay[6]).toMatchObject({ op: 0, t: "RESUMED", d: "", s: 10 });
    expect(p.stats()).toMatchObject({ resumes: 1, resumesRejected: 0, sessionsCreated: 1 });
  });

  it("accepts a RESUME token without the QQBot prefix (as botgo sends it)", async () => {
    const { p, token } = await start();
    const { ws, sessionId } = await identified(p, token);
    ws.ws.terminate();
    await p.waitFor("close", 1);
    const again = await open(p);
    await again.next();
    again.send({ op: 6, d: { token, session_id: sessionId, seq: 1 } });
    expect(await again.next()).toMatchObject({ t: "RESUMED", s: 2 });
    await p.waitFor("resumed", 1);
  });

  it("answers an unknown session with op 9 d:false and closes 4006", async () => {
    const { p, token } = await start();
    const ws = await open(p);
    await ws.next();
    ws.send({ op: 6, d: { token: `QQBot ${token}`, session_id: "no-such-session", seq: 0 } });
    expect(await ws.next()).toEqual({ op: 9, d: false });
    expect((await ws.closed).code).toBe(4006);
    expect(p.stats().resumesRejected).toBe(1);
  });

  it("closes 4007 for a seq past the session's, and 4004 for a bad token", async () => {
    const { p, token } = await start();
    const { ws, sessionId } = await identified(p, token);
    ws.ws.terminate();
    const a = await open(p);
    await a.next();
    a.send({ op: 6, d: { token: `QQBot ${token}`, session_id: sessionId, seq: 99 } });
    expect((await a.closed).code).toBe(4007);
    const b = await open(p);
    await b.next();
    b.send({ op: 6, d: { token: "QQBot forged", session_id: sessionId, seq: 1 } });
    expect((await b.closed).code).toBe(4004);
  });

  it("lets a new RESUME take a session over, closing the old socket", async () => {
    const { p, token } = await start();
    const { ws: old, sessionId } = await identified(p, token);
    const fresh = await open(p);
    await fresh.next();
    fresh.send({ op: 6, d: { token: `QQBot ${token}`, session_id: sessionId, seq: 1 } });
    expect(await fresh.next()).toMatchObject({ t: "RESUMED" });
    expect((await old.closed).code).toBe(4009);
    const e = p.pushMessage("c2c");
    expect(e.delivered).toBe(1);
    expect(await fresh.next()).toMatchObject({ id: e.id, t: "C2C_MESSAGE_CREATE" });
  });

  it("forgets a disconnected session after sessionTtlMs", async () => {
    const clock = manualClock();
    const { p, token } = await start({ sessionTtlMs: 60_000, now: clock.now, tokenLifetimeSec: 7200 });
    const { ws, sessionId } = await identified(p, token);
    await ws.close();
    await p.waitFor("close", 1);
    clock.advance(60_001);
    expect(p.pushMessage("c2c").delivered).toBe(0);
    expect(p.sessions()).toEqual([]);
    const again = await open(p);
    await again.next();
    again.send({ op: 6, d: { token: `QQBot ${token}`, session_id: sessionId, seq: 1 } });
    expect(await again.next()).toEqual({ op: 9, d: false });
  });
});

describe("delivery", () => {
  it("filters events by intents", async () => {
    const { p, token } = await start();
    const { ws: groupOnly } = await identified(p, token, Intents.GROUP_AND_C2C_EVENT);
    const { ws: guildOnly } = await identified(p, token, Intents.PUBLIC_GUILD_MESSAGES);
    expect(p.pushMessage("group").delivered).toBe(1);
    expect(p.pushMessage("guild").delivered).toBe(1);
    expect(p.pushMessage("guild-all").delivered).toBe(0); // GUILD_MESSAGES: nobody asked
    expect(p.pushMessage("direct").delivered).toBe(0);
    expect((await groupOnly.next()).t).toBe("GROUP_AT_MESSAGE_CREATE");
    expect((await guildOnly.next()).t).toBe("AT_MESSAGE_CREATE");
    expect(p.pushEvent("CUSTOM_THING", { x: 1 }).delivered).toBe(2); // no intent documented: everyone
    expect(p.stats().eventsPushed).toBe(5);
  });

  it("routes guild events by (guild_id >> 22) % shards, others to shard 0", async () => {
    const { p, token } = await start();
    const { ws: s0 } = await identified(p, token, Intents.PUBLIC_MESSAGES, [0, 2]);
    const { ws: s1 } = await identified(p, token, Intents.PUBLIC_MESSAGES, [1, 2]);
    const toShard1 = ((5n << 22n) | 7n).toString(); // (id >> 22) % 2 === 1
    expect(p.pushMessage("guild", { guild_id: toShard1 }).delivered).toBe(1);
    expect(p.pushMessage("c2c").delivered).toBe(1);
    expect((await s1.next()).d).toMatchObject({ guild_id: toShard1 });
    expect((await s0.next()).t).toBe("C2C_MESSAGE_CREATE");
  });

  it("pushes realistic payloads with unique ids, s and id on every op 0 frame", async () => {
    const { p, token } = await start();
    const { ws } = await identified(p, token, Intents.PUBLIC_MESSAGES | Intents.GUILD_MESSAGES);
    const c2c = p.pushMessage("c2c", { content: "hi" });
    const group = p.pushMessage("group");
    const guild = p.pushMessage("guild");
    const direct = p.pushMessage("direct");
    const got = await frames(ws, 4);
    expect(got.every((f) => f.op === 0 && typeof f.s === "number" && typeof f.id === "string")).toBe(true);
    expect(c2c.d).toMatchObject({ content: "hi", author: { user_openid: p.scene.userOpenid } });
    expect(c2c.d.id).toMatch(/^ROBOT1\.0_/);
    expect(c2c.d.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(group.d).toMatchObject({ group_openid: p.scene.groupOpenid, group_id: p.scene.groupOpenid, author: { member_openid: p.scene.memberOpenid } });
    expect(group.d.content.startsWith(" ")).toBe(true);
    expect(guild.d.content).toContain(`<@!${p.botUser.id}>`);
    expect(direct.d).toMatchObject({ direct_message: true, src_guild_id: p.scene.guildId, guild_id: p.scene.dmGuildId });
    expect(new Set([c2c.d.id, group.d.id, guild.d.id, direct.d.id]).size).toBe(4);
    expect(got.map((f) => f.d)).toEqual([c2c.d, group.d, guild.d, direct.d]);
  });
});
