import { request } from "undici";
import { connect } from "node:net";
import WebSocket from "ws";
import { describe, expect, it } from "vitest";
import type { SimulatedPlatform } from "../../src/testing/index.js";
import { platformFixture } from "./platform-fixture.js";
import type { WsClient } from "./support.js";

const { start, open } = platformFixture({ identifyWindowMs: 0 });

async function ready(p: SimulatedPlatform, token: string): Promise<WsClient> {
  const ws = await open(p);
  await ws.identify(token, 1 << 25);
  return ws;
}

/** Outcome of a raw upgrade attempt. */
function upgradeOutcome(url: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on("open", () => {
      ws.terminate();
      resolve("open");
    });
    ws.on("unexpected-response", (_req, res) => {
      resolve(`http ${res.statusCode}`);
      ws.terminate();
    });
    ws.on("error", (err) => resolve(`error ${(err as NodeJS.ErrnoException).code ?? err.message}`));
  });
}

describe("socket faults", () => {
  it("closeAll closes every open socket with the code; 1006 drops it without a close frame", async () => {
    const { p, token } = await start();
    const a = await ready(p, token);
    const b = await open(p);
    p.faults.closeAll(4009, "storm");
    expect(await a.closed).toEqual({ code: 4009, reason: "storm" });
    expect((await b.closed).code).toBe(4009);
    const c = await ready(p, token);
    p.faults.closeAll(1006);
    expect((await c.closed).code).toBe(1006);
    await p.waitFor("close", 3);
    expect(p.stats().closesByCode).toEqual({ "4009": 2, "1006": 1 });
    expect(p.stats().openConnections).toBe(0);
  });

  it("closeAfterOpen closes the next N connections shortly after they open (a storm)", async () => {
    const { p } = await start();
    p.faults.closeAfterOpen(4009, 20, 3);
    for (let i = 0; i < 3; i++) expect((await (await open(p)).closed).code).toBe(4009);
    const survivor = await open(p);
    expect((await survivor.next()).op).toBe(10);
    expect(p.stats()).toMatchObject({ connections: 4, closesByCode: { "4009": 3 } });
  });

  it("reconnect sends op 7 and closes the socket after the grace when the client does not", async () => {
    const { p, token } = await start({ reconnectGraceMs: 50 });
    const ws = await ready(p, token);
    p.faults.reconnect();
    expect(await ws.next()).toEqual({ op: 7 });
    expect((await ws.closed).code).toBe(4009);
  });

  it("after op 7 a client may close itself first; the grace then does nothing", async () => {
    const { p, token } = await start({ reconnectGraceMs: 5000 });
    const ws = await ready(p, token);
    p.faults.reconnect();
    expect((await ws.next()).op).toBe(7);
    await ws.close(4000);
    await p.waitFor("close", 1);
    expect(p.stats().closesByCode).toEqual({ "4000": 1 });
    expect(p.sessions()[0]?.connected).toBe(false); // still resumable
  });

  it("invalidSession(false) sends op 9 d:false, closes 4006 and forgets the session", async () => {
    const { p, token } = await start();
    const ws = await ready(p, token);
    p.faults.invalidSession(false);
    expect(await ws.next()).toEqual({ op: 9, d: false });
    expect((await ws.closed).code).toBe(4006);
    expect(p.sessions()).toEqual([]);
  });

  it("invalidSession(true) sends op 9 d:true, closes 4009 and keeps the session resumable", async () => {
    const { p, token } = await start();
    const ws = await ready(p, token);
    p.faults.invalidSession(true);
    expect(await ws.next()).toEqual({ op: 9, d: true });
    expect((await ws.closed).code).toBe(4009);
    await p.waitFor("close", 1);
    expect(p.sessions()).toHaveLength(1);
  });

  it("rejectResumes refuses the next RESUME with op 9 d:false, then resumes work again", async () => {
    const { p, token } = await start();
    const first = await open(p);
    const readyFrame = await first.identify(token, 1);
    const sessionId = (readyFrame.d as { session_id: string }).session_id;
    first.ws.terminate();
    p.faults.rejectResumes(1);
    const resume = { op: 6, d: { token: `QQBot ${token}`, session_id: sessionId, seq: 1 } };
    const a = await open(p);
    await a.next();
    a.send(resume);
    expect(await a.next()).toEqual({ op: 9, d: false });
    expect((await a.closed).code).toBe(4006);
    const b = await open(p);
    await b.next();
    b.send(resume);
    expect((await b.next()).t).toBe("RESUMED");
    expect(p.stats()).toMatchObject({ resumes: 2, resumesRejected: 1 });
  });

  it("stopHeartbeatAcks makes a zombie; resumeHeartbeatAcks heals it", async () => {
    const { p, token } = await start();
    const ws = await ready(p, token);
    p.faults.stopHeartbeatAcks();
    ws.send({ op: 1, d: 1 });
    await p.waitFor("heartbeat", 1);
    p.faults.resumeHeartbeatAcks();
    ws.send({ op: 1, d: 1 });
    await p.waitFor("heartbeat", 2);
    expect(await ws.next()).toEqual({ op: 11 }); // only the second beat was answered
    expect(ws.received).toHaveLength(3); // HELLO, READY, one ACK
    expect(p.stats()).toMatchObject({ heartbeats: 2, heartbeatAcks: 1 });
  });

  it("failUpgrade: refuse destroys the socket, non-101 answers 503, hang never answers", async () => {
    const { p } = await start();
    p.faults.failUpgrade("refuse");
    expect(await upgradeOutcome(p.gatewayUrl)).toMatch(/^error /);
    p.faults.failUpgrade("non-101");
    expect(await upgradeOutcome(p.gatewayUrl)).toBe("http 503");
    p.faults.failUpgrade("hang");
    const port = new URL(p.apiBase).port;
    const hung = await new Promise<string>((resolve) => {
      const sock = connect(Number(port), "127.0.0.1", () => {
        sock.write(`GET /websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      });
      let data = "";
      sock.on("error", () => undefined);
      sock.on("data", (d) => (data += d.toString()));
      sock.on("close", () => resolve(data === "" ? "closed without answer" : data));
      // once it hangs, a normal request still works; then closing the platform must drop the hung socket
      void p.waitFor("upgrade-failed", 3).then(async () => {
        const r = await request(`${p.apiBase}/gateway`);
        await r.body.text();
        expect(r.statusCode).toBe(401);
        await p.close();
      });
    });
    expect(hung).toBe("closed without answer");
    expect(p.stats().upgradesFailed).toBe(3);
    expect(p.stats().connections).toBe(0);
  });

  it("rejects upgrades on other paths with 404", async () => {
    const { p } = await start();
    expect(await upgradeOutcome(`${p.apiBase.replace("http", "ws")}/elsewhere`)).toBe("http 404");
  });

  it("skipHello and skipReady withhold HELLO and READY for the next connection only", async () => {
    const { p, token } = await start();
    p.faults.skipHello();
    p.faults.skipReady();
    const a = await open(p);
    a.send({ op: 2, d: { token: `QQBot ${token}`, intents: 1, shard: [0, 1] } });
    a.send({ op: 1, d: null });
    expect(await a.next()).toEqual({ op: 11 }); // neither HELLO nor READY came first
    await p.waitFor("identify", 1);
    expect(p.stats().sessionsCreated).toBe(0);
    const b = await open(p);
    expect((await b.identify(token, 1)).t).toBe("READY");
  });
});

describe("malformed frames", () => {
  it.each([
    ["non-json", (r: { raw: string | Buffer; binary: boolean }) => expect(() => JSON.parse(String(r.raw))).toThrow()],
    ["wrong-types", (r: { raw: string | Buffer; binary: boolean }) => expect(JSON.parse(String(r.raw))).toMatchObject({ op: "0", s: "seven" })],
    ["unknown-op", (r: { raw: string | Buffer; binary: boolean }) => expect(JSON.parse(String(r.raw)).op).toBe(42)],
    ["oversized", (r: { raw: string | Buffer; binary: boolean }) => expect(String(r.raw).length).toBeGreaterThan(2 * 1024 * 1024)],
    ["binary", (r: { raw: string | Buffer; binary: boolean }) => expect(r.binary).toBe(true)],
    ["dispatch-no-seq", (r: { raw: string | Buffer; binary: boolean }) => {
      const f = JSON.parse(String(r.raw));
      expect(f).toMatchObject({ op: 0, t: "C2C_MESSAGE_CREATE" });
      expect("s" in f).toBe(false);
    }],
  ] as const)("sendMalformed(%s) reaches every open socket", async (kind, check) => {
    const { p, token } = await start();
    const a = await ready(p, token);
    const b = await open(p);
    await b.next(); // HELLO
    p.faults.sendMalformed(kind);
    check(await a.nextRaw());
    check(await b.nextRaw());
    expect(p.stats().malformedFramesSent).toBe(2);
  });
});
