import { once } from "node:events";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { VirtualTimeScheduler } from "rxjs";
import WebSocket, { WebSocketServer } from "ws";
import { QQAuthError } from "../../src/errors.js";
import { createConnect, type ConnectConfig } from "../../src/gateway/connection.js";
import type { ConnectionEvent, ConnectRequest, Disconnect } from "../../src/gateway/types.js";
import type { Logger } from "../../src/logger.js";
import type { GatewayPayload } from "../../src/protocol/payloads.js";
import { createCounters, type Counters } from "../../src/stats.js";
import { freePort } from "../helpers/free-port.js";

const TOKEN = "tok-SECRET-0123456789abcdef";

/** The server side of one connection, scripted by a test. */
class Peer {
  readonly frames: GatewayPayload[] = [];
  private waiters: Array<{ test: (p: GatewayPayload) => boolean; resolve: (p: GatewayPayload) => void }> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as GatewayPayload;
      this.frames.push(frame);
      const waiter = this.waiters.find((w) => w.test(frame));
      if (waiter) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      } else {
        this.untaken.push(frame);
      }
    });
  }

  private readonly untaken: GatewayPayload[] = [];

  /** The first frame matching `test` not yet taken by an earlier `next`, received already or still to come. */
  next(test: (p: GatewayPayload) => boolean): Promise<GatewayPayload> {
    const index = this.untaken.findIndex(test);
    if (index >= 0) return Promise.resolve(this.untaken.splice(index, 1)[0]!);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  op(op: number): Promise<GatewayPayload> {
    return this.next((p) => p.op === op);
  }

  send(payload: unknown): void {
    this.ws.send(typeof payload === "string" ? payload : JSON.stringify(payload));
  }

  hello(intervalMs = 30_000): void {
    this.send({ op: 10, d: { heartbeat_interval: intervalMs } });
  }

  /** HELLO, wait IDENTIFY, READY (s = 1). */
  async handshake(intervalMs = 30_000): Promise<GatewayPayload> {
    const identify = this.op(2);
    this.hello(intervalMs);
    const frame = await identify;
    this.send({ op: 0, s: 1, t: "READY", id: "ev-ready", d: { version: 1, session_id: "sess-1", user: { id: "u", username: "bot", bot: true }, shard: [0, 1] } });
    return frame;
  }
}

let wss: WebSocketServer;
let url: string;
let counters: Counters;
let logs: string[];
const extraServers: Array<NetServer | HttpServer> = [];
const openSockets: Socket[] = [];

