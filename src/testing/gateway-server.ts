/**
 * The simulated gateway: WebSocket upgrades on `/websocket` of the shared HTTP server
 * (`ws` in noServer mode), upgrade faults, event delivery to sessions, and the faults that
 * act on open sockets at once (close storms, op 7, op 9, malformed frames).
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { OpCode } from "../protocol/opcodes.js";
import type { PlatformContext } from "./context.js";
import type { LiveFaultActions, MalformedFrameKind } from "./faults.js";
import { GatewayConnection } from "./gateway-connection.js";
import { randomC2CMessageId, randomEventId, rfc3339Beijing } from "./ids.js";

/** Largest frame accepted from a client. */
export const MAX_CLIENT_FRAME_BYTES = 1024 * 1024;

/** Paths that upgrade to the gateway. */
export const GATEWAY_PATHS: ReadonlySet<string> = new Set(["/websocket", "/websocket/"]);

/** The WebSocket side of the platform. */
export class GatewayServer implements LiveFaultActions {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES, perMessageDeflate: false });
  private readonly connections = new Set<GatewayConnection>();
  private readonly hanging = new Set<Duplex>();

  constructor(private readonly ctx: PlatformContext) {}

  /** Handle an HTTP upgrade request (`sandbox`: on the sandbox's port). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, sandbox = false): void {
    const { stats, faults } = this.ctx;
    socket.on("error", () => undefined);
    const path = new URL(req.url ?? "/", "http://simulator").pathname;
    if (!GATEWAY_PATHS.has(path)) {
      stats.upgradesFailed += 1;
      this.ctx.milestones.mark("upgrade-failed");
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const fault = faults.failUpgrade.take();
    if (fault) {
      stats.upgradesFailed += 1;
      this.ctx.milestones.mark("upgrade-failed");
    }
    if (fault === "refuse") {
      socket.destroy();
    } else if (fault === "non-101") {
      const body = "503 Service Unavailable";
      socket.end(`HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    } else if (fault === "hang") {
      this.hanging.add(socket);
      socket.on("close", () => this.hanging.delete(socket));
      // The client gave up (its handshake timeout): drop our half-open end too, as a real server would.
      socket.on("end", () => socket.destroy());
    } else {
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const conn = new GatewayConnection(ws, this.ctx, (c) => this.connections.delete(c), sandbox);
        this.connections.add(conn);
        conn.start();
      });
    }
  }

  /** Deliver a dispatch to every session that wants it; returns how many got it now. */
  dispatch(type: string, d: unknown, eventId: string): number {
    const { sessions } = this.ctx;
    let delivered = 0;
    for (const session of sessions.all()) {
      if (!sessions.wants(session, type, d)) continue;
      const frame = sessions.append(session, { op: OpCode.Dispatch, t: type, id: eventId, d });
      const conn = session.conn;
      if (conn instanceof GatewayConnection && conn.isOpen) {
        conn.send(frame);
        delivered += 1;
      }
    }
    return delivered;
  }

  /** Close every open socket now. */
  closeAll(code: number, reason: string): void {
    for (const conn of [...this.connections]) conn.close(code, reason);
  }

  /** op 7 to every session's socket; close it (4009) if the client has not within the grace. */
  reconnect(): void {
    for (const conn of this.sessionConnections()) {
      conn.send({ op: OpCode.Reconnect });
      conn.later(this.ctx.options.reconnectGraceMs, () => conn.close(4009, "reconnect requested (op 7): client did not close"));
    }
  }

  /** op 9 to every session's socket, then close it (with `closeCode` when given); `resumable: false` also forgets the session. */
  invalidSession(resumable: boolean, closeCode?: number): void {
    for (const conn of this.sessionConnections()) {
      conn.send({ op: OpCode.InvalidSession, d: resumable });
      if (!resumable && conn.session) this.ctx.sessions.delete(conn.session.id);
      const code = closeCode ?? (resumable ? 4009 : 4006);
      conn.close(code, closeCode !== undefined ? `invalid session (op 9), closed with ${code}` : resumable ? "invalid session (op 9): resume" : "invalid session (op 9): identify again");
    }
  }

  /** Send a malformed frame of `kind` to every open socket. */
  sendMalformed(kind: MalformedFrameKind): void {
    for (const conn of this.connections) conn.sendMalformed(malformedFrame(kind, conn, this.ctx.options.now()));
  }

  /** Drop every socket, hanging upgrade and the WebSocket server. */
  shutdown(): void {
    for (const conn of [...this.connections]) conn.terminate();
    for (const socket of [...this.hanging]) socket.destroy();
    this.hanging.clear();
    this.wss.close();
  }

  private sessionConnections(): GatewayConnection[] {
    return [...this.connections].filter((c) => c.session !== undefined && c.session.conn === c && c.isOpen);
  }
}

/** The bytes of a malformed frame. */
export function malformedFrame(kind: MalformedFrameKind, conn: GatewayConnection, nowMs: number): string | Buffer {
  switch (kind) {
    case "non-json":
      return "{op:0, this is not JSON";
    case "wrong-types":
      return JSON.stringify({ op: "0", s: "seven", t: 42, id: 7, d: "not an object" });
    case "unknown-op":
      return JSON.stringify({ op: 42, d: { hint: "opcode the platform never documented" } });
    case "oversized":
      // A dispatch of ~2 MiB; `s` repeats the session's current seq (it is not logged for replay).
      return JSON.stringify({ op: 0, s: conn.session?.seq ?? 0, t: "SIM_OVERSIZED", id: randomEventId("SIM_OVERSIZED"), d: { padding: "x".repeat(2 * 1024 * 1024) } });
    case "binary":
      return Buffer.from([0x89, 0x00, 0xff, 0x10, 0x7b, 0x00]);
    case "dispatch-no-seq":
      return JSON.stringify({
        op: 0,
        t: "C2C_MESSAGE_CREATE",
        id: randomEventId("C2C_MESSAGE_CREATE"),
        d: { id: randomC2CMessageId(), author: { user_openid: conn.ctx.scene.userOpenid }, content: "frame without s", timestamp: rfc3339Beijing(nowMs) },
      });
  }
}
