import { describe, expect, it } from "vitest";
import { Intents } from "../../src/protocol/intents.js";
import { platformFixture } from "./platform-fixture.js";

const { start, open } = platformFixture({ identifyWindowMs: 0 });

describe("gateway handshake", () => {
  it("sends HELLO, answers IDENTIFY with READY echoing the shard, and ACKs heartbeats", async () => {
    const { p, token } = await start({ heartbeatIntervalMs: 41_250 });
    const ws = await open(p);
    const hello = await ws.next();
    expect(hello).toEqual({ op: 10, d: { heartbeat_interval: 41_250 } });
    ws.send({ op: 2, d: { token: `QQBot ${token}`, intents: Intents.PUBLIC_MESSAGES, shard: [1, 3], properties: {} } });
    const ready = await ws.next();
    expect(ready).toMatchObject({
      op: 0,
      s: 1,
      t: "READY",
      d: { version: 1, user: { id: p.botUser.id, username: p.botUser.username, bot: true }, shard: [1, 3] },
    });
    expect(ready.id).toMatch(/^READY:[0-9a-f]{24}$/);
    expect((ready.d as { session_id: string }).session_id).toBe(p.sessions()[0]!.id);
    ws.send({ op: 1, d: 1 });
    expect(await ws.next()).toEqual({ op: 11 });
    await p.waitFor("heartbeat", 1);
    expect(p.stats()).toMatchObject({ identifies: 1, sessionsCreated: 1, heartbeats: 1, heartbeatAcks: 1, connections: 1, openConnections: 1 });
    expect(p.sessions()).toEqual([expect.objectContaining({ shard: [1, 3], connected: true, seq: 1 })]);
  });

  it.each([
    ["a bad token", (t: string) => ({ token: `QQBot ${t}x`, intents: 1, shard: [0, 1] }), 4004],
    ["a token without the QQBot scheme", (t: string) => ({ token: t, intents: 1, shard: [0, 1] }), 4004],
    ["undocumented intent bits", (t: string) => ({ token: `QQBot ${t}`, intents: 1 << 31, shard: [0, 1] }), 4013],
    ["a non-numeric intents", (t: string) => ({ token: `QQBot ${t}`, intents: "all", shard: [0, 1] }), 4013],
    ["a shard id ≥ count", (t: string) => ({ token: `QQBot ${t}`, intents: 1, shard: [1, 1] }), 4010],
    ["a malformed shard", (t: string) => ({ token: `QQBot ${t}`, intents: 1, shard: [0] }), 4010],
  ])("closes an IDENTIFY with %s (%#)", async (_name, d, code) => {
    const { p, token } = await start();
    const ws = await open(p);
    await ws.next();
    ws.send({ op: 2, d: d(token) });
    expect((await ws.closed).code).toBe(code);
    await p.waitFor("close", 1);
    expect(p.stats().closesByCode[String(code)]).toBe(1);
    expect(p.stats().sessionsCreated).toBe(0);
  });

  it("closes 4014 for intents the bot is not permitted", async () => {
    const { p, token } = await start({ permittedIntents: Intents.BASIC });
    const ws = await open(p);
    await ws.next();
    ws.send({ op: 2, d: { token: `QQBot ${token}`, intents: Intents.GUILD_MESSAGES, shard: [0, 1] } });
    expect((await ws.closed).code).toBe(4014);
  });

  it("closes 4002 for a non-JSON frame and 4001 for an unknown op", async () => {
    const { p } = await start();
    const a = await open(p);
    a.send("not json at all");
    expect((await a.closed).code).toBe(4002);
    const b = await open(p);
    b.send({ op: 3, d: {} });
    expect((await b.closed).code).toBe(4001);
    await p.waitFor("close", 2);
    expect(p.stats().closesByCode).toMatchObject({ "4002": 1, "4001": 1 });
  });

  it("closes 4005 for a second IDENTIFY on one socket", async () => {
    const { p, token } = await start();
    const ws = await open(p);
    await ws.identify(token, 1);
    ws.send({ op: 2, d: { token: `QQBot ${token}`, intents: 1, shard: [0, 1] } });
    expect((await ws.closed).code).toBe(4005);
  });

  it("enforces max_concurrency per identify window with 4008 and records identify times", async () => {
    const { p, token } = await start({ maxConcurrency: 1, identifyWindowMs: 60_000 });
    const a = await open(p);
    expect((await a.identify(token, 1)).t).toBe("READY");
    const b = await open(p);
    await b.next();
    b.send({ op: 2, d: { token: `QQBot ${token}`, intents: 1, shard: [0, 1] } });
    expect((await b.closed).code).toBe(4008);
    expect(p.stats().identifyTimes).toHaveLength(2);
    expect(p.stats().sessionsCreated).toBe(1);
  });

  it("closes 4009 when no heartbeat arrives within heartbeatTimeoutMs", async () => {
    const { p, token } = await start({ heartbeatIntervalMs: 100, heartbeatTimeoutMs: 150 });
    const ws = await open(p);
    await ws.identify(token, 1);
    expect((await ws.closed).code).toBe(4009);
    await p.waitFor("close", 1);
    expect(p.sessions()[0]?.connected).toBe(false);
  });

  it("keeps the socket while heartbeats arrive", async () => {
    const { p, token } = await start({ heartbeatIntervalMs: 60, heartbeatTimeoutMs: 200 });
    const ws = await open(p);
    await ws.identify(token, 1);
    const firstAt = Date.now();
    let lastAt = firstAt;
    for (let i = 1; i <= 6; i++) {
      if (i > 1) await new Promise((r) => setTimeout(r, 60)); // pacing: the client's heartbeat cadence
      lastAt = Date.now();
      ws.send({ op: 1, d: 1 });
      expect(await ws.next()).toEqual({ op: 11 }); // ACKed: the socket was still open
      await p.waitFor("heartbeat", i);
    }
    expect(lastAt - firstAt).toBeGreaterThan(200); // the beats spanned more than heartbeatTimeoutMs
    expect(p.stats().closesByCode).toEqual({});
    // The timeout was running all along: once the beats stop, it closes the socket.
    expect((await ws.closed).code).toBe(4009);
    expect(Date.now() - lastAt).toBeGreaterThanOrEqual(200 - 5); // (a node timer may fire a millisecond early)
  });
});