beforeAll(async () => {
  wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await once(wss, "listening");
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/websocket`;
});

afterAll(async () => {
  for (const client of wss.clients) client.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
});

afterEach(async () => {
  wss.removeAllListeners("connection");
  for (const s of openSockets.splice(0)) s.destroy();
  await Promise.all(extraServers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

function nextPeer(): Promise<Peer> {
  return new Promise((resolve) => wss.once("connection", (ws) => resolve(new Peer(ws))));
}

const recordingLogger = (): Logger => {
  const record = (level: string) => (obj: object | string, msg?: string) => logs.push(`${level} ${JSON.stringify(obj)} ${msg ?? ""}`);
  return { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") };
};

function connect(overrides: Partial<ConnectConfig> = {}, request: Partial<ConnectRequest> = {}) {
  counters = createCounters();
  logs = [];
  const config: ConnectConfig = {
    token: async () => TOKEN,
    intents: 1 << 25,
    shard: [0, 1],
    policy: { handshakeTimeoutMs: 2000, helloTimeoutMs: 2000, readyTimeoutMs: 2000, heartbeatIntervalRangeMs: [10, 60_000] },
    random: () => 0.99,
    counters,
    logger: recordingLogger(),
    ...overrides,
  };
  const events: ConnectionEvent[] = [];
  const waiters: Array<() => void> = [];
  let subscription: { unsubscribe(): void } | undefined;
  const finished = new Promise<{ events: ConnectionEvent[]; error?: unknown }>((resolve) => {
    subscription = createConnect(config)({ url, session: undefined, attempt: 1, ...request }).subscribe({
      next: (ev) => {
        events.push(ev);
        for (const w of waiters.splice(0)) w();
      },
      complete: () => resolve({ events }),
      error: (error: unknown) => resolve({ events, error }),
    });
  });
  /** Resolves once `count` events of `type` have arrived. */
  const when = (type: ConnectionEvent["type"], count = 1): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => (events.filter((e) => e.type === type).length >= count ? resolve() : void waiters.push(check));
      check();
    });
  return { events, finished, when, unsubscribe: () => subscription?.unsubscribe() };
}

/** {@link connect}, and the server side of the connection it opens. */
async function connectToPeer(overrides: Partial<ConnectConfig> = {}, request: Partial<ConnectRequest> = {}) {
  const peerP = nextPeer();
  const c = connect(overrides, request);
  return { c, peer: await peerP };
}

/** Exactly one disconnect, and it is the last event. */
function theDisconnect(events: ConnectionEvent[]): Disconnect {
  const disconnects = events.filter((e) => e.type === "disconnect");
  expect(disconnects).toHaveLength(1);
  const last = events[events.length - 1];
  if (last?.type !== "disconnect") throw new Error(`last event is ${last?.type}, not disconnect`);
  expect(last.disconnect.reason.length).toBeGreaterThan(0);
  expect(last.disconnect.reason).not.toContain(TOKEN);
  return last.disconnect;
}

const types = (events: ConnectionEvent[]) => events.map((e) => e.type);

/**
 * A socket factory that keeps the client sockets it makes and sees each frame they deliver
 * before the connection does (its listener is the first): `reads(op)` resolves after the
 * connection has handled a frame with that op.
 */
function clientSockets() {
  const sockets: WebSocket[] = [];
  const seen: number[] = [];
  const waiters: Array<{ op: number; resolve: () => void }> = [];
  const socketFactory = (u: string, options: WebSocket.ClientOptions): WebSocket => {
    const ws = new WebSocket(u, options);
    sockets.push(ws);
    ws.on("message", (data) => {
      const { op } = JSON.parse(data.toString()) as GatewayPayload;
      seen.push(op);
      for (const w of waiters.filter((x) => x.op === op)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(); // its continuation runs after every listener of this frame, the connection's too
      }
    });
    return ws;
  };
  const reads = (op: number): Promise<void> =>
    seen.includes(op) ? Promise.resolve() : new Promise((resolve) => waiters.push({ op, resolve }));
  return { sockets, socketFactory, reads };
}

/** Run the virtual timers due within the next `ms` and move the clock on by `ms`. */
function advanceBy(scheduler: VirtualTimeScheduler, ms: number): void {
  const to = scheduler.now() + ms;
  scheduler.schedule(() => undefined, ms);
  scheduler.maxFrames = to;
  scheduler.flush();
}
const noTokenInLogs = () => expect(logs.join("\n")).not.toContain(TOKEN);

describe("handshake", () => {
  it("IDENTIFY: sends op 2 with the QQBot token, intents and shard, then reports READY", async () => {
    const startedAt = Date.now();
    const { c, peer } = await connectToPeer({ shard: [1, 4] });
    const identify = await peer.handshake();
    expect(identify.d).toMatchObject({ token: `QQBot ${TOKEN}`, intents: 1 << 25, shard: [1, 4] });
    await c.when("ready");
    peer.ws.close(4009, "session timed out");
    const { events } = await c.finished;
    expect(types(events)).toEqual(["open", "hello", "handshake", "ready", "disconnect"]);
    expect(events[1]).toEqual({ type: "hello", heartbeatIntervalMs: 30_000 });
    expect(events[2]).toEqual({ type: "handshake", mode: "identify" });
    expect(events[3]).toEqual({ type: "ready", sessionId: "sess-1", seq: 1, resumed: false, user: { id: "u", username: "bot" } });
    const d = theDisconnect(events);
    expect(d).toMatchObject({ cause: "close", closeCode: 4009, sawHello: true, ready: true, attemptedResume: false });
    expect(d.reason).toMatch(/session timed out/);
    // Wall-clock time (the default scheduler): when it ended, and how long after it opened.
    expect(d.at).toBeGreaterThanOrEqual(startedAt);
    expect(d.at).toBeLessThanOrEqual(Date.now());
    expect(d.connectedFor).toBeGreaterThanOrEqual(0);
    expect(d.connectedFor).toBeLessThanOrEqual(d.at - startedAt);
    noTokenInLogs();
  });

  it("RESUME: sends op 6 with session id and seq, emits replayed dispatches, then RESUMED", async () => {
    const { c, peer } = await connectToPeer({}, { session: { sessionId: "sess-9", seq: 41 } });
    const resume = peer.op(6);
    peer.hello();
    expect((await resume).d).toEqual({ token: `QQBot ${TOKEN}`, session_id: "sess-9", seq: 41 });
    peer.send({ op: 0, s: 42, t: "C2C_MESSAGE_CREATE", id: "ev-42", d: { id: "m42" } });
    peer.send({ op: 0, s: 42, t: "RESUMED", d: "" });
    peer.send({ op: 0, s: 43, t: "GROUP_AT_MESSAGE_CREATE", id: "ev-43", d: { id: "m43" } });
    await c.when("dispatch", 2);
    peer.ws.close(4009, "bye");
    const { events } = await c.finished;
    expect(types(events)).toEqual(["open", "hello", "handshake", "dispatch", "ready", "dispatch", "disconnect"]);
    expect(events[2]).toEqual({ type: "handshake", mode: "resume" });
    expect(events[4]).toEqual({ type: "ready", sessionId: "sess-9", seq: 42, resumed: true });
    expect(theDisconnect(events)).toMatchObject({ cause: "close", closeCode: 4009, ready: true, attemptedResume: true });
  });

  it("waits for beforeIdentify (the identify throttler's slot) after HELLO and before IDENTIFY, and restarts the READY timeout", async () => {
    let release!: () => void;
    const slot = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    let onAsked!: () => void;
    const askedOnce = new Promise<void>((resolve) => (onAsked = resolve));
    // Timers on virtual time: the slot is held for longer than readyTimeoutMs without waiting for it.
    const scheduler = new VirtualTimeScheduler();
    const { c, peer } = await connectToPeer({ scheduler, beforeIdentify: () => {
      asked++;
      onAsked();
      return slot;
    }, policy: { handshakeTimeoutMs: 2000, helloTimeoutMs: 2000, readyTimeoutMs: 300 } });
    const identify = peer.op(2);
    peer.hello();
    await askedOnce;
    // Waiting for the slot must not count as a READY timeout.
    advanceBy(scheduler, 500);
    expect(asked).toBe(1);
    expect(types(c.events)).toEqual(["open", "hello"]);
    // The answer to a server op 1 comes after anything the client sent before it on this socket.
    peer.send({ op: 1 });
    await peer.op(1);
    expect(peer.frames.filter((f) => f.op === 2)).toHaveLength(0); // nothing sent while the slot is held
    release();
    await identify;
    // The READY timeout starts again after the slot: READY within 300 ms of it still counts.
    advanceBy(scheduler, 299);
    peer.send({ op: 0, s: 1, t: "READY", d: { version: 1, session_id: "s", user: { id: "u", username: "bot", bot: true }, shard: [0, 1] } });
    await c.when("ready");
    peer.ws.close(4009, "bye");
    expect(types((await c.finished).events)).toEqual(["open", "hello", "handshake", "ready", "disconnect"]);
  });

  it("the READY timeout restarted after the slot still fires", async () => {
    const scheduler = new VirtualTimeScheduler();
    const { c, peer } = await connectToPeer({ scheduler, beforeIdentify: async () => undefined, policy: { handshakeTimeoutMs: 2000, helloTimeoutMs: 2000, readyTimeoutMs: 300 } });
    const identify = peer.op(2);
    peer.hello();
    await identify;
    advanceBy(scheduler, 299);
    expect(types(c.events)).toEqual(["open", "hello", "handshake"]);
    advanceBy(scheduler, 1);
    expect(types(c.events)).toEqual(["open", "hello", "handshake", "disconnect"]);
    expect(theDisconnect(c.events)).toMatchObject({ cause: "ready-timeout", connectedFor: 300, sawHello: true, ready: false });
    expect((await peer.closed).code).toBe(1006);
  });

  it("does not ask beforeIdentify for a RESUME", async () => {
    let asked = 0;
    const { c, peer } = await connectToPeer({ beforeIdentify: async () => void asked++ }, { session: { sessionId: "sess-1", seq: 3 } });
    const resume = peer.op(6);
    peer.hello();
    await resume;
    peer.ws.close(4009, "bye");
    await c.finished;
    expect(asked).toBe(0);
  });
});

describe("dispatches and heartbeat", () => {
  // The heartbeat clock runs on virtual time: a beat happens only when the test moves the clock.

  it("tracks the highest seq, heartbeats with it, and answers a server op 1 at once", async () => {
    const scheduler = new VirtualTimeScheduler();
    const { c, peer } = await connectToPeer({ random: () => 0, scheduler });
    const firstBeat = peer.op(1);
    peer.hello(100);
    await c.when("hello");
    advanceBy(scheduler, 0);
    expect((await firstBeat).d).toBeNull(); // random() = 0: the first beat comes at once, before any seq
    let acksSent = 1;
    peer.send({ op: 11 });
    peer.ws.on("message", (data) => {
      if ((JSON.parse(data.toString()) as GatewayPayload).op !== 1 || peer.ws.readyState !== WebSocket.OPEN) return;
      acksSent++;
      peer.send({ op: 11 });
    });
    await peer.op(2);
    peer.send({ op: 0, s: 1, t: "READY", d: { version: 1, session_id: "sess-1", user: { id: "u", username: "b", bot: true }, shard: [0, 1] } });
    peer.send({ op: 0, s: 2, t: "C2C_MESSAGE_CREATE", id: "e2", d: { id: "m2" } });
    peer.send({ op: 0, s: 5, t: "C2C_MESSAGE_CREATE", id: "e5", d: { id: "m5" } });
    peer.send({ op: 0, s: 3, t: "FRIEND_ADD", id: "e3", d: { openid: "o" } });
    await c.when("dispatch", 3);
    // The clock stands still: only the op 1 handler can send this (not the next 100 ms beat).
    const answer = peer.next((p) => p.op === 1 && p.d === 5);
    peer.send({ op: 1 });
    await answer;
    expect(peer.frames.filter((p) => p.op === 1)).toHaveLength(2);
    const beat = peer.next((p) => p.op === 1 && p.d === 5);
    advanceBy(scheduler, 100);
    await beat; // and the regular beats carry it too
    peer.ws.close(4009);
    const { events } = await c.finished;
    const dispatches = events.flatMap((e) => (e.type === "dispatch" ? [e.payload] : []));
    expect(dispatches).toEqual([
      { op: 0, s: 2, t: "C2C_MESSAGE_CREATE", id: "e2", d: { id: "m2" } },
      { op: 0, s: 5, t: "C2C_MESSAGE_CREATE", id: "e5", d: { id: "m5" } },
      { op: 0, s: 3, t: "FRIEND_ADD", id: "e3", d: { openid: "o" } },
    ]);
    expect(theDisconnect(events).cause).toBe("close");
    expect(acksSent).toBe(3); // the first beat, the answer, the beat at 100
    expect(counters.snapshot()).toMatchObject({ framesIn: 6 + acksSent, badFrames: 0 });
  });

  it("keeps a connection whose beats are ACKed alive over many intervals", async () => {
    const scheduler = new VirtualTimeScheduler();
    const { c, peer } = await connectToPeer({ random: () => 0, scheduler });
    await peer.handshake(50);
    await c.when("ready");
    for (let beat = 0; beat < 4; beat++) {
      const frame = peer.next((p) => p.op === 1 && p.d === 1);
      advanceBy(scheduler, beat === 0 ? 0 : 50);
      await frame;
      peer.send({ op: 11 });
      // The client answers a server op 1 only after it has read the ACK sent before it.
      const answered = peer.next((p) => p.op === 1 && p.d === 1);
      peer.send({ op: 1 });
      await answered;
    }
    expect(types(c.events)).toEqual(["open", "hello", "handshake", "ready"]);
    peer.ws.close(4009);
    const d = theDisconnect((await c.finished).events);
    expect(d).toMatchObject({ cause: "close", closeCode: 4009, connectedFor: 150 });
  });

  it("terminates a zombie (no ACK) within one interval of the missed ACK", async () => {
    const scheduler = new VirtualTimeScheduler();
    const { c, peer } = await connectToPeer({ random: () => 0, scheduler });
    const firstBeat = peer.op(1);
    await peer.handshake(60);
    await c.when("ready");
    advanceBy(scheduler, 0);
    await firstBeat;
    advanceBy(scheduler, 59);
    expect(types(c.events)).toEqual(["open", "hello", "handshake", "ready"]);
    advanceBy(scheduler, 1); // the next beat is due: the zombie check replaces it
    const d = theDisconnect(c.events);
    expect(d).toMatchObject({ cause: "zombie", sawHello: true, ready: true, connectedFor: 60 });
    expect(d.closeCode).toBeUndefined();
    expect((await peer.closed).code).toBe(1006); // terminated: no closing handshake
    expect(peer.frames.filter((p) => p.op === 1)).toHaveLength(1); // no second beat
  });
});

describe("server-driven endings", () => {
  it("op 7: the client closes the socket with 4000 and reports cause reconnect", async () => {
    const { c, peer } = await connectToPeer();
    await peer.handshake();
    await c.when("ready");
    peer.send({ op: 7 });
    expect((await peer.closed).code).toBe(4000);
    const d = theDisconnect((await c.finished).events);
    expect(d).toMatchObject({ cause: "reconnect", closeCode: 4000, ready: true });
  });

  it("op 9 with d true: resumable, and the client closes with 4000 when the server does not", async () => {
    const { c, peer } = await connectToPeer({}, { session: { sessionId: "sess-1", seq: 3 } });
    const resume = peer.op(6);
    peer.hello();
    await resume;
    peer.send({ op: 9, d: true });
    expect((await peer.closed).code).toBe(4000);
    const d = theDisconnect((await c.finished).events);
    expect(d).toMatchObject({ cause: "invalid-session", resumable: true, attemptedResume: true, ready: false });
  });

  it("op 9 with d false followed by the server's own close: not resumable", async () => {
    const { c, peer } = await connectToPeer();
    const identify = peer.op(2);
    peer.hello();
    await identify;
    peer.send({ op: 9, d: false });
    peer.ws.close(4900, "internal error");
    const d = theDisconnect((await c.finished).events);
    expect(d).toMatchObject({ cause: "invalid-session", resumable: false, attemptedResume: false });
    expect(d.closeCode).toBeGreaterThanOrEqual(4000);
  });

  it("a close frame 4009 from the server: cause close with its code and reason", async () => {
    const { c, peer } = await connectToPeer();
    peer.hello();
    await c.when("handshake");
    peer.ws.close(4009, "Session timed out");
    const d = theDisconnect((await c.finished).events);
    expect(d).toMatchObject({ cause: "close", closeCode: 4009, sawHello: true, ready: false });
    expect(d.reason).toContain("Session timed out");
  });

  it("a socket dropped without a close frame: cause close, no close code", async () => {
    const { c, peer } = await connectToPeer();
    await peer.handshake();
    await c.when("ready");
    peer.ws.terminate();
    const d = theDisconnect((await c.finished).events);
    expect(d.cause).toBe("close");
    expect(d.closeCode).toBeUndefined();
    expect(d.reason).toMatch(/without a close frame/);
  });
});

describe("timeouts and failures to connect", () => {
  it("no HELLO within helloTimeoutMs: hello-timeout, socket terminated", async () => {
    const { c, peer } = await connectToPeer({ policy: { handshakeTimeoutMs: 2000, helloTimeoutMs: 150, readyTimeoutMs: 2000 } });
    const { events } = await c.finished;
    expect(types(events)).toEqual(["open", "disconnect"]);
    const d = theDisconnect(events);
    expect(d).toMatchObject({ cause: "hello-timeout", sawHello: false, ready: false });
    expect(d.connectedFor).toBeGreaterThanOrEqual(140);
    expect((await peer.closed).code).toBe(1006);
  });

  it("no READY within readyTimeoutMs: ready-timeout", async () => {
    const { c, peer } = await connectToPeer({ policy: { handshakeTimeoutMs: 2000, helloTimeoutMs: 2000, readyTimeoutMs: 150 } });
    peer.hello();
    const { events } = await c.finished;
    expect(types(events)).toEqual(["open", "hello", "handshake", "disconnect"]);
    expect(theDisconnect(events)).toMatchObject({ cause: "ready-timeout", sawHello: true, ready: false, attemptedResume: false });
    expect(peer.frames.map((p) => p.op)).toContain(2);
  });

  it("refused connection: connect-failed, never opened", async () => {
    const port = await freePort();
    const { events } = await connect({}, { url: `ws://127.0.0.1:${port}/` }).finished;
    expect(types(events)).toEqual(["disconnect"]);
    const d = theDisconnect(events);
    expect(d).toMatchObject({ cause: "connect-failed", sawHello: false, ready: false, connectedFor: 0 });
    expect(d.reason).toMatch(/ECONNREFUSED/);
    expect(d.error).toBeInstanceOf(Error);
    expect(d.error).toMatchObject({ code: "ECONNREFUSED" });
  });

  it("non-101 answer to the upgrade: connect-failed with the status", async () => {
    const server = createHttpServer((_req, res) => res.writeHead(503).end("busy"));
    server.on("upgrade", (_req, socket) => socket.end("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"));
    extraServers.push(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { events } = await connect({}, { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/` }).finished;
    expect(types(events)).toEqual(["disconnect"]);
    const d = theDisconnect(events);
    expect(d.cause).toBe("connect-failed");
    expect(d.reason).toContain("503");
  });

  async function blackhole(): Promise<string> {
    const server = createNetServer((socket) => openSockets.push(socket)); // accepts, says nothing
    extraServers.push(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  it("an upgrade that never completes: handshake-timeout", async () => {
    const target = await blackhole();
    const startedAt = Date.now();
    const { events } = await connect({ policy: { handshakeTimeoutMs: 200, helloTimeoutMs: 2000, readyTimeoutMs: 2000 } }, { url: target }).finished;
    expect(types(events)).toEqual(["disconnect"]);
    expect(theDisconnect(events)).toMatchObject({ cause: "handshake-timeout", connectedFor: 0, sawHello: false });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(190);
  });

  it("the handshake guard fires even when ws's own handshake timer is disabled", async () => {
    const target = await blackhole();
    const socketFactory = (u: string, options: WebSocket.ClientOptions) => new WebSocket(u, { ...options, handshakeTimeout: 0 });
    const { events } = await connect({ socketFactory, policy: { handshakeTimeoutMs: 200, helloTimeoutMs: 2000, readyTimeoutMs: 2000 } }, { url: target }).finished;
    expect(theDisconnect(events)).toMatchObject({ cause: "handshake-timeout", connectedFor: 0 });
  });

  it("a socket factory that throws: connect-failed, nothing thrown", async () => {
    const socketFactory = (): WebSocket => {
      throw new Error("no route");
    };
    const { events, error } = await connect({ socketFactory }).finished;
    expect(error).toBeUndefined();
    expect(theDisconnect(events)).toMatchObject({ cause: "connect-failed" });
  });
});

describe("bad frames", () => {
  it("drops and counts non-JSON, unknown op and binary frames, skips an oversized dispatch by name, and goes on", async () => {
    const { c, peer } = await connectToPeer({ maxFrameBytes: 4096 });
    await peer.handshake();
    await c.when("ready");
    peer.send(`not json at all, QQBot ${TOKEN}`);
    peer.send({ op: 42, d: {} });
    peer.ws.send(Buffer.from('{"op":11}'), { binary: true });
    peer.send({ op: 0, s: 2, t: "C2C_MESSAGE_CREATE", id: "big", d: { content: "x".repeat(5000) } });
    peer.send({ op: 0, s: 3, t: "C2C_MESSAGE_CREATE", id: "ok", d: { id: "m3" } });
    await c.when("dispatch");
    peer.ws.close(4009);
    const { events } = await c.finished;
    const dispatches = events.flatMap((e) => (e.type === "dispatch" ? [e.payload.id] : []));
    expect(dispatches).toEqual(["ok"]);
    expect(theDisconnect(events).cause).toBe("close");
    expect(counters.snapshot()).toMatchObject({ badFrames: 3, oversizedFrames: 1, framesIn: 7 });
    const warnings = logs.filter((l) => l.startsWith("warn"));
    expect(warnings).toHaveLength(4);
    expect(warnings.join("\n")).toMatch(/not JSON[\s\S]*unknown op 42[\s\S]*binary frame[\s\S]*skipped an oversized dispatch: 50\d\d bytes \(the limit is 4096\), seq 2, C2C_MESSAGE_CREATE, event big/);
    noTokenInLogs();
  });

  it("an oversized dispatch still moves the seq on: heartbeats and the next RESUME carry it", async () => {
    const { c, peer } = await connectToPeer({ maxFrameBytes: 4096, random: () => 0.5 });
    await peer.handshake(200);
    await c.when("ready");
    peer.send({ d: { content: "x".repeat(10_000), s: 999 }, op: 0, s: 7, t: "C2C_MESSAGE_CREATE", id: "huge" });
    const beat = await peer.next((p) => p.op === 1 && p.d !== null);
    expect(beat.d).toBe(7);
    peer.ws.close(4009);
    const { events } = await c.finished;
    expect(events.filter((e) => e.type === "dispatch")).toHaveLength(0);
    expect(counters.snapshot()).toMatchObject({ oversizedFrames: 1, badFrames: 0 });
  });

  it("a frame over the hard limit: ws closes the socket unread; cause frame-too-large (a new session, not a storm)", async () => {
    const { c, peer } = await connectToPeer({ maxFrameBytes: 4096, frameHardLimitBytes: 16_384 });
    await peer.handshake();
    await c.when("ready");
    peer.send({ op: 0, s: 2, t: "C2C_MESSAGE_CREATE", id: "giant", d: { content: "x".repeat(20_000) } });
    const d = theDisconnect((await c.finished).events);
    expect(d).toMatchObject({ cause: "frame-too-large", closeCode: 1009, ready: true });
    expect(d.reason).toContain("16384-byte hard limit");
  });
});

describe("the platform's real failure modes", () => {
  it("op 9 followed by the server's close 4014: the client waits for it and reports its code (and closes nothing itself)", async () => {
    // Virtual time: the 1 s wait for the server's close cannot run out, however slow the machine.
    const scheduler = new VirtualTimeScheduler();
    const { socketFactory, reads } = clientSockets();
    const { c, peer } = await connectToPeer({ scheduler, socketFactory, policy: { handshakeTimeoutMs: 2000, helloTimeoutMs: 2000, readyTimeoutMs: 2000, invalidSessionCloseWaitMs: 1000, heartbeatIntervalRangeMs: [10, 60_000] } });
    const identify = peer.op(2);
    peer.hello();
    await identify;
    peer.send({ op: 9, d: false });
    await reads(9); // the client has handled op 9: a client that closed at once would have by now
    peer.ws.close(4014, "intent not permitted");
    const d = theDisconnect((await c.finished).events);
    expect(d).toMatchObject({ cause: "invalid-session", resumable: false, closeCode: 4014 });
    expect((await peer.closed).code).toBe(4014);
  });

  it("op 9 without a close from the server: after invalidSessionCloseWaitMs the client closes with 4000", async () => {
    const { c, peer } = await connectToPeer({ policy: { handshakeTimeoutMs: 2000, helloTimeoutMs: 2000, readyTimeoutMs: 2000, invalidSessionCloseWaitMs: 150, heartbeatIntervalRangeMs: [10, 60_000] } });
    const identify = peer.op(2);
    peer.hello();
    await identify;
    const sentAt = Date.now();
    peer.send({ op: 9, d: true });
    expect((await peer.closed).code).toBe(4000);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(140);
    const d = theDisconnect((await c.finished).events);
    expect(d).toMatchObject({ cause: "invalid-session", resumable: true, closeCode: 4000 });
  });

  for (const [asked, used] of [[1e12, 300_000], [0.001, 1000]] as const) {
    it(`HELLO heartbeat_interval ${asked}: beats every ${used} ms instead, warns, no zombie`, async () => {
      const scheduler = new VirtualTimeScheduler();
      const { socketFactory, reads } = clientSockets();
      const { c, peer } = await connectToPeer({ scheduler, socketFactory, random: () => 0, policy: { handshakeTimeoutMs: 2000, helloTimeoutMs: 2000, readyTimeoutMs: 2000 } });
      peer.ws.on("message", (data) => {
        if ((JSON.parse(data.toString()) as GatewayPayload).op === 1 && peer.ws.readyState === WebSocket.OPEN) peer.send({ op: 11 });
      });
      const identify = peer.op(2);
      peer.hello(asked);
      await identify;
      await c.when("hello");
      expect(c.events.find((e) => e.type === "hello")).toEqual({ type: "hello", heartbeatIntervalMs: used });
      // 1.2 s on the virtual clock: random() = 0 beats at once, then every `used` ms.
      const firstBeat = peer.op(1);
      advanceBy(scheduler, 0);
      await firstBeat;
      await reads(11); // the ACK is handled before the clock moves on
      advanceBy(scheduler, 1200);
      if (used === 1000) await peer.op(1);
      peer.ws.close(4009);
      const { events } = await c.finished;
      expect(theDisconnect(events).cause).toBe("close");
      const beats = peer.frames.filter((p) => p.op === 1).length;
      expect(beats).toBe(used === 1000 ? 2 : 1);
      expect(logs.filter((l) => l.startsWith("warn") && l.includes(`beating every ${used} ms`))).toHaveLength(1);
    });
  }
});

describe("token failures and unsubscribe", () => {
  it("a QQAuthError from the token source errors the observable and closes the socket", async () => {
    const authError = new QQAuthError("the token endpoint refused the app credentials", { status: 401 });
    const { c, peer } = await connectToPeer({ token: async () => Promise.reject(authError) });
    peer.hello();
    const { events, error } = await c.finished;
    expect(error).toBe(authError);
    expect(types(events)).toEqual(["open", "hello"]);
    await peer.closed;
  });

  it("any other token failure is a disconnect with cause error", async () => {
    const { c, peer } = await connectToPeer({ token: async () => Promise.reject(new Error("token endpoint timed out")) });
    peer.hello();
    const d = theDisconnect((await c.finished).events);
    expect(d).toMatchObject({ cause: "error", sawHello: true });
    expect(d.reason).toMatch(/token endpoint timed out/);
    await peer.closed;
  });

  it("unsubscribing terminates the socket and emits nothing more", async () => {
    const { sockets, socketFactory } = clientSockets();
    const { c, peer } = await connectToPeer({ socketFactory });
    await peer.handshake();
    await c.when("ready");
    const before = c.events.length;
    c.unsubscribe();
    expect((await peer.closed).code).toBe(1006);
    // The client's socket has closed too: nothing is left that could emit.
    const [client] = sockets;
    expect(sockets).toHaveLength(1);
    if (client!.readyState !== WebSocket.CLOSED) await once(client!, "close");
    expect(c.events).toHaveLength(before);
    expect(c.events.some((e) => e.type === "disconnect")).toBe(false);
  });
});
