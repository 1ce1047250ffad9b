/**
 * Random identifiers in the shapes the QQ platform uses: access tokens, trace ids,
 * openids, message ids, event ids, session ids, snowflake-like guild ids.
 */
import { randomBytes, randomUUID } from "node:crypto";

const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** `length` characters drawn from `alphabet` (default: URL-safe base64 letters). */
export function randomChars(length: number, alphabet: string = URL_SAFE): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** Lower-case hex of `bytes` random bytes. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** An access token: long, opaque, URL-safe (the real ones are about 80 characters). */
export function randomAccessToken(): string {
  return randomChars(72);
}

/** A trace id for the `X-Tps-trace-ID` header and `trace_id` fields. */
export function randomTraceId(): string {
  return randomHex(16);
}

/** A user or group openid: 32 upper-case hex characters. */
export function randomOpenid(): string {
  return randomHex(16).toUpperCase();
}

/** A C2C/group message id in the `ROBOT1.0_…` shape. */
export function randomC2CMessageId(): string {
  return `ROBOT1.0_${randomChars(40)}`;
}

/** A guild message id: hex starting with `08`. */
export function randomGuildMessageId(): string {
  return `08${randomHex(20)}`;
}

/** An envelope event id: `"<TYPE>:<random>"`. */
export function randomEventId(type: string): string {
  return `${type}:${randomHex(12)}`;
}

/** A gateway session id (UUID). */
export function randomSessionId(): string {
  return randomUUID();
}

/** A numeric snowflake-like id (guilds, channels, users), as a decimal string. */
export function randomSnowflake(): string {
  const high = BigInt(1 + (randomBytes(3).readUIntBE(0, 3) % 4_000_000));
  const low = BigInt(randomBytes(3).readUIntBE(0, 3));
  return ((high << 22n) | (low & 0x3fffffn)).toString();
}

/** RFC 3339 time in UTC+8, as the platform writes message timestamps: `2023-11-06T13:37:18+08:00`. */
export function rfc3339Beijing(ms: number): string {
  const shifted = new Date(ms + 8 * 3600_000).toISOString(); // "2023-11-06T05:37:18.000Z" shifted
  return `${shifted.slice(0, 19)}+08:00`;
}
