/**
 * The built-in listener against slow and greedy clients, over real loopback sockets: a client
 * that trickles its headers, one that trickles its body, and one that sends nothing are closed
 * within about their timeout (Node alone checks only every 30 s), and connections over
 * `maxConnections` are closed at once, counted and logged.
 */
import { connect, type Socket } from "node:net";
import { filter, firstValueFrom, ReplaySubject, type Subscription } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import type { LoopEvent } from "../../src/transport/loop-events.js";
import { createCounters } from "../../src/stats.js";
import { createWebhookHandler } from "../../src/webhook/handler.js";
import { listen, type ListenOptions, type WebhookListener } from "../../src/webhook/listen.js";
import { nodeWebhookListener } from "../../src/webhook/node-handler.js";
import { resolveWebhookOptions } from "../../src/webhook/options.js";
import { webhookTransport } from "../../src/webhook/webhook-transport.js";
import { APP_ID, recordingLogger, SECRET } from "./support.js";

const listeners: WebhookListener[] = [];
const sockets: Socket[] = [];
const subscriptions: Subscription[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});

async function start(limits: Partial<ListenOptions>) {
  const counters = createCounters();
  const logger = recordingLogger();
  const handler = createWebhookHandler({ appId: APP_ID, clientSecret: SECRET, onDispatch: () => undefined });
  const listener = await listen(
    { port: 0, host: "127.0.0.1", path: "/qq", counters, logger, ...limits },
    nodeWebhookListener(handler, { path: "/qq" }),
  );
  listeners.push(listener);
  return { listener, counters, logger };
}

/** A raw client; `closedAfter` resolves with the ms from connect to the server closing it, or `undefined` after `deadlineMs`. */
function client(port: number, deadlineMs: number, onConnect: (socket: Socket) => void = () => undefined) {
  const socket = connect(port, "127.0.0.1");
  sockets.push(socket);
  let received = "";
  socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
  socket.on("error", () => undefined);
  const connected = new Promise<number>((resolve) => socket.once("connect", () => resolve(performance.now())));
  const closedAfter = connected.then(
    (at) =>
      new Promise<number | undefined>((resolve) => {
        const deadline = setTimeout(() => resolve(undefined), deadlineMs);
        socket.once("close", () => {
          clearTimeout(deadline);
          resolve(performance.now() - at);
        });
        onConnect(socket);
      }),
  );
  return { socket, connected, closedAfter, received: () => received };
}

