/**
 * A raw benchmark gateway: token endpoint, `GET /gateway` and a hand-rolled WebSocket
 * endpoint that speaks the QQ handshake (HELLO, READY, RESUMED, heartbeat ACK) and writes
 * pre-framed dispatches straight to the TCP socket, so the pushing side costs next to
 * nothing and the client under test is the bottleneck.
 *
 * @example
 * ```ts
 * const gw = await startRawGateway({ heartbeatIntervalMs: 30_000 });
 * gw.prepare(100_000, "r1");             // build 100 000 C2C frames with distinct ids
 * await gw.blast();                      // write them to the client that identified last
 * await gw.close();
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { monoUs } from "./clock.js";
import { type FrameSize, messageFrame } from "./frames.js";
import { acceptKey, encodeFrame, FrameReader, WsOp } from "./ws-frame.js";

/** Options of {@link startRawGateway}. */
export interface RawGatewayOptions {
  heartbeatIntervalMs: number;
}

/** A running raw gateway. */
export interface RawGateway {
  readonly apiBase: string;
  readonly tokenUrl: string;
  readonly gatewayUrl: string;
  readonly appId: string;
  readonly clientSecret: string;
  /** Build `count` message frames of `size` (ids `<tag>-<n>`, seq continuing the client's). Returns the bytes. */
  prepare(count: number, tag: string, size?: FrameSize): number;
  /** Write the prepared frames to the newest authenticated client; resolves once flushed to the kernel. */
  blast(): Promise<void>;
  /**
   * Send `count` frames of `size` to the newest client at `perSecond`, each carrying its send
   * time (`content` = `t=<µs on CLOCK_MONOTONIC>`), in one write per timer tick (≈ 1 ms).
   */
  pace(perSecond: number, count: number, tag: string, size?: FrameSize): Promise<void>;
  close(): Promise<void>;
}

const APP_ID = "102000777";
const SECRET = "raw-bench-secret-0123456789";
const TOKEN = "raw-bench-token-abcdefghijklmnop";
const SESSION = "raw-bench-session";


interface Client {
  socket: Duplex;
  seq: number;
  authed: boolean;
}

/** Start the raw gateway on 127.0.0.1, port 0. */
export async function startRawGateway(options: RawGatewayOptions): Promise<RawGateway> {
  const clients = new Set<Client>();
  const sockets = new Set<Socket>();
  let newest: Client | undefined;
  let prepared: Buffer = Buffer.alloc(0);
  let gatewayUrl = "";

  const json = (res: ServerResponse, body: unknown): void => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    if (req.url?.startsWith("/app/getAppAccessToken")) return json(res, { access_token: TOKEN, expires_in: "7200" });
    if (req.url?.startsWith("/gateway")) return json(res, { url: gatewayUrl });
    res.writeHead(404).end();
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  const send = (c: Client, payload: unknown): void => void c.socket.write(encodeFrame(JSON.stringify(payload)));
  const onText = (c: Client, text: string): void => {
    const frame = JSON.parse(text) as { op: number };
    if (frame.op === 1) return send(c, { op: 11 });
    if (frame.op === 2 || frame.op === 6) {
      c.authed = true;
      newest = c;
      c.seq += 1;
      if (frame.op === 2) {
        return send(c, { op: 0, s: c.seq, t: "READY", id: "READY:x", d: { version: 1, session_id: SESSION, user: { id: "1", username: "bench", bot: true }, shard: [0, 1] } });
      }
      return send(c, { op: 0, s: c.seq, t: "RESUMED", id: "RESUMED:x", d: "" });
    }
  };

  server.on("upgrade", (req: IncomingMessage, socket: Duplex) => {
    socket.on("error", () => undefined);
    const key = req.headers["sec-websocket-key"];
    if (typeof key !== "string") return void socket.destroy();
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`);
    const client: Client = { socket, seq: 0, authed: false };
    clients.add(client);
    const reader = new FrameReader();
    socket.on("data", (chunk: Buffer) => {
      for (const f of reader.push(chunk)) {
        if (f.opcode === WsOp.Text) onText(client, f.payload.toString("utf8"));
        else if (f.opcode === WsOp.Ping) socket.write(encodeFrame(f.payload, WsOp.Pong));
        else if (f.opcode === WsOp.Close) socket.end(encodeFrame(f.payload, WsOp.Close));
      }
    });
    socket.on("close", () => {
      clients.delete(client);
      if (newest === client) newest = undefined;
    });
    send(client, { op: 10, d: { heartbeat_interval: options.heartbeatIntervalMs } });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const apiBase = `http://127.0.0.1:${port}`;
  gatewayUrl = `ws://127.0.0.1:${port}/websocket`;

  return {
    apiBase,
    tokenUrl: `${apiBase}/app/getAppAccessToken`,
    gatewayUrl,
    appId: APP_ID,
    clientSecret: SECRET,
    prepare(count, tag, size = "large") {
      const c = newest;
      if (!c) throw new Error("raw gateway: no authenticated client to prepare frames for");
      const parts: Buffer[] = [];
      for (let i = 0; i < count; i++) {
        c.seq += 1;
        parts.push(encodeFrame(messageFrame(size, c.seq, `${tag}-${i}`)));
      }
      prepared = Buffer.concat(parts);
      return prepared.length;
    },
    blast() {
      const c = newest;
      if (!c) return Promise.reject(new Error("raw gateway: no authenticated client"));
      const data = prepared;
      prepared = Buffer.alloc(0);
      return new Promise<void>((resolve, reject) => c.socket.write(data, (err) => (err ? reject(err) : resolve())));
    },
    pace(perSecond, count, tag, size = "large") {
      const c = newest;
      if (!c) return Promise.reject(new Error("raw gateway: no authenticated client"));
      const start = performance.now();
      let sent = 0;
      return new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const due = Math.min(count, Math.floor(((performance.now() - start) * perSecond) / 1000)) - sent;
          if (due <= 0) return;
          const stamp = `t=${monoUs()}`;
          const parts: Buffer[] = [];
          for (let i = 0; i < due; i++) {
            c.seq += 1;
            parts.push(encodeFrame(messageFrame(size, c.seq, `${tag}-${sent + i}`, stamp)));
          }
          sent += due;
          c.socket.write(Buffer.concat(parts));
          if (sent >= count) {
            clearInterval(timer);
            resolve();
          }
        }, 1);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.socket.destroy();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
