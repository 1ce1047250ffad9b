/**
 * Just enough RFC 6455 for the raw benchmark gateway: encode unmasked server frames and
 * decode the (masked, small) frames a client sends. No extensions, no fragmentation.
 *
 * @example
 * ```ts
 * socket.write(encodeFrame(Buffer.from('{"op":11}')));
 * const reader = new FrameReader();
 * socket.on("data", (chunk) => { for (const f of reader.push(chunk)) handle(f); });
 * ```
 */
import { createHash } from "node:crypto";

/** WebSocket opcodes used here. */
export const WsOp = { Text: 0x1, Binary: 0x2, Close: 0x8, Ping: 0x9, Pong: 0xa } as const;

/** One decoded frame. */
export interface WsFrame {
  opcode: number;
  payload: Buffer;
}

/** `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key`. */
export function acceptKey(key: string): string {
  return createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
}

/** Header bytes of an unmasked, final frame carrying `length` payload bytes. */
function header(opcode: number, length: number): Buffer {
  let head: Buffer;
  if (length < 126) {
    head = Buffer.allocUnsafe(2);
    head[1] = length;
  } else if (length < 65_536) {
    head = Buffer.allocUnsafe(4);
    head[1] = 126;
    head.writeUInt16BE(length, 2);
  } else {
    head = Buffer.allocUnsafe(10);
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  head[0] = 0x80 | opcode;
  return head;
}

/** An unmasked, final server frame. */
export function encodeFrame(payload: Buffer | string, opcode: number = WsOp.Text): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  return Buffer.concat([header(opcode, body.length), body]);
}

/** Incremental decoder of client frames (masked or not). */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Add bytes; returns every frame now complete. */
  push(chunk: Buffer): WsFrame[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: WsFrame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) return out;
      out.push(frame);
    }
  }

  private next(): WsFrame | undefined {
    const buf = this.pending;
    if (buf.length < 2) return undefined;
    const opcode = buf[0]! & 0x0f;
    const masked = (buf[1]! & 0x80) !== 0;
    let length = buf[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (buf.length < 4) return undefined;
      length = buf.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (buf.length < 10) return undefined;
      length = Number(buf.readBigUInt64BE(2));
      offset = 10;
    }
    const maskAt = offset;
    if (masked) offset += 4;
    if (buf.length < offset + length) return undefined;
    const payload = Buffer.from(buf.subarray(offset, offset + length));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ buf[maskAt + (i & 3)]!;
    this.pending = buf.subarray(offset + length);
    return { opcode, payload };
  }
}
