/**
 * One client WebSocket on the simulated gateway: HELLO on open, frame parsing, heartbeat
 * ACKs, a server-side heartbeat timeout (close 4009), scripted early closes, and the
 * bookkeeping (stats, milestones, session detach) when the socket ends. IDENTIFY and
 * RESUME are delegated to `gateway-handshake.ts`.
 *
 * ```
 * client:  open ── op2 IDENTIFY ────────── op1 ────── op1 ─────────── (silence) ─────────┐
 * server:  op10 HELLO ─── READY(s=1) ─── op11 ───── op11 ─── … heartbeatTimeoutMs … close 4009
 * ```
 */
import type { RawData, WebSocket } from "ws";
import { OpCode } from "../protocol/opcodes.js";
import type { GatewayPayload } from "../protocol/payloads.js";
import type { PlatformContext } from "./context.js";
import { handleIdentify, handleResume } from "./gateway-handshake.js";
import type { Session, SessionConnection } from "./session-registry.js";
import { bump } from "./stats.js";

const OPEN = 1;

/** Close codes that cannot be sent in a close frame: the socket is dropped instead. */
const ABRUPT_CODES = new Set([1004, 1005, 1006]);

/** Cut a close reason to the 123 bytes a close frame allows. */
export function closeReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

/** A client socket of the simulated gateway. */
export class GatewayConnection implements SessionConnection {
  /** The session this socket carries, once IDENTIFY/RESUME succeeded. */
  session: Session | undefined;
  /** IDENTIFY or RESUME was accepted (READY/RESUMED may have been skipped by a fault). */
  authenticated = false;
  private closing = false;
  private closeCodeSent: number | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    readonly ctx: PlatformContext,
    private readonly onEnd: (conn: GatewayConnection) => void,
    /** The socket came to the sandbox gateway (option `sandbox`). */
    readonly sandbox = false,
  ) {}

  /** Wire the socket up: count it, send HELLO (unless faulted), arm timers. */
  start(): void {
    const { stats, faults, milestones, options } = this.ctx;
    stats.connections += 1;
    stats.openConnections += 1;
    this.ws.on("message", (data, isBinary) => this.onMessage(data, isBinary));
    this.ws.on("close", (code) => this.onClose(code));
    this.ws.on("error", () => undefined); // "close" follows every error
    milestones.mark("connection");
    if (!faults.skipHello.take()) this.send({ op: OpCode.Hello, d: { heartbeat_interval: options.heartbeatIntervalMs } });
    this.armHeartbeatTimeout();
    const early = faults.closeAfterOpen.take();
    if (early) this.later(early.afterMs, () => this.close(early.code, "closed by the simulator (closeAfterOpen)"));
  }

  /** Whether the socket can still carry frames. */
  get isOpen(): boolean {
    return this.ws.readyState === OPEN && !this.closing;
  }

  /** Send one JSON frame. */
  send(frame: GatewayPayload): void {
    if (!this.isOpen) return;
    this.ws.send(JSON.stringify(frame));
    this.ctx.stats.framesSent += 1;
  }

  /** Send a deliberately malformed frame (text or binary). */
  sendMalformed(data: string | Buffer): void {
    if (!this.isOpen) return;
    this.ws.send(data, { binary: typeof data !== "string" });
    this.ctx.stats.framesSent += 1;
    this.ctx.stats.malformedFramesSent += 1;
  }

  /** Close with `code` (1004/1005/1006 drop the TCP connection without a close frame). */
  close(code: number, reason: string): void {
    if (this.closing || this.ws.readyState > OPEN) return;
    this.closing = true;
    this.closeCodeSent = code;
    if (ABRUPT_CODES.has(code)) this.ws.terminate();
    else this.ws.close(code, closeReason(reason));
  }

  /** Drop the socket at once (shutdown). */
  terminate(): void {
    this.closing = true;
    this.ws.terminate();
  }

  /** Run `fn` after `ms` unless the socket ended first. */
  later(ms: number, fn: () => void): void {
    this.timers.push(this.ctx.timers.after(ms, fn));
  }

  private armHeartbeatTimeout(): void {
    const ms = this.ctx.options.heartbeatTimeoutMs;
    if (ms <= 0) return;
    this.ctx.timers.cancel(this.heartbeatTimer);
    this.heartbeatTimer = this.ctx.timers.after(ms, () => this.close(4009, "session timed out: no heartbeat"));
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closing) return;
    if (isBinary) return this.close(4002, "invalid payload: binary frame");
    let frame: unknown;
    try {
      frame = JSON.parse(rawText(data));
    } catch {
      return this.close(4002, "invalid payload: not JSON");
    }
    if (!frame || typeof frame !== "object" || typeof (frame as GatewayPayload).op !== "number") {
      return this.close(4002, "invalid payload: no numeric op");
    }
    const { op, d } = frame as GatewayPayload;
    switch (op) {
      case OpCode.Heartbeat:
        return this.onHeartbeat();
      case OpCode.Identify:
        return handleIdentify(this, d);
      case OpCode.Resume:
        return handleResume(this, d);
      default:
        return this.close(4001, `invalid opcode ${op}`);
    }
  }

  private onHeartbeat(): void {
    const { stats, faults, milestones } = this.ctx;
    stats.heartbeats += 1;
    this.armHeartbeatTimeout();
    if (!faults.heartbeatAcksStopped) {
      this.send({ op: OpCode.HeartbeatAck });
      stats.heartbeatAcks += 1;
    }
    milestones.mark("heartbeat");
  }

  private onClose(received: number): void {
    const { stats, timers, sessions, milestones } = this.ctx;
    this.closing = true;
    stats.openConnections -= 1;
    bump(stats.closesByCode, this.closeCodeSent ?? received);
    timers.cancel(this.heartbeatTimer);
    for (const t of this.timers) timers.cancel(t);
    if (this.session) sessions.detach(this.session, this);
    this.onEnd(this);
    milestones.mark("close");
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}