/** Resolve once the server holds `n` connections (`getConnections`); fail after 2 s. */
async function untilConnections(listener: WebhookListener, n: number): Promise<void> {
  const deadline = performance.now() + 2_000;
  for (;;) {
    const open = await new Promise<number>((resolve, reject) => listener.server.getConnections((err, count) => (err ? reject(err) : resolve(count))));
    if (open === n) return;
    if (performance.now() > deadline) throw new Error(`the listener holds ${open} connections, not ${n}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Write `text` one piece every `everyMs` while the socket is open. */
function trickle(socket: Socket, pieces: () => string, everyMs = 100): void {
  const timer = setInterval(() => (socket.writable ? socket.write(pieces()) : clearInterval(timer)), everyMs);
  socket.once("close", () => clearInterval(timer));
}

describe("webhook listener: slow clients", () => {
  it("closes a client trickling its headers within ~headersTimeout (300 ms), with a 408, counted and warned", async () => {
    const { listener, counters, logger } = await start({ headersTimeoutMs: 300, requestTimeoutMs: 1_000 });
    let n = 0;
    const c = client(listener.port, 3_000, (s) => {
      s.write("POST /qq HTTP/1.1\r\nHost: x\r\n");
      trickle(s, () => `X-Slow-${n++}: a\r\n`);
    });
    const closedAfter = await c.closedAfter;
    expect(closedAfter, "still open 3 s after a 300 ms headers timeout").toBeDefined();
    expect(closedAfter!).toBeGreaterThanOrEqual(250);
    expect(closedAfter!).toBeLessThan(1_500);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(counters.snapshot().webhookRejected).toBe(1);
    expect(logger.lines.filter((l) => l.startsWith("warn") && l.includes("too slow to send its request"))).toHaveLength(1);
  });

  it("closes a client trickling its body within ~requestTimeout (800 ms)", async () => {
    const { listener, counters } = await start({ headersTimeoutMs: 300, requestTimeoutMs: 800 });
    const c = client(listener.port, 4_000, (s) => {
      s.write(`POST /qq HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nX-Bot-Appid: ${APP_ID}\r\n\r\n`);
      trickle(s, () => "{");
    });
    const closedAfter = await c.closedAfter;
    expect(closedAfter, "still open 4 s after an 800 ms request timeout").toBeDefined();
    expect(closedAfter!).toBeGreaterThanOrEqual(750);
    expect(closedAfter!).toBeLessThan(2_000);
    expect(counters.snapshot().webhookRejected).toBe(1);
  });

  it("closes a connection that never sends a byte within ~headersTimeout", async () => {
    const { listener } = await start({ headersTimeoutMs: 300, requestTimeoutMs: 1_000 });
    const closedAfter = await client(listener.port, 3_000).closedAfter;
    expect(closedAfter, "an idle connection still open after 3 s").toBeDefined();
    expect(closedAfter!).toBeLessThan(1_500);
  });

  it("does not close a client that sends in time", async () => {
    const { listener, counters } = await start({ headersTimeoutMs: 300, requestTimeoutMs: 1_000 });
    const c = client(listener.port, 3_000, (s) => s.write("GET /qq HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    await c.closedAfter;
    expect(c.received()).toMatch(/^HTTP\/1\.1 405 /);
    expect(counters.snapshot().webhookRejected).toBe(0);
  });
});

describe("webhook listener: connection cap", () => {
  it("closes connections over maxConnections at once, counts each and warns once; a freed slot serves again", async () => {
    const { listener, counters, logger } = await start({ maxConnections: 2, headersTimeoutMs: 10_000, requestTimeoutMs: 10_000 });
    const held = [client(listener.port, 5_000), client(listener.port, 5_000)];
    await Promise.all(held.map((c) => c.connected));
    await untilConnections(listener, 2);
    const extra = [0, 1, 2].map(() => client(listener.port, 2_000));
    const closed = await Promise.all(extra.map((c) => c.closedAfter));
    expect(closed.every((ms) => ms !== undefined && ms < 1_000), `extra connections closed after ${closed.join(", ")} ms`).toBe(true);
    expect(counters.snapshot().webhookRejected).toBe(3);
    expect(logger.lines.filter((l) => l.startsWith("warn") && l.includes("webhook.maxConnections"))).toHaveLength(1);
    expect(logger.lines.filter((l) => l.startsWith("debug") && l.includes("dropped a connection"))).toHaveLength(3);

    held[0]!.socket.destroy();
    await untilConnections(listener, 1);
    const next = client(listener.port, 3_000, (s) => s.write("GET /qq HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    await next.closedAfter;
    expect(next.received()).toMatch(/^HTTP\/1\.1 405 /);
    expect(counters.snapshot().webhookRejected).toBe(3);
  });
});

describe("webhook transport: listener limits from the webhook options", () => {
  it("passes headersTimeoutMs and maxConnections to its listener and counts into the bot's stats", async () => {
    const counters = createCounters();
    const events = new ReplaySubject<LoopEvent>();
    const listening = new ReplaySubject<WebhookListener>(1);
    subscriptions.push(
      webhookTransport({
        appId: APP_ID, clientSecret: SECRET, counters, policy: { reconnectBackoffMs: [50], backoffJitter: 0 },
        options: resolveWebhookOptions({ port: 0, host: "127.0.0.1", path: "/qq", headersTimeoutMs: 300, requestTimeoutMs: 600, maxConnections: 1 }),
        onListening: (l) => listening.next(l),
      }).subscribe(events),
    );
    const { port } = await firstValueFrom(listening);
    await firstValueFrom(events.pipe(filter((e) => e.type === "state" && e.change.state === "ready")));
    const idle = client(port, 3_000);
    await idle.connected;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const over = await client(port, 2_000).closedAfter;
    expect(over).toBeLessThan(250); // over the cap of 1: closed at once
    expect(await idle.closedAfter).toBeLessThan(1_500); // headers timeout 300 ms
    expect(counters.snapshot().webhookRejected).toBe(2);
  });
});
